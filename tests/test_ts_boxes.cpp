// Added mass, closed box and vented box on curves with known answers, and the
// free-air plausibility checks (two peaks, no peak, high residual).
#include <catch2/catch.hpp>

#include <cmath>

#include "support/test_support.h"
#include "ts/air.h"
#include "ts/ts_analysis.h"
#include "util/units.h"

using namespace zb;

namespace {

// A driver by its mechanics, optionally loaded by an acoustic impedance on
// the cone's back (a box): Zmot = Bl²/(jωMms + Rms + 1/(jωCms) + Sd²·Za).
struct Woofer {
    double re_ohm = 6.0, le_h = 3e-4, bl_tm = 7.0, mms_kg = 0.02, cms_m_per_n = 1e-3, rms_kg_s = 1.5, sd_m2 = 0.013;
};

std::complex<double> woofer_z(const Woofer& w, double f, std::complex<double> za_pa_s_m3 = 0.0) {
    const std::complex<double> jw(0.0, kTwoPi * f);
    const std::complex<double> zm = jw * w.mms_kg + w.rms_kg_s + 1.0 / (jw * w.cms_m_per_n) + w.sd_m2 * w.sd_m2 * za_pa_s_m3;
    return w.re_ohm + jw * w.le_h + w.bl_tm * w.bl_tm / zm;
}

// Vented box: the box's air spring Cab = Vb/(ρc²) in parallel with the port
// (mass Map and a loss resistance Rap giving the port a quality factor Qp).
std::complex<double> vented_za(double f, double vb_m3, double fb_hz, double qp) {
    const std::complex<double> jw(0.0, kTwoPi * f);
    const double cab = vb_m3 / kAirRhoC2Pa;
    const double map = 1.0 / (std::pow(kTwoPi * fb_hz, 2) * cab);
    const double rap = kTwoPi * fb_hz * map / qp;
    return 1.0 / (jw * cab + 1.0 / (jw * map + rap));
}

ImpedanceCurve curve_of(const std::function<std::complex<double>(double)>& z, double f_lo = 10.0, double ppo = 48.0) {
    ImpedanceCurve c;
    for (double f = f_lo; f <= 20000.0; f *= std::pow(2.0, 1.0 / ppo)) c.push_back(f, z(f));
    return c;
}

}  // namespace

TEST_CASE("the added-mass formulas: one mass is Mms = m/((fs/fs')^2 - 1), several fit a line", "[ts][added_mass]") {
    // Mms 20 g, Cms 1 mm/N: fs = 35.588 Hz; 10 g and 20 g shift it to 29.06 and 25.16 Hz.
    const double mms = 0.02, cms = 1e-3;
    auto fs_of = [&](double m) { return 1.0 / (kTwoPi * std::sqrt(cms * (mms + m))); };
    auto one = added_mass_fit({{0.0, {fs_of(0), 0.01}}, {0.01, {fs_of(0.01), 0.01}}});
    REQUIRE(one.ok());
    CHECK(one->mms_kg.value == Approx(mms).epsilon(1e-9));
    CHECK(one->cms_m_per_n.value == Approx(cms).epsilon(1e-9));
    CHECK(one->single_mms_kg[0] == Approx(0.01 / (std::pow(fs_of(0) / fs_of(0.01), 2) - 1.0)).epsilon(1e-12));
    // σ: ln Mms moves by 2k/(k−1) times each fs's relative error.
    const double k = std::pow(fs_of(0) / fs_of(0.01), 2);
    const double expected = mms * 2.0 * k / (k - 1.0) * std::hypot(0.01 / fs_of(0), 0.01 / fs_of(0.01));
    CHECK(one->mms_kg.sigma == Approx(expected).epsilon(0.01));

    auto two = added_mass_fit({{0.0, {fs_of(0), 0.01}}, {0.01, {fs_of(0.01), 0.01}}, {0.02, {fs_of(0.02), 0.01}}});
    REQUIRE(two.ok());
    CHECK(two->mms_kg.value == Approx(mms).epsilon(1e-9));
    CHECK(two->chi2_per_dof == Approx(0.0).margin(1e-9));
    CHECK(two->mms_kg.sigma < one->mms_kg.sigma);

    // A "mass" that raises the resonance is a pairing mistake.
    auto wrong = added_mass_fit({{0.0, {fs_of(0.01), 0.01}}, {0.01, {fs_of(0), 0.01}}});
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.message().find("not below the free-air") != std::string::npos);
}

