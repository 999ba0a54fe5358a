// zbench-gui's settings: the measurement request the Setup panel edits (the
// same app::ImpedanceRequest the CLI fills from its flags), the hum
// recording's length, and the GUI's own automation settings (--run,
// --screenshot, --frame-stats). Each measurement takes a snapshot of them
// when it starts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/impedance_job.h"
#include "app/ts_job.h"

namespace zb::gui {

struct GuiOptions {
    app::ImpedanceRequest measure;  // device, profile, R_ref, output, level, sweep, band
    double hum_seconds = 5.0;
    std::vector<std::string> files;  // curves to overlay and recordings to analyse, opened at start
    // Automation (tests, README screenshots).
    std::string run;         // "", "impedance", "hum" or "calibrate"
    std::string screenshot;  // PNG path: save the window after --run and exit
    std::string export_plot; // SVG path: write the impedance plot after loading or --run and exit
    std::string tab;         // the tab to open: impedance, hum, calibration, profiles
    std::string wizard_step; // the calibration page to open: loopback, channel-match, ...
    std::optional<double> screenshot_after_s;  // take it this far into the run instead
    bool frame_stats = false;
    bool check_layout = false;   // --check-layout: report labels that do not fit, then exit
    bool show_residual = false;  // the T/S fit's residual under the impedance plot
    // The T/S panel's curves by name (a file's stem): --ts-free-air, --ts-mass NAME=GRAMS.
    std::string ts_free_air;
    std::vector<app::AddedMassFile> ts_masses;
    int width = 1280, height = 800;
    std::optional<float> scale;  // --scale: the UI's size factor (default: the monitor's content scale)
};

}  // namespace zb::gui
