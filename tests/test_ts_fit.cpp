// The T/S fit on synthetic curves whose answers are known: noise-free ZMA
// files of both inductance models, the uncertainty against known noise, the
// three-point start, a DC resistance from a meter.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "dsp/log_grid.h"
#include "io/zma.h"
#include "support/test_support.h"
#include "ts/ts_analysis.h"
#include "util/rng.h"
#include "util/units.h"

using namespace zb;

namespace {

double log_uniform(Rng& rng, double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); }
double rel(double measured, double truth) { return std::abs(measured / truth - 1.0); }

// A 48-PPO curve from 10 Hz to 20 kHz, written as ZMA text and read back,
// as a file from another tool would arrive.
ImpedanceCurve zma_of(const std::function<std::complex<double>(double)>& z) {
    ImpedanceCurve c;
    for (double f = 10.0; f <= 20000.0; f *= std::pow(2.0, 1.0 / 48.0)) c.push_back(f, z(f));
    auto back = parse_zma(format_zma(c, {"synthetic"}), "synthetic.zma");
    REQUIRE(back.ok());
    return *back;
}

DriverParams random_lr2(Rng& rng) {
    DriverParams p;
    p.model = InductanceModel::lr2;
    p.re_ohm = log_uniform(rng, 3, 8);
    p.fs_hz = log_uniform(rng, 20, 140);
    p.qms = 1.5 + 7.5 * rng.uniform();
    p.qes = 0.3 + 0.6 * rng.uniform();
    p.lr2.le_h = log_uniform(rng, 5e-5, 1e-3);
    p.lr2.l2_h = p.lr2.le_h * log_uniform(rng, 0.5, 3.0);
    p.lr2.r2_ohm = kTwoPi * log_uniform(rng, 300, 5000) * p.lr2.l2_h;
    return p;
}

std::string describe(const DriverParams& p) {
    std::ostringstream o;
    o << "Re " << p.re_ohm << " fs " << p.fs_hz << " Qms " << p.qms << " Qes " << p.qes;
    if (p.model == InductanceModel::lr2) o << " Le " << p.lr2.le_h << " L2 " << p.lr2.l2_h << " R2 " << p.lr2.r2_ohm;
    else o << " Krm " << p.wright.krm_ohm << " Erm " << p.wright.erm << " Kxm " << p.wright.kxm_ohm << " Exm " << p.wright.exm;
    return o.str();
}

void check_core(const DriverParams& p, const DriverParams& t, double tol) {
    CHECK(rel(p.re_ohm, t.re_ohm) < tol);
    CHECK(rel(p.fs_hz, t.fs_hz) < tol);
    CHECK(rel(p.qms, t.qms) < tol);
    CHECK(rel(p.qes, t.qes) < tol);
    CHECK(rel(p.qts(), t.qts()) < tol);
}

}  // namespace

TEST_CASE("noise-free ZMA of random LR-2 drivers: every parameter within 0.5 %", "[ts][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x2a);
    for (int i = 0; i < 20; ++i) {
        const DriverParams t = random_lr2(rng);
        INFO("case " << i << ": " << describe(t));
        auto r = analyse_ts({zma_of([&](double f) { return driver_impedance(t, f); }), "synthetic.zma"}, {});
        REQUIRE(r.ok());
        REQUIRE(r->free_air);
        const ModelFit& fit = r->free_air->fit.chosen;
        const DriverParams& p = fit.params;
        INFO("fit: " << describe(p) << " residual " << fit.residual);
        REQUIRE(p.model == InductanceModel::lr2);
        check_core(p, t, 0.005);
        CHECK(rel(p.lr2.le_h, t.lr2.le_h) < 0.005);
        CHECK(rel(p.lr2.l2_h, t.lr2.l2_h) < 0.005);
        CHECK(rel(p.lr2.r2_ohm, t.lr2.r2_ohm) < 0.005);
        // ZMA's printed digits are the only error left.
        CHECK(fit.residual < 1e-4);
        std::string warnings;
        for (const std::string& w : r->warnings) warnings += w + "\n";
        INFO("warnings: " << warnings);
        CHECK(r->warnings.empty());
    }
}

