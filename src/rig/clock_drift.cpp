#include "rig/clock_drift.h"

#include <cmath>
#include <numbers>
#include <vector>

namespace zb {

namespace {

constexpr int kZeroCrossings = 32;  // each side
constexpr int kPhases = 512;        // table points per zero crossing
constexpr double kBeta = 9.0;

double bessel_i0(double x) {
    // Power series; converges fast for the arguments here (x ≤ 9).
    double sum = 1.0, term = 1.0;
    for (int k = 1; k < 50; ++k) {
        term *= (x / (2.0 * k)) * (x / (2.0 * k));
        sum += term;
        if (term < 1e-17 * sum) break;
    }
    return sum;
}

// kernel[i] = sinc(i / kPhases)·kaiser, i = 0 … kZeroCrossings·kPhases (+1 guard).
const std::vector<double>& kernel() {
    static const std::vector<double> table = [] {
        const int n = kZeroCrossings * kPhases;
        std::vector<double> k(static_cast<std::size_t>(n) + 2, 0.0);
        const double i0_beta = bessel_i0(kBeta);
        for (int i = 0; i <= n; ++i) {
            const double x = static_cast<double>(i) / kPhases;
            const double r = x / kZeroCrossings;
            const double sinc = i == 0 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
            k[static_cast<std::size_t>(i)] = sinc * bessel_i0(kBeta * std::sqrt(std::max(0.0, 1.0 - r * r))) / i0_beta;
        }
        return k;
    }();
    return table;
}

double kernel_at(const std::vector<double>& k, double x) {
    const double p = std::abs(x) * kPhases;
    const auto i = static_cast<std::size_t>(p);
    const double f = p - static_cast<double>(i);
    return k[i] + f * (k[i + 1] - k[i]);
}

}  // namespace

void sample_on_drifting_clock(std::span<const double> v, double clock_ppm, std::int64_t latency_samples,
                              std::span<float> out) {
    const std::vector<double>& k = kernel();
    const double rate = 1.0 / (1.0 + clock_ppm * 1e-6);
    const auto size = static_cast<std::int64_t>(v.size());
    for (std::size_t n = 0; n < out.size(); ++n) {
        const double tau = static_cast<double>(n) * rate - static_cast<double>(latency_samples);
        const auto centre = static_cast<std::int64_t>(std::floor(tau));
        double sum = 0.0;
        for (std::int64_t m = centre - kZeroCrossings + 1; m <= centre + kZeroCrossings; ++m) {
            if (m < 0 || m >= size) continue;
            sum += v[static_cast<std::size_t>(m)] * kernel_at(k, tau - static_cast<double>(m));
        }
        out[n] = static_cast<float>(sum);
    }
}

}  // namespace zb
