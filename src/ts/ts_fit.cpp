#include "ts/ts_fit.h"

#include <Eigen/Dense>
#include <unsupported/Eigen/NonLinearOptimization>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <utility>

#include "util/units.h"

namespace zb {

namespace {

constexpr double kMaxPointOctaves = 1.0 / 12.0;
// The relative misfit a driver model keeps on a noise-free curve (the chosen
// models leave 0.2-0.5 % on the reference drivers): a point's noise counts
// against it, so noise below it leaves the weights alone.
constexpr double kModelErrorFloor = 0.003;
// Beyond this the residual is all model error and the inflation would grow
// without bound (×39 at 0.95).
constexpr double kMaxResidualCorrelation = 0.95;
constexpr double kBinsPerOctave = 192.0;
// LOG creep β: its start, and its upper limit (λ = β·ln 10 ≈ 0.7 per decade,
// far beyond the 0.05–0.25 of real suspensions).
constexpr double kCreepStartBeta = 0.03;
constexpr double kMaxCreepBeta = 0.3;
constexpr int kCreepRefitEvaluations = 150;

// The measured points inside the fit band, with their weights w_i/|Z_i|.
struct FitData {
    std::vector<double> omega;
    std::vector<double> ln_omega;
    std::vector<std::complex<double>> z;
    std::vector<double> weight;
    double weight_sum_sq = 0.0;  // Σ w_i²

    std::size_t size() const { return omega.size(); }
};

FitData select_points(const ImpedanceCurve& c, std::span<const double> noise_sigma_fraction, double fmin_hz, double fmax_hz,
                      double from_hz = 0.0) {
    // Points in the same 1/192-octave bin are averaged (complex Z, geometric-
    // mean frequency): a 0.5 Hz linear grid to 5 kHz has 10000 points, 9000
    // of them above 400 Hz, which would cost time and add nothing a log grid
    // does not carry. Log grids up to 96 PPO pass as they are.
    struct Bin {
        double ln_f_sum = 0.0;
        std::complex<double> z_sum;
        double noise_var_sum = 0.0;  // Σ σ_i² of the relative noise
        int count = 0;
        long key = 0;
    };
    const bool noise_known = noise_sigma_fraction.size() == c.size();
    std::vector<Bin> bins;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const double f = c.frequency_hz[i];
        if (!(f >= std::max(fmin_hz, from_hz) && f <= fmax_hz && c.magnitude_ohm[i] > 0.0 && std::isfinite(c.phase_deg[i])))
            continue;
        const long key = static_cast<long>(std::floor(std::log2(f) * kBinsPerOctave));
        if (bins.empty() || bins.back().key != key) bins.push_back({0.0, {}, 0.0, 0, key});
        bins.back().ln_f_sum += std::log(f);
        bins.back().z_sum += c.z(i);
        if (noise_known && std::isfinite(noise_sigma_fraction[i])) bins.back().noise_var_sum += noise_sigma_fraction[i] * noise_sigma_fraction[i];
        ++bins.back().count;
    }
    FitData d;
    const double cap = kMaxPointOctaves * std::numbers::ln2;
    auto ln_f = [&](std::size_t k) { return bins[k].ln_f_sum / bins[k].count; };
    for (std::size_t k = 0; k < bins.size(); ++k) {
        const double lo = ln_f(k > 0 ? k - 1 : k), hi = ln_f(k + 1 < bins.size() ? k + 1 : k);
        const double width = std::min(cap, bins.size() > 1 ? 0.5 * (hi - lo) : cap);
        // The bin's mean has σ² = Σσ_i²/n²; against the model-error floor it sets the noise weight.
        const double n = static_cast<double>(bins[k].count);
        const double noise_var = bins[k].noise_var_sum / (n * n);
        const double w = std::sqrt(width / (1.0 + noise_var / (kModelErrorFloor * kModelErrorFloor)));
        const std::complex<double> z = bins[k].z_sum / n;
        d.omega.push_back(kTwoPi * std::exp(ln_f(k)));
        d.ln_omega.push_back(std::log(d.omega.back()));
        d.z.push_back(z);
        d.weight.push_back(w / std::abs(z));
        d.weight_sum_sq += w * w;
    }
    return d;
}

// The residual vector for Eigen's LevenbergMarquardt: 2N weighted real and
// imaginary parts, over the free entries of θ (the others held).
class Residuals {
public:
    Residuals(const FitData& data, InductanceModel model, std::vector<double> theta, std::vector<int> free)
        : data_(data), model_(model), theta_(std::move(theta)), free_(std::move(free)) {
        const int n = static_cast<int>(theta_.size());
        lo_.resize(n);
        hi_.resize(n);
        for (int k = 0; k < n; ++k) {
            // Logs: 4 decades each way (inductance: 6), far outside any driver;
            // Wright exponents: 0 to 1.5; creep β: 0 to kMaxCreepBeta.
            const double span = k < theta::kInductance ? 4.0 * std::numbers::ln10 : 6.0 * std::numbers::ln10;
            lo_[k] = theta_[k] - span;
            hi_[k] = theta_[k] + span;
            if (!theta_is_log(model, k)) {
                lo_[k] = 0.0;
                hi_[k] = k < theta_size(model) ? 1.5 : kMaxCreepBeta;
            }
        }
        // fs stays within the band's reach: a factor 3 from the start.
        lo_[theta::kFs] = theta_[theta::kFs] - std::log(3.0);
        hi_[theta::kFs] = theta_[theta::kFs] + std::log(3.0);
    }

