#include "dsp/band_mask.h"

#include <algorithm>
#include <cmath>

namespace zb {

std::complex<double> butterworth_highpass(double frequency_hz, double corner_hz, int order) {
    const std::complex<double> s(0.0, frequency_hz / corner_hz);
    std::complex<double> h = 1.0;
    for (int k = 0; k < order / 2; ++k) {
        const double theta = M_PI * (2.0 * k + 1.0) / (2.0 * order);
        const double inv_q = 2.0 * std::sin(theta);
        h *= s * s / (s * s + s * inv_q + 1.0);
    }
    if (order % 2 == 1) h *= s / (s + 1.0);
    return h;
}

double gaussian_edge_lowpass(double frequency_hz, double center_hz, double sigma_hz) {
    return 0.5 * std::erfc((frequency_hz - center_hz) / (std::sqrt(2.0) * sigma_hz));
}

std::complex<double> BandMask::at(double f) const {
    const std::complex<double> hp =
        highpass_order == 4 ? ButterworthHighpass4(highpass_corner_hz)(f) : butterworth_highpass(f, highpass_corner_hz, highpass_order);
    // The edge is 1 to within 1e-10 more than 6.5 σ below its centre, and
    // below 7e-16 more than 8 σ above it: no erfc call there.
    if (f < lowpass_center_hz - 6.5 * lowpass_sigma_hz) return hp;
    if (f > lowpass_center_hz + 8.0 * lowpass_sigma_hz) return 0.0;
    return hp * gaussian_edge_lowpass(f, lowpass_center_hz, lowpass_sigma_hz);
}

double BandMask::pre_ring_s() const { return 8.0 / (2.0 * M_PI * lowpass_sigma_hz); }

BandMask make_band_mask(double band_lo_hz, double band_hi_hz, double fmax_hz, double fs) {
    BandMask m;
    m.highpass_corner_hz = band_lo_hz;
    const double top = std::min(band_hi_hz, 0.5 * fs);
    m.lowpass_center_hz = 0.5 * (fmax_hz + top);
    m.lowpass_sigma_hz = std::max((m.lowpass_center_hz - fmax_hz) / 5.0, 1e-6 * fs);
    return m;
}

}  // namespace zb
