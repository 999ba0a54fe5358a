// The R_ref divider with the imperfections calibration removes, in
// dimensionless form (model/divider.h draws the circuit):
//
//   drive ──●A── R_ref ──●B── leads Z_l ── DUT Z
//                        │
//                    input B, Y_in
//
// Input B reads node B with a gain and phase G(f) relative to input A
// (the channel mismatch). With t = T/G the true ratio V_B/V_A,
//
//   (1 − t)/t = R·Y_B,   Y_B = Y_in + 1/(Z_l + Z)        (R: the true R_ref)
//
// so with y = R·Y_in (input B's loading) and l = Z_l/R (the leads), both
// dimensionless,
//
//   Z = R · ( 1/((1 − t)/t − y) − l ).
//
// Every quantity stays relative to R until the reference step fixes R, which
// is why the steps can be done in any order. Input A's own loading never
// matters (A is measured, not assumed).
//
// Models (each fitted by linear least squares, calibration/open_leads.h and
// short_leads.h):
//   y(f) = g + j·2πf·c    input B: a resistance R/g in parallel with c/R farads
//   l(f) = r + j·2πf·ℓ    the leads: r·R ohms in series with ℓ·R henries
#pragma once

#include <complex>
#include <numbers>
#include <span>

namespace zb::calibration {

struct ShuntModel {  // y = R·Y_in
    double g = 0.0;
    double c_s = 0.0;  // c, seconds
    std::complex<double> at(double frequency_hz) const { return {g, 2.0 * std::numbers::pi * frequency_hz * c_s}; }
};

struct SeriesModel {  // l = Z_leads / R
    double r = 0.0;
    double l_s = 0.0;  // ℓ, seconds
    std::complex<double> at(double frequency_hz) const { return {r, 2.0 * std::numbers::pi * frequency_hz * l_s}; }
};

// (1 − t)/t: R times node B's whole admittance.
inline std::complex<double> node_b_admittance(std::complex<double> t) { return (1.0 - t) / t; }

// Least squares of w(f) ≈ a + j·2πf·b over the points with f in [lo, hi]:
// a = mean(Re w), b = Σω·Im w / Σω² (Re and Im are independent unknowns, so
// the fit is two one-parameter regressions). Standard errors from the
// residuals. Unbiased whenever the noise in w has zero mean, which holds
// when w is linear in the measured ratio (see the open step).
struct LinearFit {
    double a = 0.0, b = 0.0;
    double se_a = 0.0, se_b = 0.0;
    std::size_t points = 0;
};
LinearFit fit_constant_plus_reactive(std::span<const double> frequency_hz, std::span<const std::complex<double>> w,
                                     double lo_hz, double hi_hz);

// The band every divider fit uses: 20 Hz to 20 kHz, within the measured curve.
inline constexpr double kFitLowHz = 20.0;
inline constexpr double kFitHighHz = 20000.0;

}  // namespace zb::calibration
