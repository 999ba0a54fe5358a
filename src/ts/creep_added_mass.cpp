#include "ts/creep_added_mass.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "util/units.h"

namespace zb {

namespace {

// Z of a curve at f: real and imaginary parts linear in ln f between the
// two nearest points; nullopt outside the curve's band.
std::optional<std::complex<double>> z_at(const ImpedanceCurve& c, double f) {
    const auto& fr = c.frequency_hz;
    if (c.size() < 2 || f < fr.front() || f > fr.back()) return std::nullopt;
    const std::size_t j = static_cast<std::size_t>(std::upper_bound(fr.begin(), fr.end(), f) - fr.begin());
    if (j == 0) return c.z(0);
    if (j >= c.size()) return c.z(c.size() - 1);
    const double t = std::log(f / fr[j - 1]) / std::log(fr[j] / fr[j - 1]);
    return c.z(j - 1) * (1.0 - t) + c.z(j) * t;
}

std::complex<double> blocked_impedance(const DriverParams& p, double omega) {
    return p.re_ohm + (p.model == InductanceModel::lr2 ? lr2_impedance(p.lr2, omega) : wright_impedance(p.wright, omega));
}

// The free-air grid where every curve has data, with ΔZk = Z0 − Zk.
struct Grid {
    std::vector<double> omega;
    std::vector<std::complex<double>> z0;
    std::vector<std::vector<std::complex<double>>> dz;  // one per mass
};

Grid common_grid(const ImpedanceCurve& free_air, const std::vector<MassCurve>& masses) {
    Grid g;
    g.dz.resize(masses.size());
    for (std::size_t i = 0; i < free_air.size(); ++i) {
        const double f = free_air.frequency_hz[i];
        std::vector<std::complex<double>> zk;
        for (const MassCurve& m : masses)
            if (auto z = z_at(*m.curve, f)) zk.push_back(*z);
        if (zk.size() != masses.size() || !(free_air.magnitude_ohm[i] > 0.0)) continue;
        g.omega.push_back(kTwoPi * f);
        g.z0.push_back(free_air.z(i));
        for (std::size_t k = 0; k < masses.size(); ++k) g.dz[k].push_back(g.z0.back() - zk[k]);
    }
    return g;
}

struct BlEstimate {
    double bl2 = 0.0, sigma_bl2 = 0.0, flatness = 0.0;
    std::size_t n = 0;
};

// Bl²(ω) = m·Re{jω·Zm·(Zm − ΔZ)/ΔZ} averaged over the points in [lo, hi].
BlEstimate bl_squared(const Grid& g, const std::vector<std::complex<double>>& zm, const std::vector<std::complex<double>>& dz,
                      double mass_kg, double lo_rad_s, double hi_rad_s) {
    std::vector<double> v;
    for (std::size_t i = 0; i < g.omega.size(); ++i) {
        if (g.omega[i] < lo_rad_s || g.omega[i] > hi_rad_s) continue;
        const std::complex<double> jw(0.0, g.omega[i]);
        const double b = mass_kg * (jw * zm[i] * (zm[i] - dz[i]) / dz[i]).real();
        if (std::isfinite(b)) v.push_back(b);
    }
    BlEstimate e;
    e.n = v.size();
    if (v.empty()) return e;
    double sum = 0.0;
    for (double b : v) sum += b;
    e.bl2 = sum / static_cast<double>(v.size());
    double ss = 0.0;
    for (double b : v) ss += (b - e.bl2) * (b - e.bl2);
    e.sigma_bl2 = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size())) : INFINITY;
    const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    if (*mn > 0.0 && e.bl2 > 0.0) e.flatness = 0.5 * (std::sqrt(*mx) - std::sqrt(*mn)) / std::sqrt(e.bl2);
    else e.flatness = INFINITY;
    return e;
}

MotionalFit fit_band(const Grid& g, const std::vector<std::complex<double>>& zm, CreepModel model, double ws, double lo, double hi) {
    std::vector<double> w;
    std::vector<std::complex<double>> z;
    for (std::size_t i = 0; i < g.omega.size(); ++i)
        if (g.omega[i] >= lo * ws && g.omega[i] <= hi * ws && std::isfinite(std::abs(zm[i])) && std::abs(zm[i]) > 0.0) {
            w.push_back(g.omega[i]);
            z.push_back(zm[i]);
        }
    MotionalFit f;
    if (w.size() < 6) {
        f.residual = INFINITY;
        return f;
    }
    return compliance_fit(w, z, model, ws);
}

