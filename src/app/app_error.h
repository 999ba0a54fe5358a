// What a job of the application layer returns when it cannot finish: a kind
// (which front ends map to their own codes or dialogs), the setting at fault
// when there is one, and a one-line message.
//
// Messages name settings through placeholders, "{fmax}", never through a
// front end's word for them; each front end renders the message with its own
// labels (render_message): "--fmax" in the CLI, "Max frequency" in the GUI.
// A message says what is wrong and what to do, in one line.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "safety/refusal.h"
#include "util/result.h"

namespace zb::app {

enum class Failure {
    bad_setting,   // a setting is out of range, or settings contradict each other
    bad_file,      // an input file is missing, unreadable or not what it should be
    device,        // the audio device is missing, lost or failing
    refused,       // a gear-safety check refused to play (see `refusal`)
    measurement,   // the measurement itself failed (clipping, no signal)
    cannot_write,  // an output file or profile could not be written
    cancelled,     // the caller cancelled the job
    internal,      // a bug
};

struct AppError {
    AppError() = default;
    AppError(Failure kind_, std::string setting_, std::string message_, Refusal refusal_ = Refusal::none,
             std::vector<std::string> warnings_ = {})
        : kind(kind_), setting(std::move(setting_)), message(std::move(message_)), refusal(refusal_), warnings(std::move(warnings_)) {}
    Failure kind = Failure::internal;
    std::string setting;  // the setting at fault ("fmax"), or empty
    std::string message;  // one line, settings as "{name}" placeholders
    Refusal refusal = Refusal::none;  // which refusal, for Failure::refused
    std::vector<std::string> warnings;  // what was noticed before it failed (DC on an input, ...)
};

template <class T>
using AppResult = Result<T, AppError>;

// Thrown inside a job only; each job's entry point turns it into its result.
struct JobFailure {
    AppError error;
};

[[noreturn]] void fail(Failure kind, std::string setting, std::string message);
[[noreturn]] inline void fail_setting(std::string setting, std::string message) {
    fail(Failure::bad_setting, std::move(setting), std::move(message));
}
// A core error: device errors stay device errors, the rest become `kind`.
[[noreturn]] void fail_with(const Error& error, Failure kind);

// Each "{name}" in `message` replaced by label(name); text outside braces is
// kept as it is.
using LabelFn = std::function<std::string(std::string_view setting)>;
std::string render_message(std::string_view message, const LabelFn& label);

// Runs a job body and turns JobFailure and every exception into its error.
template <class F>
auto run_job(F&& body) -> AppResult<decltype(body())> {
    try {
        return body();
    } catch (const JobFailure& f) {
        return f.error;
    } catch (const std::exception& e) {
        return AppError{Failure::internal, "", std::string("internal error: ") + e.what()};
    }
}

}  // namespace zb::app
