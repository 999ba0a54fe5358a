// The hum analysis of a recording made with the output silent: per channel
// RMS, DC, noise floor, peaks, mains harmonics and a diagnosis; the mains
// frequency across channels; optionally its track second by second.
//
// Steps: Welch spectra (welch.h; flat-top by default) → noise floors from
// medians (noise_floor.h) → mains comb and phase (mains_detection.h) → noise
// floors again with the mains harmonics and the peaks masked out → harmonic
// levels (harmonics.h) and peaks (spectral_lines.h) → diagnosis
// (diagnosis.h). A peak is on the mains comb when it lies within the band
// harmonics are read over (main lobe + 1 bin + n·wander/2) of a multiple of
// the mains frequency.
//
// The noise floor is reported as a band level over 20 Hz–20 kHz (clipped to
// the Nyquist frequency; the noise density integrated, lines excluded) and as
// the median density over that band, in dBFS in 1 Hz (AES17: 10·log10(2·D)).
//
// Units: dBFS (AES17), fractions of full scale, hertz, seconds.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hum/channel_stats.h"
#include "hum/diagnosis.h"
#include "hum/harmonics.h"
#include "hum/mains_detection.h"
#include "hum/mains_tracker.h"
#include "hum/noise_floor.h"
#include "hum/welch.h"
#include "util/result.h"

namespace zb {

struct HumAnalysisConfig {
    WindowKind window = WindowKind::flat_top;
    double overlap = 0.75;
    std::size_t segment_size = 0;  // 0: hum_segment_size()
    int max_harmonics = 40;
    std::optional<double> full_scale_volts;  // input sensitivity: peak volts at 0 dBFS
    // Per channel, in the order of the records: overrides full_scale_volts
    // (a calibration profile knows each input's own sensitivity).
    std::vector<double> channel_full_scale_volts;
    bool track = false;
    double track_interval_s = 1.0;
    std::size_t max_peaks = 20;
    double noise_lo_hz = 20.0;
    double noise_hi_hz = 20000.0;
    double fallback_mains_hz = 50.0;  // where harmonics are read (as upper bounds) when no mains is found
    MainsConfig mains;
};

struct PeakReport {
    double frequency_hz = 0.0;
    double level_dbfs = 0.0;
    std::optional<double> level_dbv;
    double above_noise_db = 0.0;
    int harmonic = 0;  // n if on the mains comb, else 0
};

struct ChannelHum {
    std::string name;
    ChannelStats stats;
    std::optional<double> full_scale_volts;  // this input's peak volts at 0 dBFS, when known
    std::optional<double> dc_offset_v;
    double noise_floor_dbfs = -400.0;           // 20 Hz–20 kHz
    double noise_density_dbfs_per_hz = -400.0;  // median over that band, dBFS in 1 Hz
    HumLevels hum;
    std::optional<double> hum_to_noise_db;
    std::vector<PeakReport> peaks;  // strongest first
    Diagnosis diagnosis;
    WelchSpectrum spectrum;
    NoiseFloor floor;
};

struct HumAnalysis {
    double sample_rate_hz = 0.0;
    double duration_s = 0.0;
    double noise_band_lo_hz = 20.0;
    double noise_band_hi_hz = 20000.0;  // upper edge actually used
    double detect_ratio = 10.0;
    MainsEstimate mains;
    double mains_wander_hz = 0.0;  // max − min of the track (or of 1-s means)
    std::vector<MainsTrackPoint> track;  // only with config.track
    std::vector<ChannelHum> channels;
    std::vector<std::string> warnings;
};

// `channels` are equally long records at `sample_rate_hz` (400 Hz to
// 384 kHz, at least 1 s); `names` label them in reports.
Result<HumAnalysis> analyse_hum(std::span<const std::span<const float>> channels, std::span<const std::string> names,
                                double sample_rate_hz, const HumAnalysisConfig& config = {});

}  // namespace zb