    int inputs() const { return static_cast<int>(free_.size()); }
    int values() const { return static_cast<int>(2 * data_.size()); }

    std::vector<double> full(const Eigen::VectorXd& x) const {
        std::vector<double> t = theta_;
        for (std::size_t k = 0; k < free_.size(); ++k) t[free_[k]] = std::clamp(x[k], lo_[free_[k]], hi_[free_[k]]);
        return t;
    }
    // Which entries of θ ended on their box limit.
    std::vector<bool> at_bound(const Eigen::VectorXd& x) const {
        std::vector<bool> hit(theta_.size(), false);
        for (std::size_t k = 0; k < free_.size(); ++k) hit[free_[k]] = x[k] <= lo_[free_[k]] || x[k] >= hi_[free_[k]];
        return hit;
    }
    Eigen::VectorXd free_part(const std::vector<double>& t) const {
        Eigen::VectorXd x(free_.size());
        for (std::size_t k = 0; k < free_.size(); ++k) x[k] = t[free_[k]];
        return x;
    }

    int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& f) const {
        const DriverModelEval eval(model_, full(x));
        for (std::size_t i = 0; i < data_.size(); ++i) {
            const std::complex<double> r = (eval.z(data_.omega[i], data_.ln_omega[i]) - data_.z[i]) * data_.weight[i];
            f[2 * i] = r.real();
            f[2 * i + 1] = r.imag();
        }
        return 0;
    }

    int df(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) const {
        const DriverModelEval eval(model_, full(x));
        std::vector<std::complex<double>> g(theta_.size());
        for (std::size_t i = 0; i < data_.size(); ++i) {
            eval.z_gradient(data_.omega[i], data_.ln_omega[i], g);
            for (std::size_t k = 0; k < free_.size(); ++k) {
                const std::complex<double> d = g[free_[k]] * data_.weight[i];
                jac(2 * i, k) = d.real();
                jac(2 * i + 1, k) = d.imag();
            }
        }
        return 0;
    }

    const std::vector<int>& free() const { return free_; }

private:
    const FitData& data_;
    InductanceModel model_;
    std::vector<double> theta_;
    std::vector<int> free_;
    std::vector<double> lo_, hi_;
};

struct LmOutcome {
    std::vector<double> theta;
    double ssr = 0.0;  // Σ residual²
    bool converged = false;
    std::vector<bool> at_bound;
    int evaluations = 0;
};

LmOutcome run_lm(const FitData& data, InductanceModel model, const std::vector<double>& theta, const std::vector<int>& free,
                 int max_evaluations = 600) {
    Residuals res(data, model, theta, free);
    Eigen::VectorXd x = res.free_part(theta);
    Eigen::LevenbergMarquardt<Residuals> lm(res);
    lm.parameters.maxfev = max_evaluations;
    lm.parameters.xtol = 1e-9;
    lm.parameters.ftol = 1e-10;
    const auto status = lm.minimize(x);
    LmOutcome out;
    out.theta = res.full(x);
    out.at_bound = res.at_bound(x);
    out.evaluations = static_cast<int>(lm.nfev + lm.njev);
    using namespace Eigen::LevenbergMarquardtSpace;
    out.converged = status != ImproperInputParameters && status != TooManyFunctionEvaluation && status != UserAsked;
    Eigen::VectorXd f(res.values());
    res(res.free_part(out.theta), f);
    out.ssr = f.squaredNorm();
    if (!std::isfinite(out.ssr)) out.converged = false;
    return out;
}

