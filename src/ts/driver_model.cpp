#include "ts/driver_model.h"

#include <cassert>
#include <cmath>
#include <numbers>

#include "util/units.h"

namespace zb {

namespace {

// Zmot at ω (x = jω/ωs), with or without LOG creep (the header's formulas).
std::complex<double> motional(double res_ohm, double inv_ws, double ln_ws, double qms, double beta, bool creep, double omega, double ln_omega) {
    const std::complex<double> x(0.0, omega * inv_ws);
    if (!creep) return res_ohm * (x / qms) / (x * x + x / qms + 1.0);
    const double k = 0.5 * std::numbers::pi * beta;
    const std::complex<double> c(1.0 - beta * (ln_omega - ln_ws), -k);
    return res_ohm / (qms * x + 1.0 + qms * ((1.0 + k * k) / (x * c) - k));
}

}  // namespace

std::complex<double> driver_impedance(const DriverParams& p, double frequency_hz) {
    const double omega = kTwoPi * frequency_hz, ws = kTwoPi * p.fs_hz;
    const std::complex<double> zl = p.model == InductanceModel::lr2 ? lr2_impedance(p.lr2, omega) : wright_impedance(p.wright, omega);
    return p.re_ohm + zl + motional(p.res_ohm(), 1.0 / ws, std::log(ws), p.qms, p.creep_beta, p.creep, omega, std::log(omega));
}

std::string driver_model_name(const DriverParams& p) { return std::string(inductance_model_name(p.model)) + (p.creep ? " + LOG creep" : ""); }

std::string driver_model_key(const DriverParams& p) { return std::string(inductance_model_key(p.model)) + (p.creep ? "_creep" : ""); }

int theta_size(InductanceModel model) { return model == InductanceModel::lr2 ? 7 : 8; }

int theta_size(const DriverParams& p) { return theta_size(p.model) + (p.creep ? 1 : 0); }

std::string_view theta_name(InductanceModel model, int index) {
    static constexpr std::string_view kCommon[] = {"Re", "fs", "Qms", "Res"};
    static constexpr std::string_view kLr2[] = {"Le", "L2", "R2"};
    static constexpr std::string_view kWright[] = {"Krm", "Erm", "Kxm", "Exm"};
    if (index < theta::kInductance) return kCommon[index];
    if (index >= theta_size(model)) return "beta";
    return model == InductanceModel::lr2 ? kLr2[index - theta::kInductance] : kWright[index - theta::kInductance];
}

bool theta_is_log(InductanceModel model, int index) {
    return !(index >= theta_size(model) || (model == InductanceModel::wright && (index == theta::kInductance + 1 || index == theta::kInductance + 3)));
}

std::vector<double> to_theta(const DriverParams& p) {
    std::vector<double> t = {std::log(p.re_ohm), std::log(p.fs_hz), std::log(p.qms), std::log(p.res_ohm())};
    if (p.model == InductanceModel::lr2) {
        t.insert(t.end(), {std::log(p.lr2.le_h), std::log(p.lr2.l2_h), std::log(p.lr2.r2_ohm)});
    } else {
        t.insert(t.end(), {std::log(p.wright.krm_ohm), p.wright.erm, std::log(p.wright.kxm_ohm), p.wright.exm});
    }
    if (p.creep) t.push_back(p.creep_beta);
    return t;
}

DriverParams from_theta(InductanceModel model, std::span<const double> t) {
    assert(static_cast<int>(t.size()) == theta_size(model) || static_cast<int>(t.size()) == theta_size(model) + 1);
    DriverParams p;
    p.model = model;
    p.re_ohm = std::exp(t[theta::kRe]);
    p.fs_hz = std::exp(t[theta::kFs]);
    p.qms = std::exp(t[theta::kQms]);
    p.qes = p.re_ohm * p.qms / std::exp(t[theta::kRes]);
    const auto* l = t.data() + theta::kInductance;
    if (model == InductanceModel::lr2) p.lr2 = {std::exp(l[0]), std::exp(l[1]), std::exp(l[2])};
    else p.wright = {std::exp(l[0]), l[1], std::exp(l[2]), l[3]};
    p.creep = static_cast<int>(t.size()) > theta_size(model);
    p.creep_beta = p.creep ? t.back() : 0.0;
    return p;
}

DriverModelEval::DriverModelEval(InductanceModel model, std::span<const double> t) : model_(model) {
    assert(static_cast<int>(t.size()) == theta_size(model) || static_cast<int>(t.size()) == theta_size(model) + 1);
    creep_ = static_cast<int>(t.size()) > theta_size(model);
    if (creep_) beta_ = t.back();
    re_ = std::exp(t[theta::kRe]);
    res_ = std::exp(t[theta::kRes]);
    ln_ws_ = std::log(kTwoPi) + t[theta::kFs];
    inv_ws_ = std::exp(-ln_ws_);
    inv_qms_ = std::exp(-t[theta::kQms]);
    const double* l = t.data() + theta::kInductance;
    if (model == InductanceModel::lr2) {
        a_ = std::exp(l[0]);
        b_ = std::exp(l[1]);
        c_ = std::exp(l[2]);
    } else {
        a_ = l[0];
        b_ = l[1];
        c_ = l[2];
        d_ = l[3];
    }
}

std::complex<double> DriverModelEval::z(double omega, double ln_omega) const {
    std::complex<double> z = re_ + motional(res_, inv_ws_, ln_ws_, 1.0 / inv_qms_, beta_, creep_, omega, ln_omega);
    if (model_ == InductanceModel::lr2) {
        const std::complex<double> a(0.0, omega * b_);
        z += std::complex<double>(0.0, omega * a_) + a * c_ / (a + c_);
    } else {
        z += std::complex<double>(std::exp(a_ + b_ * ln_omega), std::exp(c_ + d_ * ln_omega));
    }
    return z;
}

std::complex<double> DriverModelEval::z_gradient(double omega, double ln_omega, std::span<std::complex<double>> g) const {
    assert(static_cast<int>(g.size()) == theta_size(model_) + (creep_ ? 1 : 0));
    // Motional branch and its log-derivatives:
    //   Zmot = Res·N/D,  N = x/Q,  D = x² + x/Q + 1,  x = jω/ωs
    //   ∂Zmot/∂ln Res = Zmot
    //   ∂Zmot/∂ln Q   = Zmot·(N − D)/D = −Zmot·(x² + 1)/D
    //   ∂Zmot/∂ln fs  = Zmot·(x² − 1)/D            (x ∝ 1/fs)
    const std::complex<double> x(0.0, omega * inv_ws_);
    std::complex<double> zmot;
    g[theta::kRe] = re_;
    if (creep_) {
        // Zmot = Res/D, D = Q·x + 1 + Q·u, u = (1 + k²)/(x·c) − k:
        //   ∂Zmot/∂ln Q  = −Zmot·(D − 1)/D
        //   ∂Zmot/∂ln fs = −Zmot·Q·(−x + (1 + k²)·(c − β)/(x·c²))/D   (x ∝ 1/fs, ∂c/∂ln fs = β)
        //   ∂Zmot/∂β     = −Zmot·Q·(k·π/(x·c) + (1 + k²)·L/(x·c²) − π/2)/D,  L = ln(ω/ωs) + jπ/2
        const double q = 1.0 / inv_qms_, k = 0.5 * std::numbers::pi * beta_, k1 = 1.0 + k * k;
        const std::complex<double> lnr(ln_omega - ln_ws_, 0.5 * std::numbers::pi);
        const std::complex<double> c(1.0 - beta_ * lnr.real(), -k);
        const std::complex<double> xc = x * c, xc2 = xc * c;
        const std::complex<double> d = q * x + 1.0 + q * (k1 / xc - k);
        zmot = res_ / d;
        g[theta::kFs] = -zmot * q * (-x + k1 * (c - beta_) / xc2) / d;
        g[theta::kQms] = -zmot * (d - 1.0) / d;
        g[theta::kInductance + (model_ == InductanceModel::lr2 ? 3 : 4)] =
            -zmot * q * (2.0 * k / xc * (0.5 * std::numbers::pi) + k1 * lnr / xc2 - 0.5 * std::numbers::pi) / d;
    } else {
        const std::complex<double> x2 = x * x;
        const std::complex<double> d = x2 + x * inv_qms_ + 1.0;
        zmot = res_ * (x * inv_qms_) / d;
        g[theta::kFs] = zmot * (x2 - 1.0) / d;
        g[theta::kQms] = -zmot * (x2 + 1.0) / d;
    }
    g[theta::kRes] = zmot;
    std::complex<double> z = re_ + zmot;
    auto* gl = g.data() + theta::kInductance;
    if (model_ == InductanceModel::lr2) {
        // a = jωL2, b = R2, P = ab/(a+b): L2·∂P/∂L2 = a·b²/(a+b)², R2·∂P/∂R2 = b·a²/(a+b)².
        const std::complex<double> jle(0.0, omega * a_);
        const std::complex<double> a(0.0, omega * b_);
        const double b = c_;
        const std::complex<double> s = a + b;
        const std::complex<double> s2 = s * s;
        gl[0] = jle;
        gl[1] = a * b * b / s2;
        gl[2] = b * a * a / s2;
        z += jle + a * b / s;
    } else {
        const double r = std::exp(a_ + b_ * ln_omega);  // Krm·ω^Erm
        const double xl = std::exp(c_ + d_ * ln_omega);  // Kxm·ω^Exm
        gl[0] = r;
        gl[1] = r * ln_omega;
        gl[2] = {0.0, xl};
        gl[3] = {0.0, xl * ln_omega};
        z += std::complex<double>(r, xl);
    }
    return z;
}

}  // namespace zb
