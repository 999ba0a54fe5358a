#include "ts/ts_analysis.h"

#include <algorithm>
#include <cmath>

#include "ts/air.h"
#include "util/units.h"

namespace zb {

namespace {

// Scan, three-point start and fit of one single-resonance curve.
Result<CurveFit> fit_curve(const TsCurve& in, const TsFitOptions& options, const ResonanceScan& scan) {
    CurveFit out;
    out.name = in.name;
    out.scan = scan;
    const double re = options.re_ohm ? *options.re_ohm : scan.re_floor_ohm;
    auto start = three_point_estimate(in.curve, scan.peaks[scan.main_peak], re, in.name);
    if (!start) return start.error();
    out.three_point = *start;
    auto fit = fit_driver(in.curve, *start, options, in.name, in.noise_sigma_fraction);
    if (!fit) return fit.error();
    out.fit = std::move(*fit);
    return out;
}

ResonanceScan scan(const ImpedanceCurve& c, const TsFitOptions& options) {
    return scan_resonances(c, options.re_ohm ? *options.re_ohm : re_floor_ohm(c));
}

// A loaded curve (added mass, box) must show exactly one resonance.
Result<CurveFit> fit_loaded_curve(const TsCurve& in, const TsFitOptions& options, const char* what) {
    const ResonanceScan s = scan(in.curve, options);
    if (s.peaks.size() != 1 || s.resonance_below_band)
        return make_error(in.name, ": the ", what, " curve must show one resonance peak, found ",
                          s.peaks.size() + (s.resonance_below_band ? 1 : 0), "; check the file");
    return fit_curve(in, options, s);
}

double log_sigma(double variance) { return std::sqrt(std::max(variance, 0.0)); }

// Bl(f) spread beyond which a dual-added-mass run is called noisy (Candy &
// Futtrup: ±8 % is a bad run), and the largest disagreement between the
// masses used alone.
constexpr double kBlFlatnessLimit = 0.05;
constexpr double kMassDisagreement = 0.02;

}  // namespace

Result<TsResult> analyse_ts(const TsCurve& free_air, const TsConfig& config) {
    TsResult r;
    r.name = free_air.name;
    r.options = config.fit;
    r.sd_m2 = config.sd_m2;
    if (free_air.curve.size() < 5) return make_error(free_air.name, ": only ", free_air.curve.size(), " points; T/S needs a measured curve");
    const ResonanceScan s = scan(free_air.curve, config.fit);
    if (auto v = vented_box_tuning(free_air.curve, s)) r.vented_box = *v;
    const ShapeCheck shape = check_free_air_shape(free_air.curve, s, r.vented_box ? &*r.vented_box : nullptr);
    r.shape = shape.shape;
    r.warnings = shape.warnings;
    if (r.shape != CurveShape::free_air) {
        if (!config.added_mass.empty() || config.closed_box)
            return make_error(free_air.name, ": ", r.warnings.front());
        return r;
    }

    auto fa = fit_curve(free_air, config.fit, s);
    if (!fa) return fa.error();
    r.free_air = std::move(*fa);
    const ModelFit& f = r.free_air->fit.chosen;
    if (auto w = residual_warning(f.residual, driver_model_name(f.params))) r.warnings.push_back(*w);
    if (auto w = glitch_warning(free_air.curve, f.params)) r.warnings.push_back(*w);
    const TsFit& band = r.free_air->fit;
    const bool staged = band.ts_fmax_hz > 0.0;  // the T/S band stage ran
    if (auto w = fs_band_warning(f.params.fs_hz, staged ? band.ts_fmin_hz : band.fmin_hz, staged ? band.ts_fmax_hz : band.fmax_hz))
        r.warnings.push_back(*w);
    if (auto w = beyond_fmax_warning(config.fit.fmax_hz, band.shape_fmax_hz)) r.warnings.push_back(*w);
    if (!config.fit.re_ohm)
        if (auto w = re_warning(free_air.curve, s.re_floor_ohm, f.params)) r.warnings.push_back(*w);
    if (f.at_bound) r.warnings.push_back("the fit drove Re, fs, Qms or Qes to the edge of its search range; the curve does not look like a driver in free air");

    // Loaded curves use the free-air curve's model, so their fs means the same.
    TsFitOptions loaded = config.fit;
    loaded.model = f.params.model == InductanceModel::lr2 ? ModelChoice::lr2 : ModelChoice::wright;
    loaded.creep = f.params.creep;

    const double fs = f.params.fs_hz, omega_s = kTwoPi * fs;
    const double var_fs_re_qes = f.log_variance({1, 1, 0, -1});  // ln fs + ln Re − ln Qes
    const double var_fs_qms = f.log_variance({0, 1, -1, 0});     // ln fs − ln Qms
    auto bl_rms = [&](MechanicalParams& m, const Uncertain& mms) {
        const double var_ln_mms = std::pow(mms.relative(), 2);
        const double bl = std::sqrt(omega_s * mms.value * f.params.re_ohm / f.params.qes);
        m.bl_tm = Uncertain{bl, bl * 0.5 * log_sigma(var_fs_re_qes + var_ln_mms)};
        const double rms = omega_s * mms.value / f.params.qms;
        m.rms_kg_s = Uncertain{rms, rms * log_sigma(var_fs_qms + var_ln_mms)};
    };

    if (!config.added_mass.empty()) {
        std::vector<MassPoint> points = {{0.0, {fs, f.sigma(theta::kFs)}}};
        for (const AddedMassInput& am : config.added_mass) {
            auto cf = fit_loaded_curve(am.curve, loaded, "added-mass");
            if (!cf) return cf.error();
            const ModelFit& mf = cf->fit.chosen;
            points.push_back({am.mass_kg, {mf.params.fs_hz, mf.sigma(theta::kFs)}});
            if (auto w = residual_warning(mf.residual, driver_model_name(mf.params))) r.warnings.push_back(am.curve.name + ": " + *w);
            r.added_mass_fits.push_back(std::move(*cf));
        }
        auto am = added_mass_fit(points);
        if (!am) return make_error(config.added_mass.front().curve.name, ": ", am.message());
        r.added_mass = *am;
        std::vector<MassCurve> masses;
        for (const AddedMassInput& in : config.added_mass) masses.push_back({&in.curve.curve, in.mass_kg, in.curve.name});
        auto cm = creep_added_mass(free_air.curve, f.params, masses, config.creep);
        if (!cm) return cm.error();
        r.creep_mass = *cm;
        const CreepMechanics& c = cm->chosen;
        MechanicalParams m;
        m.method = cm->dual ? "dual added mass" : "added mass";
        m.mms_kg = c.mms_kg;
        m.cms_m_per_n = c.cms_m_per_n;
        m.bl_tm = cm->bl_tm;
        m.rms_kg_s = Uncertain{c.rms_kg_s, c.rms_kg_s * c.mms_kg.relative()};
        if (config.sd_m2) {
            const double k = kAirRhoC2Pa * *config.sd_m2 * *config.sd_m2;
            m.vas_m3 = Uncertain{k * c.cms_m_per_n.value, k * c.cms_m_per_n.sigma};
        }
        r.mechanical = m;
        if (cm->bl_flatness > kBlFlatnessLimit)
            r.warnings.push_back("Bl(f) varies by +-" + std::to_string(static_cast<int>(std::lround(100 * cm->bl_flatness))) +
                                 " % around the resonance (a good run stays within a few %): the added-mass curves are noisy or do not pair with the free-air curve; remeasure");
        if (cm->single_mms_kg.size() >= 2) {
            const auto [lo, hi] = std::minmax_element(cm->single_mms_kg.begin(), cm->single_mms_kg.end());
            if (*hi / *lo - 1.0 > kMassDisagreement)
                r.warnings.push_back("the added masses disagree: alone they give Mms from " + std::to_string(*lo * 1e3).substr(0, 6) + " to " +
                                     std::to_string(*hi * 1e3).substr(0, 6) + " g (more than 2 % apart); check the masses' values and that they sat firmly on the cone");
        }
    }

    if (config.closed_box) {
        auto cf = fit_loaded_curve(config.closed_box->curve, loaded, "closed-box");
        if (!cf) return cf.error();
        auto cb = closed_box_vas(f, cf->fit.chosen, config.closed_box->volume_m3, config.closed_box->curve.name);
        if (!cb) return cb.error();
        if (auto w = residual_warning(cf->fit.chosen.residual, driver_model_name(cf->fit.chosen.params)))
            r.warnings.push_back(config.closed_box->curve.name + ": " + *w);
        r.box_fit = std::move(*cf);
        r.closed_box = *cb;
        if (!r.mechanical) {
            MechanicalParams m;
            m.method = "closed box";
            m.vas_m3 = cb->vas_m3;
            if (config.sd_m2) {
                const double k = kAirRhoC2Pa * *config.sd_m2 * *config.sd_m2;
                const Uncertain cms{cb->vas_m3.value / k, cb->vas_m3.sigma / k};
                const double mms = 1.0 / (omega_s * omega_s * cms.value);
                // ln Mms = −2 ln ωs − ln Cms.
                const Uncertain mms_u{mms, mms * log_sigma(4.0 * f.log_variance({0, 1, 0, 0}) + std::pow(cms.relative(), 2))};
                m.cms_m_per_n = cms;
                m.mms_kg = mms_u;
                bl_rms(m, mms_u);
            }
            r.mechanical = m;
        }
    }
    return r;
}

}  // namespace zb