std::vector<int> all_free(int theta_entries, bool re_fixed) {
    std::vector<int> free;
    for (int k = 0; k < theta_entries; ++k)
        if (!(re_fixed && k == theta::kRe)) free.push_back(k);
    return free;
}

// Starting inductances, from Zl ≈ Z − Re − Zmot(start) on the band above
// 10·fs (4·fs if that leaves too few points).
std::vector<DriverParams> inductance_starts(InductanceModel model, const FitData& hf, const DriverParams& base) {
    std::vector<double> w, zr, zi;
    for (std::size_t i = 0; i < hf.size(); ++i) {
        DriverParams m = base;
        m.model = InductanceModel::lr2;
        m.lr2 = {};
        const std::complex<double> zl = hf.z[i] - driver_impedance(m, hf.omega[i] / kTwoPi);
        w.push_back(hf.omega[i]);
        zr.push_back(zl.real());
        zi.push_back(zl.imag());
    }
    std::vector<DriverParams> starts;
    const double w_top = w.empty() ? kTwoPi * 10000.0 : w.back();
    const double x_top = zi.empty() ? 0.0 : zi.back();
    if (model == InductanceModel::wright) {
        // ln|part| = ln K + E·ln ω over the points where the part is positive.
        auto regress = [&](const std::vector<double>& part, double fallback_exp, double fallback_at_top) {
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            int n = 0;
            for (std::size_t i = 0; i < w.size(); ++i) {
                if (!(part[i] > 0.0)) continue;
                const double x = std::log(w[i]), y = std::log(part[i]);
                sx += x, sy += y, sxx += x * x, sxy += x * y, ++n;
            }
            double e = fallback_exp, k = fallback_at_top / std::pow(w_top, fallback_exp);
            if (n >= 3 && n * sxx - sx * sx > 0.0) {
                e = std::clamp((n * sxy - sx * sy) / (n * sxx - sx * sx), 0.2, 1.2);
                k = std::exp((sy - e * sx) / n);
            }
            return std::pair{k, e};
        };
        const double top = std::max(x_top, 0.05 * base.re_ohm);
        const auto [kx, ex] = regress(zi, 0.7, top);
        const auto [kr, er] = regress(zr, 0.7, 0.3 * top);
        DriverParams p = base;
        p.model = model;
        p.wright = {kr, er, kx, ex};
        starts.push_back(p);
        p.wright = {0.3 * top / std::pow(w_top, 0.7), 0.7, top / std::pow(w_top, 0.7), 0.7};
        starts.push_back(p);
    } else {
        const double le = std::max(0.5 * x_top / w_top, 1e-6);
        for (double l2_factor : {1.0, 4.0})
            for (double r2_factor : {0.3, 1.0, 3.0}) {
                DriverParams p = base;
                p.model = model;
                p.lr2 = {le, l2_factor * le, r2_factor * base.re_ohm};
                starts.push_back(p);
            }
    }
    return starts;
}

