// One impedance measurement through any AudioDevice: build the sweep for the
// requested band, play it while recording A and B, analyse. The sweep covers
// one octave below fmin (so the band's low edge is clean) up to
// min(1.15·fmax, 0.48·fs). A capture with buffer over/underruns is never
// analysed: the sweep is repeated once (and a warning says so), and a second
// failure is a device error.
#pragma once

#include "device/audio_device.h"
#include "dsp/sweep.h"
#include "measure/impedance_analysis.h"

namespace zb {

struct ImpedanceMeasurementConfig {
    double level_dbfs = -20.0;
    double sweep_seconds = 4.0;
    double pre_silence_s = 0.5;
    double post_silence_s = 1.0;
    ImpedanceAnalysisConfig analysis;  // r_ref, grid, smoothing
};

SweepConfig impedance_sweep_config(const ImpedanceMeasurementConfig& config, double sample_rate_hz);

struct ImpedanceMeasurement {
    Sweep sweep;
    Capture capture;
    ImpedanceAnalysis analysis;
};

Result<ImpedanceMeasurement> measure_impedance(AudioDevice& device, const ImpedanceMeasurementConfig& config,
                                               const ProgressFn& progress);

}  // namespace zb