TEST_CASE("noise-free ZMA of Wright-model drivers: the Wright model is chosen and recovered", "[ts]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x3b);
    for (int i = 0; i < 10; ++i) {
        DriverParams t = random_lr2(rng);
        t.model = InductanceModel::wright;
        // Around the SEAS L16RNX's fit: |Zl| of 0.3-3 Ω at 1 kHz.
        t.wright.exm = 0.55 + 0.4 * rng.uniform();
        t.wright.erm = 0.6 + 0.4 * rng.uniform();
        t.wright.kxm_ohm = log_uniform(rng, 0.3, 3.0) / std::pow(kTwoPi * 1000.0, t.wright.exm);
        t.wright.krm_ohm = log_uniform(rng, 0.1, 1.0) / std::pow(kTwoPi * 1000.0, t.wright.erm);
        INFO("case " << i << ": " << describe(t));
        auto r = analyse_ts({zma_of([&](double f) { return driver_impedance(t, f); }), "wright.zma"}, {});
        REQUIRE(r.ok());
        REQUIRE(r->free_air);
        const ModelFit& fit = r->free_air->fit.chosen;
        const DriverParams& p = fit.params;
        INFO("fit: " << describe(p) << " residual " << fit.residual);
        REQUIRE(p.model == InductanceModel::wright);
        check_core(p, t, 0.005);
        CHECK(rel(p.wright.krm_ohm, t.wright.krm_ohm) < 0.02);
        CHECK(rel(p.wright.kxm_ohm, t.wright.kxm_ohm) < 0.02);
        CHECK(std::abs(p.wright.erm - t.wright.erm) < 0.005);
        CHECK(std::abs(p.wright.exm - t.wright.exm) < 0.005);
        // The LR-2 candidate was fitted too and lost on residual; so did
        // both with creep (β ends at 0 on Wright, its criterion 2 worse).
        REQUIRE(r->free_air->fit.candidates.size() == 4);
        CHECK_FALSE(p.creep);
        for (const ModelFit& c : r->free_air->fit.candidates)
            if (c.params.model == InductanceModel::lr2) CHECK(c.residual > fit.residual);
            else if (c.params.creep) CHECK(c.choice_aic > fit.choice_aic);
    }
}

TEST_CASE("the Jacobian's uncertainty matches the scatter under known noise", "[ts]") {
    // 0.2 % complex Gaussian noise on |Z|: over 40 noisy copies of one curve
    // the fitted values scatter by about their reported σ. A σ that ignored
    // the noise, or the weighting, would miss by far more than this band.
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x4c);
    DriverParams t = random_lr2(rng);
    INFO(describe(t));
    const int runs = 40;
    double sum_sq[4] = {}, sigma_sum[4] = {};
    for (int k = 0; k < runs; ++k) {
        ImpedanceCurve c;
        for (double f = 10.0; f <= 20000.0; f *= std::pow(2.0, 1.0 / 48.0)) {
            const std::complex<double> z = driver_impedance(t, f);
            c.push_back(f, z * (1.0 + 0.002 * std::complex<double>(rng.gaussian(), rng.gaussian()) / std::sqrt(2.0)));
        }
        TsConfig config;
        config.fit.model = ModelChoice::lr2;
        auto r = analyse_ts({c, "noisy"}, config);
        REQUIRE(r.ok());
        REQUIRE(r->free_air);
        const ModelFit& fit = r->free_air->fit.chosen;
        const double values[4] = {fit.params.re_ohm, fit.params.fs_hz, fit.params.qms, fit.params.qes};
        const double truths[4] = {t.re_ohm, t.fs_hz, t.qms, t.qes};
        const double sigmas[4] = {fit.sigma(theta::kRe), fit.sigma(theta::kFs), fit.sigma(theta::kQms), fit.qes_sigma()};
        for (int q = 0; q < 4; ++q) {
            sum_sq[q] += std::pow(values[q] - truths[q], 2);
            sigma_sum[q] += sigmas[q];
        }
        // ~0.2 % noise per point fits to a residual of ~0.2 %.
        CHECK(fit.residual == Approx(0.002).epsilon(0.2));
    }
    const char* names[4] = {"Re", "fs", "Qms", "Qes"};
    for (int q = 0; q < 4; ++q) {
        const double scatter = std::sqrt(sum_sq[q] / runs), sigma = sigma_sum[q] / runs;
        INFO(names[q] << ": RMS error " << scatter << ", mean reported sigma " << sigma);
        CHECK(sigma > 0.0);
        CHECK(scatter / sigma > 0.6);
        CHECK(scatter / sigma < 1.6);
    }
}

