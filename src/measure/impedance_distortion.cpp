#include "measure/impedance_distortion.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <span>

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

// The real parts of ir[start, start + length) (circular) under that window, contiguous.
std::vector<double> windowed_segment(std::span<const std::complex<float>> ir, long start, long length, long rise) {
    const long n = static_cast<long>(ir.size());
    std::vector<double> out(static_cast<std::size_t>(length));
    for (long m = 0; m < length; ++m)
        out[static_cast<std::size_t>(m)] = window_weight(m, length, rise) * ir[static_cast<std::size_t>(((start + m) % n + n) % n)].real();
    return out;
}

// |DFT| of x at each of `frequencies_hz` (any frequency, not only a bin's),
// by the Goertzel recurrence: one multiply and two adds per sample. y[n] =
// s[n] − e^{−jω}·s[n−1] equals e^{jωn}·Σ_{k≤n} x[k]·e^{−jωk}, so
// |y[N−1]| = |X(ω)|. Sixteen frequencies share each pass over x: their
// recurrences are independent, so they run side by side.
std::vector<double> dft_magnitudes(const std::vector<double>& x, const std::vector<double>& frequencies_hz, double fs) {
    constexpr std::size_t kLanes = 16;
    std::vector<double> out(frequencies_hz.size());
    for (std::size_t j0 = 0; j0 < frequencies_hz.size(); j0 += kLanes) {
        double omega[kLanes] = {}, coefficient[kLanes], s1[kLanes] = {}, s2[kLanes] = {};
        for (std::size_t w = 0; w < kLanes; ++w) {
            if (j0 + w < frequencies_hz.size()) omega[w] = 2.0 * std::numbers::pi * frequencies_hz[j0 + w] / fs;
            coefficient[w] = 2.0 * std::cos(omega[w]);
        }
        for (double v : x) {
            for (std::size_t w = 0; w < kLanes; ++w) {
                const double s0 = v + coefficient[w] * s1[w] - s2[w];
                s2[w] = s1[w];
                s1[w] = s0;
            }
        }
        for (std::size_t w = 0; w < kLanes && j0 + w < frequencies_hz.size(); ++w)
            out[j0 + w] = std::abs(std::complex<double>(s1[w], 0.0) - std::polar(1.0, -omega[w]) * s2[w]);
    }
    return out;
}

}  // namespace

bool CurrentDistortion::clear_of_noise(std::size_t i, int harmonic) const {
    const auto& h = harmonic == 2 ? h2_percent : h3_percent;
    const auto& floor = harmonic == 2 ? h2_floor_percent : h3_floor_percent;
    return floor.empty() || h[i] > 3.0 * floor[i];
}

std::optional<CurrentDistortion> current_distortion(const std::complex<float>* z, std::size_t nfft, const SweepConfig& stimulus,
                                                    double latency_samples, double fmin_hz, double fmax_hz, const QuietNoise* noise) {
    auto sweep = describe_sweep(stimulus);
    if (!sweep || nfft < 4 || sweep->sweep_offset + sweep->sweep_length > nfft) return std::nullopt;
    const double fs = stimulus.sample_rate_hz;
    const double rate_s = sweep->rate_s;
    const double pre = 0.05 * rate_s * fs, post = 0.35 * rate_s * fs;
    const double f_lo = std::max(fmin_hz, 3.0 / (2.0 * 0.35 * rate_s));
    const double f_hi = std::min(fmax_hz, stimulus.end_hz / 1.15) / 3.0;
    // Around the circle, the linear response's window ends where H3's begins.
    const double linear_length = std::min(pre + std::max(post, fs), static_cast<double>(nfft) - sweep->harmonic_advance_s(3) * fs);
    if (!(f_hi > 1.05 * f_lo) || post < 16.0 || linear_length < pre + post) return std::nullopt;
    const std::vector<double> grid = make_log_grid({f_lo, f_hi, 6});

    fft::AlignedVector<std::complex<float>> buf(nfft);
    SweepDeconvolution deconvolution(*sweep, buf);
    const std::size_t half = nfft / 2;
    // The noise's magnitude in a harmonic reading at frequency f (header),
    // read before the deconvolution overwrites the inverse filter.
    std::vector<double> h2_noise, h3_noise;
    if (noise) {
        double window_energy = 0.0;
        const long length = std::lround(pre + post), rise = std::lround(pre);
        for (long m = 0; m < length; ++m) window_energy += std::pow(window_weight(m, length, rise), 2);
        auto noise_magnitude = [&](double f) {
            const double s_d = 0.5 * fs * (noise->density_at(noise->density_a, f) + noise->density_at(noise->density_b, f));
            const auto k = std::min(static_cast<std::size_t>(std::lround(hz_to_bin(f, nfft, fs))), half);
            return std::sqrt(s_d * window_energy) * std::abs(deconvolution.inverse_at(k));
        };
        for (double f : grid) {
            h2_noise.push_back(noise_magnitude(2.0 * f));
            h3_noise.push_back(noise_magnitude(3.0 * f));
        }
    }
    // The current, A − B, from the transform of A + jB.
    deconvolution.deconvolve([z, nfft](std::size_t k) {
        const std::complex<double> zk = z[k], zc = std::conj(std::complex<double>(z[nfft - k]));
        return 0.5 * (zk + zc) - std::complex<double>(0.0, -0.5) * (zk - zc);
    });

    const long rise = std::lround(pre);
    // Each response's window sits at the same place for every frequency: cut once.
    auto harmonic_segment = [&](int k) {
        const double centre = latency_samples - sweep->harmonic_advance_s(k) * fs;
        return windowed_segment(buf, std::lround(centre - pre), std::lround(pre + post), rise);
    };
    std::vector<double> f2(grid.size()), f3(grid.size());
    for (std::size_t i = 0; i < grid.size(); ++i) f2[i] = 2.0 * grid[i], f3[i] = 3.0 * grid[i];
    const std::vector<double> h1 = dft_magnitudes(windowed_segment(buf, std::lround(latency_samples - pre), std::lround(linear_length), rise), grid, fs);
    const std::vector<double> h2 = dft_magnitudes(harmonic_segment(2), f2, fs), h3 = dft_magnitudes(harmonic_segment(3), f3, fs);
    CurrentDistortion d;
    for (std::size_t j = 0; j < grid.size(); ++j) {
        if (!(h1[j] > 0.0)) continue;
        d.frequency_hz.push_back(grid[j]);
        d.h2_percent.push_back(100.0 * h2[j] / h1[j]);
        d.h3_percent.push_back(100.0 * h3[j] / h1[j]);
        if (noise) {
            d.h2_floor_percent.push_back(100.0 * h2_noise[j] / h1[j]);
            d.h3_floor_percent.push_back(100.0 * h3_noise[j] / h1[j]);
        }
        const std::size_t i = d.frequency_hz.size() - 1;
        if (d.clear_of_noise(i, 2) && d.h2_percent[i] > d.max_h2_percent) {
            d.max_h2_percent = d.h2_percent[i];
            d.max_h2_frequency_hz = grid[j];
        }
        if (d.clear_of_noise(i, 3) && d.h3_percent[i] > d.max_h3_percent) {
            d.max_h3_percent = d.h3_percent[i];
            d.max_h3_frequency_hz = grid[j];
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
