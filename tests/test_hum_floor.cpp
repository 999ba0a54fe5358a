// The noise floor near strong lines and in coloured noise: weak tones that
// stand out of their surroundings are found, and the floor follows the
// noise's own density.
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include "hum/hum_analysis.h"
#include "hum/spectral_lines.h"
#include "rig/virtual_rig.h"
#include "util/units.h"

using namespace zb;

namespace {

// One-sided density (FS²/Hz) of the rig's input noise at f: white noise of
// AES17 level L has variance 10^(L/10)/2, density 2σ²/fs; the low-frequency
// noise is white noise of variance σ_x² = σ_y²(1 + a)/(1 − a) through
// (1 − a)/(1 − a·z⁻¹).
double noise_density(const Scenario& s, double f_hz) {
    const double fs = s.sample_rate_hz;
    const double white = 2.0 * 0.5 * std::pow(10.0, s.input.noise_dbfs / 10.0) / fs;
    if (s.input.lf_noise_dbfs <= -400.0) return white;
    const double a = std::exp(-kTwoPi * s.input.lf_noise_corner_hz / fs);
    const double var_x = 0.5 * std::pow(10.0, s.input.lf_noise_dbfs / 10.0) * (1.0 + a) / (1.0 - a);
    const double w = kTwoPi * f_hz / fs;
    const double h2 = (1.0 - a) * (1.0 - a) / (1.0 - 2.0 * a * std::cos(w) + a * a);
    return white + 2.0 * var_x / fs * h2;
}

}  // namespace

TEST_CASE("tones 15 dB out of a coloured noise floor near strong lines are detected", "[hum][floor]") {
    Scenario s;
    s.seed = 90;
    s.sample_rate_hz = 48000.0;
    s.input.noise_dbfs = -125.0;
    s.input.lf_noise_dbfs = -75.0;  // rumble: −6 dB per octave above 10 Hz
    s.input.lf_noise_corner_hz = 10.0;
    s.hum.mains_hz = 50.0;
    s.hum.harmonics = {{1, -30.0}, {2, -45.0}, {3, -40.0}, {5, -50.0}};
    const double seconds = 5.0;
    // The Welch settings the analysis picks for this record: 65536 points
    // (0.73 Hz bins), flat-top (ENBW 3.77 bins).
    const double bin_hz = s.sample_rate_hz / 65536.0;
    const double enbw_bins = 3.7702;
    // Tones beside the mains lines (10 to 14 Hz from them) and further up.
    const double tone_hz[] = {38.3, 63.1, 87.9, 123.4, 176.2, 212.7, 420.5, 1630.0};
    for (double f : tone_hz) {
        // A tone centred on a bin reads its mean square in that bin; 15 dB
        // over the noise's mean square per bin.
        const double floor_ms = noise_density(s, f) * enbw_bins * bin_hz;
        s.hum.tones.push_back({f, mean_square_to_dbfs(floor_ms * std::pow(10.0, 1.5))});
    }
    VirtualRig rig(s);
    const auto cap = rig.record(static_cast<std::size_t>(seconds * s.sample_rate_hz));
    const std::span<const float> channels[2] = {cap.a, cap.b};
    const std::string names[2] = {"A", "B"};
    auto result = analyse_hum(channels, names, s.sample_rate_hz, {});
    REQUIRE(result);
    const HumAnalysis& a = *result;
    REQUIRE(a.mains.found);
    REQUIRE(a.channels[0].spectrum.bin_hz() == Approx(bin_hz));
    REQUIRE(a.channels[0].spectrum.enbw_bins == Approx(enbw_bins).epsilon(1e-3));
    REQUIRE(a.channels[0].spectrum.dof > 15.0);
    for (const auto& c : a.channels) {
        // The floor follows the noise's own density away from the lines, 20 Hz
        // to 20 kHz in sixth octaves, skipping bins within 8 bins of a line.
        // A Welch bin of ν ≈ 17 degrees of freedom scatters by 4.34·√(2/ν)
        // ≈ 1.5 dB; the median of 33 bins, about 8 of them independent (the
        // flat-top's neighbouring bins are correlated), by ~0.6 dB. 2 dB is
        // 3.5σ, for about 120 points checked.
        for (double f = 20.0; f < 20000.0; f *= std::pow(2.0, 1.0 / 6.0)) {
            bool near_line = false;
            for (const auto& t : s.hum.tones) near_line = near_line || std::abs(f - t.frequency_hz) < 8 * bin_hz;
            for (const auto& h : s.hum.harmonics) near_line = near_line || std::abs(f - h.n * s.hum.mains_hz) < 8 * bin_hz;
            if (near_line) continue;
            const auto k = static_cast<std::size_t>(std::lround(c.spectrum.bin_of(f)));
            const double truth_db = 10.0 * std::log10(noise_density(s, c.spectrum.frequency_hz(static_cast<double>(k))) * enbw_bins * bin_hz);
            INFO("channel " << c.name << ", floor at " << f << " Hz");
            CHECK(10.0 * std::log10(c.floor.power[k]) == Approx(truth_db).margin(2.0));
        }
        for (std::size_t i = 0; i < std::size(tone_hz); ++i) {
            const double f = tone_hz[i];
            INFO("channel " << c.name << ", tone at " << f << " Hz, " << s.hum.tones[i].level_dbfs << " dBFS");
            const PeakReport* found = nullptr;
            for (const auto& p : c.peaks)
                if (std::abs(p.frequency_hz - f) < 0.5) found = &p;
            REQUIRE(found);
            CHECK(found->harmonic == 0);
            CHECK(found->level_dbfs == Approx(s.hum.tones[i].level_dbfs).margin(1.0));
            CHECK(found->above_noise_db == Approx(15.0).margin(2.0));
        }
    }
}
