#include "dsp/window.h"

#include <cmath>

namespace zb {

namespace {

std::vector<double> cosine_sum(std::size_t n, std::span<const double> a) {
    std::vector<double> w(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = 2.0 * M_PI * static_cast<double>(i) / static_cast<double>(n);
        double v = 0.0;
        double sign = 1.0;
        for (std::size_t k = 0; k < a.size(); ++k, sign = -sign) v += sign * a[k] * std::cos(static_cast<double>(k) * x);
        w[i] = v;
    }
    return w;
}

}  // namespace

std::vector<double> make_window(WindowKind kind, std::size_t n) {
    switch (kind) {
        case WindowKind::rectangular: return std::vector<double>(n, 1.0);
        case WindowKind::hann: {
            constexpr double a[] = {0.5, 0.5};
            return cosine_sum(n, a);
        }
        case WindowKind::blackman_harris: {  // 4-term, -92 dB sidelobes
            constexpr double a[] = {0.35875, 0.48829, 0.14128, 0.01168};
            return cosine_sum(n, a);
        }
        case WindowKind::flat_top: {  // scalloping loss < 0.01 dB
            constexpr double a[] = {0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368};
            return cosine_sum(n, a);
        }
    }
    return std::vector<double>(n, 1.0);
}

std::string_view window_name(WindowKind kind) {
    switch (kind) {
        case WindowKind::rectangular: return "rectangular";
        case WindowKind::hann: return "hann";
        case WindowKind::blackman_harris: return "blackman-harris";
        case WindowKind::flat_top: return "flat-top";
    }
    return "?";
}

WindowProperties window_properties(std::span<const double> w) {
    double sum = 0.0, sum_sq = 0.0;
    for (double v : w) {
        sum += v;
        sum_sq += v * v;
    }
    WindowProperties p;
    if (w.empty() || sum == 0.0) return p;
    const double n = static_cast<double>(w.size());
    p.coherent_gain = sum / n;
    p.enbw_bins = n * sum_sq / (sum * sum);
    return p;
}

double half_cosine_rise(std::size_t i, std::size_t length) {
    if (length == 0) return 1.0;
    return 0.5 - 0.5 * std::cos(M_PI * (static_cast<double>(i) + 0.5) / static_cast<double>(length));
}

}  // namespace zb
