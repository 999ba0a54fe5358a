// Electrical impedance of a moving-coil driver in free air: Thiele/Small
// lumped model with the LR-2 lossy voice-coil inductance.
//
//   Z(jω) = Re + jωLe + (jωL2·R2)/(jωL2 + R2) + Zmot
//   Zmot  = Res·(x/Qms)/(x² + x/Qms + 1),   x = jω/ωs,   Res = Re·Qms/Qes
//
// Units: ohms, henries, hertz. Zmot is the mechanical resonance reflected
// into the electrical side (Small, "Direct-radiator loudspeaker system
// analysis", JAES 20(5), 1972); L2‖R2 models eddy-current losses.
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
};

std::complex<double> speaker_impedance(const SpeakerParams& p, double frequency_hz);

}  // namespace zb
