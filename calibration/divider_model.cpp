#include "calibration/divider_model.h"

#include <cmath>

namespace zb::calibration {

LinearFit fit_constant_plus_reactive(std::span<const double> f, std::span<const std::complex<double>> w, double lo,
                                     double hi) {
    LinearFit fit;
    double sum_re = 0.0, sum_wi = 0.0, sum_ww = 0.0;
    for (std::size_t i = 0; i < f.size() && i < w.size(); ++i) {
        if (f[i] < lo || f[i] > hi) continue;
        const double omega = 2.0 * std::numbers::pi * f[i];
        sum_re += w[i].real();
        sum_wi += omega * w[i].imag();
        sum_ww += omega * omega;
        ++fit.points;
    }
    if (fit.points < 2) return fit;
    const auto n = static_cast<double>(fit.points);
    fit.a = sum_re / n;
    fit.b = sum_wi / sum_ww;
    double ss_re = 0.0, ss_im = 0.0;
    for (std::size_t i = 0; i < f.size() && i < w.size(); ++i) {
        if (f[i] < lo || f[i] > hi) continue;
        const double omega = 2.0 * std::numbers::pi * f[i];
        ss_re += std::pow(w[i].real() - fit.a, 2);
        ss_im += std::pow(w[i].imag() - omega * fit.b, 2);
    }
    fit.se_a = std::sqrt(ss_re / (n - 1.0) / n);
    fit.se_b = std::sqrt(ss_im / (n - 1.0) / sum_ww);
    return fit;
}

}  // namespace zb::calibration
