// The JSON report of a hum measurement (`zbench hum --json`).
//
// Top level: mains_hz (null when no mains hum stands out), mains_nominal_hz,
// mains {found, frequency_hz, uncertainty_hz, method, spectral_hz,
// wander_hz}, duration_s, sample_rate_hz, input_full_scale_volts, settings,
// device, warnings, channels[], and track[] / comparison when asked for.
// Each channel: name, rms_dbfs, dc_offset_fs (signed fraction of full scale),
// dc_offset_v (with a known sensitivity), peak_fs, clipped_samples,
// noise_floor_dbfs (20 Hz–20 kHz), noise_density_dbfs_per_hz,
// harmonics[] {n, frequency_hz, level_dbfs, level_dbv (with a sensitivity),
// above_noise_db, detected}, total_hum_dbfs (null when no harmonic is
// detected), total_hum_dbv, hum_to_noise_db, peaks[] {frequency_hz,
// level_dbfs, level_dbv, above_noise_db, mains_harmonic (n or null)},
// diagnosis {kind, causes[] {kind, level_dbfs, frequency_hz, audibility_db,
// negligible, evidence}, flags, text} (diagnosis.h), and optionally spectrum {frequency_hz,
// level_dbfs, noise_floor_dbfs}: the Welch spectrum reduced to 48 bands per
// octave from 10 Hz, each band's strongest bin (so lines survive the
// reduction), with the noise floor at the band's centre.
// Levels in dBFS per AES17, dBV re 1 V RMS; −400 stands for digital silence.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "hum/compare.h"
#include "hum/hum_analysis.h"

namespace zb {

struct HumReportContext {
    nlohmann::json device;                 // what recorded it (device or file)
    std::optional<nlohmann::json> comparison;
    bool include_spectrum = false;
};

nlohmann::json hum_report(const HumAnalysis& analysis, const HumAnalysisConfig& config, const HumReportContext& context);

// The plain-text summary a terminal shows: the spectrum's settings, the mains
// (or "no mains hum found"), per input its levels, noise floor over the
// record's own band, harmonics and other lines, the diagnosis wrapped at 78
// columns; then the track, the comparison (if any) and the warnings.
std::string hum_text_report(const HumAnalysis& analysis, const HumComparison* comparison = nullptr);

}  // namespace zb