ModelFit finish_fit(const FitData& data, InductanceModel model, const LmOutcome& lm, const std::vector<int>& free_all) {
    ModelFit fit;
    fit.params = from_theta(model, lm.theta);
    fit.residual = std::sqrt(lm.ssr / data.weight_sum_sq);
    fit.converged = lm.converged;
    fit.evaluations = lm.evaluations;
    // A parameter on its limit is not determined by the data (an LR-2 fit of
    // a plain inductance drives L2 or R2 towards 0): it gets σ = +inf and
    // the covariance of the others is taken with it held. Only Re, fs, Qms
    // or Res on a limit makes the whole fit suspect.
    std::vector<int> free;
    for (int k : free_all) {
        if (!lm.at_bound[k]) free.push_back(k);
        else if (k < theta::kInductance) fit.at_bound = true;
    }

    // Covariance of the free entries: s²·(JᵀJ)⁻¹, columns scaled for conditioning.
    Residuals res(data, model, lm.theta, free);
    const int p = res.inputs(), m = res.values();
    Eigen::MatrixXd jac(m, p);
    res.df(res.free_part(lm.theta), jac);
    const double s2 = m > p ? lm.ssr / (m - p) : 0.0;
    Eigen::VectorXd scale = jac.colwise().norm().transpose();
    for (int k = 0; k < p; ++k) scale[k] = scale[k] > 0.0 ? 1.0 / scale[k] : 0.0;
    const Eigen::MatrixXd js = jac * scale.asDiagonal();
    const Eigen::MatrixXd ata = js.transpose() * js;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(ata);
    const int n = static_cast<int>(lm.theta.size());
    Eigen::MatrixXd cov_full = Eigen::MatrixXd::Zero(n, n);
    bool singular = true;
    if (p > 0 && eig.info() == Eigen::Success) {
        const Eigen::VectorXd ev = eig.eigenvalues();
        singular = !(ev.minCoeff() > 1e-13 * ev.maxCoeff());
        if (!singular) {
            const Eigen::MatrixXd inv = eig.eigenvectors() * ev.cwiseInverse().asDiagonal() * eig.eigenvectors().transpose();
            const Eigen::MatrixXd cov = s2 * (scale.asDiagonal() * inv * scale.asDiagonal());
            for (int a = 0; a < p; ++a)
                for (int b = 0; b < p; ++b) cov_full(free[a], free[b]) = cov(a, b);
        }
    }
    constexpr double kInf = std::numeric_limits<double>::infinity();
    fit.theta_sigma.assign(n, 0.0);
    for (int k : free_all) fit.theta_sigma[k] = singular || lm.at_bound[k] ? kInf : std::sqrt(std::max(cov_full(k, k), 0.0));

    // [ln Re, ln fs, ln Qms, ln Qes] = A·[ln Re, ln fs, ln Qms, ln Res]: ln Qes = ln Re + ln Qms − ln Res.
    Eigen::Matrix4d a = Eigen::Matrix4d::Zero();
    a(0, 0) = a(1, 1) = a(2, 2) = 1.0;
    a(3, 0) = a(3, 2) = 1.0;
    a(3, 3) = -1.0;
    Eigen::Matrix4d lc = a * cov_full.topLeftCorner(4, 4) * a.transpose();
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) fit.log_cov[r * 4 + c] = singular || fit.at_bound ? kInf : lc(r, c);
    return fit;
}

// `also_from`: a second start for stage 2 (a fit of the same curve on
// another band); the better of the two is kept.
ModelFit fit_model(const FitData& data, const FitData& hf, InductanceModel model, const ThreePointEstimate& start,
                   bool re_fixed, const DriverParams* also_from = nullptr) {
    DriverParams base;
    base.re_ohm = start.re_ohm;
    base.fs_hz = start.fs_hz;
    base.qms = start.qms;
    base.qes = start.qes;
    // Stage 1: the inductance alone, above the resonance, from each start.
    std::vector<int> inductance_only;
    for (int k = theta::kInductance; k < theta_size(model); ++k) inductance_only.push_back(k);
    LmOutcome best;
    best.ssr = std::numeric_limits<double>::infinity();
    for (const DriverParams& s : inductance_starts(model, hf, base)) {
        const std::vector<double> t = to_theta(s);
        LmOutcome o = hf.size() >= 8 ? run_lm(hf, model, t, inductance_only) : LmOutcome{t, 0.0, true, std::vector<bool>(t.size(), false), 0};
        if (!std::isfinite(best.ssr) || (std::isfinite(o.ssr) && o.ssr < best.ssr)) best = std::move(o);
    }
    // Stage 2: everything, over the whole band.
    const std::vector<int> free = all_free(theta_size(model), re_fixed);
    LmOutcome full = run_lm(data, model, best.theta, free);
    full.evaluations += best.evaluations;
    if (also_from) {
        LmOutcome other = run_lm(data, model, to_theta(*also_from), free);
        other.evaluations += full.evaluations;
        if (std::isfinite(other.ssr) && !(other.ssr >= full.ssr)) full = std::move(other);
    }
    return finish_fit(data, model, full, free);
}

