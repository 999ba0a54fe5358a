// The hum analyser on random virtual-rig scenarios: mains frequency, harmonic
// levels, the diagnosis kinds and the DC flag (issue 4's acceptance points).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
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



// The white noise's share of 20 Hz–20 kHz, in dBFS (AES17).
double noise_floor_20k_dbfs(const Scenario& s) {
    return s.input.noise_dbfs + 10.0 * std::log10((std::min(20000.0, 0.5 * s.sample_rate_hz) - 20.0) / (0.5 * s.sample_rate_hz));
}

// The rig records with the output silent (VirtualRig::record), so the DUT
// plays no part: what the inputs see is DC, hum, tones and noise.
Scenario base_scenario(Rng& rng, std::uint64_t seed) {
    Scenario s;
    s.seed = seed;
    const double rates[] = {44100.0, 48000.0, 48000.0, 96000.0, 192000.0};
    s.sample_rate_hz = rates[static_cast<std::size_t>(rng.uniform() * 5)];
    s.input.noise_dbfs = zbt::uniform(rng, -120.0, -100.0);
    s.hum.mains_hz = (rng.uniform() < 0.5 ? 50.0 : 60.0) + zbt::uniform(rng, -0.5, 0.5);
    s.hum.drift_hz = rng.uniform() < 0.7 ? zbt::uniform(rng, 0.0, 0.05) : 0.0;
    s.hum.drift_period_s = zbt::uniform(rng, 10.0, 60.0);
    return s;
}

const HarmonicLevel& harmonic(const ChannelHum& c, int n) {
    for (const auto& h : c.hum.harmonics)
        if (h.n == n) return h;
    FAIL("harmonic " << n << " missing");
    return c.hum.harmonics.front();
}

std::string describe(const Scenario& s) {
    // (ostringstream: GCC 12 warns falsely on chains of std::string +.)
    std::ostringstream d;
    d << "fs " << s.sample_rate_hz << " noise " << s.input.noise_dbfs << " mains " << s.hum.mains_hz << " drift "
      << s.hum.drift_hz << "/" << s.hum.drift_period_s << " harmonics";
    for (const auto& h : s.hum.harmonics) d << " " << h.n << ":" << h.level_dbfs;
    for (const auto& t : s.hum.tones) d << " tone " << t.frequency_hz << ":" << t.level_dbfs;
    return d.str();
}

}  // namespace

TEST_CASE("mains frequency within 0.01 Hz and 50/60 Hz decided from 5 s of signal", "[hum][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int trial = 0; trial < 12; ++trial) {
        Scenario s = base_scenario(rng, seed + trial);
        // The strongest harmonic from 10 dB under the broadband noise to −60 dBFS,
        // the others below it; a quarter of the trials have no fundamental.
        const double strongest = zbt::uniform(rng, s.input.noise_dbfs - 10.0, -60.0);
        const int count = 1 + static_cast<int>(rng.uniform() * 10);
        const int top = rng.uniform() < 0.25 ? 2 : 1;
        s.hum.harmonics.push_back({top, strongest});
        for (int n = 1; n <= count; ++n)
            if (n != top && rng.uniform() < 0.6) s.hum.harmonics.push_back({n, strongest - zbt::uniform(rng, 1.0, 30.0)});
        INFO("trial " << trial << ": " << describe(s));
        const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
        REQUIRE(a.mains.found);
        CHECK(a.mains.nominal_hz == (s.hum.mains_hz < 55 ? 50.0 : 60.0));
        CHECK(a.mains.phase_tracked);
        CHECK(a.mains.frequency_hz == Approx(zbt::rig_mean_mains_hz(s, 5.0)).margin(0.01));
    }
}

