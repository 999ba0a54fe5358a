// The Generator tab: a sine, pink or white noise or a log sweep on the
// device's drive output (app::run_generate, the job of `zbench generate`),
// with its frequency, level, length and output channel; Start, and Stop,
// which fades the signal out. After it ends the tab shows what played, its
// levels and the levels read back on inputs A and B.
#pragma once

#include <memory>

#include "app/generate_job.h"

namespace zb::gui {

class App;
struct JobOutcome;

class GeneratorPanel {
public:
    void draw(App& app);
    // A finished generator job's result (outcome.other).
    void take(const JobOutcome& outcome);
    // Starts the signal on the worker; false if a job is running.
    bool start(App& app);

private:
    int signal_ = 0;  // sine, pink, white, sweep
    double frequency_hz_ = 1000.0;
    double level_dbfs_ = -20.0;
    double seconds_ = 10.0;  // 0: until Stop
    int out_channel_ = 1;
    std::shared_ptr<const app::GenerateResult> last_;
};

}  // namespace zb::gui
