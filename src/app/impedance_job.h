// The impedance job: measure |Z| and phase through R_ref on a device, or
// re-analyse a two-channel recording, with an optional calibration profile;
// the free-air T/S fit of the result comes with it.
//
// Order: check_impedance_request() checks every setting that needs no device
// (run_impedance calls it first), then the device opens, the set-up is
// resolved once (ImpedanceSetup), the settings that depend on the device's
// rate are checked, and only then does the probe play
// (measure/impedance_measurement.h).
//
// Threading: runs on the caller's thread; progress is called on it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_error.h"
#include "app/cancel_token.h"
#include "app/device_setup.h"
#include "app/profile_setup.h"
#include "calibration/corrections.h"
#include "measure/impedance_measurement.h"
#include "measure/impedance_summary.h"
#include "measure/stepped_sine.h"
#include "ts/ts_analysis.h"

namespace zb::app {

struct ImpedanceRequest {
    DeviceRequest device;
    ProfileRequest profile;
    std::string from_wav;             // analyse this recording instead of measuring
    std::optional<double> r_ref_ohm;  // the resistor's label; default: the profile's, the rig's or the recording's
    std::string output_kind;          // line, headphone or amplifier; empty: the profile's, the rig's, or line
    double level_dbfs = -20.0;        // sweep level, peak
    double max_dut_volts = 1.0;       // cap on the DUT's voltage, V RMS
    double sweep_seconds = 0.0;                // 0: automatic, reaching target_uncertainty_percent
    double target_uncertainty_percent = 0.1;   // worst 1σ of |Z| the automatic length aims at
    int averages = 1;                          // sweeps played and averaged coherently, 1..64
    double fmin_hz = 10.0;
    std::optional<double> fmax_hz;  // default min(20 kHz, 0.45·fs)
    int points_per_octave = 48;
    int smoothing_fraction = 0;     // 1/N octave; 0 = off
    std::string stimulus = "sweep";  // or "stepped-sine" (measure/stepped_sine.h; on a device only)
    int steps_per_octave = 12;       // stepped sine
    bool fit_ts = true;             // the free-air T/S fit of the curve
    // advise: "open" and "short" are answers, not refusals.
    bool allow_open_and_short = false;
};

// The measurement set-up, resolved once from the request, the device (or
// recording) and the profile, then only read.
struct ImpedanceSetup {
    double sample_rate_hz = 0.0;
    double r_ref_nominal_ohm = 0.0;                 // the resistor's label
    std::optional<double> r_ref_effective_ohm;      // from the profile's reference step
    OutputKind output = OutputKind::line;
    std::string output_source;                      // "setting", "profile", "scenario", "recording" or "default"
    double level_dbfs = -20.0;                      // as asked; the played level is in the safety report
    double sweep_seconds = 0.0;
    LogGridConfig band;
    int smoothing_fraction = 0;
    std::optional<SweepConfig> stimulus;            // the sweep played, or the recording's
    std::optional<SteppedSineConfig> stepped_sine;  // when the stimulus was a stepped sine
    double stepped_sine_s = 0.0;                    // its length
};

struct ImpedanceResult {
    ImpedanceSetup setup;
    nlohmann::json device;  // where the data came from (device description, or the file)
    ImpedanceAnalysis analysis;
    ImpedanceSummary summary;
    std::optional<SafetyReport> safety;  // measured on a device
    SafetyConfig safety_config;
    std::optional<Capture> capture;      // measured on a device: inputs A and B
    std::optional<SweepChoice> sweep_choice;  // measured on a device: the length played and why
    std::optional<LoadedProfile> profile;
    calibration::AppliedCorrections corrections;
    std::optional<TsResult> ts;          // free-air T/S, when fit_ts and the curve allows it
    std::vector<std::string> warnings;   // the job's own: profile, safety, R_ref plausibility (the analysis and T/S have theirs)
};

// Every warning of the result, in the order a reader meets them: the job's,
// the analysis's (noise-limited stretches, hum, ...), the T/S fit's. The JSON
// report's "warnings" is this list, so it holds all that the CLI and the
// summary print.
std::vector<std::string> all_warnings(const ImpedanceResult& result);

void check_impedance_request(const ImpedanceRequest& request);  // throws JobFailure
AppResult<ImpedanceResult> run_impedance(const ImpedanceRequest& request, const ProgressFn& progress,
                                         const CancelToken& cancel = {});

}  // namespace zb::app
