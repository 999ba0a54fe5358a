#include "measure/impedance_distortion.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "dsp/deconvolution.h"
#include "dsp/fft.h"
#include "dsp/log_grid.h"
#include "util/printf_string.h"
#include "util/units.h"

namespace zb {

namespace {

// Sample m of a window of `length` samples that rises over its first
// `rise` samples and falls over its last quarter (half-Hann edges).
double window_weight(long m, long length, long rise) {
    const long fall = length / 4;
    if (m < rise) return 0.5 - 0.5 * std::cos(std::numbers::pi * (static_cast<double>(m) + 0.5) / static_cast<double>(rise));
    if (m >= length - fall) return 0.5 - 0.5 * std::cos(std::numbers::pi * (static_cast<double>(length - m) - 0.5) / static_cast<double>(fall));
    return 1.0;
}

// ir[start, start + length) (circular) under that window, contiguous.
std::vector<double> windowed_segment(const std::vector<double>& ir, long start, long length, long rise) {
    const long n = static_cast<long>(ir.size());
    std::vector<double> out(static_cast<std::size_t>(length));
    for (long m = 0; m < length; ++m) out[static_cast<std::size_t>(m)] = window_weight(m, length, rise) * ir[static_cast<std::size_t>(((start + m) % n + n) % n)];
    return out;
}

// |DFT| of x at frequency_hz (any frequency, not only a bin's), by the
// Goertzel recurrence: one multiply and two adds per sample. y[n] = s[n] −
// e^{−jω}·s[n−1] equals e^{jωn}·Σ_{k≤n} x[k]·e^{−jωk}, so |y[N−1]| = |X(ω)|.
double dft_magnitude(const std::vector<double>& x, double frequency_hz, double fs) {
    const double omega = 2.0 * std::numbers::pi * frequency_hz / fs;
    const double coefficient = 2.0 * std::cos(omega);
    double s1 = 0.0, s2 = 0.0;
    for (double v : x) {
        const double s0 = v + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return std::abs(std::complex<double>(s1, 0.0) - std::polar(1.0, -omega) * s2);
}

}  // namespace

bool CurrentDistortion::clear_of_noise(std::size_t i, int harmonic) const {
    const auto& h = harmonic == 2 ? h2_percent : h3_percent;
    const auto& floor = harmonic == 2 ? h2_floor_percent : h3_floor_percent;
    return floor.empty() || h[i] > 3.0 * floor[i];
}

std::optional<CurrentDistortion> current_distortion(const float* x, std::size_t frames, const SweepConfig& stimulus,
                                                    double latency_samples, double fmin_hz, double fmax_hz, const QuietNoise* noise) {
    auto sweep = make_sweep(stimulus);
    if (!sweep) return std::nullopt;
    const double fs = stimulus.sample_rate_hz;
    const double rate_s = sweep->rate_s;
    const double pre = 0.05 * rate_s * fs, post = 0.35 * rate_s * fs;
    const double f_lo = std::max(fmin_hz, 3.0 / (2.0 * 0.35 * rate_s));
    const double f_hi = std::min(fmax_hz, stimulus.end_hz / 1.15) / 3.0;
    if (!(f_hi > 1.05 * f_lo) || post < 16.0) return std::nullopt;

    std::vector<float> current(frames);
    for (std::size_t i = 0; i < frames; ++i) current[i] = x[2 * i] - x[2 * i + 1];
    const std::size_t nfft = fft::good_size(frames + static_cast<std::size_t>(fs));
    const InverseFilter inverse = make_inverse_filter(*sweep, nfft);
    const std::vector<double> ir = deconvolve(current, inverse);

    const long rise = std::lround(pre);
    // Each response's window sits at the same place for every frequency: cut once.
    auto harmonic_segment = [&](int k) {
        const double centre = latency_samples - sweep->harmonic_advance_s(k) * fs;
        return windowed_segment(ir, std::lround(centre - pre), std::lround(pre + post), rise);
    };
    const std::vector<double> h2_segment = harmonic_segment(2), h3_segment = harmonic_segment(3);
    // The noise's magnitude in a harmonic reading at frequency_hz (header).
    double window_energy = 0.0;
    for (long m = 0, length = std::lround(pre + post); m < length; ++m) window_energy += std::pow(window_weight(m, length, rise), 2);
    auto noise_magnitude = [&](double frequency_hz) {
        const double s_d = 0.5 * fs * (noise->density_at(noise->density_a, frequency_hz) + noise->density_at(noise->density_b, frequency_hz));
        const auto k = static_cast<std::size_t>(std::lround(hz_to_bin(frequency_hz, nfft, fs)));
        return std::sqrt(s_d * window_energy) * std::abs(inverse.spectrum[std::min(k, inverse.spectrum.size() - 1)]);
    };
    // The linear response rings at the resonance: its window runs 1 s.
    const std::vector<double> linear_segment =
        windowed_segment(ir, std::lround(latency_samples - pre), std::lround(pre + std::max(post, fs)), rise);
    CurrentDistortion d;
    for (double f : make_log_grid({f_lo, f_hi, 6})) {
        const double h1 = dft_magnitude(linear_segment, f, fs);
        if (!(h1 > 0.0)) continue;
        d.frequency_hz.push_back(f);
        d.h2_percent.push_back(100.0 * dft_magnitude(h2_segment, 2.0 * f, fs) / h1);
        d.h3_percent.push_back(100.0 * dft_magnitude(h3_segment, 3.0 * f, fs) / h1);
        if (noise) {
            d.h2_floor_percent.push_back(100.0 * noise_magnitude(2.0 * f) / h1);
            d.h3_floor_percent.push_back(100.0 * noise_magnitude(3.0 * f) / h1);
        }
        const std::size_t i = d.frequency_hz.size() - 1;
        if (d.clear_of_noise(i, 2) && d.h2_percent[i] > d.max_h2_percent) {
            d.max_h2_percent = d.h2_percent[i];
            d.max_h2_frequency_hz = f;
        }
        if (d.clear_of_noise(i, 3) && d.h3_percent[i] > d.max_h3_percent) {
            d.max_h3_percent = d.h3_percent[i];
            d.max_h3_frequency_hz = f;
        }
    }
    if (d.frequency_hz.empty()) return std::nullopt;
    return d;
}

void warn_drive_level(const CurrentDistortion& d, std::vector<std::string>& warnings) {
    std::size_t worst = 0;
    double worst_thd = 0.0;
    for (std::size_t i = 0; i < d.frequency_hz.size(); ++i) {
        const double thd = std::hypot(d.clear_of_noise(i, 2) ? d.h2_percent[i] : 0.0, d.clear_of_noise(i, 3) ? d.h3_percent[i] : 0.0);
        if (thd > worst_thd) {
            worst_thd = thd;
            worst = i;
        }
    }
    if (!(worst_thd > kDriveDistortionWarnPercent)) return;
    warnings.push_back(printf_string("the current through the driver has %.2g %% harmonic distortion at %.3g Hz (H2 %.2g %%, H3 %.2g %%; "
                                     "above %.3g %% the T/S are no longer small-signal figures): lower {level} "
                                     "(6 dB lower about halves H2 and quarters H3)",
                                     worst_thd, d.frequency_hz[worst], d.h2_percent[worst], d.h3_percent[worst],
                                     kDriveDistortionWarnPercent));
}

}  // namespace zb