TEST_CASE("a vented box shows two peaks, its tuning fb, and no free-air T/S", "[ts][vented]") {
    const Woofer w;
    for (double fb : {28.0, 40.0, 55.0}) {
        for (double vb_l : {15.0, 40.0}) {
            INFO("fb " << fb << " Hz, Vb " << vb_l << " litres");
            const ImpedanceCurve c = curve_of([&](double f) { return woofer_z(w, f, vented_za(f, vb_l * 1e-3, fb, 30.0)); });
            auto r = analyse_ts({c, "vented.zma"}, {});
            REQUIRE(r.ok());
            CHECK(r->shape == CurveShape::vented_box);
            CHECK_FALSE(r->free_air.has_value());
            REQUIRE(r->vented_box.has_value());
            REQUIRE(r->vented_box->low.has_value());
            CHECK(r->vented_box->low->frequency_hz < fb);
            CHECK(r->vented_box->high.frequency_hz > fb);
            CHECK(r->vented_box->fb_hz == Approx(fb).epsilon(0.02));
            REQUIRE_FALSE(r->warnings.empty());
            CHECK(r->warnings[0].find("not a driver in free air") != std::string::npos);
            CHECK(r->warnings[0].find("vented box") != std::string::npos);
        }
    }
    // Its lower peak below the curve's first point still reads as a box.
    const ImpedanceCurve c = curve_of([&](double f) { return woofer_z(w, f, vented_za(f, 0.03, 30.0, 30.0)); }, 24.0);
    auto r = analyse_ts({c, "cut.zma"}, {});
    REQUIRE(r.ok());
    REQUIRE(r->vented_box.has_value());
    CHECK(r->vented_box->low_below_band);
    CHECK(r->vented_box->fb_hz == Approx(30.0).epsilon(0.02));
    // And added masses cannot be paired with a box curve.
    TsConfig config;
    config.added_mass.push_back({{c, "mass.zma"}, 0.01});
    auto refused = analyse_ts({c, "cut.zma"}, config);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.message().find("cut.zma") == 0);
}

