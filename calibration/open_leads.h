// Step "open": the leads' clips open. Node B then carries nothing but input
// B's own impedance, Z_in, in series with R_ref, so (calibration/divider_model.h)
//
//   y(f) = (1 − t)/t = R·Y_in,   t = T/G.
//
// This corrects input B's loading, as REW does: input B sits in parallel
// with the DUT, so an uncorrected 20 kΩ input reads a 200 Ω resonance peak
// 1 % low.
//
// Error budget and estimator: y is tiny (R/Z_in = 5e-4 for 10 Ω on 20 kΩ), so
// the step is noise-limited and rests on the channel match (a residual
// channel error δ adds δ to y directly: 2.5e-5, i.e. 0.0002 dB, is already
// 5 % of y). Hence:
//  - it requires the channel-match step, and divides by G first;
//  - it estimates in the admittance domain, where y is linear in the measured
//    ratio near t = 1 (δy ≈ −δt), so zero-mean noise stays zero-mean; taking
//    Z_in = R/y per point and averaging would be biased (E[1/x] > 1/E[x]) and
//    dominated by the noisiest points;
//  - it fits the physical model y = g + j·2πf·c (a resistance in parallel
//    with a capacitance: every line and instrument input is that) by linear
//    least squares over 20 Hz–20 kHz: two numbers from ~500 points, so the
//    noise averages down by ~√500 while no shape is imposed that an input does
//    not have.
// Z_in is reported only when g stands 2 standard errors above 0; otherwise
// it is beyond what this R_ref resolves (the correction, g and c as fitted,
// is then below the noise anyway).
//
// Sanity check: |Z| through the nominal R_ref must read at least 10·R_ref at
// 1 kHz (an open), else something is still connected.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

#include "calibration/divider_capture.h"
#include "calibration/divider_model.h"

namespace zb::calibration {

struct OpenStep {
    DividerCapture capture;
};

// `channel_ratio`: the profile's smoothed G (required: run channel-match first).
Result<OpenStep> run_open(const StepContext& context, const ComplexCurve& channel_ratio, SafetyReport* safety);

struct InputLoadFit {
    ShuntModel model;
    LinearFit fit;
    bool resolved = false;  // g > 2 standard errors
};
InputLoadFit fit_input_load(const OpenStep& step, const ComplexCurve* channel_ratio);

nlohmann::json open_json(const OpenStep& step);
Result<OpenStep> read_open(JsonFields& fields);

}  // namespace zb::calibration
