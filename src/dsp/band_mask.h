// Band-limiting responses for transfer-function estimates.
//
// A measured transfer function is only valid where the stimulus had energy.
// Outside that band the estimate is noise, and noise spread over all bins
// comes back into every windowed impulse response, so the band must be
// masked. The mask's own impulse response must fit inside the analysis
// window, and is divided out again afterwards:
//  - the low edge is a causal 4th-order Butterworth high-pass at the band's
//    lower end, whose response decays within a few periods of its corner
//    (τ ≈ 2Q/ω_c, 83 ms at 5 Hz) and never reaches before t = 0;
//  - the high edge is zero-phase with a Gaussian transition centred between
//    the highest frequency wanted and the band's upper end (σ = a fifth of
//    the gap). Its impulse response is a burst of width σ_t = 1/(2πσ), a
//    fraction of a millisecond, symmetric about t = 0.
// A zero-phase low edge would instead spread an impulse response of ~1/Δf
// seconds on both sides of t = 0, which no short pre-window can hold.
#pragma once

#include <complex>

namespace zb {

// H(s) of an order-n Butterworth high-pass with corner `corner_hz`, s = jf/fc.
std::complex<double> butterworth_highpass(double frequency_hz, double corner_hz, int order);

// 0.5·erfc((f − center)/(√2·σ)): 1 well below center, 0 well above, real.
double gaussian_edge_lowpass(double frequency_hz, double center_hz, double sigma_hz);

// The 4th-order Butterworth high-pass in polynomial form, for evaluating it
// on every bin of a long spectrum: with x = f/fc, s = jx,
//   H = x⁴ / ((x⁴ − a2·x² + 1) + j(a1·x − a3·x³)),  a1 = a3 = 2.6131, a2 = 3.4142.
// Equals butterworth_highpass(f, fc, 4).
class ButterworthHighpass4 {
public:
    explicit ButterworthHighpass4(double corner_hz) : inv_fc_(1.0 / corner_hz) {}
    std::complex<double> operator()(double frequency_hz) const {
        const Parts p = parts(frequency_hz);
        const double g = p.x4 / (p.dr * p.dr + p.di * p.di);  // x⁴·conj(D)/|D|², no library division
        return {p.dr * g, -p.di * g};
    }
    // H = x⁴·(dr − j·di)/(dr² + di²), for a caller that folds the division
    // into one of its own.
    struct Parts {
        double x4, dr, di;
    };
    Parts parts(double frequency_hz) const {
        const double x = frequency_hz * inv_fc_, x2 = x * x;
        return {x2 * x2, x2 * x2 - kA2 * x2 + 1.0, kA1 * x - kA1 * x2 * x};
    }

private:
    static constexpr double kA1 = 2.6131259297527531;  // 2(cos π/8 + cos 3π/8)
    static constexpr double kA2 = 3.4142135623730951;  // 2 + √2
    double inv_fc_;
};

struct BandMask {
    double highpass_corner_hz = 5.0;
    int highpass_order = 4;
    double lowpass_center_hz = 21500.0;
    double lowpass_sigma_hz = 300.0;

    std::complex<double> at(double frequency_hz) const;
    // How far before t = 0 the high edge's burst reaches (8 σ_t): the
    // minimum pre-window.
    double pre_ring_s() const;
};

// Mask for data valid in [band_lo, band_hi], to be read up to fmax < band_hi
// (band_hi is capped at half the sample rate).
BandMask make_band_mask(double band_lo_hz, double band_hi_hz, double fmax_hz, double sample_rate_hz);

}  // namespace zb
