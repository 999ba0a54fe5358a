// Terminal output for the CLI: a progress bar on stderr when stderr is a
// terminal (nothing otherwise, so logs and pipes stay clean).
#pragma once

#include <string>
#include <string_view>

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

}  // namespace zb::cli
