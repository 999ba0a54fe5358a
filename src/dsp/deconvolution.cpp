#include "dsp/deconvolution.h"

#include <algorithm>
#include <cmath>

#include "dsp/fft.h"
#include "util/units.h"

namespace zb {

namespace {

std::vector<std::complex<double>> real_spectrum(std::span<const float> x, std::size_t fft_size) {
    fft::RealFft<double> fft(fft_size);
    std::vector<double> padded(fft_size, 0.0);
    std::copy_n(x.begin(), std::min(x.size(), fft_size), padded.begin());
    std::vector<std::complex<double>> spectrum(fft.bins());
    fft.forward(padded.data(), spectrum.data());
    return spectrum;
}

}  // namespace

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

InverseFilter make_inverse_filter(std::span<const float> stimulus, std::size_t fft_size, double sample_rate_hz,
                                  double band_lo_hz, double band_hi_hz, double fmax_hz) {
    InverseFilter inv;
    inv.fft_size = fft_size;
    inv.mask = make_band_mask(band_lo_hz, band_hi_hz, fmax_hz, sample_rate_hz);
    const auto X = real_spectrum(stimulus, fft_size);
    double peak_power = 0.0;
    for (const auto& v : X) peak_power = std::max(peak_power, std::norm(v));
    inv.spectrum.resize(X.size());
    for (std::size_t k = 0; k < X.size(); ++k) {
        const double f = bin_to_hz(static_cast<double>(k), fft_size, sample_rate_hz);
        const double eps = peak_power * inverse_regularisation(f, band_lo_hz, band_hi_hz);
        inv.spectrum[k] = inv.mask.at(f) * std::conj(X[k]) / (std::norm(X[k]) + eps);
    }
    return inv;
}

InverseFilter make_inverse_filter(const Sweep& sweep, std::size_t fft_size) {
    return make_inverse_filter(sweep.signal, fft_size, sweep.config.sample_rate_hz, sweep.config.start_hz,
                               sweep.config.end_hz, sweep.config.end_hz / 1.15);
}

std::vector<double> deconvolve(std::span<const float> capture, const InverseFilter& inverse) {
    const std::size_t n = inverse.fft_size;
    auto Y = real_spectrum(capture, n);
    for (std::size_t k = 0; k < Y.size(); ++k) Y[k] *= inverse.spectrum[k] / static_cast<double>(n);
    Y.front() = Y.front().real();
    Y.back() = Y.back().real();
    fft::RealFft<double> fft(n);
    std::vector<double> ir(n);
    fft.inverse(Y.data(), ir.data());
    return ir;
}

DelayEstimate estimate_delay(std::span<const float> capture, const InverseFilter& inverse,
                             std::size_t max_delay_samples) {
    const auto ir = deconvolve(capture, inverse);
    const std::size_t last = std::min(max_delay_samples, ir.size() - 2);
    std::size_t peak = 0;
    for (std::size_t i = 1; i <= last; ++i)
        if (std::abs(ir[i]) > std::abs(ir[peak])) peak = i;
    DelayEstimate est;
    est.delay_samples = static_cast<double>(peak);
    if (peak > 0) {
        // Parabola through |ir| at peak-1, peak, peak+1.
        const double y0 = std::abs(ir[peak - 1]), y1 = std::abs(ir[peak]), y2 = std::abs(ir[peak + 1]);
        const double denom = y0 - 2.0 * y1 + y2;
        if (denom < 0.0) est.delay_samples += std::clamp(0.5 * (y0 - y2) / denom, -0.5, 0.5);
    }
    double energy = 0.0;
    for (double v : ir) energy += v * v;
    const double rms = std::sqrt(energy / static_cast<double>(ir.size()));
    est.peak_to_rms_db = rms > 0.0 ? gain_to_db(std::abs(ir[peak]) / rms) : 0.0;
    return est;
}

}  // namespace zb
