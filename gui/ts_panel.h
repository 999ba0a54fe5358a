// The T/S panel of the Impedance tab: Thiele/Small parameters from the
// curves on the plot, as `zbench ts` gives them from files. The free-air
// curve, up to two added-mass curves (dual added mass) with their masses,
// or a closed-box curve with the box's volume, the cone area and a metered
// Re are chosen here; the fit runs on the
// worker through the application layer (app/ts_job.h), with the curves
// handed over in memory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/ts_job.h"
#include "gui/curve_set.h"

namespace zb::gui {

class App;
struct JobOutcome;

class TsPanel {
public:
    // `curves`: what the plot shows, the current measurement first.
    void draw(App& app, const std::vector<const NamedCurve*>& curves);
    // Chooses the curves (by name) before they are open: --ts-free-air, --ts-mass.
    void preset(const std::string& free_air, const std::vector<app::AddedMassFile>& masses);
    // Starts the fit on the worker as "Fit T/S" does; false if busy or no curves.
    bool fit(App& app, const std::vector<const NamedCurve*>& curves);
    // A finished T/S job's result (outcome.other).
    void take(const JobOutcome& outcome);
    const app::TsJobResult* result() const { return last_.get(); }

private:
    // Drops the chosen curves that are no longer open (free air falls back to the first).
    void forget_missing(const std::vector<const NamedCurve*>& curves);

    std::string free_air_;
    std::string mass_curve_[2];
    double mass_g_[2] = {0.0, 0.0};
    std::string box_curve_;  // the driver in a closed box of box_litres_
    double box_litres_ = 0.0;
    double sd_cm2_ = 0.0, re_ohm_ = 0.0;  // 0: not given
    int model_ = 0;                       // auto, lr2, wright
    std::shared_ptr<const app::TsJobResult> last_;
};

// The T/S table of a result: the fitted parameters with their uncertainties
// and, when the masses or Sd give them, the mechanical ones.
void ts_table(const TsResult& ts);

}  // namespace zb::gui
