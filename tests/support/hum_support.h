// Shared by the hum tests: the rig recorded and analysed, and the rig's true
// mean mains frequency.
#pragma once

#include "hum/hum_analysis.h"
#include "rig/scenario.h"
#include "util/rng.h"

namespace zbt {

// `seconds` of the rig's inputs A and B (output silent), analysed; REQUIREs success.
zb::HumAnalysis analyse_rig_hum(const zb::Scenario& scenario, double seconds, const zb::HumAnalysisConfig& config = {});

// The rig's mains phase is 2π f0 t + d·P·(1 − cos(2π t/P)) from its clock's
// start, so the mean frequency over [0, T] is f0 + d·P·(1 − cos(2πT/P))/(2πT).
double rig_mean_mains_hz(const zb::Scenario& scenario, double seconds);

inline double uniform(zb::Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform(); }

}  // namespace zbt
