// The short summary printed after a measurement, in the terms a speaker
// builder uses:
//  - Re estimate: the smallest real part of Z below 1 kHz. Re{Z} = Re plus
//    non-negative motional and eddy-current terms, so this is an upper bound
//    within a few percent; the Thiele/Small fit refines it.
//  - |Z|max: the resonance peak, i.e. the highest local maximum of |Z| where
//    the phase crosses zero from positive to negative; the global maximum if
//    the curve has no resonance (a resistor, or a tweeter's rising top end).
//  - Nominal impedance after IEC 60268-5: the largest of 2, 4, 6, 8, 16 Ω
//    whose 80 % the minimum |Z| above the resonance does not undercut; for
//    loads outside that range, the minimum |Z| itself.
#pragma once

#include "model/impedance_curve.h"

namespace zb {

struct ImpedanceSummary {
    double re_estimate_ohm = 0.0;
    double z_max_ohm = 0.0;
    double z_max_frequency_hz = 0.0;
    bool has_resonance = false;
    double z_min_ohm = 0.0;  // minimum above the resonance (or overall)
    double z_min_frequency_hz = 0.0;
    double nominal_ohm = 0.0;
};

ImpedanceSummary summarise_impedance(const ImpedanceCurve& curve);

}  // namespace zb
