// Log grid, interpolation, smoothing, windows and band masks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dsp/band_mask.h"
#include "dsp/fdw.h"
#include "dsp/interpolation.h"
#include "dsp/log_grid.h"
#include "dsp/smoothing.h"
#include "dsp/window.h"
#include "util/units.h"

using namespace zb;

TEST_CASE("the default log grid is 48 points per octave from 10 Hz to 20 kHz", "[grid]") {
    const auto g = make_log_grid({10.0, default_fmax_hz(48000), 48});
    CHECK(g.front() == 10.0);
    CHECK(g.back() == 20000.0);  // the steps end at 19868 Hz; fmax is added
    CHECK(g.size() == 528);
    for (std::size_t i = 1; i + 1 < g.size(); ++i) REQUIRE(g[i] / g[i - 1] == Approx(std::exp2(1.0 / 48)));
    CHECK(default_fmax_hz(44100) == Approx(19845));
    CHECK_FALSE(validate_log_grid({100, 50, 48}).ok());
    CHECK_FALSE(validate_log_grid({10, 20000, 0}).ok());
}

TEST_CASE("Lagrange interpolation is exact for polynomials and close for a resonance", "[interp]") {
    std::vector<double> y(20);
    auto poly = [](double x) { return 1 + 2 * x - 0.3 * x * x + 0.01 * std::pow(x, 3) - 1e-4 * std::pow(x, 7); };
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = poly(static_cast<double>(i));
    for (double p : {1.0, 2.5, 7.25, 17.9}) CHECK(lagrange_at(y.data(), y.size(), p) == Approx(poly(p)).epsilon(1e-9));
    // A Lorentzian whose half-power half-width spans 3.4 samples: a Q = 9
    // resonance at 20 Hz read from 0.33 Hz bins, as in the impedance analysis.
    std::vector<std::complex<double>> z(200);
    auto lor = [](double x) { return 1.0 / std::complex<double>(1.0, (x - 100.0) / 3.4); };
    for (std::size_t i = 0; i < z.size(); ++i) z[i] = lor(static_cast<double>(i));
    double worst8 = 0, worst4 = 0;
    for (double p = 90; p < 110; p += 0.037) {
        worst8 = std::max(worst8, std::abs(lagrange_at(z.data(), z.size(), p) - lor(p)));
        worst4 = std::max(worst4, std::abs(lagrange_at(z.data(), z.size(), p, 4) - lor(p)));
    }
    // The pole sits 3.4 samples off the real axis, inside the node spread, so
    // higher order helps only a few times; zero-padding (more samples per
    // half-width) is what makes the error small.
    CHECK(worst8 < 1e-3);
    CHECK(worst4 > 4 * worst8);
}

TEST_CASE("a log curve interpolates in log-log and holds its ends", "[interp]") {
    LogCurve c({10, 100, 1000}, {1, 10, 100}, {0.1, 0.2, 0.3});
    CHECK(std::abs(c.at(31.6227766)) == Approx(3.16227766).epsilon(1e-6));
    CHECK(std::arg(c.at(31.6227766)) == Approx(0.15));
    CHECK(std::abs(c.at(5000)) == Approx(100));
    CHECK(std::abs(c.at(5)) == Approx(1));
    CHECK(std::arg(c.at(5)) == Approx(0.05));
    CHECK(c.at(0).imag() == 0.0);
}

TEST_CASE("fractional-octave smoothing averages over the band and keeps flat curves", "[smoothing]") {
    std::vector<std::complex<double>> flat(100, {2.0, 1.0});
    for (const auto& v : smooth_fractional_octave(flat, 48, 3)) CHECK(std::abs(v - std::complex<double>(2, 1)) < 1e-12);
    std::vector<std::complex<double>> spike(100, 0.0);
    spike[50] = 17.0;  // 1/3 octave at 48 ppo: ±8 points, 17 in all
    const auto s = smooth_fractional_octave(spike, 48, 3);
    CHECK(s[50].real() == Approx(1.0));
    CHECK(s[42].real() == Approx(1.0));
    CHECK(s[41].real() == 0.0);
    CHECK(smooth_fractional_octave(spike, 48, 0) == spike);
}

TEST_CASE("window correction factors match the literature", "[window]") {
    const std::size_t n = 4096;
    auto hann = window_properties(make_window(WindowKind::hann, n));
    CHECK(hann.coherent_gain == Approx(0.5).epsilon(1e-6));
    CHECK(hann.enbw_bins == Approx(1.5).epsilon(1e-4));
    auto bh = window_properties(make_window(WindowKind::blackman_harris, n));
    CHECK(bh.coherent_gain == Approx(0.35875).epsilon(1e-6));
    CHECK(bh.enbw_bins == Approx(2.0044).epsilon(1e-3));
    auto ft = window_properties(make_window(WindowKind::flat_top, n));
    CHECK(ft.enbw_bins == Approx(3.77).epsilon(0.01));
    auto rect = window_properties(make_window(WindowKind::rectangular, n));
    CHECK(rect.enbw_bins == Approx(1.0));
}

