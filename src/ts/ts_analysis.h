// Thiele/Small analysis of one driver: the free-air curve, plus optional
// added-mass curves and a closed-box curve, to the full parameter set.
//
//  1. Free air: resonance scan (ts/resonance_peaks.h) and shape checks
//     (ts/free_air_checks.h). A vented-box curve yields fb and a warning,
//     no T/S; a curve without a peak yields a warning only.
//  2. Three-point estimate, then the nonlinear fit (ts/ts_fit.h): Re, fs,
//     Qms, Qes, Qts, the inductance, EBP = fs/Qes.
//  3. Each added-mass and box curve is fitted with the free-air curve's
//     model. Added masses give Mms, Cms, Bl and Rms with suspension creep
//     (ts/creep_added_mass.h; the classic constant-compliance figures of
//     ts/added_mass.h are reported beside them), the box gives
//     Vas (ts/closed_box.h). With both, the added masses set Mms/Cms/Bl/Vas
//     and the box's Vas is reported beside them as a cross-check.
//  4. Derived (box): Bl = √(2π·fs·Mms·Re/Qes), Rms = 2π·fs·Mms/Qms,
//     Vas = ρc²·Sd²·Cms (ts/air.h), or from a box: Cms = Vas/(ρc²·Sd²),
//     Mms = 1/((2π·fs)²·Cms). Uncertainties by first-order propagation
//     (ts/uncertain.h); the fits of different curves are independent.
// Units: SI throughout (Ω, H, Hz, kg, m/N, T·m, kg/s, m³, m²).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/impedance_curve.h"
#include "ts/added_mass.h"
#include "ts/closed_box.h"
#include "ts/creep_added_mass.h"
#include "ts/free_air_checks.h"
#include "ts/ts_fit.h"
#include "ts/vented_box.h"

namespace zb {

struct TsCurve {
    ImpedanceCurve curve;
    std::string name;  // file name, for messages
    // 1σ relative noise of |Z| per point, when a measurement measured it
    // (empty for a file): the fit weighs the points by it (ts/ts_fit.h).
    std::vector<double> noise_sigma_fraction = {};
};

struct AddedMassInput {
    TsCurve curve;
    double mass_kg = 0.0;
};

struct ClosedBoxInput {
    TsCurve curve;
    double volume_m3 = 0.0;
};

struct TsConfig {
    TsFitOptions fit;
    std::optional<double> sd_m2;
    std::vector<AddedMassInput> added_mass;
    CreepAddedMassOptions creep;
    std::optional<ClosedBoxInput> closed_box;
};

struct CurveFit {
    std::string name;
    ResonanceScan scan;
    ThreePointEstimate three_point;
    TsFit fit;
};

struct MechanicalParams {
    std::string method;  // "dual added mass", "added mass" or "closed box"
    std::optional<Uncertain> mms_kg, cms_m_per_n, bl_tm, rms_kg_s, vas_m3;
};

struct TsResult {
    std::string name;
    TsFitOptions options;
    CurveShape shape = CurveShape::free_air;
    std::optional<CurveFit> free_air;
    std::optional<VentedBoxResult> vented_box;
    std::vector<CurveFit> added_mass_fits;
    std::optional<AddedMassResult> added_mass;          // constant compliance (the classic formula)
    std::optional<CreepAddedMassResult> creep_mass;     // with creep: sets Mms, Cms, Bl, Rms
    std::optional<CurveFit> box_fit;
    std::optional<ClosedBoxResult> closed_box;
    std::optional<MechanicalParams> mechanical;
    std::optional<double> sd_m2;
    std::vector<std::string> warnings;
};

// Errors: a fit that fails, an added-mass or box curve that is unusable
// (no single resonance, resonance on the wrong side of free air), or
// added-mass/box curves given for a free-air curve without a resonance.
Result<TsResult> analyse_ts(const TsCurve& free_air, const TsConfig& config);

}  // namespace zb
