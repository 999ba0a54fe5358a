// Exponential sweep, its inverse filter and deconvolution.
#include <catch2/catch.hpp>

#include <cmath>

#include "dsp/band_mask.h"
#include "dsp/deconvolution.h"
#include "dsp/fdw.h"
#include "dsp/fft.h"
#include "dsp/sweep.h"
#include "util/units.h"

using namespace zb;

namespace {
// The impulse response of `capture` by the sweep `s`, deconvolved in n points
// (Y·M·X⁻¹, Hermitian, inverse-transformed); `mask` receives the band mask
// to divide windowed spectra by.
std::vector<float> impulse_response(const Sweep& s, const std::vector<float>& capture, std::size_t n, BandMask& mask) {
    fft::AlignedVector<std::complex<float>> spectrum(n);
    for (std::size_t i = 0; i < capture.size() && i < n; ++i) spectrum[i] = capture[i];
    fft::ComplexFft<float>(n, fft::Direction::forward).execute(spectrum.data(), spectrum.data());
    const SweepInverse inverse(s, n);
    mask = make_band_mask(s.config.start_hz, s.config.end_hz, s.config.end_hz / 1.15, s.config.sample_rate_hz);
    for (std::size_t k = 1; k < n / 2; ++k) {
        const double f = bin_to_hz(static_cast<double>(k), n, s.config.sample_rate_hz);
        const auto y = std::complex<float>(std::complex<double>(spectrum[k]) * mask.at(f) * std::complex<double>(inverse.at(k)) / static_cast<double>(n));
        spectrum[k] = y;
        spectrum[n - k] = std::conj(y);
    }
    spectrum[0] = spectrum[n / 2] = 0.0f;
    fft::ComplexFft<float>(n, fft::Direction::inverse).execute(spectrum.data(), spectrum.data());
    std::vector<float> ir(n);
    for (std::size_t i = 0; i < n; ++i) ir[i] = spectrum[i].real();
    return ir;
}

SweepConfig small_sweep() {
    SweepConfig c;
    c.sample_rate_hz = 48000;
    c.start_hz = 10;
    c.end_hz = 20000;
    c.duration_s = 1.0;
    c.level_dbfs = -6.0;
    c.pre_silence_s = 0.1;
    c.post_silence_s = 0.4;
    return c;
}
}  // namespace

TEST_CASE("the sweep has the requested length, level, silences and fades", "[sweep]") {
    auto s = make_sweep(small_sweep());
    REQUIRE(s.ok());
    CHECK(s->sweep_offset == 4800);
    CHECK(s->sweep_length == 48000);
    CHECK(s->total_length() == 4800 + 48000 + 19200);
    float peak = 0.0f;
    for (float v : s->signal) peak = std::max(peak, std::abs(v));
    CHECK(peak == Approx(dbfs_to_peak_fs(-6.0)).epsilon(1e-3));
    for (std::size_t i = 0; i < s->sweep_offset; ++i) REQUIRE(s->signal[i] == 0.0f);
    for (std::size_t i = s->sweep_offset + s->sweep_length; i < s->total_length(); ++i) REQUIRE(s->signal[i] == 0.0f);
    // Half-cosine fades: the first and last samples are (almost) zero and the
    // envelope only reaches full level after 5 ms.
    CHECK(std::abs(s->signal[s->sweep_offset]) < 1e-6);
    CHECK(std::abs(s->signal[s->sweep_offset + s->sweep_length - 1]) < 1e-3);
    float early = 0.0f;
    for (std::size_t i = s->sweep_offset; i < s->sweep_offset + 120; ++i) early = std::max(early, std::abs(s->signal[i]));
    CHECK(early < 0.5f * peak);
}

