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
// Sweep length: sweep_seconds > 0 plays that; 0 chooses it. A first 1 s
// sweep with short silences (0.15 s before, 0.35 s after) is analysed; if
// its worst 1σ uncertainty of |Z| (measure/impedance_uncertainty.h) misses
// target_uncertainty_percent, one longer sweep follows, of the length the
// 1/√T law predicts (the stimulus energy per hertz grows with T, the noise
// does not), up to max_auto_sweep_s; its result replaces the first.
//
// Averages: each sweep is played `averages` times back to back and the
// recordings of A and B are averaged sample by sample (each aligned on the
// first by its sweep delay) before the one analysis. Averaging the
// recordings, not |Z|, is coherent: the sweep's response adds in phase and
// the noise, uncorrelated between sweeps, falls in power by N, so σ falls
// as 1/√N; the silences are averaged alike, so the uncertainty estimate
// (measured in them) follows. The automatic length, measured on averaged
// sweeps, already counts them.
//
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
    double sweep_seconds = 4.0;  // 0: automatic
    double pre_silence_s = 0.5;
    double post_silence_s = 1.0;
    double target_uncertainty_percent = 0.1;  // automatic length: worst 1σ of |Z| to reach
    double max_auto_sweep_s = 30.0;
    int averages = 1;                         // sweeps averaged coherently, 1..64
    ImpedanceAnalysisConfig analysis;  // r_ref, grid, smoothing
    SafetyConfig safety;               // output kind, probe, level limits; line output by default
};

SweepConfig impedance_sweep_config(const ImpedanceMeasurementConfig& config, double sample_rate_hz);

struct SweepChoice {
    bool automatic = false;
    double sweep_seconds = 0.0;          // of the sweep analysed
    std::string reason;                  // one line: why this length
    double uncertainty_percent = 0.0;    // worst 1σ of |Z| over the curve
    double audio_played_s = 0.0;         // the probe and every sweep with its silences, all averages
    int averages = 1;                    // sweeps averaged per length played
};

struct ImpedanceMeasurement {
    SafetyReport safety;  // the probe, the level actually played, warnings
    Sweep sweep;
    Capture capture;
    ImpedanceAnalysis analysis;
    SweepChoice choice;
};

Result<ImpedanceMeasurement> measure_impedance(AudioDevice& device, const ImpedanceMeasurementConfig& config,
                                               const ProgressFn& progress, SafetyReport* safety = nullptr);

}  // namespace zb
