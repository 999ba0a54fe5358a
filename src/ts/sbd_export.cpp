#include "ts/sbd_export.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "ts/air.h"
#include "util/units.h"

namespace zb {

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string escaped(std::string s) {
    for (char& c : s)
        if (c == ' ') c = '_';
    return s;
}

// f3: where |Re + Zl| first reaches √2·Re, by bisection on a log scale.
double l3_h(const DriverParams& p) {
    auto rise = [&](double f) {
        const double w = kTwoPi * f;
        const std::complex<double> zl = p.model == InductanceModel::lr2 ? lr2_impedance(p.lr2, w) : wright_impedance(p.wright, w);
        return std::abs(p.re_ohm + zl) - std::numbers::sqrt2 * p.re_ohm;
    };
    double lo = 1.0, hi = 1e6;
    if (!(rise(hi) > 0.0)) return 0.0;  // no +3 dB point below 1 MHz
    if (rise(lo) > 0.0) return 0.0;
    for (int k = 0; k < 100; ++k) {
        const double mid = std::sqrt(lo * hi);
        (rise(mid) > 0.0 ? hi : lo) = mid;
    }
    return p.re_ohm / (kTwoPi * std::sqrt(lo * hi));
}

}  // namespace

Result<std::string> format_sbd(const TsResult& r, const SbdInfo& info) {
    if (!r.free_air) return make_error(r.name, ": no free-air T/S to write as a datasheet");
    const MechanicalParams* m = r.mechanical ? &*r.mechanical : nullptr;
    if (!m || !m->mms_kg || !m->cms_m_per_n || !m->bl_tm || !m->rms_kg_s)
        return make_error(r.name, ": a Speakerbench datasheet needs Mms, Cms, Bl and Rms: give added-mass curves or a closed box");
    if (!r.sd_m2) return make_error(r.name, ": a Speakerbench datasheet needs the cone area Sd");
    const DriverParams& p = r.free_air->fit.chosen.params;
    const double sd = *r.sd_m2;
    const double vas_m3 = kAirRhoC2Pa * sd * sd * m->cms_m_per_n->value;
    nlohmann::ordered_json j;
    j["manufacturer"] = "";
    j["brand"] = escaped(info.brand);
    j["model"] = escaped(info.model);
    j["provider"] = "zbench";
    j["date"] = info.date_ddmmyyyy;
    j["comments"] = "ts2";
    j["volt"] = "";
    j["git"] = "0";
    j["re"] = num(p.re_ohm);
    j["leb"] = "0.0";
    j["rss"] = "0.0";
    j["ke"] = "0.0";
    j["le"] = "0.0";
    j["bl"] = num(m->bl_tm->value);
    j["mms"] = num(m->mms_kg->value * 1e3);
    j["c0"] = "0.0";
    j["r0"] = "0.0";
    j["f0"] = "0.0";
    j["beta"] = "0.0";
    j["lambda"] = "0.0";
    j["sd"] = num(sd * 1e4);
    j["dd"] = num(2.0 * std::sqrt(sd / std::numbers::pi) * 1e3);
    j["cms"] = num(m->cms_m_per_n->value * 1e3);
    j["rms"] = num(m->rms_kg_s->value);
    j["l3"] = num(l3_h(p) * 1e3);
    j["qms"] = num(p.qms);
    j["qes"] = num(p.qes);
    j["qts"] = num(p.qts());
    j["fs"] = num(p.fs_hz);
    j["vas"] = num(vas_m3 * 1e3);
    // The air zbench computes with (ts/air.h): dry, 20 °C, 1013.25 hPa.
    j["temp"] = "20.0";
    j["pres"] = "1013.25";
    j["ah"] = "0.0";
    j["cs"] = num(kSpeedOfSoundMS);
    j["rho"] = num(kAirDensityKgM3);
    j["xmax"] = "0.0";
    return j.dump(2) + "\n";
}

}  // namespace zb
