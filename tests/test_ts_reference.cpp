// T/S parameters of real drivers from ../shared/reference-data (SOURCES.md
// there): the SEAS L16RNX with its dual added mass against Speakerbench's
// and Klippel's figures, the Dayton SIG120-4 against its data sheet, the
// vented-box curves, and the LS10-44 files whose phase is in radians.
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>

#include "io/zma.h"
#include "support/test_support.h"
#include "ts/ts_analysis.h"

using namespace zb;

namespace {

TsCurve reference(const std::string& relative, bool phase_radians = false) {
    auto c = load_zma(zbt::reference_file(relative), {phase_radians});
    INFO(relative << ": " << (c.ok() ? "" : c.message()));
    REQUIRE(c.ok());
    return {std::move(*c), relative};
}

double rel(double measured, double truth) { return std::abs(measured / truth - 1.0); }

}  // namespace

TEST_CASE("SEAS L16RNX with 8.017 g and 16.048 g: dual added mass with creep gives Bl, Mms and fs of the laboratories", "[ts][reference][acceptance]") {
    TsConfig config;
    config.sd_m2 = 104e-4;
    config.added_mass.push_back({reference("jcandy_speakertools/L16RNX_8_017g_242_27mV.zma"), 8.017e-3});
    config.added_mass.push_back({reference("jcandy_speakertools/L16RNX_16_048g_242_27mV.zma"), 16.048e-3});
    auto r = analyse_ts(reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma"), config);
    INFO((r.ok() ? "" : r.message()));
    REQUIRE(r.ok());
    REQUIRE(r->free_air);
    REQUIRE(r->mechanical);
    REQUIRE(r->creep_mass);
    const ModelFit& f = r->free_air->fit.chosen;
    const MechanicalParams& m = *r->mechanical;
    const CreepAddedMassResult& c = *r->creep_mass;
    WARN("L16RNX: model " << inductance_model_name(f.params.model) << ", residual " << 100 * f.residual << " %, Re " << f.params.re_ohm
                          << " ohm, fs " << f.params.fs_hz << " Hz, Qms " << f.params.qms << ", Qes " << f.params.qes << "; "
                          << creep_model_name(c.chosen.fit.creep.model) << " creep: fs " << c.chosen.fit.fs_hz << " Hz, beta "
                          << c.chosen.fit.creep.beta << ", lambda " << c.chosen.lambda << ", C0 " << c.chosen.c0_m_per_n * 1e3
                          << " mm/N, Mms " << m.mms_kg->value * 1e3 << " +- " << m.mms_kg->sigma * 1e3 << " g, Cms "
                          << m.cms_m_per_n->value * 1e3 << " mm/N, Bl " << m.bl_tm->value << " +- " << m.bl_tm->sigma << " T*m (flat +-"
                          << 100 * c.bl_flatness << " %), Rms " << m.rms_kg_s->value << ", R0 " << c.chosen.r0_kg_s << ", Vas "
                          << m.vas_m3->value * 1e3 << " l; constant compliance Mms " << c.models[0].mms_kg.value * 1e3 << " g; singles "
                          << c.single_mms_kg[0] * 1e3 << " / " << c.single_mms_kg[1] * 1e3
                          << " g (Speakerbench 44.985 Hz, 14.896 g, 7.009 T*m, C0 0.785, beta 0.103; C&F 15.05 g, 7.007 T*m)");
    CHECK(f.residual < kHighResidual);
    CHECK(r->warnings.empty());
    CHECK(m.method == "dual added mass");
    // The acceptance figures: Bl within 1 % of 7.02 T*m, Mms within 2 % of
    // 15.0 g, fs within 0.5 % of 44.98 Hz (the laboratories agree to about
    // that; see the reference-data notes).
    CHECK(rel(m.bl_tm->value, 7.02) < 0.01);
    CHECK(rel(m.mms_kg->value, 15.0e-3) < 0.02);
    CHECK(rel(c.chosen.fit.fs_hz, 44.98) < 0.005);
    // Creep is there: beta > 0, and the constant-compliance model reads Mms
    // lower than the creep model (the bias creep causes).
    CHECK(c.chosen.fit.creep.beta > 0.02);
    CHECK(c.models[0].mms_kg.value < 0.98 * m.mms_kg->value);
    // The data are clean: Bl(f) flat within a few %.
    CHECK(c.bl_flatness < 0.05);
    // The stated uncertainty is a real number, not a placeholder.
    CHECK(m.mms_kg->sigma > 0.0);
    CHECK(m.mms_kg->sigma < 0.05 * m.mms_kg->value);
}

TEST_CASE("SEAS L16RNX: the resonance figures hardly depend on the inductance model, and Wright fits the whole band better", "[ts][reference]") {
    TsConfig lr2;
    lr2.fit.model = ModelChoice::lr2;
    auto l = analyse_ts(reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma"), lr2);
    REQUIRE(l.ok());
    REQUIRE(l->free_air);
    TsConfig wright;
    wright.fit.model = ModelChoice::wright;
    auto w = analyse_ts(reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma"), wright);
    REQUIRE(w.ok());
    REQUIRE(w->free_air);
    const ModelFit& fl = l->free_air->fit.chosen;
    const ModelFit& fw = w->free_air->fit.chosen;
    CHECK(fl.params.model == InductanceModel::lr2);
    CHECK(fw.params.model == InductanceModel::wright);
    // Re, fs, Qms and Qes come from the T/S band (up to 2.5 fs), where the
    // inductance is a small correction: the two models agree within 1 %.
    CHECK(rel(fl.params.re_ohm, fw.params.re_ohm) < 0.01);
    CHECK(rel(fl.params.fs_hz, fw.params.fs_hz) < 0.01);
    CHECK(rel(fl.params.qms, fw.params.qms) < 0.01);
    CHECK(rel(fl.params.qes, fw.params.qes) < 0.01);
    // Over the whole band Wright's semi-inductance fits better.
    CHECK(fw.full_band_residual < fl.full_band_residual);
}

TEST_CASE("Dayton SIG120-4: fs and Qts against the data sheet", "[ts][reference][acceptance]") {
    auto r = analyse_ts(reference("jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Woofer.zma"), {});
    REQUIRE(r.ok());
    REQUIRE(r->free_air);
    const DriverParams& p = r->free_air->fit.chosen.params;
    WARN("SIG120-4: model " << inductance_model_name(p.model) << ", Re " << p.re_ohm << " fs " << p.fs_hz << " Qms " << p.qms << " Qes "
                            << p.qes << " Qts " << p.qts() << " (data sheet: Re 3.7, fs 74.6, Qms 4.84, Qes 0.47, Qts 0.43)");
    CHECK(r->shape == CurveShape::free_air);
    CHECK(rel(p.fs_hz, 74.6) < 0.03);
    CHECK(rel(p.qts(), 0.43) < 0.10);
}

TEST_CASE("the vented-box curves give a plausible fb and say they are not free air", "[ts][reference][acceptance]") {
    const char* woofers[] = {
        "jonronen_speaker-measurements/Dayton DC160-8 and Vifa DX25TG59-04/Woofer.zma",
        "jonronen_speaker-measurements/dayton e180he morel cat408/woofer.zma",
        "jonronen_speaker-measurements/dayton rs225 morel et448/woofer.zma",
        "jonronen_speaker-measurements/Morel 638 378 bigger/Woofer.zma",
        "jonronen_speaker-measurements/Morel CAW538 CAT408 MTM/Woofer.zma",
        "jonronen_speaker-measurements/SB12PFCR25-4 and SB21RDCN-4/woofer.zma",
        "jonronen_speaker-measurements/SB15NRX2C30-4 SB26STCN-4/Woofer.zma",
        "jonronen_speaker-measurements/CHR70/CHR70.zma",  // its header says "vented box"
    };
    for (const char* file : woofers) {
        auto r = analyse_ts(reference(file), {});
        REQUIRE(r.ok());
        INFO(file);
        CHECK(r->shape == CurveShape::vented_box);
        CHECK_FALSE(r->free_air.has_value());
        REQUIRE(r->vented_box.has_value());
        const VentedBoxResult& v = *r->vented_box;
        WARN(file << ": fb " << v.fb_hz << " Hz, peaks " << (v.low ? v.low->frequency_hz : 0.0) << (v.low_below_band ? " (below band)" : "")
                  << " and " << v.high.frequency_hz << " Hz");
        // Plausible: a dip between the peaks, nearer Re than the peaks, at a bass-reflex tuning,
        // and near the peaks' geometric mean (fL·fH = fs·fb for a lossless box).
        CHECK(v.fb_hz > 20.0);
        CHECK(v.fb_hz < 70.0);
        CHECK(v.fb_hz < v.high.frequency_hz);
        const double re = v.re_floor_ohm;
        CHECK(v.z_fb_ohm - re < 0.5 * (v.high.magnitude_ohm - re));
        if (v.low) {
            CHECK(v.fb_hz > v.low->frequency_hz);
            CHECK(v.z_fb_ohm - re < 0.5 * (v.low->magnitude_ohm - re));
            const double ratio = v.fb_hz / std::sqrt(v.low->frequency_hz * v.high.frequency_hz);
            CHECK(ratio > 0.7);
            CHECK(ratio < 1.3);
        } else {
            CHECK(v.low_below_band);
            CHECK(v.fb_hz > v.curve_fmin_hz);
        }
        REQUIRE_FALSE(r->warnings.empty());
        CHECK(r->warnings[0].find("not a driver in free air") != std::string::npos);
    }
    // The DC160-8's tuning read off the curve by eye: the dip at 43 Hz.
    auto dc160 = analyse_ts(reference(woofers[0]), {});
    REQUIRE(dc160.ok());
    CHECK(dc160->vented_box->fb_hz == Approx(43.0).epsilon(0.02));
}

TEST_CASE("the free-air curves in the reference data are taken as free air", "[ts][reference]") {
    const char* drivers[] = {
        "jcandy_speakertools/sample.zma",
        "jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Tweeter.zma",
        "jonronen_speaker-measurements/Morel CAW938/sb26adc.zma",
        "jonronen_speaker-measurements/Morel 638 378 bigger/Tweeter.zma",
        "jonronen_speaker-measurements/SB12PFCR25-4 and SB21RDCN-4/tweeter.zma",
    };
    for (const char* file : drivers) {
        auto r = analyse_ts(reference(file), {});
        REQUIRE(r.ok());
        INFO(file);
        CHECK(r->shape == CurveShape::free_air);
        REQUIRE(r->free_air.has_value());
        CHECK(r->free_air->fit.chosen.residual < kHighResidual);
    }
}

TEST_CASE("the LS10-44 files read as radians without being told, and forced to degrees they do not fit", "[ts][reference]") {
    for (const char* file : {"yankz12_audiolib-elac/test_impedance.txt", "yankz12_audiolib-elac/test_impedance_added_mass.txt"}) {
        auto detected = load_zma_file(zbt::reference_file(file));
        REQUIRE(detected.ok());
        CHECK(detected->phase_radians);
        CHECK(detected->phase_detected);
        CHECK_THAT(zma_phase_note(*detected, file), Catch::Contains("radians"));
        // From the values alone, without the "Z_rad" header.
        const std::string text = zbt::read_text(zbt::reference_file(file));
        std::string body;
        for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
            end = text.find('\n', at);
            if (end == std::string::npos) end = text.size();
            const std::string line = text.substr(at, end - at);
            if (!line.empty() && (std::isdigit(static_cast<unsigned char>(line[0])) || line[0] == '-')) body += line + "\n";
        }
        auto bare = parse_zma_file(body, "bare");
        REQUIRE(bare.ok());
        CHECK(bare->phase_radians);
    }
    auto right = analyse_ts(reference("yankz12_audiolib-elac/test_impedance.txt"), {});
    REQUIRE(right.ok());
    REQUIRE(right->free_air);
    const ModelFit& f = right->free_air->fit.chosen;
    CHECK(f.params.fs_hz == Approx(41.0).epsilon(0.03));  // SOURCES.md: fs ≈ 41 Hz
    CHECK(f.residual < kHighResidual);
    auto forced = load_zma(zbt::reference_file("yankz12_audiolib-elac/test_impedance.txt"), {false, true});
    REQUIRE(forced.ok());
    auto wrong = analyse_ts({*forced, "degrees"}, {});
    REQUIRE(wrong.ok());
    bool warned = !wrong->free_air;
    for (const auto& w : wrong->warnings) warned = warned || w.find("residual is high") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("every reference file in degrees is read as degrees", "[ts][reference][zma]") {
    const char* files[] = {
        "jcandy_speakertools/L16RNX_0g_242_27mV.zma",
        "jcandy_speakertools/L16RNX_8_017g_242_27mV.zma",
        "jcandy_speakertools/L16RNX_16_048g_242_27mV.zma",
        "jcandy_speakertools/sample.zma",
        "jonronen_speaker-measurements/CHR70/CHR70.zma",
        "jonronen_speaker-measurements/Dayton DC160-8 and Vifa DX25TG59-04/Woofer.zma",
        "jonronen_speaker-measurements/Dayton DC160-8 and Vifa DX25TG59-04/Tweeter.zma",
        "jonronen_speaker-measurements/Morel 638 378 bigger/Tweeter.zma",
        "jonronen_speaker-measurements/Morel 638 378 bigger/Woofer.zma",
        "jonronen_speaker-measurements/Morel CAW538 CAT408 MTM/Tweeter.zma",
        "jonronen_speaker-measurements/Morel CAW538 CAT408 MTM/Woofer.zma",
        "jonronen_speaker-measurements/Morel CAW938/caw938.zma",
        "jonronen_speaker-measurements/Morel CAW938/sb26adc.zma",
        "jonronen_speaker-measurements/SB12PFCR25-4 and SB21RDCN-4/tweeter.zma",
        "jonronen_speaker-measurements/SB12PFCR25-4 and SB21RDCN-4/woofer.zma",
        "jonronen_speaker-measurements/SB15NRX2C30-4 SB26STCN-4/Tweeter.zma",
        "jonronen_speaker-measurements/SB15NRX2C30-4 SB26STCN-4/Woofer.zma",
        "jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Tweeter.zma",
        "jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Woofer.zma",
        "jonronen_speaker-measurements/dayton e180he morel cat408/tweeter.zma",
        "jonronen_speaker-measurements/dayton e180he morel cat408/woofer.zma",
        "jonronen_speaker-measurements/dayton rs225 morel et448/tweeter.zma",
        "jonronen_speaker-measurements/dayton rs225 morel et448/woofer.zma",
    };
    for (const char* file : files) {
        auto f = load_zma_file(zbt::reference_file(file));
        INFO(file << ": " << (f.ok() ? "" : f.message()));
        REQUIRE(f.ok());
        CHECK_FALSE(f->phase_radians);
    }
}
