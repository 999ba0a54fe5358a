// Thiele/Small parameters of simulated drivers measured on the virtual rig:
// the acceptance criteria of the T/S issue (free air; added mass; known
// closed box).
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <sstream>

#include "device/sim_device.h"
#include "measure/impedance_measurement.h"
#include "safety/preflight.h"
#include "support/test_support.h"
#include "ts/air.h"
#include "ts/ts_analysis.h"
#include "util/rng.h"
#include "util/units.h"

using namespace zb;

namespace {

double log_uniform(Rng& rng, double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); }

// The acceptance ranges: fs 20-140 Hz, Qms 1.5-9, Qes 0.3-0.9. Re 3-8 Ω.
// The LR-2 inductance is drawn where its three values are identifiable from
// a 10 Hz-20 kHz curve: Le 0.05-1 mH, L2 0.5-3 × Le, and the L2‖R2 corner
// R2/(2π·L2) between 300 Hz and 5 kHz (above 20 kHz L2 and Le merge into
// one inductance and no fit can tell them apart).
SpeakerParams random_driver(Rng& rng) {
    SpeakerParams p;
    p.re_ohm = log_uniform(rng, 3, 8);
    p.fs_hz = log_uniform(rng, 20, 140);
    p.qms = 1.5 + 7.5 * rng.uniform();
    p.qes = 0.3 + 0.6 * rng.uniform();
    p.le_h = log_uniform(rng, 5e-5, 1e-3);
    p.l2_h = p.le_h * log_uniform(rng, 0.5, 3.0);
    p.r2_ohm = kTwoPi * log_uniform(rng, 300, 5000) * p.l2_h;
    return p;
}

std::string describe(const SpeakerParams& p) {
    std::ostringstream o;
    o << "Re " << p.re_ohm << " fs " << p.fs_hz << " Qms " << p.qms << " Qes " << p.qes << " Le " << p.le_h << " L2 " << p.l2_h
      << " R2 " << p.r2_ohm;
    return o.str();
}

Scenario rig_with(const SpeakerParams& p, std::uint64_t seed, double r_ref_ohm = 10.0) {
    Scenario s;
    s.seed = seed;
    s.r_ref_ohm = r_ref_ohm;
    s.input.noise_dbfs = -105;
    s.hum.harmonics = {{1, -95}, {3, -100}};
    s.dut = SpeakerDut{p};
    return s;
}

ImpedanceCurve measure(const Scenario& s) {
    SimDevice device(s);
    ImpedanceMeasurementConfig c;
    c.safety = safety_config_for_rig(s);  // the rig's own output kind, as the CLI does
    c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
    c.analysis.grid = {10.0, 20000.0, 48};
    auto m = measure_impedance(device, c, nullptr);
    INFO((m.ok() ? std::string() : m.message()));
    REQUIRE(m.ok());
    return m->analysis.curve;
}

double rel(double measured, double truth) { return std::abs(measured / truth - 1.0); }

// A driver given by its mechanical parameters, as the T/S model sees it:
// Qms = ωs·Mms/Rms, Qes = ωs·Mms·Re/Bl².
struct Mechanics {
    double re_ohm, bl_tm, mms_kg, cms_m_per_n, rms_kg_s;
};
SpeakerParams driver_from(const Mechanics& m, const SpeakerParams& inductance) {
    SpeakerParams p = inductance;
    const double ws = 1.0 / std::sqrt(m.mms_kg * m.cms_m_per_n);
    p.re_ohm = m.re_ohm;
    p.fs_hz = ws / kTwoPi;
    p.qms = ws * m.mms_kg / m.rms_kg_s;
    p.qes = ws * m.mms_kg * m.re_ohm / (m.bl_tm * m.bl_tm);
    return p;
}

}  // namespace