TEST_CASE("the rendered sweep follows its formula, computed with std::sin, within a float's rounding", "[sweep]") {
    // x(t) = g·w(t)·sin(2π·f1·L·(e^{t/L} − 1)), w the half-cosine fades: a
    // 20 s sweep reaches some 10^5 turns, where the phase reduction matters.
    SweepConfig c = small_sweep();
    c.start_hz = 5.0;
    c.end_hz = 23000.0;
    c.duration_s = 20.0;
    auto s = make_sweep(c);
    REQUIRE(s.ok());
    const double fs = c.sample_rate_hz, level = dbfs_to_peak_fs(c.level_dbfs);
    const double fade_in = c.fade_in_s * fs, fade_out = c.fade_out_s * fs;
    double worst_render = 0.0, worst_value = 0.0;
    for (std::size_t i = 0; i < s->sweep_length; ++i) {
        const double t = static_cast<double>(i);
        double g = level;
        if (t < fade_in) g *= 0.5 - 0.5 * std::cos(M_PI * t / fade_in);
        const double to_end = static_cast<double>(s->sweep_length - 1 - i);
        if (to_end < fade_out) g *= 0.5 - 0.5 * std::cos(M_PI * to_end / fade_out);
        const double phase = 2.0 * M_PI * c.start_hz * s->rate_s * std::expm1(t / (fs * s->rate_s));
        const double expected = g * std::sin(phase);
        worst_render = std::max(worst_render, std::abs(s->signal[s->sweep_offset + i] - expected));
        worst_value = std::max(worst_value, std::abs(s->value_at(i) - expected));
    }
    INFO("render " << worst_render << ", value_at " << worst_value);
    CHECK(worst_render < 2e-7);
    CHECK(worst_value < 1e-8);
}

TEST_CASE("the instantaneous frequency rises exponentially", "[sweep]") {
    auto s = make_sweep(small_sweep());
    REQUIRE(s.ok());
    // Measure the local period from zero crossings around t = 0.6 s.
    const double fs = 48000, t = 0.6;
    const std::size_t i0 = s->sweep_offset + static_cast<std::size_t>(t * fs);
    std::vector<double> crossings;
    for (std::size_t i = i0; i < i0 + 2000 && crossings.size() < 12; ++i) {
        const double a = s->signal[i], b = s->signal[i + 1];
        if (a <= 0 && b > 0) crossings.push_back(static_cast<double>(i) + a / (a - b));
    }
    REQUIRE(crossings.size() >= 2);
    const double f_measured = fs * (crossings.size() - 1) / (crossings.back() - crossings.front());
    const double t_mid = ((crossings.front() + crossings.back()) / 2 - s->sweep_offset) / fs;
    CHECK(f_measured == Approx(s->frequency_at(t_mid)).epsilon(0.01));
    CHECK(s->time_at(s->frequency_at(0.3)) == Approx(0.3));
    CHECK(s->harmonic_advance_s(2) == Approx(s->rate_s * std::log(2.0)));
}

TEST_CASE("bad sweep settings are refused with a reason", "[sweep]") {
    auto c = small_sweep();
    c.end_hz = 30000;
    CHECK_FALSE(make_sweep(c).ok());
    c = small_sweep();
    c.fade_in_s = 0.001;
    auto r = make_sweep(c);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.message(), Catch::Contains("5 ms"));
    c = small_sweep();
    c.level_dbfs = 3;
    CHECK_FALSE(make_sweep(c).ok());
}

TEST_CASE("deconvolving a delayed sweep puts the impulse at the delay, to a fraction of a sample", "[sweep][delay]") {
    auto s = make_sweep(small_sweep());
    REQUIRE(s.ok());
    const std::size_t n = fft::good_size(s->total_length());
    for (double delay : {0.0, 1.0, 733.0, 2000.25, 4000.5}) {
        // Delay by a fractional amount through the frequency domain.
        fft::RealFft<double> fft(n);
        std::vector<double> x(n, 0.0);
        std::copy(s->signal.begin(), s->signal.end(), x.begin());
        std::vector<std::complex<double>> X(fft.bins());
        fft.forward(x.data(), X.data());
        for (std::size_t k = 0; k < X.size(); ++k) X[k] *= std::polar(1.0 / n, -2 * M_PI * k * delay / n);
        X.back() = X.back().real();
        fft.inverse(X.data(), x.data());
        std::vector<float> capture(s->total_length());
        for (std::size_t i = 0; i < capture.size(); ++i) capture[i] = static_cast<float>(0.3 * x[i]);
        BandMask mask;
        const std::vector<float> ir = impulse_response(*s, capture, n, mask);
        std::size_t peak = 0;
        double energy = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::abs(ir[i]) > std::abs(ir[peak])) peak = i;
            energy += static_cast<double>(ir[i]) * ir[i];
        }
        // A parabola through |ir| at the peak and its neighbours.
        const double y0 = std::abs(ir[(peak + n - 1) % n]), y1 = std::abs(ir[peak]), y2 = std::abs(ir[(peak + 1) % n]);
        const double found = static_cast<double>(peak) + 0.5 * (y0 - y2) / (y0 - 2.0 * y1 + y2);
        INFO("delay " << delay);
        CHECK(found == Approx(delay).margin(0.2));
        CHECK(gain_to_db(y1 / std::sqrt(energy / static_cast<double>(n))) > 40.0);
    }
}

