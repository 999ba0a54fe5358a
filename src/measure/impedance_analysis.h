// Impedance from a two-channel recording of the R_ref divider:
//
//   Z(f) = R_ref · T(f) / (1 − T(f)),   T = B / A
//
// Algorithm (error budget in docs/accuracy.md "Impedance"):
//  1. Clipping check; if the stimulus is known, the delay between stimulus
//     and capture (dsp/sweep_delay.h), which locates the silent pre- and
//     post-roll; otherwise the quiet edges are found from A's envelope.
//  2. DC and mains hum fitted on the silent parts and removed
//     (measure/hum_removal.h).
//  3. T = B·A*/(|A|² + ε) from full-length spectra. Because both inputs share
//     the interface's clock and latency, T needs no delay: its impulse
//     response starts at t = 0, and after an exponential sweep the
//     harmonic-distortion responses land at negative times.
//  4. T is band-limited to the stimulus band: a causal 4th-order Butterworth
//     high-pass at the sweep's start (divided out exactly in step 6) and a
//     zero-phase Gaussian edge between fmax and the sweep's end.
//  5. Frequency-dependent windowing of T's impulse response (dsp/fdw.h):
//     40 cycles, 10 ms to 1.5 s, a short pre-window that rejects the
//     harmonic responses.
//  6. Evaluation on the log grid, Z from T, optional 1/N-octave smoothing.
// With a known sweep, the drive-level check (measure/impedance_distortion.h)
// reads H2 and H3 of the current after step 2.
//
// The same code serves live measurements and --from-wav, and it accepts any
// broadband two-channel recording (the stimulus is then unknown: no delay
// estimate, band and quiet edges detected from the data).
//
// Cost: everything happens in place in the recording's own buffer (one
// complex FFT transforms A and B together, T and its impulse response reuse
// it, the windowed transforms reuse it again), in single precision, whose
// rounding (~1e-7 relative) is far below the −105 dBFS noise.
#pragma once

#include <complex>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dsp/fdw.h"
#include "dsp/log_grid.h"
#include "dsp/sweep.h"
#include "measure/hum_removal.h"
#include "measure/impedance_distortion.h"
#include "dsp/stereo_recording.h"
#include "model/impedance_curve.h"
#include "util/result.h"

namespace zb {

struct ImpedanceAnalysisConfig {
    double r_ref_nominal_ohm = 10.0;  // the resistor's label; a profile's effective R_ref enters through z_from_transfer
    LogGridConfig grid;
    int smoothing_fraction = 0;            // 1/N octave; 0 = none
    std::optional<SweepConfig> stimulus;   // known when zbench made the recording
    FdwConfig fdw;
    bool remove_hum = true;
    // Z from T = B/A at a grid frequency, before smoothing; empty = the ideal
    // divider, R_ref·T/(1 − T). A calibration profile sets it
    // (calibration/corrections.h: channel match, effective R_ref, leads,
    // input B's loading).
    std::function<std::complex<double>(double frequency_hz, std::complex<double> transfer)> z_from_transfer;
};

struct ImpedanceAnalysis {
    ImpedanceCurve curve;
    ImpedanceCurve unsmoothed;  // the curve before smoothing, when it was smoothed (fits read it: smoothing biases peaks)
    // 1σ of |Z| (percent) and of the phase (degrees) per point, from the
    // noise in the silences (measure/impedance_uncertainty.h); empty when the
    // recording has no silence to measure it in.
    std::vector<double> magnitude_uncertainty_percent, phase_uncertainty_deg;
    double worst_uncertainty_percent = 0.0;  // the largest of |Z|'s where |Z| <= 30·R_ref
    std::vector<std::complex<double>> transfer;  // T = B/A on the curve's grid, unsmoothed (calibration steps read it)
    std::optional<double> latency_samples;
    std::optional<CurrentDistortion> distortion;  // the drive-level check, when the stimulus was a known sweep
    double band_lo_hz = 0.0, band_hi_hz = 0.0;  // stimulus band used
    HumFit hum;                                  // channels: A, B
    std::vector<Segment> quiet;
    double peak_a_dbfs = 0.0, peak_b_dbfs = 0.0;
    std::vector<std::string> warnings;
    std::vector<std::pair<std::string, double>> stage_ms;  // where the time went
};

// Consumes the recording: its buffer is overwritten.
Result<ImpedanceAnalysis> analyse_impedance(StereoRecording&& recording, const ImpedanceAnalysisConfig& config);
// Copies a and b into a StereoRecording first.
Result<ImpedanceAnalysis> analyse_impedance(std::span<const float> a, std::span<const float> b, double sample_rate_hz,
                                            const ImpedanceAnalysisConfig& config);

}  // namespace zb
