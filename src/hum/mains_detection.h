// Mains detection: 50 or 60 Hz, and the actual mains frequency to ~1e-3 Hz,
// or "no mains hum found".
//
//  1. Comb search over the spectral peaks (spectral_lines.h: lines standing
//     above the detection threshold T of noise_floor.h, with their power
//     centroids). Real grids run within about ±0.5 Hz of 50 or 60 Hz
//     (ENTSO-E and NERC operate within ±0.2 Hz; the ENF datasets' 10-s means
//     span 49.97-50.04 Hz), so only fundamentals within ±1 Hz of 50 and of
//     60 Hz are candidates, in steps of 1/160 of a bin: full weight within
//     ±0.5 Hz, falling linearly to 0 at ±1 Hz (the 0.5 Hz margin covers a
//     grid under stress and the spectral estimate's error on short records).
//     A candidate scores closeness·Σ (1 + min(30, SNR_p − T))/n over the
//     peaks p within half a bin of a harmonic n·f, n ≤ 40 (SNR in dB).
//     Matching centroids, not bins, keeps a flat-top's wide lobe from
//     matching two combs at once; the 1/n prefers the explanation by low
//     harmonics. The best-scoring plateau wins. A strong line elsewhere
//     (a 58.4 Hz motor, a 46.3 Hz subharmonic of a 92.5 Hz whine) is never a
//     candidate, so it cannot capture the mains.
//  2. Harmonic n is on the comb only if its band's power centroid lies within
//     one bin plus n times the comb's own uncertainty of n·f (a line next to
//     the harmonic pulls the centroid away and is not taken for it). The
//     mains counts as found only if such a harmonic n ≤ 3 is detected, or 3
//     harmonics are: a lone tone is some high harmonic of some candidate,
//     but it is not mains. Spectral refinement: the centroids of the
//     harmonics on the comb, divided by n, averaged with weights n²·SNR.
//  3. Phase tracking (mains_phase.h) of the best lines on the comb whose
//     neighbourhood (±2 block bandwidths) holds no line off the comb, twice
//     (the second pass demodulates at the first pass's frequency, so that the
//     blocks' nulls fall exactly on the other harmonics): the mean frequency
//     is the mains phase advance over the record, with a noise of ~1e-4 Hz
//     for hum 20 dB above the broadband noise over 5 s. The phase estimate is
//     kept only if it agrees with the spectrum (within a bin), and if its 1-s
//     means wander by less than 0.5 Hz (a grid's frequency moves by less than
//     0.1 Hz in seconds; more means the tracked lines are not the mains, or
//     are disturbed).
// If the hum is too weak to track (no line reaches 10 dB of SNR in 1 s
// blocks), the spectral estimate of step 2 stands, flagged as such.
//
// Uncertainty (1σ, meant to cover the truth, not only the noise): the
// root-sum-square of the phase noise (mains_phase.h), the scatter of the
// tracked lines' own mean frequencies (a competing line disturbs one line's
// phase more than another's) and the span effect (the phase estimate is the
// mean between the centres of its end fits; over the whole record, the end
// fits extrapolated to its edges, a drifting mains gives another mean, and
// the difference is taken as an error, or, if larger, half the wander of the
// 1-s means times the share of the record outside the span). A rejected track leaves at least half its wander. The spectral estimate's is a tenth of a bin plus the scatter of
// the harmonics' centroids.
//
// Units: hertz; samples in fractions of full scale.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "hum/mains_phase.h"
#include "hum/noise_floor.h"
#include "hum/welch.h"

namespace zb {

// Fundamentals within grid_tolerance_hz of 50 or 60 Hz have full weight,
// falling linearly to none at grid_tolerance_hz + search_margin_hz.
inline constexpr double kGridToleranceHz = 0.5;
inline constexpr double kGridSearchMarginHz = 0.5;
// 1-s means of a grid's frequency move by less than this over a record.
inline constexpr double kMaxGridWanderHz = 0.5;

struct MainsConfig {
    double grid_tolerance_hz = kGridToleranceHz;
    double search_margin_hz = kGridSearchMarginHz;
    int max_harmonics = 40;
    std::size_t max_phase_lines = 8;
    double block_target_s = 0.1;
};

struct MainsEstimate {
    bool found = false;
    double nominal_hz = 50.0;     // 50 or 60
    double frequency_hz = 0.0;    // mean over the record
    double uncertainty_hz = 0.0;  // 1σ from noise
    bool phase_tracked = false;   // else the frequency is the spectral estimate
    double spectral_hz = 0.0;     // step 2's estimate
    double wander_hz = 0.0;       // max − min of the 1-s means of the phase track (0 if untracked)
    bool tracking_disturbed = false;  // a phase track was made but rejected (see above)
    MainsPhase phase;             // the phase trajectory (empty unless tracked)
};

// `channels` are the records the spectra were computed from (empty: steps 1
// and 2 only, as the live view does); `floors` their noise floors;
// `detect_ratio` the line threshold (line_detection_ratio).
MainsEstimate detect_mains(std::span<const std::span<const float>> channels, std::span<const WelchSpectrum> spectra,
                           std::span<const NoiseFloor> floors, double detect_ratio, const MainsConfig& config = {});

}  // namespace zb
