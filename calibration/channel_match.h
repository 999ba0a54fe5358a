// Step "channel-match": R_ref shorted, so inputs A and B read the same node
// (the driver disconnected). Then B/A is the inputs' own ratio,
//
//   G(f) = gain_B(f) / gain_A(f),
//
// the gain and phase mismatch of the two input channels (preamp gain
// tolerance, coupling capacitors, anti-alias filters). Every later B/A is
// divided by G. A 0.1 dB mismatch alone puts 1.2 % into |Z| wherever Z ≫ R_ref
// (the error in Z is the error in T times (R_ref + Z)/R_ref), so the curve is
// the first thing to calibrate.
//
// Estimator: the raw ratio on the 48-points-per-octave grid, smoothed by a
// 1/3-octave local quadratic in log f (calibration/curve_smoothing.h), which
// removes noise without biasing slopes or curvature. The raw curve is kept in
// the profile; the smoothed one is recomputed on load.
//
// Sanity check: |G| within ±3 dB and arg G within ±30° at 1 kHz; otherwise
// R_ref is not shorted (a divider reads far from 1).
#pragma once

#include <nlohmann/json.hpp>

#include "calibration/divider_capture.h"

namespace zb::calibration {

struct ChannelMatchStep {
    DividerCapture capture;
};

Result<ChannelMatchStep> run_channel_match(const StepContext& context, SafetyReport* safety);

// The smoothed G(f).
ComplexCurve channel_ratio(const ChannelMatchStep& step);

nlohmann::json channel_match_json(const ChannelMatchStep& step);  // without "result"
// Reads the step's raw data; leaves "result" to the profile (which checks it).
Result<ChannelMatchStep> read_channel_match(JsonFields& fields);

}  // namespace zb::calibration
