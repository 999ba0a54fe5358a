// Welch spectra, noise floors and line levels: the building blocks of the hum
// analyser, on signals whose answers are known.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "hum/noise_floor.h"
#include "hum/spectral_lines.h"
#include "hum/welch.h"
#include "support/test_support.h"
#include "util/rng.h"
#include "util/units.h"

using namespace zb;

namespace {

std::vector<float> sine(std::size_t n, double fs, double f, double peak, double phase = 0.3) {
    std::vector<float> x(n);
    for (std::size_t t = 0; t < n; ++t) x[t] = static_cast<float>(peak * std::sin(kTwoPi * f * static_cast<double>(t) / fs + phase));
    return x;
}

void add_noise(std::vector<float>& x, double rms, Rng& rng) {
    for (auto& v : x) v = static_cast<float>(v + rms * rng.gaussian());
}

}  // namespace

TEST_CASE("a tone reads its level wherever it falls between bins", "[hum][welch]") {
    const double fs = 48000;
    const std::size_t n = 4096;
    for (auto window : {WindowKind::flat_top, WindowKind::blackman_harris}) {
        for (double offset : {0.0, 0.25, 0.5, 0.77}) {
            const double f = (300.0 + offset) * fs / n;
            const auto x = sine(4 * n, fs, f, dbfs_to_peak_fs(-20.0));
            const WelchSpectrum s = welch_spectrum(x, fs, {n, 0.5, window});
            INFO(window_name(window) << " offset " << offset << " bins");
            NoiseFloor floor;
            floor.power.assign(s.bins(), 1e-30);
            // The band sum over the main lobe is exact for any offset.
            const LineLevel line = measure_line(s, floor, f, main_lobe_half_width_bins(window) * s.bin_hz());
            CHECK(mean_square_to_dbfs(line.mean_square) == Approx(-20.0).margin(1e-3));
            CHECK(line.frequency_hz == Approx(f).margin(1e-3 * s.bin_hz()));
            // The flat-top's peak bin alone is within its 0.01 dB scalloping.
            if (window == WindowKind::flat_top) {
                double peak = 0;
                for (double p : s.power) peak = std::max(peak, p);
                CHECK(mean_square_to_dbfs(peak) == Approx(-20.0).margin(0.01));
            }
        }
    }
}

TEST_CASE("white noise reads its density, and the degrees of freedom follow Welch", "[hum][welch]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    const double fs = 48000, sigma = 1e-3;
    std::vector<float> x(48000 * 4, 0.0f);
    add_noise(x, sigma, rng);
    const WelchSpectrum s = welch_spectrum(x, fs, {8192, 0.75, WindowKind::flat_top});
    // Mean of the bins (excluding DC): 2σ²·ENBW/N per bin.
    double mean = 0;
    for (std::size_t k = 10; k < s.bins() - 1; ++k) mean += s.power[k];
    mean /= static_cast<double>(s.bins() - 11);
    CHECK(mean == Approx(2 * sigma * sigma * s.enbw_bins / 8192).epsilon(0.02));
    // The median-based floor finds the same density (its scatter across
    // bands is a few percent at these degrees of freedom).
    const NoiseFloor floor = estimate_noise_floor(s);
    const double density = median_density(s, floor, 20, 20000);
    CHECK(density == Approx(2 * sigma * sigma / fs).epsilon(0.05));
    // Integrated over 20 Hz-20 kHz: σ² · (19980 / 24000).
    CHECK(mean_square_to_dbfs(band_noise_ms(s, floor, 20, 20000)) ==
          Approx(rms_fs_to_dbfs(sigma) + 10 * std::log10(19980.0 / 24000.0)).margin(0.2));
    // The variance of a bin across the spectrum matches the χ² with the
    // equivalent degrees of freedom: var/mean² = 2/ν (within sampling error).
    double var = 0;
    for (std::size_t k = 10; k < s.bins() - 1; ++k) var += std::pow(s.power[k] - mean, 2);
    var /= static_cast<double>(s.bins() - 11);
    INFO("dof " << s.dof << " averages " << s.averages);
    CHECK(var / (mean * mean) == Approx(2.0 / s.dof).epsilon(0.15));
}

TEST_CASE("welch_dof: non-overlapping rectangular segments give 2 per segment", "[hum][welch]") {
    const auto w = make_window(WindowKind::rectangular, 256);
    CHECK(welch_dof(w, 256, 10) == Approx(20.0));
    // Hann at 50 % overlap: ρ = 1/6, so ν = 2K/(1 + 2(1 − 1/K)/36) (Heinzel et al. table).
    const auto h = make_window(WindowKind::hann, 256);
    CHECK(welch_dof(h, 128, 10) == Approx(20.0 / (1.0 + 2.0 * 0.9 / 36.0)).epsilon(1e-3));
}

TEST_CASE("noise floor ignores lines, and detection thresholds scale with the degrees of freedom", "[hum][welch]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    const double fs = 48000, sigma = 1e-4;
    std::vector<float> x(48000 * 4, 0.0f);
    for (int h = 1; h <= 40; ++h) {
        const auto tone = sine(x.size(), fs, 50.02 * h, 1e-3, 0.1 * h);
        for (std::size_t t = 0; t < x.size(); ++t) x[t] += tone[t];
    }
    add_noise(x, sigma, rng);
    const WelchSpectrum s = welch_spectrum(x, fs, {65536, 0.75, WindowKind::flat_top});
    const NoiseFloor floor = estimate_noise_floor(s);
    // Lines fill 11 of every 68 bins up to 2 kHz: the median moves by a
    // fraction of a dB even before the analysis masks them out.
    const double density = median_density(s, floor, 20, 2000);
    CHECK(10 * std::log10(density / (2 * sigma * sigma / fs)) == Approx(0.0).margin(1.0));
    // Every harmonic is found as a peak at its level.
    const auto peaks = find_peaks(s, floor, line_detection_ratio(s.dof, s.bins()), 10, 24000, 100);
    REQUIRE(peaks.size() == 40);
    for (const auto& p : peaks) {
        CHECK(mean_square_to_dbfs(p.mean_square) == Approx(-60.0).margin(0.05));
        const double n = std::round(p.frequency_hz / 50.02);
        CHECK(p.frequency_hz == Approx(50.02 * n).margin(0.05));
    }
    CHECK(line_detection_ratio(100, 32768) == Approx(10.0));          // 10 dB rules at high ν
    CHECK(line_detection_ratio(2, 32768) > 15.0);  // one segment: noise alone would reach 10 dB somewhere
    CHECK(chi2_median_over_mean(2) == Approx(std::log(2.0)).epsilon(0.02));
}
