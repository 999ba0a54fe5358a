#include "calibration/curve_smoothing.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace zb::calibration {

ComplexCurve smooth_log_polynomial(const ComplexCurve& c, double width_octaves, int degree) {
    const std::size_t n = c.size();
    degree = std::clamp(degree, 0, 3);
    const auto terms = static_cast<std::size_t>(degree) + 1;
    if (n < terms + 1 || !(width_octaves > 0.0)) return c;

    // ln(value), phase unwrapped.
    std::vector<double> x(n), mag(n), phase(n);
    double previous = 0.0, offset = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = std::log2(c.frequency_hz[i]);
        mag[i] = std::log(std::max(std::abs(c.value[i]), 1e-300));
        double p = std::arg(c.value[i]);
        if (i > 0) {
            while (p + offset - previous > std::numbers::pi) offset -= 2.0 * std::numbers::pi;
            while (p + offset - previous < -std::numbers::pi) offset += 2.0 * std::numbers::pi;
        }
        phase[i] = p + offset;
        previous = phase[i];
    }

    ComplexCurve out;
    out.frequency_hz = c.frequency_hz;
    out.value.resize(n);
    const double half = 0.5 * width_octaves;
    std::size_t lo = 0, hi = 0;  // window [lo, hi)
    for (std::size_t i = 0; i < n; ++i) {
        // The window ±half around x[i], slid inwards at the ends so it keeps its width.
        double left = x[i] - half, right = x[i] + half;
        if (left < x.front()) {
            right += x.front() - left;
            left = x.front();
        }
        if (right > x.back()) {
            left -= right - x.back();
            right = x.back();
        }
        while (lo < n && x[lo] < left - 1e-12) ++lo;
        while (lo > 0 && x[lo - 1] >= left - 1e-12) --lo;
        hi = std::max(hi, lo);
        while (hi < n && x[hi] <= right + 1e-12) ++hi;
        while (hi > lo && x[hi - 1] > right + 1e-12) --hi;
        if (hi - lo < terms) {
            out.value[i] = c.value[i];
            continue;
        }
        // Least squares in u = (x − x[i]) / half: the fitted value at the point is the constant term.
        const auto m = static_cast<Eigen::Index>(hi - lo);
        Eigen::MatrixXd design(m, static_cast<Eigen::Index>(terms));
        Eigen::MatrixXd rhs(m, 2);
        for (Eigen::Index r = 0; r < m; ++r) {
            const std::size_t j = lo + static_cast<std::size_t>(r);
            const double u = (x[j] - x[i]) / half;
            double p = 1.0;
            for (std::size_t t = 0; t < terms; ++t, p *= u) design(r, static_cast<Eigen::Index>(t)) = p;
            rhs(r, 0) = mag[j];
            rhs(r, 1) = phase[j];
        }
        const Eigen::MatrixXd coef = design.colPivHouseholderQr().solve(rhs);
        out.value[i] = std::polar(std::exp(coef(0, 0)), coef(0, 1));
    }
    return out;
}

}  // namespace zb::calibration
