// Step "short": the leads' clips shorted together. Node B then carries the
// leads (and contacts) in parallel with input B, so (calibration/divider_model.h)
//
//   l(f) = 1/((1 − t)/t − y(f)) = Z_leads/R,   t = T/G,
//
// with y from the open step when there is one (it changes l by Z_l/Z_in,
// 2.5e-6 for 0.05 Ω on 20 kΩ: negligible, but free). The leads are then
// subtracted from every measurement: 0.05 Ω of leads reads a 4 Ω driver's Re
// 1.2 % high.
//
// Estimator: l is linear in t near t = 0 (l ≈ t), so the fit of the model
// l = r + j·2πf·ℓ (resistance in series with inductance: wire, clips and
// contacts) by linear least squares over 20 Hz–20 kHz is unbiased. Through a
// 10 Ω R_ref the leads' 0.05 Ω sets B 46 dB below A; the fit averages the
// noise over ~500 points.
//
// Sanity check: |Z| through the nominal R_ref below 1 Ω and below R_ref/5 at
// 1 kHz, else the clips are not together.
#pragma once

#include <nlohmann/json.hpp>

#include "calibration/divider_capture.h"
#include "calibration/divider_model.h"

namespace zb::calibration {

struct ShortStep {
    DividerCapture capture;
};

// `channel_ratio` may be empty (G = 1 for the sanity check).
Result<ShortStep> run_short(const StepContext& context, const ComplexCurve& channel_ratio, SafetyReport* safety);

struct LeadFit {
    SeriesModel model;
    LinearFit fit;
};
LeadFit fit_leads(const ShortStep& step, const ComplexCurve* channel_ratio, const ShuntModel& input_load);

nlohmann::json short_json(const ShortStep& step);
Result<ShortStep> read_short(JsonFields& fields);

}  // namespace zb::calibration
