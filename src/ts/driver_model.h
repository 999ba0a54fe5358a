// A driver's free-air impedance as the T/S fit sees it:
//
//   Z(jω) = Re + Zl(ω) + Zmot(jω)
//   Zmot  = Res·(x/Qms)/(x² + x/Qms + 1),   x = jω/ωs,   Res = Re·Qms/Qes
//
// with Zl one of the lossy-inductance models in ts/lossy_inductance.h
// (Small, "Direct-radiator loudspeaker system analysis", JAES 20(5), 1972).
// With the LR-2 inductance this is exactly model/speaker_model.h.
//
// Creep variant: the suspension's compliance follows the LOG model of
// Knudsen & Jensen (JAES 41(1/2), 1993; ts/creep.h), c(jω) = 1 − β·ln(jω/ωs),
// normalised so that fs stays the zero of Im Zmech, Cms is Ceq(ωs) and
// Re Zmot(fs) = Res (Qms, Qes keep their meaning at fs):
//   1/Zmot = (Qms/Res)·[x + 1/Qms + (1 + k²)/(x·c) − k],
//   c = 1 − β·ln(ω/ωs) − j·k,   k = β·π/2
// (β = 0 gives the plain model). The constant part of the mechanical
// resistance is then Rms·(1 − k·Qms): creep brings loss of its own.
//
// The fit works on a parameter vector θ of logarithms, so every physical
// quantity stays positive and its relative uncertainty is the standard error
// of its θ entry:
//   θ = [ln Re, ln fs, ln Qms, ln Res, inductance...]
//   LR-2:   ln Le, ln L2, ln R2
//   Wright: ln Krm, Erm, ln Kxm, Exm   (the exponents are not logged)
//   creep:  β appended (not logged)
// Res (the motional peak height) replaces Qes in θ: it decouples the motional
// branch from Re, which conditions the Jacobian; Qes = Re·Qms/Res after.
// Units: Ω, H, Hz.
#pragma once

#include <complex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ts/lossy_inductance.h"

namespace zb {

struct DriverParams {
    InductanceModel model = InductanceModel::lr2;
    double re_ohm = 0.0;
    double fs_hz = 0.0;
    double qms = 0.0;
    double qes = 0.0;
    Lr2Inductance lr2;        // when model == lr2
    WrightInductance wright;  // when model == wright
    bool creep = false;       // LOG creep in the compliance, factor creep_beta
    double creep_beta = 0.0;

    double res_ohm() const { return re_ohm * qms / qes; }
    double qts() const { return qms * qes / (qms + qes); }
};

std::complex<double> driver_impedance(const DriverParams& p, double frequency_hz);
std::string driver_model_name(const DriverParams& p);  // "LR-2", "Wright + LOG creep"
std::string driver_model_key(const DriverParams& p);   // "lr2", "wright_creep"

// The log-parameter vector θ.
namespace theta {
inline constexpr int kRe = 0, kFs = 1, kQms = 2, kRes = 3, kInductance = 4;
}
int theta_size(InductanceModel model);  // without creep
int theta_size(const DriverParams& p);   // with β when p.creep
std::string_view theta_name(InductanceModel model, int index);  // "Re", "fs", ..., "Krm", "Erm"
bool theta_is_log(InductanceModel model, int index);           // false for Erm, Exm, β
std::vector<double> to_theta(const DriverParams& p);
DriverParams from_theta(InductanceModel model, std::span<const double> theta);  // creep when θ holds β

// θ decoded once (the exponentials), then Z and dZ/dθ_k at any ω. The fit
// evaluates hundreds of points per θ, so this keeps exp() out of the loop.
class DriverModelEval {
public:
    DriverModelEval(InductanceModel model, std::span<const double> theta);  // creep when θ holds β
    std::complex<double> z(double omega_rad_s, double ln_omega) const;
    // Also fills gradient[k] = dZ/dθ_k (gradient.size() == theta_size).
    std::complex<double> z_gradient(double omega_rad_s, double ln_omega, std::span<std::complex<double>> gradient) const;

private:
    InductanceModel model_;
    bool creep_ = false;
    double re_, res_, inv_ws_, inv_qms_, ln_ws_, beta_ = 0.0;
    double a_, b_, c_;  // LR-2: Le, L2, R2; Wright: ln Krm, Erm, ln Kxm (and d_ = Exm)
    double d_ = 0.0;
};

}  // namespace zb