// Stage 3: the resonance figures over the T/S band, from the shape band's
// fit, with its inductance's shape held (it is set by the band above, which this band
// barely sees; freeing it here would let Wright's Krm·ω^Erm trade with Re).
// (Not inlined: GCC 12 then gives a false -Wfree-nonheap-object in fit_driver.)
[[gnu::noinline]] ModelFit resonance_stage(const FitData& band, const ModelFit& full, bool re_fixed) {
    const InductanceModel model = full.params.model;
    std::vector<int> free;
    for (int k = 0; k < theta::kInductance; ++k)
        if (!(re_fixed && k == theta::kRe)) free.push_back(k);
    // The inductance's scale stays free (LR-2: Le; Wright: Krm and Kxm), its
    // shape (L2 and R2; the exponents) is held from the shape band. A scale
    // that the T/S band cannot tell from Re is held too: Wright's Krm·ω^Erm
    // with Erm near 0 is a constant resistance there (a Jacobian column
    // parallel to Re's, which makes the covariance singular), or one far
    // below Re (a column 1e-6 of Re's).
    const std::vector<double> start = to_theta(full.params);
    const DriverModelEval eval(model, start);
    std::vector<std::complex<double>> g(start.size());
    std::vector<double> norm_sq(start.size(), 0.0), dot_re(start.size(), 0.0);
    for (std::size_t i = 0; i < band.size(); ++i) {
        eval.z_gradient(band.omega[i], band.ln_omega[i], g);
        for (std::size_t k = 0; k < g.size(); ++k) {
            norm_sq[k] += std::norm(g[k] * band.weight[i]);
            dot_re[k] += (g[k] * band.weight[i]).real() * (g[theta::kRe] * band.weight[i]).real();
        }
    }
    for (int k : {theta::kInductance, theta::kInductance + 2}) {
        if (k != theta::kInductance && model != InductanceModel::wright) continue;
        const double cosine = std::abs(dot_re[k]) / std::sqrt(norm_sq[k] * norm_sq[theta::kRe]);
        if (norm_sq[k] > 1e-12 * norm_sq[theta::kRe] && cosine < 0.999) free.push_back(k);
    }
    if (full.params.creep) free.push_back(theta_size(model));
    const LmOutcome lm = run_lm(band, model, start, free, full.params.creep ? kCreepRefitEvaluations : 600);
    ModelFit out = finish_fit(band, model, lm, free);
    out.evaluations += full.evaluations;
    out.full_band_residual = full.residual;

    // Model error leaves smooth, correlated residuals, which s²·(JᵀJ)⁻¹
    // counts as independent. With lag-1 autocorrelation ρ along frequency
    // (real and imaginary parts each), the effective number of independent
    // points is about N·(1 − ρ)/(1 + ρ): the variances grow by (1 + ρ)/(1 − ρ).
    Residuals res(band, model, lm.theta, free);
    Eigen::VectorXd r(res.values());
    res(res.free_part(lm.theta), r);
    double lag = 0.0, sq = 0.0;
    for (int part = 0; part < 2; ++part)
        for (std::size_t i = 0; i + 1 < band.size(); ++i) {
            lag += r[2 * i + part] * r[2 * (i + 1) + part];
            sq += r[2 * i + part] * r[2 * i + part];
        }
    const double rho = sq > 0.0 ? std::clamp(lag / sq, 0.0, kMaxResidualCorrelation) : 0.0;
    out.residual_correlation = rho;
    const double inflation = (1.0 + rho) / (1.0 - rho);
    for (int k : free) out.theta_sigma[k] *= std::sqrt(inflation);
    for (double& v : out.log_cov) v *= inflation;
    return out;
}

}  // namespace

double ModelFit::sigma(int k) const {
    const std::vector<double> t = to_theta(params);
    if (k >= static_cast<int>(theta_sigma.size())) return 0.0;
    return theta_is_log(params.model, k) ? std::exp(t[k]) * theta_sigma[k] : theta_sigma[k];
}

double ModelFit::log_variance(const std::array<double, 4>& c) const {
    double v = 0.0;
    for (int r = 0; r < 4; ++r)
        for (int s = 0; s < 4; ++s)
            if (c[r] != 0.0 && c[s] != 0.0) v += c[r] * c[s] * log_cov[r * 4 + s];
    return v;
}

double ModelFit::qes_sigma() const { return params.qes * std::sqrt(std::max(log_variance({0, 0, 0, 1}), 0.0)); }

double ModelFit::qts_sigma() const {
    // ln Qts = ln Qms + ln Qes − ln(Qms + Qes).
    const double qms = params.qms, qes = params.qes;
    const double v = log_variance({0, 0, qes / (qms + qes), qms / (qms + qes)});
    return params.qts() * std::sqrt(std::max(v, 0.0));
}

