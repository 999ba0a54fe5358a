#include "ts/added_mass.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/units.h"

namespace zb {

Result<AddedMassResult> added_mass_fit(const std::vector<MassPoint>& points) {
    if (points.size() < 2 || points[0].mass_kg != 0.0) return make_error("added mass: need the free-air curve and at least one mass");
    const double fs0 = points[0].fs_hz.value;
    for (std::size_t k = 1; k < points.size(); ++k) {
        if (!(points[k].mass_kg > 0.0)) return make_error("added mass: mass ", k, " must be above 0 g");
        if (!(points[k].fs_hz.value < fs0))
            return make_error("added mass: with ", points[k].mass_kg * 1e3, " g the resonance (", points[k].fs_hz.value,
                              " Hz) is not below the free-air one (", fs0, " Hz); check that the mass was on the cone and the files are paired right");
    }
    AddedMassResult r;
    r.points = points;
    for (std::size_t k = 1; k < points.size(); ++k) {
        const double ratio = fs0 / points[k].fs_hz.value;
        r.single_mms_kg.push_back(points[k].mass_kg / (ratio * ratio - 1.0));
    }

    // Weighted least squares y = a + b·m, y = 1/ω².
    const std::size_t n = points.size();
    std::vector<double> x(n), y(n), w(n);
    bool weighted = true;
    for (std::size_t k = 0; k < n; ++k) {
        const double omega = kTwoPi * points[k].fs_hz.value;
        x[k] = points[k].mass_kg;
        y[k] = 1.0 / (omega * omega);
        const double sy = 2.0 * points[k].fs_hz.relative() * y[k];
        w[k] = 1.0 / (sy * sy);
        if (!(sy > 0.0) || !std::isfinite(w[k])) weighted = false;
    }
    if (!weighted) std::fill(w.begin(), w.end(), 1.0);
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t k = 0; k < n; ++k) {
        sw += w[k], sx += w[k] * x[k], sy += w[k] * y[k], sxx += w[k] * x[k] * x[k], sxy += w[k] * x[k] * y[k];
    }
    const double det = sw * sxx - sx * sx;
    const double b = (sw * sxy - sx * sy) / det;
    const double a = (sxx * sy - sx * sxy) / det;
    if (!(b > 0.0) || !(a > 0.0)) return make_error("added mass: the resonance shifts do not give a positive mass and compliance");
    // Covariance of (a, b): (XᵀWX)⁻¹, scaled by the reduced χ² if > 1 (or,
    // unweighted, by the scatter itself).
    double chi2 = 0.0;
    for (std::size_t k = 0; k < n; ++k) chi2 += w[k] * std::pow(y[k] - a - b * x[k], 2);
    const double dof = static_cast<double>(n) - 2.0;
    r.chi2_per_dof = dof > 0 ? chi2 / dof : 0.0;
    double scale = 1.0;
    if (!weighted) scale = dof > 0 ? r.chi2_per_dof : (n == 2 ? 0.0 : std::numeric_limits<double>::infinity());
    else if (dof > 0) scale = std::max(1.0, r.chi2_per_dof);
    const double var_a = scale * sxx / det, var_b = scale * sw / det, cov_ab = -scale * sx / det;

    r.cms_m_per_n = {b, std::sqrt(var_b)};
    const double mms = a / b;
    // ln Mms = ln a − ln b.
    const double var_ln_mms = var_a / (a * a) + var_b / (b * b) - 2.0 * cov_ab / (a * b);
    r.mms_kg = {mms, mms * std::sqrt(std::max(var_ln_mms, 0.0))};
    return r;
}

}  // namespace zb