TEST_CASE("windows from the rotating phasor stay within 1e-13 of std::cos", "[window]") {
    // fill_cosines restarts from std::cos/std::sin every 64 samples; a long
    // window, an odd step and an offset exercise every restart and the tail.
    for (const std::size_t n : {std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65}, std::size_t{100003}}) {
        for (const double offset : {0.0, 0.3, -2.0}) {
            const double step = 2.0 * M_PI * 7.31 / static_cast<double>(n);
            std::vector<double> c(n);
            fill_cosines(offset, step, c);
            double worst = 0.0;
            for (std::size_t k = 0; k < n; ++k) worst = std::max(worst, std::abs(c[k] - std::cos(offset + static_cast<double>(k) * step)));
            INFO("n " << n << ", offset " << offset);
            CHECK(worst < 1e-13);
        }
    }
    const std::size_t length = 12345;
    const auto rise = half_cosine_rise_table(length);
    double worst = 0.0;
    for (std::size_t i = 0; i < length; ++i) worst = std::max(worst, std::abs(rise[i] - half_cosine_rise(i, length)));
    CHECK(worst < 1e-13);
    const std::size_t n = 32768;
    const auto bh = make_window(WindowKind::blackman_harris, n);
    worst = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = 2.0 * M_PI * static_cast<double>(i) / static_cast<double>(n);
        const double w = 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2.0 * x) - 0.01168 * std::cos(3.0 * x);
        worst = std::max(worst, std::abs(bh[i] - w));
    }
    CHECK(worst < 1e-13);
}

TEST_CASE("band masks: Butterworth high-pass and Gaussian edge", "[mask]") {
    CHECK(std::abs(butterworth_highpass(5.0, 5.0, 4)) == Approx(std::sqrt(0.5)).epsilon(1e-9));
    CHECK(std::abs(butterworth_highpass(500.0, 5.0, 4)) == Approx(1.0).epsilon(1e-7));
    CHECK(std::abs(butterworth_highpass(2.5, 5.0, 4)) == Approx(1.0 / std::sqrt(1.0 + 256.0)).epsilon(1e-9));
    CHECK(std::abs(butterworth_highpass(2.5, 5.0, 3)) == Approx(1.0 / std::sqrt(1.0 + 64.0)).epsilon(1e-9));
    const ButterworthHighpass4 fast(5.0);
    for (double f : {0.1, 1.0, 5.0, 7.3, 100.0, 20000.0}) CHECK(std::abs(fast(f) - butterworth_highpass(f, 5.0, 4)) < 1e-12);
    // Its phase, not its magnitude, is what stays away from 1: ≈ 2.6·fc/f rad.
    CHECK(std::arg(butterworth_highpass(1000.0, 5.0, 4)) == Approx(2.6131 * 5.0 / 1000.0).epsilon(1e-3));
    CHECK(gaussian_edge_lowpass(21500, 21500, 300) == Approx(0.5));
    CHECK(gaussian_edge_lowpass(20000, 21500, 300) > 0.999999);
    CHECK(gaussian_edge_lowpass(23000, 21500, 300) < 1e-6);
    const BandMask m = make_band_mask(5, 23000, 20000, 48000);
    CHECK(m.lowpass_center_hz == Approx(21500));
    CHECK(m.lowpass_sigma_hz == Approx(300));
    CHECK(std::abs(m.at(20000)) == Approx(1.0).epsilon(1e-6));
    CHECK(m.pre_ring_s() == Approx(8.0 / (kTwoPi * 300)));
}

namespace {
// Impulse response of a two-pole resonance (f0, Q) and its exact spectrum.
struct Resonance {
    double fs, f0, q;
    std::vector<float> ir(std::size_t n) const {
        const double w0 = kTwoPi * f0 / fs, r = std::exp(-w0 / (2 * q));
        std::vector<float> h(n, 0.0f);
        double y1 = 0, y2 = 0;
        for (std::size_t t = 0; t < n; ++t) {
            const double y = 2 * r * std::cos(w0) * y1 - r * r * y2 + (t == 0 ? 1.0 : 0.0);
            h[t] = static_cast<float>(y);
            y2 = y1;
            y1 = y;
        }
        return h;
    }
    std::complex<double> exact(double f) const {
        const double w0 = kTwoPi * f0 / fs, r = std::exp(-w0 / (2 * q));
        const std::complex<double> z = std::polar(1.0, -kTwoPi * f / fs);
        return 1.0 / (1.0 - 2 * r * std::cos(w0) * z + r * r * z * z);
    }
};
}  // namespace

TEST_CASE("frequency-dependent windowing is exact where the window holds the response", "[fdw]") {
    // Q = 9 at 25 Hz: τ = Q/(π f) = 0.115 s; the 1.5 s window used up to
    // 26.7 Hz holds 13 τ.
    const Resonance low{48000, 25, 9};
    std::vector<double> f = {12, 20, 24, 25, 26};
    auto h = fdw_spectrum(low.ir(1 << 18), 48000, f, FdwConfig{});
    for (std::size_t i = 0; i < f.size(); ++i) {
        INFO(f[i] << " Hz");
        CHECK(std::abs(h[i] / low.exact(f[i]) - 1.0) < 1e-4);
    }
    // Q = 5 at 2 kHz: τ = 0.8 ms, held by every window (>= 10 ms).
    const Resonance high{48000, 2000, 5};
    f = {300, 1000, 1900, 2000, 2100, 5000, 15000};
    h = fdw_spectrum(high.ir(1 << 16), 48000, f, FdwConfig{});
    for (std::size_t i = 0; i < f.size(); ++i) {
        INFO(f[i] << " Hz");
        CHECK(std::abs(h[i] / high.exact(f[i]) - 1.0) < 1e-4);
    }
    CHECK(fdw_window_s(FdwConfig{}, 10) == 1.5);
    CHECK(fdw_window_s(FdwConfig{}, 1000) == Approx(0.04));
    CHECK(fdw_window_s(FdwConfig{}, 20000) == Approx(0.01));
}
