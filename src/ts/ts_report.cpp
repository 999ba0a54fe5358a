#include "ts/ts_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>

#include "ts/air.h"
#include "util/printf_string.h"
#include "util/units.h"

namespace zb {

namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json number_or_null(const std::optional<Uncertain>& u) { return u ? number_or_null(u->value) : json(nullptr); }
json sigma_or_null(const std::optional<Uncertain>& u) { return u ? number_or_null(u->sigma) : json(nullptr); }

json units_json(InductanceModel model) {
    json u = {{"Re", "ohm"},   {"fs", "Hz"},  {"Qms", "1"},  {"Qes", "1"},      {"Qts", "1"},   {"EBP", "Hz"},
              {"Mms", "kg"},   {"Cms", "m/N"}, {"Bl", "T*m"}, {"Rms", "kg/s"},   {"Vas", "m^3"}, {"Sd", "m^2"},
              {"Res", "ohm"},  {"residual", "1 (RMS of |Zfit-Z|/|Z|)"}, {"eta0", "1"}, {"SPL_1W_1m", "dB SPL (half space)"},
              {"Mmd", "kg"},   {"Le_1kHz", "H (Im Zl/omega at 1 kHz)"}, {"creep_beta", "1 (LOG creep: C falls by beta per e-fold)"}};
    if (model == InductanceModel::lr2) {
        u["Le"] = "H";
        u["L2"] = "H";
        u["R2"] = "ohm";
    } else {
        u["Krm"] = "ohm/(rad/s)^Erm";
        u["Erm"] = "1";
        u["Kxm"] = "ohm/(rad/s)^Exm";
        u["Exm"] = "1";
    }
    return u;
}

json vented_json(const VentedBoxResult& v) {
    json peaks = json::array();
    for (const auto& p : v.peaks) peaks.push_back({{"f", p.frequency_hz}, {"Z", p.magnitude_ohm}});
    return {{"fb", v.fb_hz},
            {"Zfb", v.z_fb_ohm},
            {"f_low", v.low ? json(v.low->frequency_hz) : json(nullptr)},
            {"Z_low", v.low ? json(v.low->magnitude_ohm) : json(nullptr)},
            {"f_low_below_band", v.low_below_band},
            {"band_low", v.curve_fmin_hz},
            {"f_high", v.high.frequency_hz},
            {"Z_high", v.high.magnitude_ohm},
            {"peaks", peaks},
            {"units", {{"fb", "Hz"}, {"Zfb", "ohm"}, {"f_low", "Hz"}, {"Z_low", "ohm"}, {"f_high", "Hz"}, {"Z_high", "ohm"}, {"band_low", "Hz"}}}};
}

json curve_fit_json(const CurveFit& cf) {
    const ModelFit& m = cf.fit.chosen;
    return {{"file", cf.name},      {"fs", m.params.fs_hz}, {"fs_uncertainty", m.sigma(theta::kFs)},
            {"Re", m.params.re_ohm}, {"Qms", m.params.qms}, {"Qes", m.params.qes},
            {"residual", m.residual}};
}

// Im{Zl}/ω at 1 kHz: what a data sheet's "Le" compares with.
double le_1khz_h(const DriverParams& p) {
    const double w = kTwoPi * 1000.0;
    const std::complex<double> zl = p.model == InductanceModel::lr2 ? lr2_impedance(p.lr2, w) : wright_impedance(p.wright, w);
    return zl.imag() / w;
}

// Reference efficiency and sensitivity (Small, JAES 20(5), 1972):
// η0 = ρ·Bl²·Sd²/(2π·c·Re·Mms²); SPL at 1 W, 1 m, half space:
// 10·log10(ρ·c·η0·1 W/(2π·(1 m)²·p0²)), p0 = 20 µPa (112.2 dB + 10·log10 η0).
// Mmd = Mms − 2·(8/3)·ρ·a³, a = √(Sd/π): the air load of a rigid piston in
// an infinite baffle, both sides (Beranek, Acoustics, 1954).
struct Derived {
    std::optional<double> eta0, spl_db, mmd_kg;
};
Derived derived_figures(const TsResult& r) {
    Derived d;
    if (!r.free_air || !r.sd_m2 || !r.mechanical || !r.mechanical->mms_kg) return d;
    const double sd = *r.sd_m2, mms = r.mechanical->mms_kg->value;
    const double a = std::sqrt(sd / std::numbers::pi);
    d.mmd_kg = mms - 2.0 * (8.0 / 3.0) * kAirDensityKgM3 * a * a * a;
    if (r.mechanical->bl_tm) {
        const double bl = r.mechanical->bl_tm->value, re = r.free_air->fit.chosen.params.re_ohm;
        d.eta0 = kAirDensityKgM3 * bl * bl * sd * sd / (kTwoPi * kSpeedOfSoundMS * re * mms * mms);
        constexpr double kP0Pa = 20e-6;
        d.spl_db = power_ratio_to_db(kAirDensityKgM3 * kSpeedOfSoundMS * *d.eta0 / (kTwoPi * kP0Pa * kP0Pa));
    }
    return d;
}

json creep_model_json(const CreepMechanics& m) {
    const MotionalFit& f = m.fit;
    return {{"model", std::string(creep_model_key(f.creep.model))},
            {"beta", f.creep.beta},
            {"omega_ref", f.creep.omega_ref_rad_s},
            {"fs", f.fs_hz},
            {"Mms", m.mms_kg.value},
            {"Cms", m.cms_m_per_n.value},
            {"C0", m.c0_m_per_n},
            {"Rms", m.rms_kg_s},
            {"R0", m.r0_kg_s},
            {"lambda", m.lambda},
            {"residual", f.residual},
            {"points", f.points}};
}

json creep_json(const CreepAddedMassResult& c) {
    json models = json::array();
    for (const CreepMechanics& m : c.models) models.push_back(creep_model_json(m));
    json singles = json::array();
    for (std::size_t k = 0; k < c.single_mms_kg.size(); ++k) singles.push_back(c.single_mms_kg[k]);
    json out = creep_model_json(c.chosen);
    out.update({{"method", c.dual ? "dual added mass (Candy & Futtrup 2017)" : "single added mass, electrical side from the free-air fit"},
                {"m1", c.m1_kg},
                {"m2", c.dual ? json(c.m2_kg) : json(nullptr)},
                {"Bl", c.bl_tm.value},
                {"Bl_uncertainty", c.bl_tm.sigma},
                {"bl_flatness", c.bl_flatness},
                {"bl_band_hz", {c.bl_band_hz[0], c.bl_band_hz[1]}},
                {"fit_band_hz", {c.fit_band_hz[0], c.fit_band_hz[1]}},
                {"fs_peak", c.fs_peak_hz},
                {"Mms_single_creep", singles},
                {"models", models}});
    return out;
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// One table row: name, value and 1 σ scaled to the display unit.
void row(std::string& out, const char* name, double value, double sigma, double scale, const char* unit, const char* number_format = "%10.4g") {
    char buf[160];
    const std::string s = std::isfinite(sigma) ? (sigma > 0.0 ? fmt("%9.2g", sigma * scale) : std::string(9, ' ')) : "      n/a";
    std::snprintf(buf, sizeof buf, "  %-5s %s  %s  %s\n", name, fmt(number_format, value * scale).c_str(), s.c_str(), unit);
    out += buf;
}
void row(std::string& out, const char* name, const std::optional<Uncertain>& u, double scale, const char* unit) {
    if (u) row(out, name, u->value, u->sigma, scale, unit);
}

}  // namespace

json ts_to_json(const TsResult& r) {
    json j;
    j["file"] = r.name;
    j["curve_shape"] = std::string(curve_shape_key(r.shape));
    j["air"] = {{"density_kg_m3", kAirDensityKgM3}, {"speed_of_sound_m_s", kSpeedOfSoundMS}, {"temperature_c", 20.0}};
    j["vented_box"] = r.vented_box ? vented_json(*r.vented_box) : json(nullptr);
    j["warnings"] = r.warnings;
    const std::optional<MechanicalParams> none;
    const auto& mech = r.mechanical ? r.mechanical : none;
    auto mech_value = [&](std::optional<Uncertain> MechanicalParams::*field) { return mech ? number_or_null(*mech.*field) : json(nullptr); };
    auto mech_sigma = [&](std::optional<Uncertain> MechanicalParams::*field) { return mech ? sigma_or_null(*mech.*field) : json(nullptr); };
    j["Sd"] = r.sd_m2 ? json(*r.sd_m2) : json(nullptr);
    if (!r.free_air) {
        j["model"] = nullptr;
        for (const char* k : {"Re", "fs", "Qms", "Qes", "Qts", "EBP", "Mms", "Cms", "Bl", "Rms", "Vas", "residual", "uncertainty", "eta0",
                              "SPL_1W_1m", "Mmd", "Le_1kHz"})
            j[k] = nullptr;
        j["units"] = units_json(InductanceModel::wright);
        return j;
    }
    const CurveFit& fa = *r.free_air;
    const ModelFit& f = fa.fit.chosen;
    const DriverParams& p = f.params;
    j["model"] = std::string(inductance_model_key(p.model));
    j["creep_beta"] = p.creep ? json(p.creep_beta) : json(nullptr);  // LOG creep (ts/driver_model.h)
    j["Re"] = p.re_ohm;
    j["fs"] = p.fs_hz;
    j["Qms"] = p.qms;
    j["Qes"] = p.qes;
    j["Qts"] = p.qts();
    j["EBP"] = p.fs_hz / p.qes;
    j["Res"] = p.res_ohm();
    json unc = {{"Re", f.sigma(theta::kRe)},
                {"fs", f.sigma(theta::kFs)},
                {"Qms", f.sigma(theta::kQms)},
                {"Qes", f.qes_sigma()},
                {"Qts", f.qts_sigma()},
                {"EBP", (p.fs_hz / p.qes) * std::sqrt(std::max(f.log_variance({0, 1, 0, -1}), 0.0))},
                {"Res", f.sigma(theta::kRes)}};
    for (int k = theta::kInductance; k < theta_size(p); ++k) {
        const std::string name(k < theta_size(p.model) ? theta_name(p.model, k) : "creep_beta");
        unc[name] = number_or_null(f.sigma(k));
    }
    if (p.model == InductanceModel::lr2) {
        j["Le"] = p.lr2.le_h;
        j["L2"] = p.lr2.l2_h;
        j["R2"] = p.lr2.r2_ohm;
    } else {
        j["Krm"] = p.wright.krm_ohm;
        j["Erm"] = p.wright.erm;
        j["Kxm"] = p.wright.kxm_ohm;
        j["Exm"] = p.wright.exm;
    }
    using M = MechanicalParams;
    for (auto [key, field] : {std::pair{"Mms", &M::mms_kg}, {"Cms", &M::cms_m_per_n}, {"Bl", &M::bl_tm}, {"Rms", &M::rms_kg_s}, {"Vas", &M::vas_m3}}) {
        j[key] = mech_value(field);
        unc[key] = mech_sigma(field);
    }
    j["mechanical_method"] = mech ? json(mech->method) : json(nullptr);
    const Derived der = derived_figures(r);
    j["eta0"] = der.eta0 ? json(*der.eta0) : json(nullptr);
    j["SPL_1W_1m"] = der.spl_db ? json(*der.spl_db) : json(nullptr);
    j["Mmd"] = der.mmd_kg ? json(*der.mmd_kg) : json(nullptr);
    j["Le_1kHz"] = le_1khz_h(p);
    if (r.options.re_ohm) unc["Re"] = 0.0;
    for (auto& [k, v] : unc.items())
        if (v.is_number() && !std::isfinite(v.get<double>())) v = nullptr;
    j["uncertainty"] = unc;
    j["residual"] = f.residual;
    j["units"] = units_json(p.model);
    json residuals = json::object();
    json full_residuals = json::object();
    for (const ModelFit& c : fa.fit.candidates) {
        // null: a start for the model asked for, not fitted on the T/S band.
        residuals[driver_model_key(c.params)] = std::isnan(c.choice_aic) ? json(nullptr) : json(c.residual);
        full_residuals[driver_model_key(c.params)] = number_or_null(c.full_band_residual);
    }
    json le_1k = json::object();
    for (const ModelFit& c : fa.fit.candidates) le_1k[driver_model_key(c.params)] = le_1khz_h(c.params);
    j["fit"] = {{"residuals", residuals},
                {"Le_1kHz", le_1k},
                {"full_band_residuals", full_residuals},
                {"points", fa.fit.points},
                {"band_hz", {fa.fit.fmin_hz, fa.fit.fmax_hz}},
                {"ts_points", fa.fit.ts_points},
                {"ts_band_hz", fa.fit.ts_points > 0 ? json{fa.fit.ts_fmin_hz, fa.fit.ts_fmax_hz} : json(nullptr)},
                {"re_fixed", r.options.re_ohm.has_value()},
                {"model_choice", r.options.model == ModelChoice::automatic ? "automatic (Akaike criterion on the band up to 10 fs)" : "user"},
                {"converged", f.converged},
                {"evaluations", f.evaluations}};
    const ThreePointEstimate& t = fa.three_point;
    j["three_point"] = {{"Re", t.re_ohm}, {"Zmax", t.z_max_ohm}, {"f1", t.f1_hz}, {"f2", t.f2_hz}, {"fs", t.fs_hz},
                        {"Qms", t.qms},   {"Qes", t.qes},       {"Qts", t.qts}};
    if (r.added_mass) {
        json curves = json::array();
        for (std::size_t k = 0; k < r.added_mass_fits.size(); ++k) {
            json c = curve_fit_json(r.added_mass_fits[k]);
            c["mass"] = r.added_mass->points[k + 1].mass_kg;
            c["Mms_single"] = r.added_mass->single_mms_kg[k];
            curves.push_back(c);
        }
        j["added_mass"] = {{"curves", curves},
                           {"constant_compliance", {{"Mms", r.added_mass->mms_kg.value},
                                                    {"Cms", r.added_mass->cms_m_per_n.value},
                                                    {"chi2_per_dof", r.added_mass->chi2_per_dof}}},
                           {"creep", r.creep_mass ? creep_json(*r.creep_mass) : json(nullptr)},
                           {"units", {{"mass", "kg"}, {"Mms", "kg"}, {"Mms_single", "kg"}, {"Mms_single_creep", "kg"}, {"Cms", "m/N"},
                                      {"C0", "m/N"}, {"Rms", "kg/s"}, {"R0", "kg/s"}, {"Bl", "T*m"}, {"fs", "Hz"}, {"fs_peak", "Hz"},
                                      {"fs_uncertainty", "Hz"}, {"Re", "ohm"}, {"beta", "1"}, {"lambda", "1/decade"},
                                      {"omega_ref", "rad/s"}, {"bl_band_hz", "Hz"}, {"fit_band_hz", "Hz"}, {"residual", "1"},
                                      {"bl_flatness", "1 (half spread of Bl(f), relative)"}}}};
    } else {
        j["added_mass"] = nullptr;
    }
    if (r.closed_box) {
        const ClosedBoxResult& b = *r.closed_box;
        json c = curve_fit_json(*r.box_fit);
        c.update({{"Vb", b.vb_m3}, {"fc", b.fc_hz.value}, {"Qec", b.qec.value}, {"Qmc", b.qmc}, {"Qtc", b.qtc},
                  {"Vas", b.vas_m3.value}, {"Vas_uncertainty", b.vas_m3.sigma},
                  {"units", {{"Vb", "m^3"}, {"fc", "Hz"}, {"Vas", "m^3"}, {"Vas_uncertainty", "m^3"}, {"fs", "Hz"}, {"fs_uncertainty", "Hz"}, {"Re", "ohm"}}}});
        j["closed_box"] = c;
    } else {
        j["closed_box"] = nullptr;
    }
    return j;
}

std::string format_ts_table(const TsResult& r) {
    std::string out;
    if (r.vented_box) {
        const VentedBoxResult& v = *r.vented_box;
        out += "Vented box (from " + r.name + ")\n";
        if (v.low) out += fmt("  f_low  %8.2f Hz", v.low->frequency_hz) + fmt("  (|Z| %.3g ohm)\n", v.low->magnitude_ohm);
        else out += fmt("  f_low  below %.4g Hz (the curve's lowest frequency)\n", v.curve_fmin_hz);
        out += fmt("  fb     %8.2f Hz", v.fb_hz) + fmt("  (|Z| %.3g ohm, box tuning)\n", v.z_fb_ohm);
        out += fmt("  f_high %8.2f Hz", v.high.frequency_hz) + fmt("  (|Z| %.3g ohm)\n", v.high.magnitude_ohm);
    }
    if (r.free_air) {
        const CurveFit& fa = *r.free_air;
        const ModelFit& f = fa.fit.chosen;
        const DriverParams& p = f.params;
        out += "Thiele/Small parameters from " + r.name + " (" + std::string(inductance_model_name(p.model)) + " inductance model" +
               (p.creep ? " with LOG creep" : "") + (r.options.model == ModelChoice::automatic ? ", chosen by AIC on the band up to 10 x fs" : ", as asked") + ")\n";
        out += "  inductance fit residual";
        // A creep variant keeps its plain model's inductance fit: listed once, under the plain name.
        auto has_plain = [&](const ModelFit& c) {
            return std::any_of(fa.fit.candidates.begin(), fa.fit.candidates.end(),
                               [&](const ModelFit& o) { return !o.params.creep && o.params.model == c.params.model; });
        };
        for (const ModelFit& c : fa.fit.candidates) {
            if (c.params.creep && has_plain(c)) continue;
            out += ' ';
            out += driver_model_name(c.params);
            out += fmt(" %.2f %%", 100.0 * c.full_band_residual);
        }
        out += fmt(", %.0f points", double(fa.fit.points)) + fmt(" from %.4g", fa.fit.fmin_hz) + fmt(" to %.5g Hz\n", fa.fit.fmax_hz);
        if (fa.fit.ts_points > 0) {
            out += "  T/S band residual";
            for (const ModelFit& c : fa.fit.candidates) {
                if (std::isnan(c.choice_aic)) continue;  // a start for the model asked for, not fitted on this band
                out += ' ';
                out += driver_model_name(c.params);
                out += fmt(" %.2f %%", 100.0 * c.residual);
            }
            out += fmt(", %.0f points", double(fa.fit.ts_points)) + fmt(" from %.4g", fa.fit.ts_fmin_hz) +
                   fmt(" to %.5g Hz (Re, fs, Qms, Qes)\n", fa.fit.ts_fmax_hz);
        } else {
            // Fewer than 8 points between fmin and 2.5·fs: no T/S band stage.
            out += printf_string("  no T/S band: 2.5 x fs (%.4g Hz) lies below or too close to {fmin} (%.4g Hz); Re, fs, Qms and Qes come "
                                 "from the whole band\n",
                                 kTsBandTopRatio * p.fs_hz, fa.fit.fmin_hz);
        }
        out += "  name       value   ±1 sigma  unit\n";
        row(out, "Re", p.re_ohm, r.options.re_ohm ? 0.0 : f.sigma(theta::kRe), 1.0, r.options.re_ohm ? "ohm (given)" : "ohm");
        row(out, "fs", p.fs_hz, f.sigma(theta::kFs), 1.0, "Hz");
        row(out, "Qms", p.qms, f.sigma(theta::kQms), 1.0, "");
        row(out, "Qes", p.qes, f.qes_sigma(), 1.0, "");
        row(out, "Qts", p.qts(), f.qts_sigma(), 1.0, "");
        row(out, "EBP", p.fs_hz / p.qes, 0.0, 1.0, "Hz");
        if (p.model == InductanceModel::lr2) {
            row(out, "Le", p.lr2.le_h, f.sigma(theta::kInductance), 1e3, "mH");
            row(out, "L2", p.lr2.l2_h, f.sigma(theta::kInductance + 1), 1e3, "mH");
            row(out, "R2", p.lr2.r2_ohm, f.sigma(theta::kInductance + 2), 1.0, "ohm");
        } else {
            row(out, "Krm", p.wright.krm_ohm, f.sigma(theta::kInductance), 1e3, "mohm at 1 rad/s");
            row(out, "Erm", p.wright.erm, f.sigma(theta::kInductance + 1), 1.0, "");
            row(out, "Kxm", p.wright.kxm_ohm, f.sigma(theta::kInductance + 2), 1e3, "mohm at 1 rad/s");
            row(out, "Exm", p.wright.exm, f.sigma(theta::kInductance + 3), 1.0, "");
        }
        row(out, "L1k", le_1khz_h(p), 0.0, 1e3, "mH (Im Zl/omega at 1 kHz)");
        if (p.creep) row(out, "beta", p.creep_beta, f.sigma(theta_size(p.model)), 1.0, "(LOG creep, per e-fold of frequency)");
        if (r.mechanical) {
            const MechanicalParams& m = *r.mechanical;
            row(out, "Mms", m.mms_kg, 1e3, "g");
            row(out, "Cms", m.cms_m_per_n, 1e3, "mm/N");
            row(out, "Bl", m.bl_tm, 1.0, "T*m");
            row(out, "Rms", m.rms_kg_s, 1.0, "kg/s");
            row(out, "Vas", m.vas_m3, 1e3, "litres");
        }
        if (r.sd_m2) row(out, "Sd", *r.sd_m2, 0.0, 1e4, "cm^2 (given)");
        const Derived der = derived_figures(r);
        if (der.mmd_kg) row(out, "Mmd", *der.mmd_kg, 0.0, 1e3, "g (Mms less the air load)");
        if (der.eta0) row(out, "eta0", *der.eta0, 0.0, 100.0, "%");
        if (der.spl_db) row(out, "SPL", *der.spl_db, 0.0, 1.0, "dB at 1 W, 1 m (half space)");
        if (r.mechanical) {
            out += "  (Mms/Cms/Bl/Vas from " + r.mechanical->method;
            if (r.added_mass) {
                out += ":";
                for (std::size_t k = 1; k < r.added_mass->points.size(); ++k)
                    out += fmt(" %.4g g", r.added_mass->points[k].mass_kg * 1e3) + fmt(" -> fs %.4g Hz;", r.added_mass->points[k].fs_hz.value);
                out.pop_back();
            }
            out += fmt("; air %.4g kg/m^3", kAirDensityKgM3) + fmt(", c %.4g m/s)\n", kSpeedOfSoundMS);
            if (r.creep_mass) {
                const CreepAddedMassResult& c = *r.creep_mass;
                const CreepMechanics& m = c.chosen;
                out += "  creep: " + std::string(creep_model_name(m.fit.creep.model)) + " model" + fmt(", beta %.3g", m.fit.creep.beta) +
                       fmt(", lambda %.3g per decade", m.lambda) + fmt(", C0 %.4g mm/N", m.c0_m_per_n * 1e3) + fmt(", R0 %.4g kg/s", m.r0_kg_s) +
                       fmt(", fs (Im Zm = 0) %.4g Hz\n", m.fit.fs_hz);
                out += fmt("         fit %.4g", c.fit_band_hz[0]) + fmt("-%.4g Hz", c.fit_band_hz[1]) + fmt(" (residual %.2g %%)", 100 * m.fit.residual) +
                       fmt(", Bl averaged %.4g", c.bl_band_hz[0]) + fmt("-%.4g Hz", c.bl_band_hz[1]) + fmt(", flat within +-%.2g %%\n", 100 * c.bl_flatness);
                out += fmt("         constant compliance would give Mms %.4g g", c.models[0].mms_kg.value * 1e3);
                if (r.added_mass) out += fmt(" (classic formula %.4g g)", r.added_mass->mms_kg.value * 1e3);
                out += "\n";
            }
            if (!r.sd_m2 && r.added_mass) out += "  (Vas needs {sd_cm2})\n";
        } else {
            out += "  (Mms, Cms, Bl and Vas need {added_mass_zma}/{added_mass_g} or {box_zma}/{box_litres})\n";
        }
        if (r.closed_box) {
            const ClosedBoxResult& b = *r.closed_box;
            out += fmt("  closed box %.4g litres:", b.vb_m3 * 1e3) + fmt(" fc %.4g Hz,", b.fc_hz.value) + fmt(" Qec %.3g,", b.qec.value) +
                   fmt(" Qtc %.3g ->", b.qtc) + fmt(" Vas %.4g", b.vas_m3.value * 1e3) + fmt(" ± %.2g litres\n", b.vas_m3.sigma * 1e3);
        }
    }
    for (const auto& w : r.warnings) out += "  warning: " + w + "\n";
    return out;
}

}  // namespace zb
