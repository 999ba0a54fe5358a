#include "dsp/deconvolution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "util/units.h"

namespace zb {

double inverse_regularisation(double f, double band_lo_hz, double band_hi_hz) {
    constexpr double kTransitionOctaves = 0.5;
    constexpr double kInBandEps = 1e-10;  // numerical floor only
    constexpr double kOutBandEps = 1e-1;  // strong enough to silence empty bands
    const double lo = 0.5 * band_lo_hz;
    double octaves = 0.0;
    if (f < lo) octaves = f <= 0.0 ? kTransitionOctaves : std::log2(lo / f);
    else if (f > band_hi_hz) octaves = std::log2(f / band_hi_hz);
    else return kInBandEps;
    const double w = octaves >= kTransitionOctaves ? 1.0 : 0.5 - 0.5 * std::cos(M_PI * octaves / kTransitionOctaves);
    return kInBandEps + (kOutBandEps - kInBandEps) * w;
}

SweepDeconvolution::SweepDeconvolution(const Sweep& sweep, fft::AlignedVector<std::complex<float>>& buffer)
    : buffer_(buffer),
      sample_rate_hz_(sweep.config.sample_rate_hz),
      band_lo_hz_(sweep.config.start_hz),
      band_hi_hz_(sweep.config.end_hz),
      mask_(make_band_mask(sweep.config.start_hz, sweep.config.end_hz, sweep.config.end_hz / 1.15, sweep.config.sample_rate_hz)) {
    const std::size_t n = buffer_.size();
    if (n < 4 || n % 2 != 0 || sweep.sweep_offset + sweep.sweep_length > n)
        throw std::invalid_argument("SweepDeconvolution: the buffer must be even and hold the whole sweep");
    sweep.render(reinterpret_cast<float*>(buffer_.data() + sweep.sweep_offset), 2);
    fft::ComplexFft<float>(n, fft::Direction::forward).execute(buffer_.data(), buffer_.data());
    for (std::size_t k = 1; k < n / 2; ++k) peak_power_ = std::max(peak_power_, static_cast<double>(std::norm(buffer_[k])));
}

std::complex<double> SweepDeconvolution::inverse_at(std::size_t k) const {
    const double f = bin_to_hz(static_cast<double>(k), buffer_.size(), sample_rate_hz_);
    const std::complex<double> x = buffer_[k];
    return mask_.at(f) * std::conj(x) / (std::norm(x) + peak_power_ * inverse_regularisation(f, band_lo_hz_, band_hi_hz_));
}

void SweepDeconvolution::deconvolve(const std::function<std::complex<double>(std::size_t)>& capture) {
    const std::size_t n = buffer_.size(), half = n / 2;
    const double scale = 1.0 / static_cast<double>(n);
    // Y·X⁻¹ written back as a Hermitian spectrum (a real response); the
    // mask's high-pass is 0 at DC and its edge 0 at half the sample rate.
    for (std::size_t k = 1; k < half; ++k) {
        const auto y = std::complex<float>(scale * capture(k) * inverse_at(k));
        buffer_[k] = y;
        buffer_[n - k] = std::conj(y);
    }
    buffer_[0] = buffer_[half] = 0.0f;
    fft::ComplexFft<float>(n, fft::Direction::inverse).execute(buffer_.data(), buffer_.data());
}

}  // namespace zb
