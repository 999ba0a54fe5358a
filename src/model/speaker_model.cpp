#include "model/speaker_model.h"

#include "util/units.h"

namespace zb {

std::complex<double> speaker_impedance(const SpeakerParams& p, double frequency_hz) {
    const double omega = kTwoPi * frequency_hz;
    const std::complex<double> jw(0.0, omega);
    std::complex<double> z = p.re_ohm + jw * p.le_h;
    if (p.l2_h > 0.0 && p.r2_ohm > 0.0) z += (jw * p.l2_h * p.r2_ohm) / (jw * p.l2_h + p.r2_ohm);
    const std::complex<double> x = jw / (kTwoPi * p.fs_hz);
    const double res_ohm = p.re_ohm * p.qms / p.qes;
    z += res_ohm * (x / p.qms) / (x * x + x / p.qms + 1.0);
    return z;
}

}  // namespace zb
