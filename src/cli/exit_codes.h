// How the zbench CLI names settings in messages and leaves with an error
// (the exit codes themselves are app/exit_codes.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app_error.h"
#include "app/exit_codes.h"

namespace zb::cli {

using app::kExitOk, app::kExitFailure, app::kExitBadInput, app::kExitDevice, app::kExitRefused, app::kExitMeasurement;
using app::exit_code_for;



// The CLI's word for a setting: its option ("--fmax"), or its argument.
std::string option_label(std::string_view setting);
// An error's message with each setting named by its option.
std::string cli_message(const app::AppError& error);
// Any text from the application layer with each setting named by its option.
std::string cli_text(std::string_view text);
// A JSON report as written by the CLI: its texts with each setting named by
// its option, two-space indented, with a final newline.
std::string cli_report(nlohmann::json report);
// "zbench: warning: ..." on stderr for each, even with -q.
void print_warnings(const std::vector<std::string>& warnings);

// Thrown inside a command to leave with a one-line message and a code.
struct ExitError {
    int code;
    std::string message;
};

// Leaves the command with `error` (as ExitError), after printing the
// warnings gathered before it failed.
[[noreturn]] void exit_with(const app::AppError& error);

}  // namespace zb::cli