TEST_CASE("the first three harmonics read within 0.3 dB down to 20 dB above the noise floor", "[hum][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x1234);
    for (int trial = 0; trial < 12; ++trial) {
        Scenario s = base_scenario(rng, seed + 100 + trial);
        s.input.noise_dbfs = zbt::uniform(rng, -120.0, -95.0);
        const double floor = noise_floor_20k_dbfs(s);
        // Trial 0 puts all three exactly 20 dB above the floor.
        for (int n = 1; n <= 3; ++n) s.hum.harmonics.push_back({n, trial == 0 ? floor + 20.0 : zbt::uniform(rng, floor + 20.0, -50.0)});
        for (int n = 4; n <= 12; ++n)
            if (rng.uniform() < 0.3) s.hum.harmonics.push_back({n, zbt::uniform(rng, floor, -60.0)});
        if (rng.uniform() < 0.3) s.hum.tones.push_back({zbt::uniform(rng, 3000.0, 0.45 * s.sample_rate_hz), zbt::uniform(rng, floor, -60.0)});
        INFO("trial " << trial << ": " << describe(s));
        const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
        REQUIRE(a.mains.found);
        for (const auto& c : a.channels) {
            INFO("channel " << c.name);
            CHECK(c.noise_floor_dbfs == Approx(floor).margin(0.5));
            for (int n = 1; n <= 3; ++n) {
                const HarmonicLevel& h = harmonic(c, n);
                INFO("harmonic " << n);
                CHECK(h.detected);
                CHECK(h.level_dbfs == Approx(s.hum.harmonics[static_cast<std::size_t>(n - 1)].level_dbfs).margin(0.3));
                CHECK(h.frequency_hz == Approx(n * zbt::rig_mean_mains_hz(s, 5.0)).margin(0.05 * n));
            }
        }
    }
}

TEST_CASE("each class of scenario gets its kind", "[hum][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x5678);
    // Levels are audible ones (audibility.h: the threshold of hearing with a
    // full-scale sine at 105 dB SPL is about -61 dBFS at 50 Hz, -79 dBFS at
    // 100 Hz, -93 dBFS at 15 kHz), except in the "negligible" class.
    const char* classes[] = {"clean", "negligible", "ground_loop", "buzz_second", "buzz_many", "hf_noise", "tone"};
    for (int trial = 0; trial < 21; ++trial) {
        const std::string cls = classes[trial % 7];
        Scenario s = base_scenario(rng, seed + 200 + trial);
        s.sample_rate_hz = rng.uniform() < 0.5 ? 48000.0 : 96000.0;
        s.input.noise_dbfs = zbt::uniform(rng, -118.0, -100.0);
        std::string expected = cls;
        const double f0 = s.hum.mains_hz;
        if (cls == "clean") {
            s.hum.harmonics.clear();
        } else if (cls == "negligible") {
            // Hum that stands out of a low noise floor but is inaudible.
            s.input.noise_dbfs = zbt::uniform(rng, -135.0, -125.0);
            s.hum.harmonics = {{1, zbt::uniform(rng, -112.0, -80.0)}, {3, zbt::uniform(rng, -118.0, -100.0)}};
        } else if (cls == "ground_loop") {
            const double l1 = zbt::uniform(rng, -55.0, -30.0);
            s.hum.harmonics = {{1, l1}};
            for (int n = 2; n <= 7; ++n)
                if (rng.uniform() < 0.6) s.hum.harmonics.push_back({n, l1 - zbt::uniform(rng, 3.0, 30.0)});
        } else if (cls == "buzz_second") {
            const double l2 = zbt::uniform(rng, -70.0, -40.0);
            s.hum.harmonics = {{2, l2}, {1, l2 - zbt::uniform(rng, 3.0, 20.0)}};
            for (int n = 3; n <= 9; ++n)
                if (rng.uniform() < 0.5) s.hum.harmonics.push_back({n, l2 - zbt::uniform(rng, 3.0, 30.0)});
            expected = "buzz";
        } else if (cls == "buzz_many") {
            // Rectifier buzz: the fundamental strongest, 8 to 20 harmonics within 20 dB.
            const double l1 = zbt::uniform(rng, -55.0, -30.0);
            const int count = 8 + static_cast<int>(rng.uniform() * 13);
            for (int n = 1; n <= count; ++n) s.hum.harmonics.push_back({n, l1 - (n == 1 ? 0.0 : zbt::uniform(rng, 1.0, 18.0))});
            expected = "buzz";
        } else {
            // A tone off the comb (at least 0.3·f0 from every harmonic), louder than any hum.
            const bool hf = cls == "hf_noise";
            double f = 0;
            do f = hf ? zbt::uniform(rng, 2500.0, 20000.0) : zbt::uniform(rng, 300.0, 1900.0);
            while (std::abs(f / f0 - std::round(f / f0)) < 0.3);
            const double level = zbt::uniform(rng, -85.0, -60.0);
            s.hum.tones = {{f, level}};
            if (rng.uniform() < 0.7) s.hum.harmonics = {{1, level - zbt::uniform(rng, 3.0, 20.0)}};
            else s.hum.harmonics.clear();
        }
        INFO("trial " << trial << " class " << cls << ": " << describe(s));
        const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
        for (const auto& c : a.channels) {
            INFO("channel " << c.name << ": " << c.diagnosis.text);
            CHECK(std::string(hum_kind_name(c.diagnosis.kind)) == expected);
            CHECK(std::find(c.diagnosis.flags.begin(), c.diagnosis.flags.end(), "dc_offset") == c.diagnosis.flags.end());
        }
    }
}

