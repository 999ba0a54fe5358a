#include "ts/creep.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "util/units.h"

namespace zb {

std::string_view creep_model_key(CreepModel model) {
    switch (model) {
        case CreepModel::none: return "none";
        case CreepModel::log: return "log";
        case CreepModel::three_param: return "3param";
    }
    return "none";
}

std::string_view creep_model_name(CreepModel model) {
    switch (model) {
        case CreepModel::none: return "constant compliance";
        case CreepModel::log: return "LOG";
        case CreepModel::three_param: return "3-parameter";
    }
    return "constant compliance";
}

std::complex<double> CreepFactor::at(double omega) const {
    switch (model) {
        case CreepModel::none: return 1.0;
        case CreepModel::log: return 1.0 - beta * std::complex<double>(std::log(omega / omega_ref_rad_s), 0.5 * std::numbers::pi);
        case CreepModel::three_param: return 1.0 + beta * std::log(1.0 + omega_ref_rad_s / std::complex<double>(0.0, omega));
    }
    return 1.0;
}

std::complex<double> MotionalFit::admittance(double omega) const {
    const std::complex<double> jw(0.0, omega);
    return jw * cmes_f + g_s + b_inv_h / (jw * creep.at(omega));
}

double MotionalFit::ceq_m_per_n(double bl2, double omega) const { return 1.0 / (b_inv_h * bl2 * (1.0 / creep.at(omega)).real()); }

double MotionalFit::rms_kg_s(double bl2, double omega) const { return bl2 * admittance(omega).real(); }

double MotionalFit::lambda_per_decade() const {
    constexpr double h = 0.05;
    const double ws = kTwoPi * fs_hz;
    // Bl² cancels in the ratio.
    const double up = ceq_m_per_n(1.0, ws * std::pow(10.0, h)), down = ceq_m_per_n(1.0, ws * std::pow(10.0, -h));
    return -(up - down) / (2.0 * h * ceq_m_per_n(1.0, ws));
}

namespace {

struct Weighted {
    std::span<const double> omega;
    std::vector<std::complex<double>> y;
    std::vector<double> weight;  // √(log width)/|Y|
};

// Linear least squares for (Cmes, G, B) with the creep factor fixed; returns
// Σ weighted residual².
double solve_linear(const Weighted& d, MotionalFit& fit) {
    const std::size_t n = d.omega.size();
    Eigen::MatrixXd a(2 * n, 3);
    Eigen::VectorXd rhs(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const double w = d.weight[i];
        const std::complex<double> u = 1.0 / (std::complex<double>(0.0, d.omega[i]) * fit.creep.at(d.omega[i]));
        a.row(2 * i) << 0.0, w, w * u.real();
        a.row(2 * i + 1) << w * d.omega[i], 0.0, w * u.imag();
        rhs[2 * i] = w * d.y[i].real();
        rhs[2 * i + 1] = w * d.y[i].imag();
    }
    Eigen::Vector3d scale = a.colwise().norm().transpose();
    for (int k = 0; k < 3; ++k) scale[k] = scale[k] > 0.0 ? 1.0 / scale[k] : 1.0;
    const Eigen::Vector3d xs = (a * scale.asDiagonal()).colPivHouseholderQr().solve(rhs);
    const Eigen::Vector3d x = scale.asDiagonal() * xs;
    fit.cmes_f = x[0];
    fit.g_s = x[1];
    fit.b_inv_h = x[2];
    const double ssr = (a * x - rhs).squaredNorm();
    return std::isfinite(ssr) ? ssr : std::numeric_limits<double>::infinity();
}

// Zero of Im Y (= Im Zmech/Bl²) near ω_start, by bisection on a bracket.
double resonance_rad_s(const MotionalFit& fit, double omega_start) {
    auto im = [&](double w) { return fit.admittance(w).imag(); };
    double lo = omega_start / 3.0, hi = omega_start * 3.0;
    if (!(im(lo) < 0.0 && im(hi) > 0.0)) return omega_start;  // no sign change: keep the start
    for (int k = 0; k < 80; ++k) {
        const double mid = std::sqrt(lo * hi);
        (im(mid) < 0.0 ? lo : hi) = mid;
    }
    return std::sqrt(lo * hi);
}

// Fixed creep parameter β: fit, and for the 3-parameter model iterate
// ω0 = ratio·ωs.
double fit_at_beta(const Weighted& d, MotionalFit& fit, double beta, double omega_s_start, double ratio) {
    fit.creep.beta = beta;
    double ws = omega_s_start;
    double ssr = 0.0;
    const int rounds = fit.creep.model == CreepModel::three_param && beta > 0.0 ? 4 : 1;
    for (int k = 0; k < rounds; ++k) {
        if (fit.creep.model == CreepModel::three_param) fit.creep.omega_ref_rad_s = ratio * ws;
        ssr = solve_linear(d, fit);
        ws = resonance_rad_s(fit, ws);
    }
    fit.fs_hz = ws / kTwoPi;
    return ssr;
}

}  // namespace

MotionalFit compliance_fit(std::span<const double> omega, std::span<const std::complex<double>> zmot, CreepModel model,
                           double omega_s_start, double omega0_ratio) {
    Weighted d{omega, {}, {}};
    const std::size_t n = omega.size();
    double weight_sum_sq = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double lo = std::log(omega[i > 0 ? i - 1 : i]), hi = std::log(omega[i + 1 < n ? i + 1 : i]);
        const double width = n > 1 ? 0.5 * (hi - lo) : 1.0;
        d.y.push_back(1.0 / zmot[i]);
        d.weight.push_back(std::sqrt(width) / std::abs(d.y.back()));
        weight_sum_sq += width;
    }
    MotionalFit fit;
    fit.points = n;
    fit.creep.model = model;
    fit.creep.omega_ref_rad_s = model == CreepModel::log ? omega_s_start : omega0_ratio * omega_s_start;
    double ssr = 0.0;
    if (model == CreepModel::none) {
        ssr = fit_at_beta(d, fit, 0.0, omega_s_start, omega0_ratio);
    } else {
        // β ≥ 0 (creep softens the suspension towards low frequencies): a
        // coarse scan, then golden section around its best cell.
        const double beta_max = model == CreepModel::log ? 0.4 : 1.0;
        constexpr int kCells = 20;
        double best_beta = 0.0, best = std::numeric_limits<double>::infinity();
        for (int k = 0; k <= kCells; ++k) {
            const double b = beta_max * k / kCells;
            const double s = fit_at_beta(d, fit, b, omega_s_start, omega0_ratio);
            if (s < best) best = s, best_beta = b;
        }
        double lo = std::max(0.0, best_beta - beta_max / kCells), hi = std::min(beta_max, best_beta + beta_max / kCells);
        const double g = 0.5 * (std::sqrt(5.0) - 1.0);
        double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
        double f1 = fit_at_beta(d, fit, x1, omega_s_start, omega0_ratio), f2 = fit_at_beta(d, fit, x2, omega_s_start, omega0_ratio);
        for (int k = 0; k < 40 && hi - lo > 1e-6; ++k) {
            if (f1 < f2) {
                hi = x2, x2 = x1, f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = fit_at_beta(d, fit, x1, omega_s_start, omega0_ratio);
            } else {
                lo = x1, x1 = x2, f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = fit_at_beta(d, fit, x2, omega_s_start, omega0_ratio);
            }
        }
        ssr = fit_at_beta(d, fit, 0.5 * (lo + hi), omega_s_start, omega0_ratio);
    }
    fit.residual = weight_sum_sq > 0.0 ? std::sqrt(ssr / weight_sum_sq) : 0.0;
    return fit;
}

}  // namespace zb
