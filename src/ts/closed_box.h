// Vas from the driver's resonance in a closed box of known net volume Vb
// (the "delta-compliance" method; Small, "Closed-box loudspeaker systems",
// JAES 20(10), 1972; the form used by Dickason's Loudspeaker Design
// Cookbook):
//   Vas = Vb·((fc·Qec)/(fs·Qes) − 1)
// where fc and Qec are fitted on the box curve exactly like fs and Qes on the
// free-air one. Using fc·Qec rather than fc² cancels most of the change in
// moving mass (the box's air load) between the two mountings.
// Uncertainty: first order, from the two fits' covariances (independent).
// Units: m³, Hz.
#pragma once

#include "ts/ts_fit.h"
#include "ts/uncertain.h"
#include "util/result.h"

namespace zb {

struct ClosedBoxResult {
    double vb_m3 = 0.0;
    Uncertain fc_hz;
    Uncertain qec;
    double qmc = 0.0, qtc = 0.0;
    Uncertain vas_m3;
};

Result<ClosedBoxResult> closed_box_vas(const ModelFit& free_air, const ModelFit& in_box, double vb_m3, const std::string& source);

}  // namespace zb
