// The mains search on the virtual rig against lines that are not mains: a
// strong tone near 50 or 60 Hz beside real hum, a lone tone, and lines that
// sit near a high multiple of the mains. Mains frequencies and tone
// frequencies follow real recordings where the analyser was fooled (a 58.41 Hz
// motor, a 44.84 Hz line, half of a 92.5 Hz whine, 3 × 629 Hz, codec peaks
// near 15.5 kHz).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "hum/hum_analysis.h"
#include "rig/virtual_rig.h"
#include "support/hum_support.h"
#include "util/units.h"

using namespace zb;

namespace {

const PeakReport* peak_near(const ChannelHum& c, double f_hz, double within_hz) {
    for (const auto& p : c.peaks)
        if (std::abs(p.frequency_hz - f_hz) <= within_hz) return &p;
    return nullptr;
}

struct BesideCase {
    double mains_hz;
    std::vector<HumHarmonic> harmonics;
    double tone_hz, tone_dbfs;
};

}  // namespace

TEST_CASE("a strong line near 50 or 60 Hz that is not mains does not capture the mains", "[hum][mains]") {
    // Each tone is louder than every harmonic of the real hum.
    const BesideCase cases[] = {
        {59.99, {{2, -72.0}}, 58.41, -60.0},                // the motor beside 120 Hz hum (no fundamental)
        {59.99, {{2, -72.0}, {3, -84.0}}, 58.41, -60.0},
        {50.02, {{2, -70.0}, {3, -88.0}}, 46.26, -62.0},  // half of a 92.5 Hz whine
        {50.02, {{2, -70.0}}, 44.84, -60.0},
        {49.97, {{1, -75.0}, {3, -85.0}}, 44.84, -62.0},
        {60.01, {{1, -78.0}, {2, -74.0}}, 46.26, -60.0},
    };
    int index = 0;
    for (const auto& k : cases) {
        Scenario s;
        s.seed = 40 + static_cast<std::uint64_t>(index++);
        s.input.noise_dbfs = -110.0;
        s.hum.mains_hz = k.mains_hz;
        s.hum.harmonics = k.harmonics;
        s.hum.tones = {{k.tone_hz, k.tone_dbfs}};
        INFO("mains " << k.mains_hz << " Hz, tone " << k.tone_hz << " Hz at " << k.tone_dbfs << " dBFS");
        const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
        REQUIRE(a.mains.found);
        CHECK(a.mains.nominal_hz == (k.mains_hz < 55.0 ? 50.0 : 60.0));
        CHECK(a.mains.frequency_hz == Approx(k.mains_hz).margin(0.01));
        for (const auto& c : a.channels) {
            INFO("channel " << c.name);
            // The tone is reported, off the comb.
            const PeakReport* tone = peak_near(c, k.tone_hz, 0.5);
            REQUIRE(tone);
            CHECK(tone->harmonic == 0);
            CHECK(tone->level_dbfs == Approx(k.tone_dbfs).margin(0.3));
            // Every real harmonic is on the comb, at its level, and its line is
            // labelled with its own n, once. A harmonic whose band (main lobe
            // + 1 bin) overlaps the tone's cannot be read: it is then not
            // detected, and its level is an upper bound.
            const double reach_hz = 2.0 * (main_lobe_half_width_bins(c.spectrum.window) + 1.0) * c.spectrum.bin_hz();
            int resolvable = 0;
            for (const auto& h : k.harmonics) {
                const auto& got = c.hum.harmonics[static_cast<std::size_t>(h.n - 1)];
                INFO("harmonic " << h.n);
                if (std::abs(h.n * k.mains_hz - k.tone_hz) < reach_hz) {
                    CHECK_FALSE(got.detected);
                    CHECK(got.level_dbfs >= h.level_dbfs);
                    continue;
                }
                ++resolvable;
                CHECK(got.detected);
                CHECK(got.level_dbfs == Approx(h.level_dbfs).margin(0.3));
                const PeakReport* p = peak_near(c, h.n * k.mains_hz, 0.5);
                REQUIRE(p);
                CHECK(p->harmonic == h.n);
            }
            // Nothing else is taken for a harmonic, and the tone is not one.
            for (const auto& h : c.hum.harmonics) {
                if (!h.detected) continue;
                bool real = false;
                for (const auto& e : k.harmonics) real = real || e.n == h.n;
                INFO("detected harmonic " << h.n << " at " << h.frequency_hz << " Hz");
                CHECK(real);
                CHECK(std::abs(h.frequency_hz - k.tone_hz) > 1.0);
            }
            int labelled = 0;
            for (const auto& p : c.peaks) labelled += p.harmonic != 0 ? 1 : 0;
            CHECK(labelled == resolvable);
        }
    }
}

