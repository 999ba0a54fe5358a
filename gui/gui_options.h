// zbench-gui's settings: the CLI's device, profile and measurement options
// (the same names and meanings as `zbench impedance` / `zbench hum`), plus
// the GUI's own (--run, --screenshot, --frame-stats). The Setup panel edits
// a copy; each measurement takes a snapshot of it when it starts.
#pragma once

#include <optional>
#include <string>

#include "cli/device_options.h"
#include "cli/profile_options.h"

namespace zb::gui {

struct GuiOptions {
    cli::DeviceOptions device;
    cli::ProfileOptions profile;
    std::optional<double> r_ref_ohm;
    std::string output_kind;  // empty: the profile's, the rig's or line
    double level_dbfs = -20.0;
    double max_dut_volts = 1.0;
    double sweep_seconds = 4.0;
    double hum_seconds = 5.0;
    // Automation (tests, README screenshots).
    std::string run;         // "", "impedance" or "hum"
    std::string screenshot;  // PNG path: save the window after --run and exit
    std::string tab;         // the tab to open: impedance, hum, calibration, profiles
    std::string wizard_step; // the calibration page to open: loopback, channel-match, ...
    std::optional<double> screenshot_after_s;  // take it this far into the run instead
    bool frame_stats = false;
    int width = 1280, height = 800;
};

}  // namespace zb::gui
