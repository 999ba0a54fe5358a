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

SweepInverse::SweepInverse(const Sweep& sweep, std::size_t n)
    : n_(n),
      sample_rate_hz_(sweep.config.sample_rate_hz),
      band_lo_hz_(sweep.config.start_hz),
      band_hi_hz_(sweep.config.end_hz),
      spectrum_(n / 2) {
    if (n < 4 || n % 2 != 0 || sweep.sweep_offset + sweep.sweep_length > n)
        throw std::invalid_argument("SweepInverse: the transform must be even and hold the whole sweep");
    sweep.render(reinterpret_cast<float*>(spectrum_.data()) + sweep.sweep_offset);
    fft::real_forward_in_place(fft::ComplexFft<float>(n / 2, fft::Direction::forward), spectrum_.data());
    for (std::size_t k = 1; k < n / 2; ++k) peak_power_ = std::max(peak_power_, static_cast<double>(std::norm(spectrum_[k])));
}

std::complex<double> SweepInverse::at(std::size_t k) const {
    const double f = bin_to_hz(static_cast<double>(k), n_, sample_rate_hz_);
    const std::complex<double> x = spectrum_[k];
    return std::conj(x) / (std::norm(x) + peak_power_ * inverse_regularisation(f, band_lo_hz_, band_hi_hz_));
}

}  // namespace zb