TEST_CASE("the regularised inverse recovers a flat response inside the band", "[sweep]") {
    auto s = make_sweep(small_sweep());
    REQUIRE(s.ok());
    const std::size_t n = fft::good_size(s->total_length());
    BandMask mask;
    const std::vector<float> irf = impulse_response(*s, s->signal, n, mask);
    std::vector<double> f = {15, 30, 100, 1000, 10000, 15000};
    FdwConfig fdw;
    fdw.max_window_s = 0.7;  // 17 τ of the mask's 10 Hz high-pass
    const auto h = fdw_spectrum(irf, 48000, f, fdw);
    for (std::size_t i = 0; i < f.size(); ++i) {
        INFO(f[i] << " Hz");
        const auto flat = h[i] / mask.at(f[i]);
        // 3e-4: what is left at 1.5x the start frequency of the two-sided
        // regularisation ramp an octave below, after the high-pass's 24 dB.
        CHECK(std::abs(flat) == Approx(1.0).epsilon(3e-4));
        CHECK(std::abs(std::arg(flat)) < 3e-4);
    }
    // Outside the band the inverse does not amplify: 3 octaves below the start.
    const auto out = fdw_spectrum(irf, 48000, std::vector<double>{1.25}, fdw);
    CHECK(std::abs(out[0]) < 0.01);
}

TEST_CASE("harmonic distortion lands before the linear response and the window rejects it", "[sweep][distortion]") {
    auto s = make_sweep(small_sweep());
    REQUIRE(s.ok());
    // A memoryless nonlinearity: y = x + 0.2·x² (2nd harmonic at −20 dB re x at this level).
    std::vector<float> y(s->signal.size());
    const double gain = 1.0 / dbfs_to_peak_fs(-6.0);
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double x = s->signal[i] * gain;
        y[i] = static_cast<float>((x + 0.2 * x * x) / gain);
    }
    const std::size_t n = fft::good_size(s->total_length());
    BandMask mask;
    const std::vector<float> ir = impulse_response(*s, y, n, mask);
    // The second-harmonic response: an energy burst L·ln2 before t = 0.
    const auto advance = static_cast<std::size_t>(std::llround(s->harmonic_advance_s(2) * 48000));
    double burst = 0.0, quiet = 0.0;
    for (std::size_t i = n - advance - 200; i < n - advance + 200; ++i) burst = std::max(burst, static_cast<double>(std::abs(ir[i])));
    for (std::size_t i = n - advance / 2 - 200; i < n - advance / 2 + 200; ++i) quiet = std::max(quiet, static_cast<double>(std::abs(ir[i])));
    CHECK(burst > 100.0 * quiet);
    // Windowed around t = 0, the linear part reads exactly 1 (the x² term
    // also adds DC and nothing else at the fundamental).
    const std::vector<float>& irf = ir;
    std::vector<double> f = {50, 200, 1000, 5000};
    FdwConfig fdw;
    fdw.max_window_s = 0.5;  // the harmonic sits 0.09 s before t = 0, outside the 5 ms pre-window
    const auto h = fdw_spectrum(irf, 48000, f, fdw);
    for (std::size_t i = 0; i < f.size(); ++i) {
        INFO(f[i] << " Hz");
        CHECK(std::abs(h[i] / mask.at(f[i])) == Approx(1.0).epsilon(1e-3));
    }
}
