// The classic three-point T/S estimate from a free-air impedance curve
// (Small, JAES 20(5), 1972; the method of IEC 60268-5 and of every T/S
// tool since): with Re the DC resistance and Zmax the resonance peak,
//   r0 = Zmax/Re,  f1 < fs < f2 where |Z| = √(Re·Zmax),
//   fs = √(f1·f2),  Qms = fs·√r0/(f2 − f1),  Qes = Qms/(r0 − 1),
//   Qts = Qms·Qes/(Qms + Qes).
// It ignores the voice-coil inductance, so it is the start of the nonlinear
// fit (ts/ts_fit.h), not the answer. f1 and f2 are interpolated linearly in
// (ln f, |Z|); if one of them lies outside the curve it is mirrored from the
// other (f1·f2 = fs²) and `mirrored` is set. Units: Ω, Hz.
#pragma once

#include "model/impedance_curve.h"
#include "ts/resonance_peaks.h"
#include "util/result.h"

namespace zb {

struct ThreePointEstimate {
    double re_ohm = 0.0;
    double z_max_ohm = 0.0;
    double f_peak_hz = 0.0;  // where |Z| peaks
    double f1_hz = 0.0, f2_hz = 0.0;
    double fs_hz = 0.0;
    double qms = 0.0, qes = 0.0, qts = 0.0;
    bool mirrored = false;
};

// `peak` is the resonance to use (from scan_resonances); `source` names the
// curve in errors.
Result<ThreePointEstimate> three_point_estimate(const ImpedanceCurve& curve, const ResonancePeak& peak, double re_ohm,
                                                const std::string& source);

}  // namespace zb