CreepMechanics mechanics_of(const MotionalFit& fit, double bl2) {
    CreepMechanics m;
    m.fit = fit;
    const double ws = kTwoPi * fit.fs_hz;
    m.mms_kg = {fit.mms_kg(bl2), 0.0};
    m.cms_m_per_n = {fit.ceq_m_per_n(bl2, ws), 0.0};
    m.rms_kg_s = fit.rms_kg_s(bl2, ws);
    m.r0_kg_s = fit.r0_kg_s(bl2);
    m.c0_m_per_n = fit.c0_m_per_n(bl2);
    m.lambda = fit.lambda_per_decade();
    return m;
}

CreepModel model_of(CreepChoice c) {
    return c == CreepChoice::none ? CreepModel::none : c == CreepChoice::log ? CreepModel::log : CreepModel::three_param;
}

// Fits every creep model on one Zm and picks per the options; fills the
// band-spread part of the uncertainty of Mms and Cms.
struct ModelSet {
    std::vector<CreepMechanics> models;
    std::size_t chosen = 0;
};

ModelSet fit_models(const Grid& g, const std::vector<std::complex<double>>& zm, const BlEstimate& bl, double ws,
                    const CreepAddedMassOptions& o) {
    ModelSet s;
    for (CreepModel m : {CreepModel::none, CreepModel::log, CreepModel::three_param})
        s.models.push_back(mechanics_of(fit_band(g, zm, m, ws, o.fit_low, o.fit_high), bl.bl2));
    if (o.model == CreepChoice::automatic) s.chosen = s.models[1].fit.residual < s.models[2].fit.residual ? 1 : 2;
    else s.chosen = static_cast<std::size_t>(model_of(o.model));
    const double bl2_rel = bl.sigma_bl2 / bl.bl2;
    for (CreepMechanics& cm : s.models) {
        // Band spread: the same model over a lower and a higher band.
        double mms_lo = cm.mms_kg.value, mms_hi = mms_lo, cms_lo = cm.cms_m_per_n.value, cms_hi = cms_lo;
        for (auto [lo, hi] : {std::pair{0.5, 1.2}, std::pair{0.7, 1.5}}) {
            const CreepMechanics other = mechanics_of(fit_band(g, zm, cm.fit.creep.model, ws, lo, hi), bl.bl2);
            if (!std::isfinite(other.fit.residual)) continue;
            mms_lo = std::min(mms_lo, other.mms_kg.value), mms_hi = std::max(mms_hi, other.mms_kg.value);
            cms_lo = std::min(cms_lo, other.cms_m_per_n.value), cms_hi = std::max(cms_hi, other.cms_m_per_n.value);
        }
        const double mms = cm.mms_kg.value, cms = cm.cms_m_per_n.value;
        cm.mms_kg.sigma = mms * std::hypot(bl2_rel, 0.5 * (mms_hi - mms_lo) / mms);
        cm.cms_m_per_n.sigma = cms * std::hypot(bl2_rel, 0.5 * (cms_hi - cms_lo) / cms);
    }
    return s;
}

// The |Zm| peak between 0.6 and 1.6 × the free-air fit's fs.
double peak_rad_s(const Grid& g, const std::vector<std::complex<double>>& zm, double fs_hz) {
    double best = 0.0, at = kTwoPi * fs_hz;
    for (std::size_t i = 0; i < g.omega.size(); ++i) {
        const double f = g.omega[i] / kTwoPi;
        if (f < 0.6 * fs_hz || f > 1.6 * fs_hz) continue;
        const double a = std::abs(zm[i]);
        if (std::isfinite(a) && a > best) best = a, at = g.omega[i];
    }
    return at;
}

}  // namespace