TEST_CASE("the dc_offset flag: -50 dBFS without a sensitivity, 10 mV with one", "[hum][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x9abc);
    for (int trial = 0; trial < 8; ++trial) {
        Scenario s = base_scenario(rng, seed + 300 + trial);
        s.sample_rate_hz = 48000;
        s.hum.harmonics = {{1, zbt::uniform(rng, -100.0, -70.0)}};
        const bool calibrated = trial % 2 == 1;
        s.full_scale_volts = calibrated ? zbt::uniform(rng, 0.5, 5.0) : 1.0;
        // Threshold in volts at the input: 10 mV, or −50 dBFS of full scale.
        const double threshold_v = calibrated ? 0.010 : db_to_gain(-50.0) * s.full_scale_volts;
        const double sign_a = rng.uniform() < 0.5 ? -1.0 : 1.0;
        const double above = sign_a * threshold_v * zbt::uniform(rng, 1.2, 20.0);
        const double below = -sign_a * threshold_v * zbt::uniform(rng, 0.0, 0.8);
        s.input.dc_volts = {above, below};
        HumAnalysisConfig config;
        if (calibrated) config.full_scale_volts = s.full_scale_volts;
        INFO("trial " << trial << " calibrated " << calibrated << " full scale " << s.full_scale_volts << " V, DC " << above << " V / "
                      << below << " V");
        const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0, config);
        auto flagged = [](const ChannelHum& c) {
            return std::find(c.diagnosis.flags.begin(), c.diagnosis.flags.end(), "dc_offset") != c.diagnosis.flags.end();
        };
        CHECK(flagged(a.channels[0]));
        CHECK_FALSE(flagged(a.channels[1]));
        CHECK(a.channels[0].stats.dc_fs == Approx(above / s.full_scale_volts).margin(1e-6));
        CHECK(a.channels[1].stats.dc_fs == Approx(below / s.full_scale_volts).margin(1e-6));
        if (calibrated) {
            REQUIRE(a.channels[0].dc_offset_v);
            CHECK(*a.channels[0].dc_offset_v == Approx(above).margin(1e-5));
            // dBV of the fundamental: dBFS + 20·log10(V_fs/√2).
            const auto& h = harmonic(a.channels[0], 1);
            REQUIRE(h.level_dbv);
            CHECK(*h.level_dbv == Approx(s.hum.harmonics[0].level_dbfs + 20 * std::log10(s.full_scale_volts / std::sqrt(2.0))).margin(0.05));
        }
        // A channel's DC never shows in its spectrum or its kind.
        CHECK(a.channels[0].diagnosis.kind == a.channels[1].diagnosis.kind);
    }
}

TEST_CASE("no hum at all: no mains, clean, levels are bounds", "[hum]") {
    Scenario s;
    s.hum.harmonics.clear();
    s.input.noise_dbfs = -105;
    const HumAnalysis a = zbt::analyse_rig_hum(s, 3.0);
    CHECK_FALSE(a.mains.found);
    CHECK(a.channels[0].diagnosis.kind == HumKind::clean);
    CHECK_FALSE(a.channels[0].hum.total_hum_dbfs);
    for (const auto& h : a.channels[0].hum.harmonics) {
        CHECK_FALSE(h.detected);
        CHECK(h.level_dbfs < -125.0);  // the noise in a ~10 Hz band at −105 dBFS over 24 kHz
    }
}

TEST_CASE("too short a recording is refused with a clear message", "[hum]") {
    std::vector<float> x(20000, 0.0f);
    const std::span<const float> channels[1] = {x};
    const std::string names[1] = {"A"};
    auto r = analyse_hum(channels, names, 48000, {});
    REQUIRE_FALSE(r);
    CHECK(r.message().find("at least 1 s") != std::string::npos);
}
