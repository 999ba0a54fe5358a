// Step "loopback": the output straight into input A, input B unconnected.
// Measures:
//  - the round-trip latency (output to input A), to a fraction of a sample
//    (dsp/sweep_delay.h);
//  - the chain's response H(f) = A/output with that latency removed: its
//    level at 1 kHz is the output-to-input gain, so with the sensitivity step
//    the actual output voltage is known, and its shape is the interface's own
//    frequency response (roll-offs of the converters' filters and coupling
//    capacitors).
// Nothing in an impedance measurement depends on either (A and B share the
// clock and the output; Z comes from B/A), so this step corrects nothing; it
// records what the interface does, which tells a broken or misconfigured
// interface from a good one.
//
// Estimator: the impedance analysis's transfer-function estimator
// (measure/impedance_analysis.h), with the stimulus, delayed by the whole
// samples of the latency, in the place of A and input A in the place of B:
// T = A/output with hum removal, band-limiting and frequency-dependent
// windowing, then the remaining fraction of a sample taken out as a phase.
//
// Safety: a −40 dBFS probe first (safety/probe.h); the sweep plays only if
// input A hears it (20 dB above its noise) and the probe predicts no clipping.
#pragma once

#include <nlohmann/json.hpp>

#include "calibration/complex_curve.h"
#include "calibration/step_context.h"
#include "util/json_fields.h"

namespace zb::calibration {

struct LoopbackStep {
    std::string measured_utc;
    double level_dbfs = 0.0;
    double sweep_seconds = 0.0;
    double sample_rate_hz = 0.0;
    double latency_samples = 0.0;
    ComplexCurve response;  // A / output, latency removed

    double latency_ms() const { return 1000.0 * latency_samples / sample_rate_hz; }
};

Result<LoopbackStep> run_loopback(const StepContext& context);

nlohmann::json loopback_json(const LoopbackStep& step);
Result<LoopbackStep> read_loopback(JsonFields& fields);

}  // namespace zb::calibration