TEST_CASE("T/S of random simulated drivers measured on the rig: Re, fs, Q within 1.5 %, LR-2 within 10 %", "[ts][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    double worst_q = 0.0, worst_l = 0.0;
    for (int i = 0; i < 12; ++i) {
        const SpeakerParams truth = random_driver(rng);
        INFO("case " << i << ": " << describe(truth));
        const ImpedanceCurve curve = measure(rig_with(truth, rng.next_u64() >> 12, log_uniform(rng, 10, 47)));
        auto r = analyse_ts({curve, "rig"}, {});
        REQUIRE(r.ok());
        std::string warnings;
        for (const std::string& w : r->warnings) warnings += w + "\n";
        INFO("warnings: " << warnings);
        REQUIRE(r->free_air.has_value());
        CHECK(r->warnings.empty());
        const DriverParams& p = r->free_air->fit.chosen.params;
        REQUIRE(p.model == InductanceModel::lr2);
        INFO("fit: Re " << p.re_ohm << " fs " << p.fs_hz << " Qms " << p.qms << " Qes " << p.qes << " Le " << p.lr2.le_h << " L2 "
                        << p.lr2.l2_h << " R2 " << p.lr2.r2_ohm << " residual " << r->free_air->fit.chosen.residual);
        const double q_errors[] = {rel(p.re_ohm, truth.re_ohm), rel(p.fs_hz, truth.fs_hz), rel(p.qms, truth.qms), rel(p.qes, truth.qes),
                                   rel(p.qts(), truth.qms * truth.qes / (truth.qms + truth.qes))};
        for (double e : q_errors) {
            CHECK(e < 0.015);
            worst_q = std::max(worst_q, e);
        }
        const double l_errors[] = {rel(p.lr2.le_h, truth.le_h), rel(p.lr2.l2_h, truth.l2_h), rel(p.lr2.r2_ohm, truth.r2_ohm)};
        for (double e : l_errors) {
            CHECK(e < 0.10);
            worst_l = std::max(worst_l, e);
        }
    }
    WARN("worst error on the rig: Re/fs/Q " << 100 * worst_q << " %, Le/L2/R2 " << 100 * worst_l << " % (seed " << seed << ")");
}

