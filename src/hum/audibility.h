// Whether a hum line would be heard: its level against the threshold of
// hearing at a monitoring gain.
//
// The threshold is ISO 226:2003's T_f (the binaural free-field hearing
// threshold of otologically normal listeners aged 18-25, Table 1), from
// 20 Hz to 12.5 kHz, interpolated linearly in log-frequency; outside that
// range the end values hold (lower than the real threshold there, so a line
// is judged audible rather than missed). The monitoring gain maps digital
// level to sound pressure: a full-scale sine at 105 dB SPL, the loud end of
// studio monitoring (K-20: pink noise at −20 dBFS RMS plays at 83 dB SPL per
// speaker, a sine at full scale 20 dB louder, plus a few dB of headroom).
// A line's audibility is its level over the threshold at its frequency, in
// dB; several lines add as powers of those ratios (a conservative reading of
// loudness summation near threshold).
//
// Units: dBFS (AES17), dB SPL, hertz.
#pragma once

#include <span>

namespace zb {

inline constexpr double kMonitorSplAtFullScaleDb = 105.0;

// ISO 226:2003 hearing threshold at f, dB SPL.
double hearing_threshold_db_spl(double frequency_hz);

// The level of a line at f that is just audible at the monitoring gain, dBFS.
double audible_level_dbfs(double frequency_hz);

struct LineAtFrequency {
    double frequency_hz = 0.0;
    double level_dbfs = -400.0;
};

// 10·log10(Σ 10^((L_i − audible_i)/10)): above 0 dB, the lines are audible.
double audibility_db(std::span<const LineAtFrequency> lines);

}  // namespace zb
