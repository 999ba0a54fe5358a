// The resonance figures (Re, fs, Qms, Qes) of a free-air fit must not hang on
// how far up the inductance model has to reach: on every free-air curve in
// ../shared/reference-data (SOURCES.md there), fitting up to 2, 5 and 20 kHz
// moves none of them by more than 1 %. They come from the band up to 10·fs
// whatever fmax is (ts/ts_fit.h); fmax sets the inductance reported, and the
// start of the shape band's fit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "io/zma.h"
#include "support/test_support.h"
#include "ts/ts_analysis.h"
#include "ts/ts_report.h"

using namespace zb;

namespace {

TsCurve reference(const std::string& relative, bool phase_radians = false) {
    auto c = load_zma(zbt::reference_file(relative), {phase_radians});
    INFO(relative << ": " << (c.ok() ? "" : c.message()));
    REQUIRE(c.ok());
    return {std::move(*c), relative};
}

struct FreeAirFile {
    const char* path;
    bool radians;
};

// The free-air curves: two woofers and a subwoofer, and the tweeters (closed
// back, so in free air as far as T/S go). The box-mounted woofers are not here.
const FreeAirFile kFreeAir[] = {
    {"jcandy_speakertools/L16RNX_0g_242_27mV.zma", false},
    {"jcandy_speakertools/sample.zma", false},
    {"jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Woofer.zma", false},
    {"yankz12_audiolib-elac/test_impedance.txt", true},
    {"jonronen_speaker-measurements/Morel CAW938/sb26adc.zma", false},
    {"jonronen_speaker-measurements/SB12PFCR25-4 and SB21RDCN-4/tweeter.zma", false},
    {"jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Tweeter.zma", false},
    {"jonronen_speaker-measurements/SB15NRX2C30-4 SB26STCN-4/Tweeter.zma", false},
    {"jonronen_speaker-measurements/Morel CAW538 CAT408 MTM/Tweeter.zma", false},
    {"jonronen_speaker-measurements/Morel 638 378 bigger/Tweeter.zma", false},
};

void check_band_independence(const FreeAirFile& file) {
    {
        const TsCurve curve = reference(file.path, file.radians);
        std::vector<DriverParams> fits;
        for (double fmax_hz : {2000.0, 5000.0, 20000.0}) {
            TsConfig config;
            config.fit.fmax_hz = fmax_hz;
            auto r = analyse_ts(curve, config);
            INFO(file.path << " fmax " << fmax_hz << ": " << (r.ok() ? "" : r.message()));
            REQUIRE(r.ok());
            REQUIRE(r->free_air);
            fits.push_back(r->free_air->fit.chosen.params);
        }
        auto spread = [&](auto get) {
            double lo = INFINITY, hi = 0.0;
            for (const DriverParams& p : fits) lo = std::min(lo, get(p)), hi = std::max(hi, get(p));
            return hi / lo - 1.0;
        };
        const double re = spread([](const DriverParams& p) { return p.re_ohm; });
        const double fs = spread([](const DriverParams& p) { return p.fs_hz; });
        const double qms = spread([](const DriverParams& p) { return p.qms; });
        const double qes = spread([](const DriverParams& p) { return p.qes; });
        WARN(file.path << ": Re " << fits[0].re_ohm << "/" << fits[1].re_ohm << "/" << fits[2].re_ohm << " fs " << fits[0].fs_hz << "/"
                       << fits[2].fs_hz << " Qms " << fits[0].qms << "/" << fits[1].qms << "/" << fits[2].qms << " Qes " << fits[0].qes << "/"
                       << fits[1].qes << "/" << fits[2].qes << "; spread Re " << 100 * re << " %, fs " << 100 * fs << " %, Qms " << 100 * qms
                       << " %, Qes " << 100 * qes << " %");
        CHECK(re <= 0.01);
        CHECK(fs <= 0.01);
        CHECK(qms <= 0.01);
        CHECK(qes <= 0.01);
    }
}

}  // namespace

TEST_CASE("free-air Re, fs, Qms and Qes move by at most 1 % between fmax 2, 5 and 20 kHz on every reference free-air curve",
          "[ts][reference][acceptance]") {
    for (const FreeAirFile& file : kFreeAir) check_band_independence(file);
}

TEST_CASE("the resonance figures come from the band up to 10 fs: an fmax below it is exceeded, with a warning", "[ts][reference]") {
    // SB26STCN-4: fs 1.04 kHz, so fmax 2 kHz cuts into the T/S band itself.
    const TsCurve curve = reference("jonronen_speaker-measurements/SB15NRX2C30-4 SB26STCN-4/Tweeter.zma");
    TsConfig config;
    config.fit.fmax_hz = 2000.0;
    auto r = analyse_ts(curve, config);
    REQUIRE(r.ok());
    REQUIRE(r->free_air);
    const TsFit& fit = r->free_air->fit;
    INFO("fs " << fit.chosen.params.fs_hz << ", whole band to " << fit.fmax_hz << ", shape band to " << fit.shape_fmax_hz << ", T/S band to "
               << fit.ts_fmax_hz);
    CHECK(fit.fmax_hz <= 2000.0);  // the inductance reported: up to fmax
    CHECK(fit.shape_fmax_hz == Approx(10.0 * r->free_air->three_point.fs_hz).epsilon(0.02));
    CHECK(fit.ts_fmax_hz == Approx(2.5 * fit.chosen.params.fs_hz).epsilon(0.02));
    CHECK(fit.ts_fmax_hz > 2000.0);
    bool warned = false;
    for (const auto& w : r->warnings) warned = warned || w.find("beyond {fmax} 2000 Hz") != std::string::npos;
    CHECK(warned);
    // Up to 20 kHz (beyond 10 fs): no such warning.
    config.fit.fmax_hz = 20000.0;
    auto wide = analyse_ts(curve, config);
    REQUIRE(wide.ok());
    for (const auto& w : wide->warnings) CHECK(w.find("beyond {fmax}") == std::string::npos);
}

