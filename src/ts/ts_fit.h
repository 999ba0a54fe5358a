// Nonlinear least-squares fit of a driver's complex free-air impedance
// (ts/driver_model.h) with Levenberg–Marquardt (MINPACK's lmder as ported to
// Eigen's unsupported NonLinearOptimization module; analytic Jacobian).
//
// Residual: the complex relative error (Zmodel − Zmeasured)/|Zmeasured|,
// real and imaginary parts, each point weighted by √(the log-frequency width
// it covers, capped at 1/12 octave). The fit is then the same on a log grid
// of any density or on a linear grid (LS10-44: 0.5 Hz steps), and the
// resonance and the inductive rise count alike: an absolute error would fit
// the 40 Ω peak and ignore the 6 Ω floor. Points denser than 192 per octave
// are averaged in 1/192-octave bins first.
// Reported residual: √(Σ w²·|ΔZ/Z|² / Σ w²), an RMS relative error (0.01 = 1 %).
//
// Start: the three-point estimate for Re, fs, Qms, Qes; the inductance from
// the curve above 10·fs once the estimated motional part is removed (a
// log-log regression for Wright; a few LR-2 starts). Stage 1 fits the
// inductance alone on that band; stage 2 frees everything (except Re when
// the user gave it) over the whole band [fmin, fmax]: that sets the
// inductance reported. The resonance figures come from the same two stages
// run on the shape band [fmin, 10·fs] (fs from the three-point start),
// whatever fmax is (stage 2 also starts from the whole band's solution there,
// and keeps the better: LR-2 on a narrow band has local minima), then
// stage 3: Re, fs, Qms, Res and the inductance's scale (LR-2: Le; Wright: Krm, Kxm), its shape held, over the T/S band
// [fmin, 2.5·fs]. So fmax cannot move Re, fs, Qms or Qes: on real drivers
// the semi-inductance's shape fitted up to 20 kHz differs from the one up
// to 2 kHz, and its real part (Krm·ω^Erm, Erm 0.3–1) trades with Re in the
// T/S band (up to 4 % in Re and 8 % in Qes on the reference tweeters). An
// fmax below 10·fs is therefore exceeded for the resonance figures (the
// analysis warns). The parameters are logarithms (positivity), clamped to
// a wide box around the start. `residual` is the T/S band's,
// `full_band_residual` the whole band's.
//
// Uncertainty: C = s²·(JᵀJ)⁻¹ at the solution, s² = SSR/(2N − p), the usual
// asymptotic covariance of a least-squares fit (the T/S band's for the
// resonance figures, the whole band's for the inductance's shape), then
// widened for model error in two ways: by (1 + ρ)/(1 − ρ) with ρ the lag-1
// autocorrelation of the T/S band's residual (model error is smooth, so its
// residuals are not independent), and, when both inductance models were
// fitted, by half the two models' difference in Re, fs, Qms and Qes added in
// quadrature. All figures are 1 σ.
//
// Model choice: with ModelChoice::automatic both inductance models are fitted
// and the one with the smaller Akaike criterion is kept, AIC = n·ln(SSR/n)
// + 2p (n real residual terms, p the model's parameters), taken on the shape
// band's stage 2: the band the resonance figures come from, wide enough for
// the inductance to show, and out of fmax's reach (chosen on the whole band,
// the tweeters' Re moved by up to 2.9 % between fmax 2 and 20 kHz as the
// choice flipped). On the T/S band alone the two models are both small
// corrections to Re and noise would choose (a 3-parameter LR-2 driver of the
// rig was read as Wright in 2 of 40 runs).
//
// Creep: with ModelChoice::automatic (or `creep` with a fixed model) each
// inductance model also gets its LOG-creep variant (ts/driver_model.h):
// refitted on the shape band from the plain fit with β = 0.03, at most 150
// evaluations per stage, the whole band's inductance kept from the plain
// fit; it is chosen by the same criterion, its extra parameter counted.
#pragma once

