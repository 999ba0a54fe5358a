// The calibration job: one step from start to saved profile, for `zbench
// calibrate` and the GUI's calibration wizard alike: the checks on the settings and
// the profile, opening the device, the wiring (the virtual rig rewires
// itself; a real bench waits in the `wired` hook), the measurement through
// calibration/, and the atomic save. Front ends only present the result.
//
// Errors: an AppError; a safety refusal says which (Failure::refused).
// Threading: runs on the caller's thread; the hooks are called on it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/profile.h"
#include "calibration/steps.h"
#include "app/app_error.h"
#include "app/device_setup.h"

namespace zb::app {

struct CalibrateRequest {
    calibration::Step step = calibration::Step::loopback;
    std::string profile, profiles_dir;
    DeviceRequest device;
    std::optional<double> r_ref_ohm;
    std::string output_kind;
    std::optional<double> level_dbfs;
    double sweep_seconds = 4.0;
    double max_dut_volts = 1.0;
    std::optional<double> known_ohms;  // reference step
    std::optional<double> volts_rms;   // sensitivity step
    double frequency_hz = 315.0;
    double tone_seconds = 5.0;
};

struct CalibrateHooks {
    // Before measuring, with the wiring instruction; `rig_rewired` when the
    // virtual rig rewired itself. On a real bench, return once it is wired.
    std::function<void(const std::string& instruction, bool rig_rewired)> wired;
    // The voltmeter's reading (sensitivity without volts_rms); may throw JobFailure.
    std::function<double()> read_volts;
    std::function<void(const std::string& warning)> warning;  // safety warnings
    ProgressFn progress;
};

struct CalibrateOutcome {
    calibration::Profile profile;  // as saved
    std::string found;             // what the step found, lines ending in '\n'
    std::string corrections;       // describe_corrections(): what the profile corrects now
    std::string saved_path;
};

AppResult<CalibrateOutcome> run_calibration_step(const CalibrateRequest& request, const CalibrateHooks& hooks);

// What a step found, in words (the lines `zbench calibrate` prints).
std::string format_found(calibration::Step step, const calibration::Profile& profile);

}  // namespace zb::app
