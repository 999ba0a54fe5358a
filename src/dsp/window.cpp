#include "dsp/window.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace zb {

namespace {

// w[i] = Σ_k (−1)^k a_k cos(2πki/n).
std::vector<double> cosine_sum(std::size_t n, std::span<const double> a) {
    std::vector<double> w(n, a.empty() ? 0.0 : a[0]), term(n);
    double sign = -1.0;
    for (std::size_t k = 1; k < a.size(); ++k, sign = -sign) {
        fill_cosines(0.0, 2.0 * M_PI * static_cast<double>(k) / static_cast<double>(n), term);
        for (std::size_t i = 0; i < n; ++i) w[i] += sign * a[k] * term[i];
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

void fill_cosines(double offset_rad, double step_rad, std::span<double> out) {
    constexpr std::size_t kRestart = 64;
    const std::complex<double> rotation(std::cos(step_rad), std::sin(step_rad));
    for (std::size_t k0 = 0; k0 < out.size(); k0 += kRestart) {
        const double phase = offset_rad + static_cast<double>(k0) * step_rad;
        std::complex<double> p(std::cos(phase), std::sin(phase));
        const std::size_t end = std::min(out.size(), k0 + kRestart);
        for (std::size_t k = k0; k < end; ++k) {
            out[k] = p.real();
            p = {p.real() * rotation.real() - p.imag() * rotation.imag(), p.real() * rotation.imag() + p.imag() * rotation.real()};
        }
    }
}

std::vector<double> half_cosine_rise_table(std::size_t length) {
    std::vector<double> w(length);
    fill_cosines(M_PI * 0.5 / static_cast<double>(length), M_PI / static_cast<double>(length), w);
    for (double& v : w) v = 0.5 - 0.5 * v;
    return w;
}

double half_cosine_rise(std::size_t i, std::size_t length) {
    if (length == 0) return 1.0;
    return 0.5 - 0.5 * std::cos(M_PI * (static_cast<double>(i) + 0.5) / static_cast<double>(length));
}

}  // namespace zb
