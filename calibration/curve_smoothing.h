// Smoothing a complex ratio curve (the channel match, B/A on one node)
// without biasing it.
//
// Algorithm: local polynomial regression (Savitzky & Golay, Anal. Chem.
// 36(8), 1964; Cleveland, JASA 74, 1979, without the tricube weights) of
// ln(value) = ln|value| + j·arg(value) (phase unwrapped along the curve)
// against x = log2 f. At each point, a polynomial of the given degree is
// fitted by least squares to the points within ±width/2 octaves, and its
// value at the point is kept. Near the ends the window slides inwards so it
// keeps its width.
//
// Why this and not a moving average (fractional-octave smoothing): a
// moving average of a curve with curvature c (per octave²) over a window of
// w octaves is biased by c·w²/24; a local quadratic reproduces any curve that
// is quadratic in log f across the window exactly, so its bias comes from the
// third derivative and is ~w³/100 of it. For a channel mismatch made of first-
// order roll-offs (coupling capacitors, anti-alias filters), which are smooth
// in log f, the 1/3-octave local quadratic leaves < 1e-5 of bias (tested), while
// the noise drops by √(points in the window) for a white-noise ratio
// estimate (√17 at 48 points per octave; a little less at the ends).
// Working on ln(value) keeps magnitude and phase independent and symmetric
// (a 0.1 % gain error and a 0.06° phase error weigh the same).
#pragma once

#include "calibration/complex_curve.h"

namespace zb::calibration {

inline constexpr double kChannelMatchSmoothingOctaves = 1.0 / 3.0;

// Needs values that are nonzero; degree 0 to 3; width > 0. A curve with fewer
// points than the polynomial needs is returned unchanged.
ComplexCurve smooth_log_polynomial(const ComplexCurve& curve, double width_octaves, int degree = 2);

}  // namespace zb::calibration