TEST_CASE("a DC resistance from a meter is held, and a wrong one shows in the residual", "[ts]") {
    DriverParams t;
    t.model = InductanceModel::lr2;
    t.re_ohm = 5.6;
    t.fs_hz = 42;
    t.qms = 3.5;
    t.qes = 0.45;
    t.lr2 = {2e-4, 4e-4, 6.0};
    const ImpedanceCurve c = zma_of([&](double f) { return driver_impedance(t, f); });
    TsConfig config;
    config.fit.re_ohm = 5.6;
    auto r = analyse_ts({c, "re.zma"}, config);
    REQUIRE(r.ok());
    CHECK(r->free_air->fit.chosen.params.re_ohm == Approx(5.6).epsilon(1e-12));
    CHECK(r->free_air->fit.chosen.theta_sigma[theta::kRe] == 0.0);
    check_core(r->free_air->fit.chosen.params, t, 0.005);
    config.fit.re_ohm = 6.2;  // 11 % too high
    auto wrong = analyse_ts({c, "re.zma"}, config);
    REQUIRE(wrong.ok());
    CHECK(wrong->free_air->fit.chosen.params.re_ohm == Approx(6.2).epsilon(1e-12));
    CHECK(wrong->free_air->fit.chosen.residual > 100.0 * r->free_air->fit.chosen.residual);
}

TEST_CASE("the three-point estimate follows the textbook on a driver without inductance", "[ts]") {
    // Le = 0 (L2 ‖ R2 negligible): the three-point formulas are exact up to
    // the interpolation between grid points.
    DriverParams t;
    t.model = InductanceModel::lr2;
    t.re_ohm = 6.0;
    t.fs_hz = 55;
    t.qms = 4.0;
    t.qes = 0.5;
    t.lr2 = {1e-12, 1e-12, 1e-3};
    ImpedanceCurve c;
    for (double f = 5.0; f <= 2000.0; f *= std::pow(2.0, 1.0 / 96.0)) c.push_back(f, driver_impedance(t, f));
    const ResonanceScan scan = scan_resonances(c, re_floor_ohm(c));
    REQUIRE(scan.peaks.size() == 1);
    CHECK(scan.peaks[0].frequency_hz == Approx(55).epsilon(0.002));
    CHECK(scan.peaks[0].magnitude_ohm == Approx(6.0 * (1 + 4.0 / 0.5)).epsilon(0.002));
    auto e = three_point_estimate(c, scan.peaks[0], 6.0, "tp");
    REQUIRE(e.ok());
    CHECK(e->fs_hz == Approx(55).epsilon(0.002));
    CHECK(e->qms == Approx(4.0).epsilon(0.01));
    CHECK(e->qes == Approx(0.5).epsilon(0.01));
    CHECK(e->qts == Approx(4.0 * 0.5 / 4.5).epsilon(0.01));
    CHECK_FALSE(e->mirrored);
}

TEST_CASE("noise-free ZMA of drivers with LOG creep: the creep model is chosen and recovers fs, Qms and Qes within 1 %, the creep-free "
          "model is biased",
          "[ts][creep]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x10c4u);
    for (int i = 0; i < 6; ++i) {
        DriverParams truth = random_lr2(rng);
        truth.creep = true;
        truth.creep_beta = 0.06 + 0.06 * rng.uniform();  // λ = β·ln 10: 0.14-0.28 per decade, as real suspensions
        INFO("case " << i << ": " << describe(truth) << " beta " << truth.creep_beta);
        auto r = analyse_ts({zma_of([&](double f) { return driver_impedance(truth, f); }), "creep.zma"}, {});
        REQUIRE(r.ok());
        REQUIRE(r->free_air);
        const DriverParams& p = r->free_air->fit.chosen.params;
        const DriverParams* plain = nullptr;
        for (const ModelFit& c : r->free_air->fit.candidates)
            if (!c.params.creep && c.params.model == p.model) plain = &c.params;
        REQUIRE(plain);
        INFO("fit: " << describe(p) << " beta " << p.creep_beta << "; without creep: " << describe(*plain));
        CHECK(p.creep);
        CHECK(rel(p.fs_hz, truth.fs_hz) < 0.01);
        CHECK(rel(p.qms, truth.qms) < 0.01);
        CHECK(rel(p.qes, truth.qes) < 0.01);
        CHECK(rel(p.creep_beta, truth.creep_beta) < 0.1);  // Wright's Krm can take a little of it
        CHECK(std::max({rel(plain->fs_hz, truth.fs_hz), rel(plain->qms, truth.qms), rel(plain->qes, truth.qes)}) > 0.02);
    }
}

