// The mains frequency's uncertainty covers the truth when the phase tracking
// is disturbed: a fast wander, a line beside a harmonic, a short record.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "hum/hum_analysis.h"
#include "rig/virtual_rig.h"
#include "support/hum_support.h"
#include "support/test_support.h"
#include "util/rng.h"
#include "util/units.h"

using namespace zb;

namespace {

void check_mains_coverage(std::uint64_t seed) {
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x77);
    const char* kinds[] = {"wander", "competing", "short"};
    double worst_ratio = 0.0;
    for (int trial = 0; trial < 24; ++trial) {
        const std::string kind = kinds[trial % 3];
        Scenario s;
        s.seed = seed + 500 + static_cast<std::uint64_t>(trial);
        s.sample_rate_hz = 48000.0;
        s.input.noise_dbfs = zbt::uniform(rng, -115.0, -100.0);
        s.hum.mains_hz = (rng.uniform() < 0.5 ? 50.0 : 60.0) + zbt::uniform(rng, -0.3, 0.3);
        const double l1 = zbt::uniform(rng, -90.0, -60.0);
        s.hum.harmonics = {{1, l1}, {2, l1 - zbt::uniform(rng, 0.0, 15.0)}, {3, l1 - zbt::uniform(rng, 0.0, 15.0)}};
        double seconds = 5.0;
        if (kind == "wander") {
            // Faster and wider than a grid moves: 0.05-0.2 Hz over 2-8 s.
            s.hum.drift_hz = zbt::uniform(rng, 0.05, 0.2);
            s.hum.drift_period_s = zbt::uniform(rng, 2.0, 8.0);
        } else if (kind == "competing") {
            // A line 4.5-6 Hz beside harmonic 1, 2 or 3, as strong as it or up to
            // 10 dB stronger. Closer than the flat-top window's main lobe
            // (about 4.4 Hz at 5 s), a stronger line merges with the harmonic
            // into one peak and can capture the estimate: a known limit.
            const int n = 1 + static_cast<int>(rng.uniform() * 3);
            const double side = rng.uniform() < 0.5 ? -1.0 : 1.0;
            s.hum.tones = {{n * s.hum.mains_hz + side * zbt::uniform(rng, 4.5, 6.0), s.hum.harmonics[static_cast<std::size_t>(n - 1)].level_dbfs + zbt::uniform(rng, 0.0, 10.0)}};
        } else {
            seconds = zbt::uniform(rng, 1.0, 2.0);
            s.hum.drift_hz = zbt::uniform(rng, 0.0, 0.05);
            s.hum.drift_period_s = zbt::uniform(rng, 5.0, 30.0);
        }
        VirtualRig rig(s);
        const auto cap = rig.record(static_cast<std::size_t>(seconds * s.sample_rate_hz));
        const std::span<const float> channels[2] = {cap.a, cap.b};
        const std::string names[2] = {"A", "B"};
        auto a = analyse_hum(channels, names, s.sample_rate_hz, {});
        REQUIRE(a);
        const double truth = zbt::rig_mean_mains_hz(s, static_cast<double>(cap.a.size()) / s.sample_rate_hz);
        INFO("trial " << trial << " (" << kind << "): mains " << s.hum.mains_hz << " drift " << s.hum.drift_hz << "/"
                      << s.hum.drift_period_s << " s, " << seconds << " s, l1 " << l1 << ", noise " << s.input.noise_dbfs
                      << (s.hum.tones.empty() ? std::string() : ", tone at " + std::to_string(s.hum.tones[0].frequency_hz))
                      << "; found " << a->mains.frequency_hz << " +/- " << a->mains.uncertainty_hz << " ("
                      << (a->mains.phase_tracked ? "phase" : "spectral") << "), truth " << truth);
        REQUIRE(a->mains.found);
        CHECK(a->mains.uncertainty_hz > 0.0);
        // 3σ: a miss has odds of 1 in 370 if the errors are Gaussian.
        CHECK(std::abs(a->mains.frequency_hz - truth) <= 3.0 * a->mains.uncertainty_hz);
        CHECK(std::abs(a->mains.frequency_hz - truth) < 0.05);
        CHECK(a->mains.uncertainty_hz < 0.05);  // and still says something
        worst_ratio = std::max(worst_ratio, std::abs(a->mains.frequency_hz - truth) / a->mains.uncertainty_hz);
    }
    WARN("largest |error|/sigma: " << worst_ratio);
}

}  // namespace

TEST_CASE("the mains uncertainty covers the truth under wander, competing lines and short records", "[hum][uncertainty]") {
    check_mains_coverage(zbt::test_seed());
}

TEST_CASE("a short record with a drifting mains: the uncertainty covers the truth", "[hum][uncertainty]") {
    // The seed whose trial 20 (1.79 s, mains drifting by 0.035 Hz over 27 s)
    // read 3.5 sigma off when the drift in the ends was not counted.
    check_mains_coverage(1727962749087802821ull);
}

TEST_CASE("a line that wanders more than a grid can is not phase-tracked, and its uncertainty says so", "[hum][uncertainty]") {
    // A fan's line near 60 Hz whose frequency swings by ±0.8 Hz every 4 s:
    // no grid moves like that, so the phase track is rejected.
    Scenario s;
    s.seed = 120;
    s.input.noise_dbfs = -110.0;
    s.hum.mains_hz = 60.2;
    s.hum.drift_hz = 0.8;
    s.hum.drift_period_s = 4.0;
    s.hum.harmonics = {{1, -60.0}, {2, -66.0}};
    VirtualRig rig(s);
    const auto cap = rig.record(static_cast<std::size_t>(6.0 * s.sample_rate_hz));
    const std::span<const float> channels[2] = {cap.a, cap.b};
    const std::string names[2] = {"A", "B"};
    auto a = analyse_hum(channels, names, s.sample_rate_hz, {});
    REQUIRE(a);
    const double truth = zbt::rig_mean_mains_hz(s, 6.0);
    INFO("found " << a->mains.found << " " << a->mains.frequency_hz << " +/- " << a->mains.uncertainty_hz << ", truth " << truth);
    REQUIRE(a->mains.found);  // within 1 Hz of 60 Hz: a candidate
    CHECK_FALSE(a->mains.phase_tracked);
    CHECK(a->mains.tracking_disturbed);
    CHECK(a->mains.uncertainty_hz >= 0.4);
    CHECK(std::abs(a->mains.frequency_hz - truth) <= 3.0 * a->mains.uncertainty_hz);
    bool warned = false;
    for (const auto& w : a->warnings) warned = warned || w.find("disturbed") != std::string::npos;
    CHECK(warned);
}
