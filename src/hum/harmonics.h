// Levels of the mains harmonics n = 1…40 on one channel, and the total hum.
//
// Harmonic n is read over a band around n·f_mains (spectral_lines.h) whose
// half-width is the window's main lobe plus one bin plus half of n times the
// mains frequency's wander over the record (so a drifting line keeps all its
// energy), and never more than 0.45·f_mains (the band stops short of the
// neighbouring harmonics). A harmonic is *detected* when a bin of its band
// stands above the line-detection threshold (noise_floor.h, ≥ 10 dB), the
// band's power centroid lies within one bin plus n·(3σ_f + wander/4) of n·f
// (σ_f: the mains frequency's uncertainty; a line beside the harmonic, such
// as a motor at 58.4 Hz in the 60 Hz band, pulls the centroid off and is not
// taken for the harmonic), and, above the 10th harmonic, a harmonic within
// two orders of it is detected too (rectifier buzz is a dense comb; a lone
// line at n = 38 is something else that happens to sit near the comb).
// Without a mains (config.mains_found false) nothing is detected: the levels
// are upper bounds read at multiples of the fallback frequency.
// For a harmonic that is not detected, level_dbfs is an upper bound: the
// noise in its band. The total hum is the power sum of the detected
// harmonics (noise subtracted); it is absent when none is detected.
//
// dBV: with the input's sensitivity (peak volts at digital full scale, from a
// calibration profile), a sine of peak A FS has A·V_fs/√2 volts RMS, so
// level_dbv = level_dbfs + 20·log10(V_fs/√2).
//
// Units: dBFS (AES17), dBV (re 1 V RMS), hertz.
#pragma once

#include <optional>
#include <vector>

#include "hum/noise_floor.h"
#include "hum/welch.h"

namespace zb {

struct HarmonicLevel {
    int n = 1;
    double frequency_hz = 0.0;
    double level_dbfs = -400.0;
    std::optional<double> level_dbv;
    double above_noise_db = 0.0;  // band level over the noise in the band
    bool detected = false;
    double mean_square = 0.0;  // noise subtracted, FS² (0 if not detected)
};

struct HumLevels {
    std::vector<HarmonicLevel> harmonics;
    std::optional<double> total_hum_dbfs;
    std::optional<double> total_hum_dbv;
    int strongest_n = 0;  // 0 if none detected
};

inline constexpr int kIsolatedHarmonicOrder = 10;

struct HarmonicsConfig {
    bool mains_found = true;
    double mains_hz = 50.0;
    double mains_uncertainty_hz = 0.0;  // 1σ
    double wander_hz = 0.0;  // max − min of the mains frequency over the record
    int max_harmonics = 40;
    double detect_ratio = 10.0;
    std::optional<double> full_scale_volts;  // peak volts at 0 dBFS
    // Measured frequency of harmonic n, if better known than the spectrum's
    // centroid (a phase-tracked line); index n, 0 = unknown.
    std::vector<double> known_frequency_hz;
};

HumLevels measure_harmonics(const WelchSpectrum& spectrum, const NoiseFloor& floor, const HarmonicsConfig& config);

// Half-width of the band harmonic n is read over (see above).
double harmonic_half_width_hz(const WelchSpectrum& spectrum, int n, double mains_hz, double wander_hz);

// How far harmonic n's centroid may lie from n·mains_hz (see above).
double harmonic_centroid_tolerance_hz(const WelchSpectrum& spectrum, int n, double mains_uncertainty_hz, double wander_hz);

// dBFS → dBV for a sine, given the peak volts at 0 dBFS.
double dbfs_to_dbv(double level_dbfs, double full_scale_volts);

}  // namespace zb
