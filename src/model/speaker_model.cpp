#include "model/speaker_model.h"

#include <cmath>

#include "util/units.h"

namespace zb {

std::complex<double> speaker_impedance(const SpeakerParams& p, double frequency_hz) {
    const double omega = kTwoPi * frequency_hz;
    const std::complex<double> jw(0.0, omega);
    std::complex<double> z = p.re_ohm + jw * p.le_h;
    if (p.l2_h > 0.0 && p.r2_ohm > 0.0) z += (jw * p.l2_h * p.r2_ohm) / (jw * p.l2_h + p.r2_ohm);
    const std::complex<double> x = jw / (kTwoPi * p.fs_hz);
    const double res_ohm = p.re_ohm * p.qms / p.qes;
    if (p.creep_beta > 0.0) {
        if (!(omega > 0.0)) return z;  // at DC the motional branch is a short (0 Ω); ln(1 + ω0/0) is not defined
        const double omega0 = kTwoPi * (p.creep_f0_hz > 0.0 ? p.creep_f0_hz : 1.5 * p.fs_hz);
        const std::complex<double> c = 1.0 + p.creep_beta * std::log(1.0 + omega0 / jw);
        z += res_ohm / (p.qms * x + 1.0 + p.qms / (x * c));
    } else {
        z += res_ohm * (x / p.qms) / (x * x + x / p.qms + 1.0);
    }
    return z;
}

}  // namespace zb