TEST_CASE("a closed box of known volume gives Vas = Vb((fc Qec)/(fs Qes) - 1)", "[ts][closed_box]") {
    const Woofer w;
    const double vas = kAirRhoC2Pa * w.sd_m2 * w.sd_m2 * w.cms_m_per_n;  // 23.9 litres
    for (double vb : {0.25 * vas, vas, 3.0 * vas}) {
        INFO("Vb " << vb * 1e3 << " litres, Vas " << vas * 1e3);
        const ImpedanceCurve free_air = curve_of([&](double f) { return woofer_z(w, f); });
        // Closed box: the air spring alone, Za = 1/(jωCab).
        const ImpedanceCurve boxed = curve_of([&](double f) {
            return woofer_z(w, f, 1.0 / (std::complex<double>(0.0, kTwoPi * f) * (vb / kAirRhoC2Pa)));
        });
        TsConfig config;
        config.closed_box = ClosedBoxInput{{boxed, "box.zma"}, vb};
        config.sd_m2 = w.sd_m2;
        auto r = analyse_ts({free_air, "free.zma"}, config);
        INFO((r.ok() ? "" : r.message()));
        REQUIRE(r.ok());
        REQUIRE(r->closed_box);
        CHECK(r->closed_box->vas_m3.value == Approx(vas).epsilon(0.005));
        CHECK(r->closed_box->fc_hz.value == Approx(r->free_air->fit.chosen.params.fs_hz * std::sqrt(1 + vas / vb)).epsilon(0.005));
        REQUIRE(r->mechanical);
        CHECK(r->mechanical->method == "closed box");
        CHECK(r->mechanical->mms_kg->value == Approx(w.mms_kg).epsilon(0.005));
        CHECK(r->mechanical->cms_m_per_n->value == Approx(w.cms_m_per_n).epsilon(0.005));
        CHECK(r->mechanical->bl_tm->value == Approx(w.bl_tm).epsilon(0.005));
        CHECK(r->mechanical->rms_kg_s->value == Approx(w.rms_kg_s).epsilon(0.005));
    }
    // Without Sd a box gives Vas only.
    TsConfig no_sd;
    const ImpedanceCurve free_air = curve_of([&](double f) { return woofer_z(w, f); });
    const ImpedanceCurve boxed = curve_of([&](double f) { return woofer_z(w, f, 1.0 / (std::complex<double>(0.0, kTwoPi * f) * (vas / kAirRhoC2Pa))); });
    no_sd.closed_box = ClosedBoxInput{{boxed, "box.zma"}, vas};
    auto r = analyse_ts({free_air, "free.zma"}, no_sd);
    REQUIRE(r.ok());
    REQUIRE(r->mechanical);
    CHECK(r->mechanical->vas_m3->value == Approx(vas).epsilon(0.005));
    CHECK_FALSE(r->mechanical->mms_kg.has_value());
    // The free-air curve given as the box is refused with the box file named.
    no_sd.closed_box = ClosedBoxInput{{free_air, "same.zma"}, vas};
    auto same = analyse_ts({free_air, "free.zma"}, no_sd);
    REQUIRE_FALSE(same.ok());
    CHECK(same.message().find("same.zma") == 0);
}

TEST_CASE("curves that are not a driver in free air are flagged", "[ts][checks]") {
    SECTION("a resistor: no peak") {
        const ImpedanceCurve c = curve_of([](double) { return std::complex<double>(8.0, 0.0); });
        auto r = analyse_ts({c, "r8.zma"}, {});
        REQUIRE(r.ok());
        CHECK(r->shape == CurveShape::no_peak);
        CHECK_FALSE(r->free_air.has_value());
        REQUIRE(r->warnings.size() == 1);
        CHECK(r->warnings[0].find("no impedance peak") != std::string::npos);
    }
    SECTION("a tweeter measured from above its resonance") {
        const Woofer w{3.5, 5e-5, 3.0, 3e-4, 2e-4, 0.4, 8e-4};  // fs ≈ 650 Hz
        const ImpedanceCurve c = curve_of([&](double f) { return woofer_z(w, f); }, 1500.0);
        auto r = analyse_ts({c, "tw.zma"}, {});
        REQUIRE(r.ok());
        CHECK(r->shape == CurveShape::resonance_below_band);
        REQUIRE_FALSE(r->warnings.empty());
        CHECK(r->warnings[0].find("below the curve's lowest frequency") != std::string::npos);
    }
    SECTION("a driver with ripple that no driver model has: high residual") {
        const Woofer w;
        const ImpedanceCurve c = curve_of([&](double f) { return woofer_z(w, f) * (1.0 + 0.15 * std::sin(4.0 * std::log(f))); });
        auto r = analyse_ts({c, "ripple.zma"}, {});
        REQUIRE(r.ok());
        REQUIRE(r->free_air.has_value());
        CHECK(r->free_air->fit.chosen.residual > kHighResidual);
        bool warned = false;
        for (const auto& m : r->warnings) warned = warned || m.find("residual is high") != std::string::npos;
        CHECK(warned);
    }
    SECTION("a clean free-air driver: no warning") {
        const Woofer w;
        auto r = analyse_ts({curve_of([&](double f) { return woofer_z(w, f); }), "clean.zma"}, {});
        REQUIRE(r.ok());
        CHECK(r->shape == CurveShape::free_air);
        CHECK(r->warnings.empty());
    }
}
