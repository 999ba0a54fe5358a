// A calibration profile in words, as `zbench profiles show` and `list` print
// it and the GUI's Profiles tab shows it: device, R_ref, steps measured and
// what each step found.
#pragma once

#include <string>

#include "calibration/profile.h"

namespace zb::app {

// "loopback,channel-match" or "-".
// printf into the end of `out` (at most 511 characters per call).
[[gnu::format(printf, 2, 3)]] void appendf(std::string& out, const char* format, ...);

std::string steps_done(const calibration::Profile& profile);
// "DEVICE, 48000 Hz, modified T, steps: S" (one line, no name).
std::string profile_list_line(const calibration::Profile& profile);
// The multi-line `profiles show` text, each line ending in '\n'.
std::string format_profile_text(const std::string& name, const std::string& path, const calibration::Profile& profile);

}  // namespace zb::app
