// The Calibration tab: a wizard over the calibration steps. Each step shows
// its wiring diagram (interface out -> R_ref -> driver, and which input goes
// where), drawn with ImDrawList, and its instruction; "Run step" measures it
// on the worker thread through app::run_calibration_step (the same job as
// `zbench calibrate`), saves it into the named profile and shows what it
// found. Safety refusals arrive as the App's refusal dialog.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "calibration/steps.h"

namespace zb::gui {

class App;
struct JobOutcome;

struct CalibrationJobResult {
    calibration::Step step = calibration::Step::loopback;
    std::string profile, instruction, found, corrections, saved_path;
    bool rig_rewired = false;
};

class CalibrationPanel {
public:
    void draw(App& app);
    // Shows this step's page (--wizard-step).
    void select(calibration::Step step);
    // Runs the shown step into profile `profile` (empty: the name typed in
    // the wizard) on the worker; false if a job is running or no step is shown.
    bool run_step(App& app, const std::string& profile = "");
    // A finished calibration job's result (outcome.other).
    void take(const JobOutcome& outcome, App& app);

private:
    int step_index_ = 0;
    char profile_buf_[128] = "bench";
    double known_ohms_ = 10.0;
    double volts_rms_ = 0.0;
    bool confirmed_ = false;
    std::shared_ptr<const CalibrationJobResult> last_;
};

// The wiring of `step` (nullopt: a measurement, the driver in place), drawn
// into the rectangle at (x, y) of width × height pixels.
void draw_wiring(std::optional<calibration::Step> step, double known_ohms, float x, float y, float width, float height);

}  // namespace zb::gui