TEST_CASE("a phase glitch does not set the three-point Re: it comes from the curve's floor, not one point", "[ts][reference]") {
    TsCurve clean = reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    TsCurve glitched = clean;
    // One point near 78 Hz with its phase thrown to -75 degrees: Re{Z} there
    // falls far below anything |Z| reaches.
    std::size_t at = 0;
    while (glitched.curve.frequency_hz[at] < 78.0) ++at;
    glitched.curve.phase_deg[at] = -75.0;
    REQUIRE(glitched.curve.z(at).real() < 0.5 * clean.curve.z(at).real());
    auto a = analyse_ts(clean, {});
    auto b = analyse_ts(glitched, {});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->free_air);
    REQUIRE(b->free_air);
    const double re_clean = a->free_air->three_point.re_ohm, re_glitch = b->free_air->three_point.re_ohm;
    INFO("three-point Re: clean " << re_clean << ", glitched " << re_glitch);
    CHECK(std::abs(re_glitch / re_clean - 1.0) < 0.005);
}

TEST_CASE("a decimal-comma copy of a reference curve gives the same T/S as the original", "[ts][reference][zma]") {
    const TsCurve original = reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    // As ARTA or a European spreadsheet writes it: ';' between columns, ',' for the decimal point.
    std::string text = "Freq;Z;Phase\n";
    char buf[128];
    for (std::size_t i = 0; i < original.curve.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%.6f;%.6f;%.4f\n", original.curve.frequency_hz[i], original.curve.magnitude_ohm[i], original.curve.phase_deg[i]);
        text += buf;
    }
    for (char& c : text)
        if (c == '.') c = ',';
    auto comma = parse_zma(text, "comma.txt");
    INFO((comma.ok() ? "" : comma.message()));
    REQUIRE(comma.ok());
    REQUIRE(comma->size() == original.curve.size());
    auto a = analyse_ts(original, {});
    auto b = analyse_ts({*comma, "comma.txt"}, {});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->free_air);
    REQUIRE(b->free_air);
    const DriverParams &p = a->free_air->fit.chosen.params, &q = b->free_air->fit.chosen.params;
    // The file has 4 to 5 significant digits; the copy keeps them all.
    CHECK(q.re_ohm == Approx(p.re_ohm).epsilon(1e-6));
    CHECK(q.fs_hz == Approx(p.fs_hz).epsilon(1e-6));
    CHECK(q.qms == Approx(p.qms).epsilon(1e-6));
    CHECK(q.qes == Approx(p.qes).epsilon(1e-6));
}

TEST_CASE("glitches and an Re the curve contradicts are flagged, the clean curves are not", "[ts][reference][checks]") {
    TsCurve curve = reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    auto clean = analyse_ts(curve, {});
    REQUIRE(clean.ok());
    CHECK(clean->warnings.empty());
    // Two isolated glitches: a dropout at ~300 Hz and a spike at ~2 kHz.
    for (double f_hz : {300.0, 2000.0}) {
        std::size_t at = 0;
        while (curve.curve.frequency_hz[at] < f_hz) ++at;
        curve.curve.magnitude_ohm[at] *= f_hz < 1000.0 ? 0.6 : 1.5;
    }
    auto glitched = analyse_ts(curve, {});
    REQUIRE(glitched.ok());
    bool flagged = false;
    for (const auto& w : glitched->warnings) flagged = flagged || w.find("2 isolated point(s) disagree") != std::string::npos;
    INFO((glitched->warnings.empty() ? std::string("no warning") : glitched->warnings.front()));
    CHECK(flagged);
    // The SIG120-4 woofer is clean too.
    auto sig = analyse_ts(reference("jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Woofer.zma"), {});
    REQUIRE(sig.ok());
    CHECK(sig->warnings.empty());
}

TEST_CASE("with 2.5 fs below fmin there is no T/S band, and the table says so instead of an empty band", "[ts][reference]") {
    const TsCurve curve = reference("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    TsConfig config;
    config.fit.fmin_hz = 200.0;  // fs 44.6 Hz: the T/S band would end at 112 Hz
    auto r = analyse_ts(curve, config);
    REQUIRE(r.ok());
    REQUIRE(r->free_air);
    CHECK(r->free_air->fit.ts_points == 0);
    const std::string table = format_ts_table(*r);
    INFO(table);
    CHECK_THAT(table, Catch::Contains("no T/S band: 2.5 x fs ("));
    CHECK_THAT(table, Catch::Contains("lies below or too close to {fmin} (202.6 Hz)"));
    CHECK_THAT(table, !Catch::Contains("0 points from 0"));
}
