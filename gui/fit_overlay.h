// What the impedance plot draws from a T/S fit over the curve it was fitted
// to: the model's |Z| at the curve's frequencies (ts/driver_model.h), the
// residual (data − model) in % of the measured |Z|, and the markers at fs,
// Zmax, fb (vented box) and Re (a level, not a frequency). The uncertainty
// band: |Z| ± k·σ from the measurement's 1σ per point. No window needed.
// Units: Hz, Ω, %.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/plot_export.h"
#include "model/impedance_curve.h"
#include "ts/driver_model.h"
#include "ts/vented_box.h"

namespace zb::gui {

using app::model_magnitude_ohm;  // the model's |Z| at the curve's frequencies

// 100·(data − model)/data at each point; NaN where the data is not positive.
std::vector<double> residual_percent(std::span<const double> data_ohm, std::span<const double> model_ohm);

// A labelled marker: a frequency (vertical line) or, for Re, an |Z| level.
struct FitMarker {
    enum class Kind { frequency, level } kind = Kind::frequency;
    double value = 0.0;  // Hz or Ω
    std::string label;   // "fs 33.2 Hz"
};
// fs and Re from the fit (when there is one), Zmax from the curve (its
// largest |Z| below its smallest: the resonance, not the inductive rise at
// the top), fb from the vented-box reading (when there is one).
std::vector<FitMarker> fit_markers(const ImpedanceCurve& curve, const DriverParams* fit, const VentedBoxResult* vented);

// |Z|·(1 ∓ k·u/100) for a 1σ uncertainty u in % at each point (k = 2: ±2σ).
struct Band {
    std::vector<double> lo, hi;
};
Band uncertainty_band(std::span<const double> values, std::span<const double> sigma, double k, bool sigma_in_percent);

}  // namespace zb::gui
