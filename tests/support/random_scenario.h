// Random virtual-rig scenarios within the impedance acceptance conditions
// (the same distribution as tests/test_impedance.cpp): noise −105 dBFS, hum
// −90 dBFS with weaker harmonics, latency 0-2000 samples, R_ref 10-100 Ω;
// resistors 2-200 Ω or speakers with fs 20-150 Hz, Qms 1.5-9, Qes 0.25-1.
#pragma once

#include <string>

#include "rig/scenario.h"
#include "util/rng.h"

namespace zbt {

zb::Scenario random_scenario(zb::Rng& rng, bool speaker);
std::string describe(const zb::Scenario& scenario);

}  // namespace zbt
