#include "hum/welch.h"

#include <algorithm>
#include <cmath>

#include "util/units.h"

namespace zb {

double WelchSpectrum::bin_hz() const { return bin_to_hz(1.0, segment_size, sample_rate_hz); }
double WelchSpectrum::frequency_hz(double bin) const { return bin_to_hz(bin, segment_size, sample_rate_hz); }
double WelchSpectrum::bin_of(double frequency_hz) const { return hz_to_bin(frequency_hz, segment_size, sample_rate_hz); }

double main_lobe_half_width_bins(WindowKind kind) {
    switch (kind) {
        case WindowKind::rectangular: return 1.0;
        case WindowKind::hann: return 2.0;
        case WindowKind::blackman_harris: return 4.0;
        case WindowKind::flat_top: return 5.0;
    }
    return 5.0;
}

double welch_dof(std::span<const double> w, std::size_t hop, std::size_t segments) {
    if (segments == 0) return 0.0;
    double energy = 0.0;
    for (double v : w) energy += v * v;
    double sum = 0.0;
    const double k = static_cast<double>(segments);
    for (std::size_t j = 1; j < segments && j * hop < w.size(); ++j) {
        double c = 0.0;
        for (std::size_t t = 0; t + j * hop < w.size(); ++t) c += w[t] * w[t + j * hop];
        const double rho = c / energy;
        sum += (1.0 - static_cast<double>(j) / k) * rho * rho;
    }
    return 2.0 * k / (1.0 + 2.0 * sum);
}

std::size_t welch_segments(std::size_t frames, std::size_t segment_size, std::size_t hop) {
    if (segment_size == 0 || hop == 0 || frames < segment_size) return 0;
    return 1 + (frames - segment_size) / hop;
}

std::size_t welch_hop(std::size_t segment_size, double overlap) {
    const double o = std::clamp(overlap, 0.0, 0.95);
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(static_cast<double>(segment_size) * (1.0 - o))));
}

template <class Real>
WelchAccumulator<Real>::WelchAccumulator(std::size_t segment_size, WindowKind window)
    : n_(segment_size),
      window_d_(make_window(window, segment_size)),
      window_(segment_size),
      buffer_(segment_size),
      spectrum_(segment_size / 2 + 1),
      fft_(segment_size),
      sum_(segment_size / 2 + 1, 0.0),
      scratch_(segment_size / 2 + 1, 0.0) {
    double s = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
        window_[i] = static_cast<Real>(window_d_[i]);
        s += window_d_[i];
    }
    scale_ = 2.0 / (s * s);
    enbw_bins_ = window_properties(window_d_).enbw_bins;
    // Plan now (FFTW's planner must not run on an audio thread).
    std::fill(buffer_.begin(), buffer_.end(), Real(0));
    fft_.forward(buffer_.data(), spectrum_.data());
}

template <class Real>
template <class Out>
void WelchAccumulator<Real>::segment(const float* x, Out* out) {
    double mean = 0.0;
    for (std::size_t i = 0; i < n_; ++i) mean += x[i];
    mean /= static_cast<double>(n_);
    const Real m = static_cast<Real>(mean);
    for (std::size_t i = 0; i < n_; ++i) buffer_[i] = (static_cast<Real>(x[i]) - m) * window_[i];
    fft_.forward(buffer_.data(), spectrum_.data());
    const std::size_t h = n_ / 2;
    const Real scale = static_cast<Real>(scale_);
    for (std::size_t k = 1; k < h; ++k) out[k] = static_cast<Out>(scale * std::norm(spectrum_[k]));
    out[0] = static_cast<Out>(0.5 * scale * std::norm(spectrum_[0]));
    out[h] = static_cast<Out>(0.5 * scale * std::norm(spectrum_[h]));
}

template <class Real>
void WelchAccumulator<Real>::add(const float* x) {
    segment(x, scratch_.data());
    for (std::size_t k = 0; k < sum_.size(); ++k) sum_[k] += scratch_[k];
    ++count_;
}

template <class Real>
std::vector<double> WelchAccumulator<Real>::average() const {
    std::vector<double> p(sum_.size(), 0.0);
    if (count_ == 0) return p;
    const double inv = 1.0 / static_cast<double>(count_);
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = sum_[k] * inv;
    return p;
}

template <class Real>
void WelchAccumulator<Real>::reset() {
    std::fill(sum_.begin(), sum_.end(), 0.0);
    count_ = 0;
}

template class WelchAccumulator<float>;
template class WelchAccumulator<double>;
template void WelchAccumulator<float>::segment<float>(const float*, float*);
template void WelchAccumulator<float>::segment<double>(const float*, double*);
template void WelchAccumulator<double>::segment<float>(const float*, float*);
template void WelchAccumulator<double>::segment<double>(const float*, double*);

template <class Real>
std::vector<WelchSpectrum> welch_spectra(std::span<const std::span<const float>> records, double sample_rate_hz,
                                         const WelchConfig& config) {
    WelchAccumulator<Real> acc(config.segment_size, config.window);
    std::vector<WelchSpectrum> out;
    for (const auto x : records) {
        WelchSpectrum s;
        s.sample_rate_hz = sample_rate_hz;
        s.segment_size = config.segment_size;
        s.hop = welch_hop(config.segment_size, config.overlap);
        s.window = config.window;
        s.enbw_bins = acc.enbw_bins();
        const std::size_t segments = welch_segments(x.size(), s.segment_size, s.hop);
        // Centre the segments in the record: the unused tail is split evenly.
        const std::size_t used = segments ? s.segment_size + (segments - 1) * s.hop : 0;
        const std::size_t offset = (x.size() - used) / 2;
        acc.reset();
        for (std::size_t i = 0; i < segments; ++i) acc.add(x.data() + offset + i * s.hop);
        s.averages = segments;
        s.dof = welch_dof(acc.window(), s.hop, segments);
        s.power = acc.average();
        out.push_back(std::move(s));
    }
    return out;
}

template std::vector<WelchSpectrum> welch_spectra<float>(std::span<const std::span<const float>>, double, const WelchConfig&);
template std::vector<WelchSpectrum> welch_spectra<double>(std::span<const std::span<const float>>, double, const WelchConfig&);

WelchSpectrum welch_spectrum(std::span<const float> x, double sample_rate_hz, const WelchConfig& config) {
    const std::span<const float> records[1] = {x};
    return std::move(welch_spectra(records, sample_rate_hz, config).front());
}

std::size_t hum_segment_size(double sample_rate_hz, std::size_t frames) {
    const auto finest = fft::power_of_two_size(static_cast<std::size_t>(sample_rate_hz / 0.75));
    const auto coarsest = fft::power_of_two_size(static_cast<std::size_t>(std::ceil(sample_rate_hz / 5.0)));
    // At least 8 segments at 75 % overlap: frames >= N + 7·N/4.
    std::size_t n = finest;
    while (n > coarsest && static_cast<double>(frames) < 2.75 * static_cast<double>(n)) n /= 2;
    if (static_cast<double>(frames) < 2.75 * static_cast<double>(n)) return 0;
    return n;
}

}  // namespace zb
