// The probe: plays the quiet multitone of safety/probe_signal.h through any
// AudioDevice and reads, per tone, the phasors of inputs A (drive node) and
// B (across the DUT). Nothing here judges; safety/probe_verdict.h does.
//
// Algorithm:
//  1. Window: the latest P-sample window (P = fs/10) whose tone energy on A
//     is within 2 % of the best, moved back by P/10 so it lies wholly in the
//     steady part whatever the latency (a window reaching 250 samples into
//     the fade-out already loses 2 %). The latest window gives the circuit
//     the most time to settle after the fade-in (at least 80 ms at zero
//     latency). Energies on a grid of P/20 come from a sliding DFT at the
//     tone bins, O(K·N).
//  2. One real FFT per channel on that window: the tones' phasors
//     (2·X_k/P = peak amplitude and phase), and each channel's noise floor
//     per bin, the median of |X|² over the non-tone bins divided by ln 2
//     (the median of an exponential distribution), which ignores the few
//     bins that mains hum occupies. SNRs are per tone, per bin.
//  3. DC: the window's mean (it holds whole periods of every tone and of
//     50/60 Hz hum, so tones and hum average out exactly).
// Units: fractions of full scale; phasors are peak values.
#pragma once

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include "device/audio_device.h"
#include "safety/probe_signal.h"
#include "util/result.h"

namespace zb {

struct ProbeTone {
    double frequency_hz = 0.0;
    std::complex<double> a, b;  // peak phasors on inputs A and B
    double snr_a_db = 0.0;      // |A|² over A's floor (per bin)
    double snr_b_db = 0.0;
    double snr_d_db = 0.0;      // A − B: the voltage across R_ref, i.e. the current
};

struct ProbeMeasurement {
    double sample_rate_hz = 0.0;
    double level_dbfs = 0.0;
    double duration_s = 0.0;
    std::vector<ProbeTone> tones;
    std::size_t window_start = 0, window_samples = 0;
    bool cut_off = false;    // the capture ended before a window's worth of steady tones: they came late
    double latency_s = 0.0;  // the round trip, from where the steady tones end (within about 10 ms),
                             // or a lower bound when they run to the capture's end
    bool late = false;     // played a second time, with kLateProbeTailS of silence
    double played_s = 0.0;  // every play's duration
    double snr_a_db = 0.0;  // mean tone power on A over A's floor
    double dc_a_fs = 0.0, dc_b_fs = 0.0;
    double peak_a_fs = 0.0, peak_b_fs = 0.0;
    std::size_t clipped_a = 0, clipped_b = 0;
};

// Tones this far above input A's noise (per bin) count as heard.
inline constexpr double kProbeMinSnrDb = 20.0;
// The silence after the tones when they came late or not at all, and the
// longest round trip accepted: the sweep's 1 s post-silence covers it.
inline constexpr double kLateProbeTailS = 0.9;
inline constexpr double kMaxLatencyS = 0.85;

// Analyses a capture of `probe.signal` (same length).
Result<ProbeMeasurement> analyse_probe(std::span<const float> a, std::span<const float> b, const ProbeSignal& probe);

// Plays the probe and analyses it. Progress is reported as stage "probe".
// A round trip longer than the probe's silence (a desktop audio server,
// Bluetooth) hides its tones or cuts them off: before anything is blamed on
// the wiring, the probe plays once more with kLateProbeTailS of silence.
// A round trip above kMaxLatencyS is a device error that names the latency.
Result<ProbeMeasurement> run_probe(AudioDevice& device, const ProbeConfig& config, const ProgressFn& progress);

}  // namespace zb
