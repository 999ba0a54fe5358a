#include "ts/driver_model.h"

#include <cassert>
#include <cmath>

#include "util/units.h"

namespace zb {

namespace {

std::complex<double> motional(double res_ohm, double fs_hz, double qms, double omega_rad_s) {
    const std::complex<double> x(0.0, omega_rad_s / (kTwoPi * fs_hz));
    return res_ohm * (x / qms) / (x * x + x / qms + 1.0);
}

}  // namespace

std::complex<double> driver_impedance(const DriverParams& p, double frequency_hz) {
    const double omega = kTwoPi * frequency_hz;
    const std::complex<double> zl = p.model == InductanceModel::lr2 ? lr2_impedance(p.lr2, omega) : wright_impedance(p.wright, omega);
    return p.re_ohm + zl + motional(p.res_ohm(), p.fs_hz, p.qms, omega);
}

DriverParams driver_params_from(const SpeakerParams& s) {
    DriverParams p;
    p.model = InductanceModel::lr2;
    p.re_ohm = s.re_ohm;
    p.fs_hz = s.fs_hz;
    p.qms = s.qms;
    p.qes = s.qes;
    p.lr2 = {s.le_h, s.l2_h, s.r2_ohm};
    return p;
}

SpeakerParams speaker_params_from(const DriverParams& p) {
    assert(p.model == InductanceModel::lr2);
    return {p.re_ohm, p.lr2.le_h, p.lr2.l2_h, p.lr2.r2_ohm, p.fs_hz, p.qms, p.qes};
}

int theta_size(InductanceModel model) { return model == InductanceModel::lr2 ? 7 : 8; }

std::string_view theta_name(InductanceModel model, int index) {
    static constexpr std::string_view kCommon[] = {"Re", "fs", "Qms", "Res"};
    static constexpr std::string_view kLr2[] = {"Le", "L2", "R2"};
    static constexpr std::string_view kWright[] = {"Krm", "Erm", "Kxm", "Exm"};
    if (index < theta::kInductance) return kCommon[index];
    return model == InductanceModel::lr2 ? kLr2[index - theta::kInductance] : kWright[index - theta::kInductance];
}

bool theta_is_log(InductanceModel model, int index) {
    return !(model == InductanceModel::wright && (index == theta::kInductance + 1 || index == theta::kInductance + 3));
}

std::vector<double> to_theta(const DriverParams& p) {
    std::vector<double> t = {std::log(p.re_ohm), std::log(p.fs_hz), std::log(p.qms), std::log(p.res_ohm())};
    if (p.model == InductanceModel::lr2) {
        t.insert(t.end(), {std::log(p.lr2.le_h), std::log(p.lr2.l2_h), std::log(p.lr2.r2_ohm)});
    } else {
        t.insert(t.end(), {std::log(p.wright.krm_ohm), p.wright.erm, std::log(p.wright.kxm_ohm), p.wright.exm});
    }
    return t;
}

DriverParams from_theta(InductanceModel model, std::span<const double> t) {
    assert(static_cast<int>(t.size()) == theta_size(model));
    DriverParams p;
    p.model = model;
    p.re_ohm = std::exp(t[theta::kRe]);
    p.fs_hz = std::exp(t[theta::kFs]);
    p.qms = std::exp(t[theta::kQms]);
    p.qes = p.re_ohm * p.qms / std::exp(t[theta::kRes]);
    const auto* l = t.data() + theta::kInductance;
    if (model == InductanceModel::lr2) p.lr2 = {std::exp(l[0]), std::exp(l[1]), std::exp(l[2])};
    else p.wright = {std::exp(l[0]), l[1], std::exp(l[2]), l[3]};
    return p;
}

DriverModelEval::DriverModelEval(InductanceModel model, std::span<const double> t) : model_(model) {
    assert(static_cast<int>(t.size()) == theta_size(model));
    re_ = std::exp(t[theta::kRe]);
    res_ = std::exp(t[theta::kRes]);
    inv_ws_ = 1.0 / (kTwoPi * std::exp(t[theta::kFs]));
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
    const std::complex<double> x(0.0, omega * inv_ws_);
    std::complex<double> z = re_ + res_ * (x * inv_qms_) / (x * x + x * inv_qms_ + 1.0);
    if (model_ == InductanceModel::lr2) {
        const std::complex<double> a(0.0, omega * b_);
        z += std::complex<double>(0.0, omega * a_) + a * c_ / (a + c_);
    } else {
        z += std::complex<double>(std::exp(a_ + b_ * ln_omega), std::exp(c_ + d_ * ln_omega));
    }
    return z;
}

std::complex<double> DriverModelEval::z_gradient(double omega, double ln_omega, std::span<std::complex<double>> g) const {
    assert(static_cast<int>(g.size()) == theta_size(model_));
    // Motional branch and its log-derivatives:
    //   Zmot = Res·N/D,  N = x/Q,  D = x² + x/Q + 1,  x = jω/ωs
    //   ∂Zmot/∂ln Res = Zmot
    //   ∂Zmot/∂ln Q   = Zmot·(N − D)/D = −Zmot·(x² + 1)/D
    //   ∂Zmot/∂ln fs  = Zmot·(x² − 1)/D            (x ∝ 1/fs)
    const std::complex<double> x(0.0, omega * inv_ws_);
    const std::complex<double> x2 = x * x;
    const std::complex<double> d = x2 + x * inv_qms_ + 1.0;
    const std::complex<double> zmot = res_ * (x * inv_qms_) / d;
    g[theta::kRe] = re_;
    g[theta::kFs] = zmot * (x2 - 1.0) / d;
    g[theta::kQms] = -zmot * (x2 + 1.0) / d;
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
