// Electrical impedance of a moving-coil driver in free air: Thiele/Small
// lumped model with the LR-2 lossy voice-coil inductance.
//
//   Z(jω) = Re + jωLe + (jωL2·R2)/(jωL2 + R2) + Zmot
//   Zmot  = Res·(x/Qms)/(x² + x/Qms + 1),   x = jω/ωs,   Res = Re·Qms/Qes
//
// Units: ohms, henries, hertz. Zmot is the mechanical resonance reflected
// into the electrical side (Small, "Direct-radiator loudspeaker system
// analysis", JAES 20(5), 1972); L2‖R2 models eddy-current losses.
//
// Suspension creep (optional): the compliance C(s) = C0·[1 + β·ln(1 + ω0/s)]
// (3-parameter creep, a flat retardation spectrum; Knudsen & Jensen, JAES
// 41(1/2), 1993; Ritter & Agerkvist). fs, Qms and Qes then describe the
// driver with its compliance C0 (ωs0 = 1/√(Mms·C0)), and with x = jω/ωs0
//   Zmot = Res/(Qms·x + 1 + Qms/(x·c(jω))),   c = 1 + β·ln(1 + ω0/(jω))
// which is the formula above when β = 0. ω0 is absolute (creep_f0_hz), so
// that adding mass to the cone leaves the suspension as it was.
#pragma once

#include <complex>

namespace zb {

struct SpeakerParams {
    double re_ohm = 6.2;
    double le_h = 3.5e-4;
    double l2_h = 8e-4;
    double r2_ohm = 4.0;
    double fs_hz = 38.5;
    double qms = 4.1;
    double qes = 0.42;
    double creep_beta = 0.0;   // 0: constant compliance
    double creep_f0_hz = 0.0;  // ω0/2π; 0 means 1.5·fs
};

std::complex<double> speaker_impedance(const SpeakerParams& p, double frequency_hz);

}  // namespace zb
