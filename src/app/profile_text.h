// A calibration profile in words, as `zbench profiles show` and `list` print
// it and the GUI's Profiles tab shows it: device, R_ref, steps measured and
// what each step found.
#pragma once

#include <string>

#include "calibration/profile.h"
#include "util/printf_string.h"

namespace zb::app {

// "loopback,channel-match" or "-".
std::string steps_done(const calibration::Profile& profile);
// "DEVICE, 48000 Hz, modified T, steps: S" (one line, no name).
std::string profile_list_line(const calibration::Profile& profile);
// The multi-line `profiles show` text, each line ending in '\n'.
std::string format_profile_text(const std::string& name, const std::string& path, const calibration::Profile& profile);

}  // namespace zb::app