#include <array>
#include <limits>
#include <span>
#include <optional>
#include <string>
#include <vector>

#include "model/impedance_curve.h"
#include "ts/driver_model.h"
#include "ts/three_point.h"
#include "util/result.h"

namespace zb {

// The T/S band's top, × fs: the resonance and its skirts, where the
// inductance is a small correction.
inline constexpr double kTsBandTopRatio = 2.5;
// The shape band's top, × fs (the three-point fs): the band that sets the
// inductance's shape and the model for the resonance figures, whatever fmax
// is. 10 is the smallest factor at which Re meets the curves' low-frequency
// floor on the reference woofers (SIG120-4: −9.4 % at 5, −3.7 % at 7, 0.1 %
// at 10); higher, a semi-inductance misfit at kHz starts to pull Re again
// (LS10-44, whose 1 Hz floor is measured: 0.05 % at 10, −1.5 % at 15,
// −2.6 % at 20). docs/accuracy.md has the table.
inline constexpr double kShapeBandTopRatio = 10.0;

enum class ModelChoice { automatic, lr2, wright };

struct TsFitOptions {
    ModelChoice model = ModelChoice::automatic;
    bool creep = false;  // with lr2 or wright: the LOG-creep variant of that model (automatic tries both)
    std::optional<double> re_ohm;  // DC resistance from a meter: held fixed
    double fmin_hz = 0.0;          // fit band (the curve's band by default)
    double fmax_hz = std::numeric_limits<double>::infinity();
};

struct ModelFit {
    DriverParams params;
    double residual = std::numeric_limits<double>::quiet_NaN();
    bool converged = false;
    bool at_bound = false;           // Re, fs, Qms or Res ended on its box limit: the fit is suspect
    std::vector<double> theta_sigma; // 1 σ of each θ entry (0 fixed, +inf not identifiable)
    // Covariance of [ln Re, ln fs, ln Qms, ln Qes], row-major.
    std::array<double, 16> log_cov{};
    int evaluations = 0;
    double full_band_residual = std::numeric_limits<double>::quiet_NaN();  // the whole-band stage
    double residual_correlation = 0.0;  // lag-1 autocorrelation of the T/S band's residual
    bool model_spread = false;   // the other inductance model's figures are in the uncertainty
    double choice_aic = std::numeric_limits<double>::quiet_NaN();  // Akaike criterion the model was chosen by

    // 1 σ of θ's quantity in its own unit (Ω, Hz, H, ...).
    double sigma(int theta_index) const;
    // Variance of Σ c_k·ln q_k over q = [Re, fs, Qms, Qes].
    double log_variance(const std::array<double, 4>& coefficients) const;
    double qes_sigma() const;
    double qts_sigma() const;
};

struct TsFit {
    ModelFit chosen;
    std::vector<ModelFit> candidates;  // every model tried (the chosen one included)
    std::size_t points = 0;
    double fmin_hz = 0.0, fmax_hz = 0.0;  // the whole-band fit (inductance)
    std::size_t ts_points = 0;
    double ts_fmin_hz = 0.0, ts_fmax_hz = 0.0;  // the T/S band (Re, fs, Qms, Qes)
    double shape_fmax_hz = 0.0;  // top of the band that set the inductance's shape for them
};

// `source` names the curve in errors.
// `noise_sigma_fraction`, when it has one value per point of `curve`, is the
// measurement's 1σ relative noise of |Z| (measure/impedance_uncertainty.h):
// each point's weight is divided by √(1 + σ²/σ_m²), σ_m = 0.3 % the model
// error a noise-free curve leaves, so noisy points count less and a quiet
// measurement is fitted as without it.
Result<TsFit> fit_driver(const ImpedanceCurve& curve, const ThreePointEstimate& start, const TsFitOptions& options,
                         const std::string& source, std::span<const double> noise_sigma_fraction = {});

}  // namespace zb
