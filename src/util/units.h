// Unit conversions used across zbench. Every quantity carries its unit in its
// name (frequency_hz, level_dbfs, r_ref_ohm); the conversions between units
// live here and nowhere else.
//
// Level convention (AES17): a full-scale sine is 0 dBFS. A sine of peak
// amplitude p (in fractions of full scale) is 20·log10(p) dBFS; a signal of RMS
// r is 20·log10(r·√2) dBFS, so full-scale white noise reads +3 dBFS.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>

namespace zb {

inline constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Decibels: 20·log10 of an amplitude (gain) ratio, 10·log10 of a power ratio.
//
// Floor policy: the one-argument conversions are exact, so a zero ratio
// gives -inf and a negative or NaN one NaN, as log10 does. Where a finite
// number is needed (a report, a comparison, a threshold), the caller names
// the smallest ratio it counts as real with the two-argument form: a ratio
// below `floor` converts as `floor` (NaN stays NaN).
inline double db_to_gain(double db) { return std::pow(10.0, db / 20.0); }
inline double gain_to_db(double gain) { return 20.0 * std::log10(gain); }
inline double gain_to_db(double gain, double floor_gain) { return gain_to_db(std::max(gain, floor_gain)); }
inline double db_to_power_ratio(double db) { return std::pow(10.0, db / 10.0); }
inline double power_ratio_to_db(double ratio) { return 10.0 * std::log10(ratio); }
inline double power_ratio_to_db(double ratio, double floor_ratio) { return power_ratio_to_db(std::max(ratio, floor_ratio)); }

// Peak amplitude of a sine (fraction of full scale) <-> dBFS.
inline double dbfs_to_peak_fs(double level_dbfs) { return db_to_gain(level_dbfs); }
inline double peak_fs_to_dbfs(double peak_fs) { return gain_to_db(peak_fs); }
inline double peak_fs_to_dbfs(double peak_fs, double floor_fs) { return gain_to_db(peak_fs, floor_fs); }

// RMS (fraction of full scale) <-> dBFS, AES17.
inline double dbfs_to_rms_fs(double level_dbfs) { return db_to_gain(level_dbfs) / std::numbers::sqrt2; }
inline double rms_fs_to_dbfs(double rms_fs) { return gain_to_db(rms_fs * std::numbers::sqrt2); }

// dBV is relative to 1 V RMS.
inline double volts_rms_to_dbv(double volts_rms) { return gain_to_db(volts_rms); }

// DFT bin index <-> frequency for an FFT of fft_size points.
inline double bin_to_hz(double bin, std::size_t fft_size, double sample_rate_hz) {
    return bin * sample_rate_hz / static_cast<double>(fft_size);
}
inline double hz_to_bin(double frequency_hz, std::size_t fft_size, double sample_rate_hz) {
    return frequency_hz * static_cast<double>(fft_size) / sample_rate_hz;
}

inline double seconds_to_samples(double seconds, double sample_rate_hz) { return seconds * sample_rate_hz; }
inline double samples_to_seconds(double samples, double sample_rate_hz) { return samples / sample_rate_hz; }

inline double rad_to_deg(double rad) { return rad * (180.0 / std::numbers::pi); }
inline double deg_to_rad(double deg) { return deg * (std::numbers::pi / 180.0); }

}  // namespace zb