TEST_CASE("added masses and a known closed box on the rig give Mms, Cms, Bl and Vas within 2 %", "[ts][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0x5eedu);
    for (int i = 0; i < 4; ++i) {
        // A random woofer by its mechanics: Mms 5-60 g, fs 20-140 Hz, Qms 1.5-9, Qes 0.3-0.9.
        const SpeakerParams shape = random_driver(rng);
        const double sd_m2 = log_uniform(rng, 0.005, 0.05);
        Mechanics m;
        m.re_ohm = shape.re_ohm;
        m.mms_kg = log_uniform(rng, 0.005, 0.06);
        m.cms_m_per_n = 1.0 / (std::pow(kTwoPi * shape.fs_hz, 2) * m.mms_kg);
        m.rms_kg_s = kTwoPi * shape.fs_hz * m.mms_kg / shape.qms;
        m.bl_tm = std::sqrt(kTwoPi * shape.fs_hz * m.mms_kg * m.re_ohm / shape.qes);
        const double vas_m3 = kAirRhoC2Pa * sd_m2 * sd_m2 * m.cms_m_per_n;
        INFO("case " << i << ": Mms " << m.mms_kg << " Cms " << m.cms_m_per_n << " Bl " << m.bl_tm << " Rms " << m.rms_kg_s << " Sd "
                     << sd_m2 << " Vas " << vas_m3 << " " << describe(shape));

        // Free air, then 50 % and 100 % of Mms added (Speakerbench's advice).
        const ImpedanceCurve free_air = measure(rig_with(driver_from(m, shape), rng.next_u64() >> 12));
        TsConfig config;
        config.sd_m2 = sd_m2;
        for (double fraction : {0.5, 1.0}) {
            Mechanics loaded = m;
            loaded.mms_kg += fraction * m.mms_kg;
            config.added_mass.push_back({{measure(rig_with(driver_from(loaded, shape), rng.next_u64() >> 12)), "mass"}, fraction * m.mms_kg});
        }
        // A closed box of Vas/2: its air spring in parallel with the suspension.
        const double vb_m3 = 0.5 * vas_m3;
        Mechanics boxed = m;
        boxed.cms_m_per_n = 1.0 / (1.0 / m.cms_m_per_n + kAirRhoC2Pa * sd_m2 * sd_m2 / vb_m3);
        config.closed_box = ClosedBoxInput{{measure(rig_with(driver_from(boxed, shape), rng.next_u64() >> 12)), "box"}, vb_m3};

        auto r = analyse_ts({free_air, "free"}, config);
        INFO((r.ok() ? std::string() : r.message()));
        REQUIRE(r.ok());
        REQUIRE(r->mechanical.has_value());
        const MechanicalParams& mech = *r->mechanical;
        CHECK(mech.method == "dual added mass");
        REQUIRE(mech.mms_kg);
        REQUIRE(mech.vas_m3);
        INFO("added mass: Mms " << mech.mms_kg->value << " Cms " << mech.cms_m_per_n->value << " Bl " << mech.bl_tm->value << " Vas "
                                << mech.vas_m3->value);
        CHECK(rel(mech.mms_kg->value, m.mms_kg) < 0.02);
        CHECK(rel(mech.cms_m_per_n->value, m.cms_m_per_n) < 0.02);
        CHECK(rel(mech.bl_tm->value, m.bl_tm) < 0.02);
        CHECK(rel(mech.vas_m3->value, vas_m3) < 0.02);
        // Each single-mass estimate alone is within spec too.
        for (double single : r->added_mass->single_mms_kg) CHECK(rel(single, m.mms_kg) < 0.02);

        // The box alone (no added mass): Vas, then Cms, Mms and Bl through Sd.
        REQUIRE(r->closed_box.has_value());
        CHECK(rel(r->closed_box->vas_m3.value, vas_m3) < 0.02);
        TsConfig box_only = config;
        box_only.added_mass.clear();
        auto b = analyse_ts({free_air, "free"}, box_only);
        REQUIRE(b.ok());
        REQUIRE(b->mechanical.has_value());
        CHECK(b->mechanical->method == "closed box");
        INFO("box: Mms " << b->mechanical->mms_kg->value << " Cms " << b->mechanical->cms_m_per_n->value << " Bl " << b->mechanical->bl_tm->value
                         << " Vas " << b->mechanical->vas_m3->value);
        CHECK(rel(b->mechanical->vas_m3->value, vas_m3) < 0.02);
        CHECK(rel(b->mechanical->cms_m_per_n->value, m.cms_m_per_n) < 0.02);
        CHECK(rel(b->mechanical->mms_kg->value, m.mms_kg) < 0.02);
        CHECK(rel(b->mechanical->bl_tm->value, m.bl_tm) < 0.02);
    }
}

namespace {

// The true resonance and Cms of a driver with 3-parameter creep: the zero of
// Im Zmech, Zmech = jω·Mms + Rms + 1/(jω·C0·c(jω)), by bisection, and
// Ceq(ωs) = 1/Re[1/C(jωs)]; the suspension's own loss at ωs,
// Re[1/(jωs·C(jωs))], which adds to Rms in Qms.
struct CreepTruth {
    double fs_hz, cms_m_per_n, creep_loss_kg_s;
};
CreepTruth creep_truth(double mms_kg, double c0_m_per_n, double beta, double f0_hz) {
    auto compliance = [&](double w) { return c0_m_per_n * (1.0 + beta * std::log(1.0 + kTwoPi * f0_hz / std::complex<double>(0.0, w))); };
    auto im_zmech = [&](double w) { return (std::complex<double>(0.0, w * mms_kg) + 1.0 / (std::complex<double>(0.0, w) * compliance(w))).imag(); };
    double lo = 1.0, hi = 1e5;
    for (int k = 0; k < 200; ++k) {
        const double mid = std::sqrt(lo * hi);
        (im_zmech(mid) < 0.0 ? lo : hi) = mid;
    }
    const double ws = std::sqrt(lo * hi);
    return {ws / kTwoPi, 1.0 / (1.0 / compliance(ws)).real(), (1.0 / (std::complex<double>(0.0, ws) * compliance(ws))).real()};
}

}  // namespace

