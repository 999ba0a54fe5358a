#include "measure/impedance_distortion.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <numbers>
#include <utility>

#include "dsp/fft.h"
#include "dsp/log_grid.h"
#include "dsp/window.h"
#include "util/printf_string.h"
#include "util/units.h"

namespace zb {

namespace {

// A window of `length` samples that rises over its first `rise` samples and
// falls over its last quarter (half-Hann edges).
std::vector<double> edge_window(long length, long rise) {
    std::vector<double> w(static_cast<std::size_t>(length), 1.0);
    const auto fall = half_cosine_rise_table(static_cast<std::size_t>(length / 4));
    for (std::size_t j = 0; j < fall.size(); ++j) w[w.size() - 1 - j] = fall[j];
    const auto up = half_cosine_rise_table(static_cast<std::size_t>(std::min(rise, length)));
    std::copy(up.begin(), up.end(), w.begin());
    return w;
}

// The imaginary parts of z[start, start + window.size()) (circular, n
// points) under the window, contiguous.
std::vector<double> windowed_segment(const std::complex<float>* z, long n, long start, const std::vector<double>& window) {
    std::vector<double> out(window.size());
    auto i = static_cast<std::size_t>((start % n + n) % n);
    for (std::size_t m = 0; m < window.size(); ++m, ++i) {
        if (i == static_cast<std::size_t>(n)) i = 0;
        out[m] = window[m] * z[i].imag();
    }
    return out;
}

// |DFT| of x at each of `frequencies_hz` (any frequency, not only a bin's),
// by the Goertzel recurrence s[n] = x[n] + 2cos ω·s[n−1] − s[n−2]: one
// multiply and two adds per sample. y[n] = s[n] − e^{−jω}·s[n−1] equals
// e^{jωn}·Σ_{k≤n} x[k]·e^{−jωk}, so |y[N−1]| = |X(ω)|. Sixteen frequencies
// share each pass over x: their recurrences are independent, so they run
// side by side, two samples per step so that s[n−1] and s[n−2] trade places
// instead of being copied. x[n] − s[n−2] is summed first, off the chain
// through s[n−1], which is then one multiply and one add long.
std::vector<double> dft_magnitudes(const std::vector<double>& x, const std::vector<double>& frequencies_hz, double fs) {
    constexpr std::size_t kLanes = 16;
    std::vector<double> out(frequencies_hz.size());
    for (std::size_t j0 = 0; j0 < frequencies_hz.size(); j0 += kLanes) {
        double omega[kLanes] = {}, coefficient[kLanes], s1[kLanes] = {}, s2[kLanes] = {};
        for (std::size_t w = 0; w < kLanes; ++w) {
            if (j0 + w < frequencies_hz.size()) omega[w] = 2.0 * std::numbers::pi * frequencies_hz[j0 + w] / fs;
            coefficient[w] = 2.0 * std::cos(omega[w]);
        }
        std::size_t i = 0;
        for (; i + 1 < x.size(); i += 2) {
            const double x0 = x[i], x1 = x[i + 1];
            // Two loops, not one: each is a plain lane loop that compilers vectorize.
            for (std::size_t w = 0; w < kLanes; ++w) s2[w] = (x0 - s2[w]) + coefficient[w] * s1[w];
            for (std::size_t w = 0; w < kLanes; ++w) s1[w] = (x1 - s1[w]) + coefficient[w] * s2[w];
        }
        if (i < x.size()) {
            for (std::size_t w = 0; w < kLanes; ++w) {
                s2[w] = x[i] + coefficient[w] * s1[w] - s2[w];
                std::swap(s1[w], s2[w]);
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

std::optional<CurrentDistortionCheck> CurrentDistortionCheck::plan(const Sweep& sweep, std::size_t nfft, double fmin_hz,
                                                                   double fmax_hz) {
    if (nfft < 4 || nfft % 2 != 0 || sweep.sweep_offset + sweep.sweep_length > nfft) return std::nullopt;
    const double fs = sweep.config.sample_rate_hz;
    const double pre = 0.05 * sweep.rate_s * fs, post = 0.35 * sweep.rate_s * fs;
    const double f_lo = std::max(fmin_hz, 3.0 / (2.0 * 0.35 * sweep.rate_s));
    const double f_hi = std::min(fmax_hz, sweep.config.end_hz / 1.15) / 3.0;
    // Around the circle, the linear response's window ends where H3's begins.
    const double linear_length = std::min(pre + std::max(post, fs), static_cast<double>(nfft) - sweep.harmonic_advance_s(3) * fs);
    if (!(f_hi > 1.05 * f_lo) || post < 16.0 || linear_length < pre + post) return std::nullopt;
    CurrentDistortionCheck check(sweep, nfft);
    // The points sit on the bins of the linear response's transform, within
    // half a bin of 6 per octave (bins of 0.73 Hz when the window holds 1 s
    // at 48 kHz).
    check.linear_fft_size_ = std::bit_ceil(static_cast<std::size_t>(std::lround(linear_length)));
    const double bin_hz = fs / static_cast<double>(check.linear_fft_size_);
    const auto bin_lo = static_cast<std::size_t>(std::ceil(f_lo / bin_hz)), bin_hi = static_cast<std::size_t>(f_hi / bin_hz);
    for (const double f : make_log_grid({f_lo, f_hi, 6})) {
        const auto k = std::clamp(static_cast<std::size_t>(std::lround(f / bin_hz)), bin_lo, bin_hi);
        if (check.linear_bins_.empty() || k > check.linear_bins_.back()) {
            check.linear_bins_.push_back(k);
            check.grid_hz_.push_back(static_cast<double>(k) * bin_hz);
        }
    }
    check.pre_ = pre;
    check.post_ = post;
    check.linear_length_ = linear_length;
    return check;
}

std::optional<CurrentDistortion> CurrentDistortionCheck::read(const std::complex<float>* z, double latency_samples,
                                                              const BandMask& mask, const QuietNoise* noise) const {
    const double fs = sweep_.config.sample_rate_hz;
    const auto nfft = static_cast<long>(inverse_.size());
    const long rise = std::lround(pre_), harmonic_length = std::lround(pre_ + post_);
    // Each response's window sits at the same place for every frequency: cut once.
    const auto linear_window = edge_window(std::lround(linear_length_), rise);
    const auto harmonic_window = edge_window(harmonic_length, rise);
    auto response = [&](int k, const std::vector<double>& window) {
        const double centre = latency_samples - sweep_.harmonic_advance_s(k) * fs;
        return windowed_segment(z, nfft, std::lround(centre - pre_), window);
    };
    std::vector<double> f2(grid_hz_.size()), f3(grid_hz_.size());
    for (std::size_t i = 0; i < grid_hz_.size(); ++i) f2[i] = 2.0 * grid_hz_[i], f3[i] = 3.0 * grid_hz_[i];
    // H1 from one transform of the linear response (the points are its bins);
    // H2 and H3, at two and three times each point, by Goertzel.
    std::vector<double> h1(grid_hz_.size());
    {
        const std::vector<double> linear = response(1, linear_window);
        std::vector<float> padded(linear_fft_size_, 0.0f);
        std::copy(linear.begin(), linear.end(), padded.begin());
        std::vector<std::complex<float>> spectrum(linear_fft_size_ / 2 + 1);
        fft::RealFft<float>(linear_fft_size_).forward(padded.data(), spectrum.data());
        for (std::size_t j = 0; j < h1.size(); ++j) h1[j] = std::abs(std::complex<double>(spectrum[linear_bins_[j]]));
    }
    const std::vector<double> h2 = dft_magnitudes(response(2, harmonic_window), f2, fs);
    const std::vector<double> h3 = dft_magnitudes(response(3, harmonic_window), f3, fs);
    // The noise's magnitude in a harmonic reading at frequency f (header),
    // before the division by the mask.
    double window_energy = 0.0;
    for (double w : harmonic_window) window_energy += w * w;
    auto noise_magnitude = [&](double f) {
        const double s_d = 0.5 * fs * (noise->density_at(noise->density_a, f) + noise->density_at(noise->density_b, f));
        const auto k = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(hz_to_bin(f, inverse_.size(), fs))), 1,
                                               inverse_.size() / 2 - 1);
        return std::sqrt(s_d * window_energy) * std::abs(mask.at(f)) * std::abs(inverse_.at(k));
    };
    CurrentDistortion d;
    for (std::size_t j = 0; j < grid_hz_.size(); ++j) {
        const double f = grid_hz_[j];
        const double fundamental = h1[j] / std::abs(mask.at(f));
        if (!(fundamental > 0.0)) continue;
        const double m2 = std::abs(mask.at(2.0 * f)), m3 = std::abs(mask.at(3.0 * f));
        d.frequency_hz.push_back(f);
        d.h2_percent.push_back(100.0 * h2[j] / m2 / fundamental);
        d.h3_percent.push_back(100.0 * h3[j] / m3 / fundamental);
        if (noise) {
            d.h2_floor_percent.push_back(100.0 * noise_magnitude(2.0 * f) / m2 / fundamental);
            d.h3_floor_percent.push_back(100.0 * noise_magnitude(3.0 * f) / m3 / fundamental);
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
