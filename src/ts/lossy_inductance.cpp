#include "ts/lossy_inductance.h"

#include <cmath>

namespace zb {

std::string_view inductance_model_name(InductanceModel model) { return model == InductanceModel::lr2 ? "LR-2" : "Wright"; }
std::string_view inductance_model_key(InductanceModel model) { return model == InductanceModel::lr2 ? "lr2" : "wright"; }

std::complex<double> lr2_impedance(const Lr2Inductance& l, double omega_rad_s) {
    const std::complex<double> jw(0.0, omega_rad_s);
    std::complex<double> z = jw * l.le_h;
    if (l.l2_h > 0.0 && l.r2_ohm > 0.0) z += (jw * l.l2_h * l.r2_ohm) / (jw * l.l2_h + l.r2_ohm);
    return z;
}

std::complex<double> wright_impedance(const WrightInductance& l, double omega_rad_s) {
    return {l.krm_ohm * std::pow(omega_rad_s, l.erm), l.kxm_ohm * std::pow(omega_rad_s, l.exm)};
}

}  // namespace zb