TEST_CASE("a creeping suspension on the rig: dual added mass recovers Mms, Cms and Bl within 1 %, constant compliance reads Mms low",
          "[ts][acceptance][creep]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0xc4ee9u);
    for (int i = 0; i < 3; ++i) {
        const SpeakerParams shape = random_driver(rng);
        Mechanics m;
        m.re_ohm = shape.re_ohm;
        m.mms_kg = log_uniform(rng, 0.005, 0.06);
        m.cms_m_per_n = 1.0 / (std::pow(kTwoPi * shape.fs_hz, 2) * m.mms_kg);  // C0
        m.rms_kg_s = kTwoPi * shape.fs_hz * m.mms_kg / shape.qms;
        m.bl_tm = std::sqrt(kTwoPi * shape.fs_hz * m.mms_kg * m.re_ohm / shape.qes);
        // Creep as on real woofers (the L16RNX: β ≈ 0.1, ω0 = 1.5·ωs).
        SpeakerParams creeping = shape;
        creeping.creep_beta = 0.08 + 0.07 * rng.uniform();
        creeping.creep_f0_hz = 1.5 * shape.fs_hz;
        const CreepTruth truth = creep_truth(m.mms_kg, m.cms_m_per_n, creeping.creep_beta, creeping.creep_f0_hz);
        INFO("case " << i << ": Mms " << m.mms_kg << " C0 " << m.cms_m_per_n << " Bl " << m.bl_tm << " Rms " << m.rms_kg_s << " beta "
                     << creeping.creep_beta << " -> fs " << truth.fs_hz << " Cms(fs) " << truth.cms_m_per_n << "; " << describe(shape));

        const ImpedanceCurve free_air = measure(rig_with(driver_from(m, creeping), rng.next_u64() >> 12));
        TsConfig config;
        for (double fraction : {0.5, 1.0}) {
            Mechanics loaded = m;
            loaded.mms_kg += fraction * m.mms_kg;
            config.added_mass.push_back({{measure(rig_with(driver_from(loaded, creeping), rng.next_u64() >> 12)), "mass"}, fraction * m.mms_kg});
        }
        auto r = analyse_ts({free_air, "free"}, config);
        INFO((r.ok() ? std::string() : r.message()));
        REQUIRE(r.ok());
        REQUIRE(r->mechanical.has_value());
        REQUIRE(r->creep_mass.has_value());
        const MechanicalParams& mech = *r->mechanical;
        const CreepAddedMassResult& c = *r->creep_mass;
        INFO("dual added mass (" << creep_model_name(c.chosen.fit.creep.model) << ", beta " << c.chosen.fit.creep.beta << "): Mms "
                                 << mech.mms_kg->value << " Cms " << mech.cms_m_per_n->value << " Bl " << mech.bl_tm->value << " fs "
                                 << c.chosen.fit.fs_hz << "; constant compliance: Mms " << r->added_mass->mms_kg.value << ", line fit "
                                 << c.models[0].mms_kg.value);
        CHECK(mech.method == "dual added mass");
        CHECK(rel(mech.mms_kg->value, m.mms_kg) < 0.01);
        CHECK(rel(mech.cms_m_per_n->value, truth.cms_m_per_n) < 0.01);
        CHECK(rel(mech.bl_tm->value, m.bl_tm) < 0.01);
        CHECK(rel(c.chosen.fit.fs_hz, truth.fs_hz) < 0.005);
        // The bias creep causes in the classic formula, which the creep model removes.
        CHECK(r->added_mass->mms_kg.value < 0.97 * m.mms_kg);
        for (double single : r->added_mass->single_mms_kg) CHECK(single < 0.98 * m.mms_kg);
        CHECK(c.models[0].mms_kg.value < 0.98 * m.mms_kg);
    }
}

