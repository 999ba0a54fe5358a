// The Advise tab: what is connected to the drive output (a passive speaker,
// a tweeter, headphones, a line input, nothing, a short) and how to connect
// it, from a short sweep through the device with the Setup panel's settings
// (app::run_advise, the job of `zbench advise`). UI thread only.
#pragma once

#include <memory>

#include "app/advise_job.h"

namespace zb::gui {

class App;
struct JobOutcome;

class AdvisePanel {
public:
    void draw(App& app);
    // A finished advise job's result (outcome.other).
    void take(const JobOutcome& outcome);
    // Measures on the worker; false if a job is running.
    bool start(App& app);

private:
    std::shared_ptr<const app::AdviseResult> last_;
};

}  // namespace zb::gui
