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

SweepInverse::SweepInverse(const Sweep& sweep, std::size_t n) : n_(n), inverse_(n / 2) {
    if (n < 4 || n % 2 != 0 || sweep.sweep_offset + sweep.sweep_length > n)
        throw std::invalid_argument("SweepInverse: the transform must be even and hold the whole sweep");
    sweep.render(reinterpret_cast<float*>(inverse_.data()) + sweep.sweep_offset);
    fft::real_forward_in_place(fft::ComplexFft<float>(n / 2, fft::Direction::forward), inverse_.data());
    double peak_power = 0.0;
    for (std::size_t k = 1; k < n / 2; ++k) peak_power = std::max(peak_power, static_cast<double>(std::norm(inverse_[k])));
    // ε is constant from an octave below the band to its top: evaluated only outside.
    const double fs = sweep.config.sample_rate_hz, lo = sweep.config.start_hz, hi = sweep.config.end_hz;
    const double in_band_eps = peak_power * inverse_regularisation(0.5 * (lo + hi), lo, hi);
    for (std::size_t k = 1; k < n / 2; ++k) {
        const double f = bin_to_hz(static_cast<double>(k), n, fs);
        const double eps = f >= 0.5 * lo && f <= hi ? in_band_eps : peak_power * inverse_regularisation(f, lo, hi);
        const double xr = inverse_[k].real(), xi = inverse_[k].imag();
        const double g = 1.0 / (xr * xr + xi * xi + eps);
        inverse_[k] = {static_cast<float>(xr * g), static_cast<float>(-xi * g)};
    }
    inverse_[0] = 0.0f;
}

}  // namespace zb