// The rig's creep is the 3-parameter model, which the free-air fit's LOG
// creep matches below about 1.5·fs only: fs comes out within 0.03 %, Qms
// and Qes 1-2 % high (3 cases: Qms +1.0 to +1.2 %, Qes +1.5 to +2.0 %).
// test_ts_fit.cpp holds LOG creep itself to 1 %.
TEST_CASE("a creeping suspension in free air on the rig: the LOG-creep model is chosen, fs within 0.1 %, Qms and Qes within 3 %; "
          "the creep-free model is biased",
          "[ts][acceptance][creep]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed ^ 0xf7ee4u);
    for (int i = 0; i < 3; ++i) {
        const SpeakerParams shape = random_driver(rng);
        Mechanics m;
        m.re_ohm = shape.re_ohm;
        m.mms_kg = log_uniform(rng, 0.005, 0.06);
        m.cms_m_per_n = 1.0 / (std::pow(kTwoPi * shape.fs_hz, 2) * m.mms_kg);  // C0
        m.rms_kg_s = kTwoPi * shape.fs_hz * m.mms_kg / shape.qms;
        m.bl_tm = std::sqrt(kTwoPi * shape.fs_hz * m.mms_kg * m.re_ohm / shape.qes);
        SpeakerParams creeping = shape;
        creeping.creep_beta = 0.08 + 0.07 * rng.uniform();
        creeping.creep_f0_hz = 1.5 * shape.fs_hz;
        const CreepTruth truth = creep_truth(m.mms_kg, m.cms_m_per_n, creeping.creep_beta, creeping.creep_f0_hz);
        // Qms and Qes at the true resonance: Qms = ωs·Mms/Re Zmech(ωs), Qes = ωs·Mms·Re/Bl².
        const double ws = kTwoPi * truth.fs_hz;
        const double qms = ws * m.mms_kg / (m.rms_kg_s + truth.creep_loss_kg_s), qes = ws * m.mms_kg * m.re_ohm / (m.bl_tm * m.bl_tm);
        INFO("case " << i << ": beta " << creeping.creep_beta << " -> fs " << truth.fs_hz << " Qms " << qms << " Qes " << qes << "; "
                     << describe(shape));

        auto r = analyse_ts({measure(rig_with(driver_from(m, creeping), rng.next_u64() >> 12)), "free"}, {});
        REQUIRE(r.ok());
        REQUIRE(r->free_air);
        const TsFit& fit = r->free_air->fit;
        const DriverParams& p = fit.chosen.params;
        const DriverParams* plain = nullptr;
        for (const ModelFit& c : fit.candidates)
            if (!c.params.creep && c.params.model == p.model) plain = &c.params;
        REQUIRE(plain);
        INFO("LOG creep (beta " << p.creep_beta << "): fs " << p.fs_hz << " Qms " << p.qms << " Qes " << p.qes << "; without creep: fs "
                                << plain->fs_hz << " Qms " << plain->qms << " Qes " << plain->qes);
        CHECK(p.creep);
        CHECK(rel(p.fs_hz, truth.fs_hz) < 0.001);
        CHECK(rel(p.qms, qms) < 0.03);
        CHECK(rel(p.qes, qes) < 0.03);
        // Without creep the fit reads fs low and Qms lower still (4 cases:
        // fs −0.3 to −0.6 %, Qms −2.6 to −5.3 %).
        CHECK(plain->fs_hz < truth.fs_hz * 0.998);
        CHECK(plain->qms < qms * 0.985);
    }
}