Result<TsFit> fit_driver(const ImpedanceCurve& curve, const ThreePointEstimate& start, const TsFitOptions& options,
                         const std::string& source, std::span<const double> noise_sigma_fraction) {
    auto select_points = [&](const ImpedanceCurve& c, double fmin_hz, double fmax_hz, double from_hz = 0.0) {
        return zb::select_points(c, noise_sigma_fraction, fmin_hz, fmax_hz, from_hz);
    };
    ThreePointEstimate s = start;
    if (options.re_ohm) s.re_ohm = *options.re_ohm;
    TsFit out;
    const FitData data = select_points(curve, options.fmin_hz, options.fmax_hz);
    const int max_params = theta_size(InductanceModel::wright);
    if (data.size() < static_cast<std::size_t>(max_params + 2))
        return make_error(source, ": only ", data.size(), " points in the fit band; the T/S fit needs at least ", max_params + 2);
    out.points = data.size();
    out.fmin_hz = data.omega.front() / kTwoPi;
    out.fmax_hz = data.omega.back() / kTwoPi;
    FitData hf = select_points(curve, options.fmin_hz, options.fmax_hz, 10.0 * s.fs_hz);
    if (hf.size() < 8) hf = select_points(curve, options.fmin_hz, options.fmax_hz, 4.0 * s.fs_hz);

    std::vector<InductanceModel> models;
    if (options.model != ModelChoice::wright) models.push_back(InductanceModel::lr2);
    if (options.model != ModelChoice::lr2) models.push_back(InductanceModel::wright);
    // The resonance figures come from [fmin, kShapeBandTopRatio·fs] whatever
    // fmax is (fs from the three-point start, which the whole curve sets):
    // the inductance's shape is fitted there, then the resonance stage runs
    // on [fmin, kTsBandTopRatio·fs]. fmax sets only the inductance reported.
    const double shape_top_hz = kShapeBandTopRatio * s.fs_hz;
    const FitData shape_data = select_points(curve, options.fmin_hz, shape_top_hz);
    FitData shape_hf = select_points(curve, options.fmin_hz, shape_top_hz, 10.0 * s.fs_hz);
    if (shape_hf.size() < 8) shape_hf = select_points(curve, options.fmin_hz, shape_top_hz, 4.0 * s.fs_hz);
    const bool same_band = shape_data.size() == data.size() && shape_data.omega.back() == data.omega.back();
    // The inductance model is chosen on the shape band, where the
    // inductance shows and fmax does not reach, by the Akaike criterion
    // AIC = n·ln(SSR/n) + 2p (n real residual terms, p the model's
    // parameters). On the T/S band alone a 4-parameter Wright and a 3-
    // parameter LR-2 are both small corrections and noise would decide.
    auto aic = [&](const ModelFit& f) {
        const double n = 2.0 * static_cast<double>(shape_data.size());
        const double ssr = f.residual * f.residual * shape_data.weight_sum_sq;
        return n * std::log(ssr / n) + 2.0 * theta_size(f.params);
    };
    // A candidate from its whole-band and shape-band fits: the T/S band
    // stage, then its place in `candidates` (and its two fits' parameters in
    // `stages`, which the creep variant starts from).
    std::vector<std::pair<ModelFit, DriverParams>> stages;
    auto add_candidate = [&](ModelFit full, const ModelFit& shape) {
        const double choice_aic = aic(shape);
        const FitData band = select_points(curve, options.fmin_hz, kTsBandTopRatio * shape.params.fs_hz);
        stages.emplace_back(full, shape.params);
        // A fixed model with creep keeps the plain fits as starts only.
        const bool start_only = options.model != ModelChoice::automatic && options.creep && !shape.params.creep;
        if (band.size() < 8 || !std::isfinite(shape.residual) || start_only) {
            full.full_band_residual = full.residual;
            full.choice_aic = start_only ? std::numeric_limits<double>::quiet_NaN() : choice_aic;
            out.candidates.push_back(std::move(full));
            return;
        }
        out.shape_fmax_hz = shape_data.omega.back() / kTwoPi;
        out.ts_points = band.size();
        out.ts_fmin_hz = band.omega.front() / kTwoPi;
        out.ts_fmax_hz = band.omega.back() / kTwoPi;
        ModelFit ts = resonance_stage(band, shape, options.re_ohm.has_value());
        // The inductance reported is the whole band's: the T/S band's scale
        // only served to fit the resonance.
        ts.params.lr2 = full.params.lr2;
        ts.params.wright = full.params.wright;
        for (int k = theta::kInductance; k < theta_size(full.params.model); ++k) ts.theta_sigma[k] = full.theta_sigma[k];
        ts.full_band_residual = full.residual;
        ts.choice_aic = choice_aic;
        out.candidates.push_back(std::move(ts));
    };
    for (InductanceModel m : models) {
        ModelFit full = fit_model(data, hf, m, s, options.re_ohm.has_value());
        if (!std::isfinite(full.residual)) continue;
        const ModelFit shape = same_band ? full : fit_model(shape_data, shape_hf, m, s, options.re_ohm.has_value(), &full.params);
        add_candidate(std::move(full), shape);
    }
    // The creep variant of each inductance model, from its fits with a
    // small β: it is chosen only if the criterion says its extra parameter
    // earned its place. Both inductance models get one: without creep in
    // either, Wright's extra freedom can soak up the creep's misfit and win.
    if (options.model == ModelChoice::automatic || options.creep)
        for (std::size_t c = 0, plain_count = out.candidates.size(); c < plain_count; ++c) {
            const auto [plain_full, shape_p] = stages[c];
            const InductanceModel m = shape_p.model;
            const std::vector<int> free = all_free(theta_size(m) + 1, options.re_ohm.has_value());
            auto refit = [&](const FitData& d, DriverParams p) {
                p.creep = true;
                p.creep_beta = kCreepStartBeta;
                // From a converged plain fit one parameter away: a refit that
                // needs more than this is a model that does not fit (Wright
                // on an LR-2 coil took 1200 evaluations and lost).
                return finish_fit(d, m, run_lm(d, m, to_theta(p), free, kCreepRefitEvaluations), free);
            };
            // The whole band's inductance is the plain model's: creep acts
            // around the resonance, which the shape band covers.
            const ModelFit shape = refit(shape_data, shape_p);
            if (std::isfinite(shape.residual)) add_candidate(same_band ? shape : plain_full, shape);
        }

    // A fixed model keeps the creep setting it asked for.
    const ModelFit* best = nullptr;
    for (const ModelFit& f : out.candidates)
        if (std::isfinite(f.residual) && std::isfinite(f.choice_aic) && (!best || f.choice_aic < best->choice_aic) &&
            (options.model == ModelChoice::automatic || f.params.creep == options.creep))
            best = &f;
    if (!best) return make_error(source, ": the T/S fit did not converge; check that the curve is a driver's impedance");
    out.chosen = *best;
    // The other candidates' resonance figures are readings of the same
    // curve by other models: half their difference joins the variance of Re,
    // fs, Qms and Qes (and Res) as a model-error term. The creep-free ones
    // count too, though the criterion rejected them: the creep model itself
    // is one choice among several (LOG here, 3-parameter elsewhere), and on
    // the L16RNX the creep variants alone would put fs 4.6 σ from
    // Speakerbench's 3-parameter fs.
    for (const ModelFit& other : out.candidates) {
        if (&other == best || !std::isfinite(other.residual) || !std::isfinite(other.choice_aic)) continue;
        const DriverParams &a = best->params, &b = other.params;
        const double d[4] = {0.5 * std::log(a.re_ohm / b.re_ohm), 0.5 * std::log(a.fs_hz / b.fs_hz), 0.5 * std::log(a.qms / b.qms),
                             0.5 * std::log(a.qes / b.qes)};
        for (int k = 0; k < 4; ++k) out.chosen.log_cov[k * 4 + k] += d[k] * d[k];
        const double d_res = 0.5 * std::log(a.res_ohm() / b.res_ohm());
        const double d_theta[4] = {d[0], d[1], d[2], d_res};
        for (int k = 0; k < theta::kInductance; ++k)
            if (out.chosen.theta_sigma[k] > 0.0)
                out.chosen.theta_sigma[k] = std::sqrt(out.chosen.theta_sigma[k] * out.chosen.theta_sigma[k] + d_theta[k] * d_theta[k]);
        out.chosen.model_spread = true;
    }
    return out;
}

}  // namespace zb
