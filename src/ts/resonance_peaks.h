// Finds the mechanical resonances in an impedance curve: what tells a driver
// in free air (one peak) from a vented box (two), a crossover or a resistor
// (none). A resonance is a local maximum of |Z| over ±1/12 octave where
//  - the phase falls through the peak: from positive to negative within
//    1/6 octave, or by at least 20° within 1/2 octave (a low-Q resonance
//    turns its phase slowly) when something in series or parallel
//    (a crossover inductor, a second driver) offsets it (a cone-breakup
//    bump on the inductive rise moves the phase by a few degrees; ripple
//    on a flat curve has no zero crossing),
//  - |Z| is at least 1.25·Re,
//  - its prominence (height above the higher of the two minima that
//    separate it from a higher point or the curve's end) is at least 20 %
//    of its height above Re.
// A resonance below the curve's first point shows as a negative phase and a
// falling |Z| at the low end; it is reported separately.
// The peak's frequency and height are refined by a parabola through the
// three highest points in (ln f, |Z|). Units: Hz, Ω.
#pragma once

#include <cstddef>
#include <vector>

#include "model/impedance_curve.h"

namespace zb {

struct ResonancePeak {
    double frequency_hz = 0.0;
    double magnitude_ohm = 0.0;
    std::size_t index = 0;  // nearest curve point
};

struct ResonanceScan {
    double re_floor_ohm = 0.0;           // the smallest running median of Re{Z} (≈ Re; see re_floor_ohm)
    std::vector<ResonancePeak> peaks;    // ascending in frequency
    bool resonance_below_band = false;   // the curve starts on the falling side of a resonance
    std::size_t main_peak = 0;           // index into peaks of the highest one (if any)
};

// The curve's floor of Re{Z} = Re + Re{Zl} + Re{Zmot} (both extra terms are
// non-negative for a passive driver): the smallest 5-point running median of
// Re{Z}, so that a phase glitch at one point cannot set it, and not below
// 0.9·min |Z|.
double re_floor_ohm(const ImpedanceCurve& curve);

ResonanceScan scan_resonances(const ImpedanceCurve& curve, double re_ohm);

// The lowest |Z| strictly between two curve indices, refined like the peaks.
ResonancePeak impedance_minimum(const ImpedanceCurve& curve, std::size_t from, std::size_t to);

}  // namespace zb
