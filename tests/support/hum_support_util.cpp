#include "support/hum_support.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <span>
#include <string>

#include "rig/virtual_rig.h"
#include "util/units.h"

namespace zbt {

zb::HumAnalysis analyse_rig_hum(const zb::Scenario& s, double seconds, const zb::HumAnalysisConfig& config) {
    zb::VirtualRig rig(s);
    const auto cap = rig.record(static_cast<std::size_t>(seconds * s.sample_rate_hz));
    const std::span<const float> channels[2] = {cap.a, cap.b};
    const std::string names[2] = {"A", "B"};
    auto result = zb::analyse_hum(channels, names, s.sample_rate_hz, config);
    REQUIRE(result);
    return std::move(*result);
}

double rig_mean_mains_hz(const zb::Scenario& s, double seconds) {
    const auto& h = s.hum;
    if (h.drift_hz == 0.0) return h.mains_hz;
    return h.mains_hz + h.drift_hz * h.drift_period_s * (1.0 - std::cos(zb::kTwoPi * seconds / h.drift_period_s)) / (zb::kTwoPi * seconds);
}

}  // namespace zbt
