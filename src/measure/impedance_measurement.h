// One impedance measurement through any AudioDevice: build the sweep for the
// requested band, play it while recording A and B, analyse. The sweep covers
// one octave below fmin (so the band's low edge is clean) up to
// min(1.15·fmax, 0.48·fs). A capture with buffer over/underruns is never
// analysed: the sweep is repeated once (and a warning says so), and a second
// failure is a device error.
//
// Before the sweep, the safety preflight runs (safety/preflight.h): a 300 ms
// probe at −40 dBFS checks the wiring and the load against what drives R_ref
// (config.safety.output), and the sweep level is capped by --max-dut-volts.
// A refusal returns its one-line error and, when `safety` is given, the
// report with the refusal, so a front end can give each its exit code. After
// the sweep, clipping on either input aborts before any analysis.
#pragma once

#include "device/audio_device.h"
#include "dsp/sweep.h"
#include "measure/impedance_analysis.h"
#include "safety/preflight.h"

namespace zb {

struct ImpedanceMeasurementConfig {
    double level_dbfs = -20.0;
    double sweep_seconds = 4.0;
    double pre_silence_s = 0.5;
    double post_silence_s = 1.0;
    ImpedanceAnalysisConfig analysis;  // r_ref, grid, smoothing
    SafetyConfig safety;               // output kind, probe, level limits; line output by default
};

SweepConfig impedance_sweep_config(const ImpedanceMeasurementConfig& config, double sample_rate_hz);

struct ImpedanceMeasurement {
    SafetyReport safety;  // the probe, the level actually played, warnings
    Sweep sweep;
    Capture capture;
    ImpedanceAnalysis analysis;
};

Result<ImpedanceMeasurement> measure_impedance(AudioDevice& device, const ImpedanceMeasurementConfig& config,
                                               const ProgressFn& progress, SafetyReport* safety = nullptr);

}  // namespace zb
