// The voice coil's lossy inductance: the part of a driver's blocked
// impedance above Re. Two models, chosen by the fit's residual or the user.
//
//  - LR-2: Zl(jω) = jωLe + (jωL2·R2)/(jωL2 + R2). The rig's own model
//    (model/speaker_model.h); L2‖R2 stands for the eddy currents in the pole
//    piece. Units: H, H, Ω.
//  - Wright: Zl(ω) = Krm·ω^Erm + j·Kxm·ω^Exm, with ω in rad/s (J. R. Wright,
//    "An empirical model for loudspeaker motor impedance", JAES 38(10),
//    1990). Krm in Ω/(rad/s)^Erm, Kxm in Ω/(rad/s)^Exm, exponents unitless.
//    It follows the semi-inductance of real motors (|Zl| rising at
//    ω^0.6–0.9, not ω) over a wider band than LR-2.
#pragma once

#include <complex>
#include <string_view>

namespace zb {

enum class InductanceModel { lr2, wright };

std::string_view inductance_model_name(InductanceModel model);  // "LR-2", "Wright"
std::string_view inductance_model_key(InductanceModel model);   // "lr2", "wright"

struct Lr2Inductance {
    double le_h = 0.0;
    double l2_h = 0.0;
    double r2_ohm = 0.0;
};

struct WrightInductance {
    double krm_ohm = 0.0;  // Ω at ω = 1 rad/s
    double erm = 0.0;
    double kxm_ohm = 0.0;  // Ω at ω = 1 rad/s
    double exm = 0.0;
};

std::complex<double> lr2_impedance(const Lr2Inductance& l, double omega_rad_s);
std::complex<double> wright_impedance(const WrightInductance& l, double omega_rad_s);

}  // namespace zb
