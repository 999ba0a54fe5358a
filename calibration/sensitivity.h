// Step "sensitivity": R_ref shorted and the driver disconnected, so both
// inputs and a true-RMS voltmeter sit on the drive node. zbench plays a sine
// at --level; the meter reads V volts RMS; the inputs read it at peak_A and
// peak_B (fractions of full scale). Then
//
//   input volts per full scale   = V·√2 / peak_A   (and / peak_B for B)
//   output volts per full scale  = V·√2 / 10^(level/20)
//
// (peak volts for a 0 dBFS sine, AES17), and every level zbench reads can be
// given in dBV and mV, and DC offsets in volts (calibration/corrections.h).
// Through a power amplifier the output's figure holds only while its volume
// control stays where it was.
//
// Tone and estimator: a sine at a multiple of 5 Hz that is not a multiple of
// 50 or 60 Hz (default 315 Hz: inside every multimeter's specified band, off
// the mains combs), 20 ms half-cosine fades, then 0.3 s of silence for the
// latency. Its amplitude is the single-frequency DFT (= the least-squares
// sine fit) over the steady part, trimmed to a whole number of 0.2 s: that
// holds whole periods of the tone, of DC, and of every 50 and 60 Hz
// harmonic, so hum and DC leak nothing into it. With −112 dBFS noise the
// amplitude is read to ~1e-5 dB; the meter's accuracy (0.5–1 % on a good
// handheld, i.e. 0.05–0.09 dB) is what limits the result.
//
// Safety: a −40 dBFS probe first. The tone plays only if input A hears the
// probe (20 dB above noise), both inputs read the same node (B/A within 20 %
// of the channel match, so a driver left connected through R_ref is caught
// before a loud tone reaches it), and no input is predicted to clip.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "calibration/complex_curve.h"
#include "calibration/step_context.h"
#include "util/json_fields.h"

namespace zb::calibration {

enum class Input { a, b };

struct SensitivityConfig {
    double level_dbfs = -12.0;
    double frequency_hz = 315.0;
    double tone_seconds = 3.0;  // fades included; a real meter needs a few seconds to settle
};

// What the inputs read while the tone played.
struct SensitivityTone {
    SensitivityConfig config;
    double peak_a_fs = 0.0, peak_b_fs = 0.0;
    double snr_a_db = 0.0, snr_b_db = 0.0;  // tone power over the residual in the window
};

Status validate_sensitivity_config(const SensitivityConfig& config);

// `channel_ratio`: the profile's G, or empty (taken as 1 for the same-node check).
Result<SensitivityTone> measure_sensitivity_tone(const StepContext& context, const SensitivityConfig& config,
                                                 const ComplexCurve& channel_ratio);

struct SensitivityStep {
    std::string measured_utc;
    double level_dbfs = 0.0;
    double frequency_hz = 0.0;
    double tone_seconds = 0.0;
    double volts_rms = 0.0;                    // what the meter read
    double peak_a_fs = 0.0, peak_b_fs = 0.0;   // what the inputs read

    double input_volts_per_fs(Input input) const;
    double output_volts_per_fs() const;
};

// `volts_rms` > 0: the meter's reading.
Result<SensitivityStep> make_sensitivity_step(const SensitivityTone& tone, double volts_rms);

nlohmann::json sensitivity_json(const SensitivityStep& step);  // without "result"
Result<SensitivityStep> read_sensitivity(JsonFields& fields);

}  // namespace zb::calibration
