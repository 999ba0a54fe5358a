// Stepped-sine impedance: one tone per frequency point, as LIMP, WT Pro and
// CLIO measure (e.g. D'Appolito, "Testing Loudspeakers", 1998, ch. 3).
//
// The stimulus is one continuous-phase sine whose frequency steps from point
// to point (log spaced, steps_per_octave), at constant amplitude, with
// half-cosine fades at its two ends only. At each point the tone first
// settles for max(settle_periods, settle_s) (the DUT's transient after the
// step, and the device's round-trip latency, which must be below settle_s),
// then A and B are integrated over max(integrate_periods, integrate_s),
// rounded up to an integer number of periods N in an integer number of
// samples M (the point's frequency is set to N·fs/M, within 1/(2M) of the
// log grid's). Synchronous detection with a Hann window over each of
// kSubBlocks equal sub-windows (each an integer number of periods, at least
// 4) gives the complex amplitudes of A and B; on such a window harmonics of
// the tone and DC fall exactly on the window's spectral zeros, and hum or
// noise away from the tone leaks through sidelobes falling 18 dB/octave.
// T = B/A is taken per sub-window; when one of them lies over 8 times the
// sub-windows' median distance from their median (of real and imaginary
// parts separately), an impulsive click hit it and the median is kept (it
// votes the click out); otherwise T comes from one Hann window over the
// whole integration time, whose narrower main lobe rejects hum a few hertz
// from the tone better. Then
//   Z = R_ref · T / (1 − T)   (or the calibration profile's z_from_transfer).
// The curve's points are the tones' frequencies; smoothing does not apply.
//
// Duration: with the defaults (12 steps/octave, settle max(10 periods,
// 50 ms), integrate max(20 periods, 100 ms)), 10 Hz to 20 kHz is
// 133 points in about 60 s at any sample rate (it is dominated by the
// periods below 200 Hz). Around a woofer's resonance only, 20 to 200 Hz
// is 40 points in 24 s at 12 steps per octave, 20 points in 12 s at 6.
//
// Units: frequencies in Hz, samples in fractions of full scale, level in
// dBFS peak.
#pragma once

#include <complex>
#include <vector>

#include "measure/impedance_measurement.h"

namespace zb {

inline constexpr int kSubBlocks = 5;

struct SteppedSineConfig {
    int steps_per_octave = 12;
    double settle_periods = 10.0;
    double settle_s = 0.05;
    double integrate_periods = 20.0;
    double integrate_s = 0.1;
    double fade_s = 0.005;
};

// One point of the stimulus: the tone's frequency and where its integration
// window lies in the stimulus (samples).
struct SteppedSinePoint {
    double frequency_hz = 0.0;
    std::size_t start = 0;       // the tone starts (settling)
    std::size_t window = 0;      // the integration window starts
    std::size_t window_length = 0;
    int periods = 0;             // in the integration window
};

struct SteppedSinePlan {
    std::vector<SteppedSinePoint> points;
    std::size_t length = 0;      // samples, fades included
    double duration_s(double sample_rate_hz) const { return static_cast<double>(length) / sample_rate_hz; }
};

Status validate_stepped_sine(const SteppedSineConfig& config, const LogGridConfig& grid, double sample_rate_hz);
Result<SteppedSinePlan> plan_stepped_sine(const SteppedSineConfig& config, const LogGridConfig& grid, double sample_rate_hz);
std::vector<float> make_stepped_sine(const SteppedSinePlan& plan, double sample_rate_hz, double level_dbfs, double fade_s);

// T = B/A at each point, by synchronous detection (see above).
std::vector<std::complex<double>> detect_transfer(const SteppedSinePlan& plan, std::span<const float> a, std::span<const float> b);

// The whole measurement, as measure_impedance() with its probe, level
// limits, repeat after over/underruns and clipping check; the result's
// `sweep` is empty and `analysis` holds the tones' points.
Result<ImpedanceMeasurement> measure_stepped_sine(AudioDevice& device, const ImpedanceMeasurementConfig& config,
                                                  const SteppedSineConfig& stepped, const ProgressFn& progress,
                                                  SafetyReport* safety = nullptr);

}  // namespace zb
