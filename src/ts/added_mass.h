// Moving mass and compliance from the resonance shift when known masses are
// fixed to the cone (the added-mass, or "delta-mass", method; Small, JAES
// 20(5), 1972; as in Speakerbench's dual added mass).
//
// With Cms constant, ωk² = 1/(Cms·(Mms + mk)), so 1/ωk² is linear in mk:
//   1/ω² = Cms·Mms + Cms·m
// A weighted straight-line fit through the free-air point (m = 0) and every
// added-mass point gives Cms = slope and Mms = intercept/slope. With one mass
// this is exactly Mms = m/((fs/fs')² − 1). Each point is weighted by its
// fitted fs's uncertainty: σ(1/ω²) = 2·(σfs/fs)/ω². With more points than
// two, the line's covariance is scaled by the reduced χ² when that exceeds 1
// (the points disagree more than their fits' uncertainties say).
//
// Limitation: a real suspension creeps (its compliance rises towards low
// frequencies: Knudsen & Jensen, JAES 41(1/2), 1993), so the loaded
// resonance falls further than constant Cms predicts and this method reads
// Mms low (the SEAS L16RNX with 8 g and 16 g: 14.15 g, against 14.9–15.1 g
// with creep). ts/creep_added_mass.h sets the reported figures; these are
// reported beside them.
// Units: kg, Hz, m/N.
#pragma once

#include <vector>

#include "ts/uncertain.h"
#include "util/result.h"

namespace zb {

struct MassPoint {
    double mass_kg = 0.0;
    Uncertain fs_hz;
};

struct AddedMassResult {
    std::vector<MassPoint> points;         // free air first
    Uncertain mms_kg;
    Uncertain cms_m_per_n;
    std::vector<double> single_mms_kg;     // m/((fs/fs')² − 1) for each mass alone
    double chi2_per_dof = 0.0;             // 0 with a single mass
};

// `points[0]` is the free-air curve (mass 0); the others have mass > 0.
Result<AddedMassResult> added_mass_fit(const std::vector<MassPoint>& points);

}  // namespace zb
