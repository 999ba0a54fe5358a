// Fractional-octave smoothing of a complex curve on a log grid: each point
// becomes the mean of the points within ±1/(2N) octave (a boxcar in log f,
// shortened symmetrically at the ends). Smoothing complex values rather than
// magnitude keeps |Z| and phase consistent. Note the measured pitfall: a band
// average over 1/48 octave already biases a sharp resonance peak by ~0.5 %,
// so zbench does not smooth unless asked.
#pragma once

#include <complex>
#include <vector>

namespace zb {

// fraction_denominator N: 1/N-octave smoothing; 0 = none.
std::vector<std::complex<double>> smooth_fractional_octave(const std::vector<std::complex<double>>& values,
                                                           int points_per_octave, int fraction_denominator);

}  // namespace zb