TEST_CASE("the driver model's analytic Jacobian matches central differences, with and without creep", "[ts]") {
    DriverParams p;
    p.re_ohm = 5.7;
    p.fs_hz = 45.0;
    p.qms = 2.0;
    p.qes = 0.5;
    p.lr2 = {1.4e-4, 2.7e-4, 9.3};
    for (InductanceModel model : {InductanceModel::lr2, InductanceModel::wright})
        for (bool creep : {false, true}) {
            p.model = model;
            p.wright = {0.02, 0.6, 0.004, 0.7};
            p.creep = creep;
            p.creep_beta = 0.1;
            const std::vector<double> t = to_theta(p);
            std::vector<std::complex<double>> g(t.size());
            for (double f_hz : {12.0, 44.0, 47.0, 300.0, 5000.0}) {
                const double w = kTwoPi * f_hz;
                DriverModelEval(model, t).z_gradient(w, std::log(w), g);
                for (std::size_t k = 0; k < t.size(); ++k) {
                    std::vector<double> up = t, down = t;
                    up[k] += 1e-6;
                    down[k] -= 1e-6;
                    const std::complex<double> numeric =
                        (DriverModelEval(model, up).z(w, std::log(w)) - DriverModelEval(model, down).z(w, std::log(w))) / 2e-6;
                    INFO(inductance_model_name(model) << (creep ? " + creep" : "") << " at " << f_hz << " Hz, d/d" << theta_name(model, static_cast<int>(k)));
                    CHECK(std::abs(g[k] - numeric) < 1e-6 * (1.0 + std::abs(numeric)));
                }
                // The model at θ is driver_impedance at p.
                CHECK(std::abs(DriverModelEval(model, t).z(w, std::log(w)) - driver_impedance(p, f_hz)) < 1e-9);
            }
        }
}

TEST_CASE("the measurement's per-point noise weighs the fit: a noisy stretch counts less, uniform noise changes nothing", "[ts]") {
    // 0.1 % complex noise everywhere, 4 % from 0.5 to 0.8 fs (hum and
    // room noise sit low): with the noise as weights (σ_i against the 0.3 %
    // model-error floor) the resonance figures scatter far less than
    // unweighted, where the 32 noisy points dominate the T/S band's sum.
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x77);
    DriverParams t = random_lr2(rng);
    INFO(describe(t));
    const int runs = 20;
    double sq_plain[4] = {}, sq_weighted[4] = {};
    for (int k = 0; k < runs; ++k) {
        TsCurve noisy{{}, "noisy", {}};
        for (double f = 10.0; f <= 20000.0; f *= std::pow(2.0, 1.0 / 48.0)) {
            const double sigma = f > 0.5 * t.fs_hz && f < 0.8 * t.fs_hz ? 0.04 : 0.001;
            const std::complex<double> z = driver_impedance(t, f);
            noisy.curve.push_back(f, z * (1.0 + sigma * std::complex<double>(rng.gaussian(), rng.gaussian()) / std::sqrt(2.0)));
            noisy.noise_sigma_fraction.push_back(sigma);
        }
        TsConfig config;
        config.fit.model = ModelChoice::lr2;
        auto weighted = analyse_ts(noisy, config);
        TsCurve unweighted_input = noisy;
        unweighted_input.noise_sigma_fraction.clear();
        auto plain = analyse_ts(unweighted_input, config);
        REQUIRE(weighted.ok());
        REQUIRE(plain.ok());
        REQUIRE(weighted->free_air);
        REQUIRE(plain->free_air);
        auto add = [&](double* sq, const DriverParams& p) {
            const double e[4] = {rel(p.re_ohm, t.re_ohm), rel(p.fs_hz, t.fs_hz), rel(p.qms, t.qms), rel(p.qes, t.qes)};
            for (int q = 0; q < 4; ++q) sq[q] += e[q] * e[q];
        };
        add(sq_plain, plain->free_air->fit.chosen.params);
        add(sq_weighted, weighted->free_air->fit.chosen.params);

        if (k == 0) {
            // The same σ at every point scales every weight alike: the same fit.
            TsCurve uniform = unweighted_input;
            uniform.noise_sigma_fraction.assign(uniform.curve.size(), 0.02);
            auto u = analyse_ts(uniform, config);
            REQUIRE(u.ok());
            const DriverParams& a = u->free_air->fit.chosen.params;
            const DriverParams& b = plain->free_air->fit.chosen.params;
            CHECK(a.fs_hz == Approx(b.fs_hz).epsilon(1e-6));
            CHECK(a.qms == Approx(b.qms).epsilon(1e-6));
            CHECK(a.qes == Approx(b.qes).epsilon(1e-6));
            CHECK(a.re_ohm == Approx(b.re_ohm).epsilon(1e-6));
        }
    }
    const char* names[4] = {"Re", "fs", "Qms", "Qes"};
    double plain_total = 0.0, weighted_total = 0.0;
    for (int q = 0; q < 4; ++q) {
        const double p = std::sqrt(sq_plain[q] / runs), w = std::sqrt(sq_weighted[q] / runs);
        INFO(names[q] << ": RMS relative error unweighted " << p << ", weighted " << w);
        CHECK(w < p);
        plain_total += p;
        weighted_total += w;
    }
    INFO("sum of RMS relative errors: unweighted " << plain_total << ", weighted " << weighted_total);
    CHECK(weighted_total < 0.5 * plain_total);
}
