// Does a curve look like one driver in free air? The T/S fit assumes it, so
// zbench says so when it does not:
//  - two or more resonances: a vented box (or two drivers); the free-air
//    fit does not apply, fb is reported instead (ts/vented_box.h);
//  - no resonance: a resistor, a crossover, or a resonance outside the band;
//  - a resonance within half an octave of the curve's lowest frequency: f1
//    and the low-frequency asymptote are missing, the fit is poorly held;
//  - a high fit residual (above 8 % RMS): the model does not describe the
//    curve (a box, a passive radiator, a bad measurement). Real drivers in
//    free air fit within 2–5 % with the Wright model (measured on the
//    reference curves, see docs/accuracy.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/impedance_curve.h"
#include "ts/driver_model.h"
#include "ts/resonance_peaks.h"
#include "ts/vented_box.h"

namespace zb {

enum class CurveShape { free_air, vented_box, no_peak, resonance_below_band };
std::string_view curve_shape_key(CurveShape shape);  // "free_air", "vented_box", ...

inline constexpr double kHighResidual = 0.08;

struct ShapeCheck {
    CurveShape shape = CurveShape::free_air;
    std::vector<std::string> warnings;
};

ShapeCheck check_free_air_shape(const ImpedanceCurve& curve, const ResonanceScan& scan, const VentedBoxResult* vented);
std::optional<std::string> residual_warning(double residual, std::string_view model_name);

// Isolated points that disagree with the fitted model: |Zfit − Z|/|Z| above
// both 5 % and 5× the median, with both neighbours under a third of it (a
// glitch, not a model misfit, which is smooth). Empty when there are none.
std::optional<std::string> glitch_warning(const ImpedanceCurve& curve, const DriverParams& fit);

// A fitted Re that the curve contradicts: above the floor of Re{Z} by more
// than 2 % (Re{Z} ≥ Re for a passive driver), or, on a curve that starts
// below fs/3, a model whose own floor of Re{Z} is more than 10 % under it.
std::optional<std::string> re_warning(const ImpedanceCurve& curve, double re_floor_ohm, const DriverParams& fit);

// A fitted fs outside the band the fit saw [band_lo_hz, band_hi_hz]: the
// resonance was extrapolated, not measured, so Re, fs, Qms and Qes mean
// little. Names the band and the settings that set it.
std::optional<std::string> fs_band_warning(double fs_hz, double band_lo_hz, double band_hi_hz);

// The resonance figures came from the curve up to `used_top_hz` (10·fs,
// ts/ts_fit.h), beyond the fmax the user set: says so, and why.
std::optional<std::string> beyond_fmax_warning(double fmax_hz, double used_top_hz);

}  // namespace zb
