// Terminal output for the CLI: a progress bar on stderr when stderr is a
// terminal (nothing otherwise, so logs and pipes stay clean).
#pragma once

#include <string>
#include <string_view>

#include "app/cancel_token.h"
#include "device/audio_device.h"

namespace zb::cli {

class Progress {
public:
    explicit Progress(bool enabled);
    ~Progress();
    void update(double fraction, std::string_view stage);
    void finish();
    ProgressFn callback();

private:
    bool enabled_;
    bool active_ = false;
    int last_percent_ = -1;
    std::string last_stage_;
};

bool stderr_is_terminal();

// While it lives, Ctrl-C (SIGINT) cancels `token`: the job stops at its next
// check (a hum recording within 0.1 s, a probe or sweep at its next
// progress report) and
// the command leaves with exit 130, writing nothing. A second Ctrl-C ends
// the process at once. One at a time.
class InterruptCancels {
public:
    explicit InterruptCancels(const app::CancelToken& token);
    ~InterruptCancels();
    InterruptCancels(const InterruptCancels&) = delete;
    InterruptCancels& operator=(const InterruptCancels&) = delete;

private:
    app::CancelToken token_;
};

}  // namespace zb::cli