TEST_CASE("a harmonic inside a stronger line's main lobe is an upper bound, never the line", "[hum][mains]") {
    // 58.41 Hz is 2.2 bins of 0.73 Hz from 60 Hz, inside the flat-top's
    // ±5-bin main lobe: the two cannot be told apart in the spectrum. The
    // fundamental is then not detected, and its level bounds it from above.
    Scenario s;
    s.seed = 50;
    s.input.noise_dbfs = -110.0;
    s.hum.mains_hz = 60.0;
    s.hum.harmonics = {{1, -84.0}, {2, -72.0}, {3, -80.0}};
    s.hum.tones = {{58.41, -60.0}};
    const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
    REQUIRE(a.mains.found);
    CHECK(a.mains.frequency_hz == Approx(60.0).margin(0.01));
    for (const auto& c : a.channels) {
        INFO("channel " << c.name);
        CHECK_FALSE(c.hum.harmonics[0].detected);
        CHECK(c.hum.harmonics[0].level_dbfs >= -84.0);
        CHECK(c.hum.harmonics[1].detected);
        CHECK(c.hum.harmonics[2].detected);
        CHECK(c.hum.strongest_n == 2);
        REQUIRE(c.hum.total_hum_dbfs);
        CHECK(*c.hum.total_hum_dbfs == Approx(10 * std::log10(std::pow(10, -7.2) + std::pow(10, -8.0))).margin(0.3));
    }
}

TEST_CASE("a lone line that is not mains gives no mains hum found, with no harmonics", "[hum][mains]") {
    const std::vector<std::vector<HumTone>> cases = {
        {{58.41, -60.0}},
        {{44.84, -55.0}},
        {{46.26, -70.0}},
        {{92.5, -60.0}},
        {{629.0, -62.0}, {1887.0, -80.0}},  // a whine and its third harmonic
        {{15500.0, -70.0}, {15625.0, -75.0}},
        {{1234.0, -50.0}},  // n = 25 of 49.36 Hz, a candidate within the grid's margin
    };
    int index = 0;
    for (const auto& tones : cases) {
        Scenario s;
        s.seed = 60 + static_cast<std::uint64_t>(index++);
        s.input.noise_dbfs = -110.0;
        s.hum.harmonics.clear();
        s.hum.tones = tones;
        INFO("first tone " << tones.front().frequency_hz << " Hz");
        const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
        CHECK_FALSE(a.mains.found);
        bool warned = false;
        for (const auto& w : a.warnings) warned = warned || w.find("no mains hum found") != std::string::npos;
        CHECK(warned);
        for (const auto& c : a.channels) {
            INFO("channel " << c.name);
            CHECK_FALSE(c.hum.total_hum_dbfs);
            CHECK_FALSE(c.hum_to_noise_db);
            CHECK(c.hum.strongest_n == 0);
            for (const auto& h : c.hum.harmonics) CHECK_FALSE(h.detected);
            for (const auto& t : tones) {
                const PeakReport* p = peak_near(c, t.frequency_hz, 0.5);
                REQUIRE(p);
                CHECK(p->harmonic == 0);
            }
        }
    }
}

TEST_CASE("lines near a high multiple of the mains are not mains harmonics", "[hum][mains]") {
    Scenario s;
    s.seed = 80;
    s.input.noise_dbfs = -115.0;
    s.hum.mains_hz = 50.0;
    s.hum.drift_hz = 0.03;
    s.hum.drift_period_s = 20.0;
    s.hum.harmonics = {{1, -70.0}, {3, -80.0}};
    // 1887 Hz is 13 Hz from harmonic 38 (1900 Hz); 1751 Hz is 1 Hz from
    // harmonic 35, with no other harmonic above the 3rd present.
    s.hum.tones = {{629.0, -65.0}, {1887.0, -80.0}, {1751.0, -85.0}, {15500.0, -75.0}};
    const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
    REQUIRE(a.mains.found);
    // The mean of 50 + 0.03·sin(2πt/20) over 5 s.
    CHECK(a.mains.frequency_hz == Approx(50.0 + 0.03 * 20.0 / (kTwoPi * 5.0)).margin(0.002));
    for (const auto& c : a.channels) {
        INFO("channel " << c.name);
        for (const auto& h : c.hum.harmonics) CHECK(h.detected == (h.n == 1 || h.n == 3));
        for (double f : {629.0, 1887.0, 1751.0, 15500.0}) {
            const PeakReport* p = peak_near(c, f, 0.5);
            INFO(f << " Hz");
            REQUIRE(p);
            CHECK(p->harmonic == 0);
        }
    }
}