Result<CreepAddedMassResult> creep_added_mass(const ImpedanceCurve& free_air, const DriverParams& free_fit,
                                              const std::vector<MassCurve>& masses_in, const CreepAddedMassOptions& o) {
    if (masses_in.empty()) return make_error("added mass: no added-mass curve");
    std::vector<MassCurve> masses = masses_in;
    std::stable_sort(masses.begin(), masses.end(), [](const MassCurve& a, const MassCurve& b) { return a.mass_kg < b.mass_kg; });
    for (std::size_t k = 1; k < masses.size(); ++k)
        if (!(masses[k].mass_kg > masses[k - 1].mass_kg * 1.05))
            return make_error(masses[k].name, ": its mass (", masses[k].mass_kg * 1e3, " g) is within 5 % of another; dual added mass needs two different masses (about Mms/2 and Mms)");
    const Grid g = common_grid(free_air, masses);
    if (g.omega.size() < 10) return make_error(masses.front().name, ": the free-air and added-mass curves share fewer than 10 frequencies; measure them over the same band");

    CreepAddedMassResult r;
    r.dual = masses.size() >= 2;
    r.m1_kg = masses.front().mass_kg;
    r.m2_kg = r.dual ? masses.back().mass_kg : 0.0;

    // Each mass alone, with Ze from the free-air model.
    std::vector<std::complex<double>> zm_model(g.omega.size());
    for (std::size_t i = 0; i < g.omega.size(); ++i) zm_model[i] = g.z0[i] - blocked_impedance(free_fit, g.omega[i]);
    const double ws_model = peak_rad_s(g, zm_model, free_fit.fs_hz);
    std::vector<ModelSet> singles;
    std::vector<BlEstimate> single_bl;
    for (std::size_t k = 0; k < masses.size(); ++k) {
        const BlEstimate bl = bl_squared(g, zm_model, g.dz[k], masses[k].mass_kg, o.bl_low * ws_model, o.bl_high * ws_model);
        if (bl.n < 3 || !(bl.bl2 > 0.0)) return make_error(masses[k].name, ": Bl^2 from this mass is not positive around the resonance; check the mass and the file pairing");
        singles.push_back(fit_models(g, zm_model, bl, ws_model, o));
        single_bl.push_back(bl);
    }

    std::vector<std::complex<double>> zm = zm_model;
    BlEstimate bl = single_bl.front();
    ModelSet set = singles.front();
    double ws = ws_model;
    if (r.dual) {
        const double mu = r.m2_kg / r.m1_kg;
        const auto& d1 = g.dz.front();
        const auto& d2 = g.dz.back();
        for (std::size_t i = 0; i < g.omega.size(); ++i) zm[i] = (1.0 - mu) * d1[i] * d2[i] / (d2[i] - mu * d1[i]);
        ws = peak_rad_s(g, zm, free_fit.fs_hz);
        bl = bl_squared(g, zm, d1, r.m1_kg, o.bl_low * ws, o.bl_high * ws);
        if (bl.n < 3 || !(bl.bl2 > 0.0)) return make_error(masses.front().name, ": Bl^2 from the two masses is not positive around the resonance; check the masses and the file pairing");
        set = fit_models(g, zm, bl, ws, o);
    }
    r.fs_peak_hz = ws / kTwoPi;
    const double bl_tm = std::sqrt(bl.bl2);
    r.bl_tm = {bl_tm, 0.5 * bl_tm * bl.sigma_bl2 / bl.bl2};
    r.bl_flatness = bl.flatness;
    r.bl_band_hz[0] = o.bl_low * r.fs_peak_hz, r.bl_band_hz[1] = o.bl_high * r.fs_peak_hz;
    r.fit_band_hz[0] = o.fit_low * r.fs_peak_hz, r.fit_band_hz[1] = o.fit_high * r.fs_peak_hz;
    r.models = set.models;
    r.chosen = set.models[set.chosen];
    if (!std::isfinite(r.chosen.fit.residual)) return make_error(masses.front().name, ": too few points between ", r.fit_band_hz[0], " and ", r.fit_band_hz[1], " Hz for the compliance fit; measure with more points per octave");
    for (const ModelSet& s : singles) r.single_mms_kg.push_back(s.models[set.chosen].mms_kg.value);
    return r;
}

}  // namespace zb
