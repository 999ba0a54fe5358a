// Mains detection: 50 or 60 Hz, and the actual mains frequency to ~1e-3 Hz.
//
//  1. Comb search over the spectral peaks (spectral_lines.h: lines standing
//     above the detection threshold T of noise_floor.h, with their power
//     centroids): every candidate fundamental from 45 to 65 Hz, in steps of
//     1/160 of a bin, scores Σ (1 + min(30, SNR_p − T))/n over the peaks p
//     within half a bin of a harmonic n·f, n ≤ 40 (SNR in dB). Matching
//     centroids, not bins, keeps a flat-top's wide lobe from matching two
//     combs at once; the 1/n prefers the explanation by low harmonics (any
//     lone tone up to 2.6 kHz is *some* harmonic of some frequency in
//     45-65 Hz). The best-scoring plateau wins; a comb at the wrong base
//     (60 Hz read as 50) only scores on the few lines the two combs share.
//     Nominal = 50 Hz below 55 Hz, else 60 Hz. The mains counts as found
//     only if a harmonic n ≤ 3 is detected, or 3 harmonics are.
//  2. Spectral refinement: the power centroids of the detected harmonics,
//     divided by n, averaged with weights n²·SNR (a few hundredths of a hertz).
//  3. Phase tracking (mains_phase.h) of the best lines, twice (the second
//     pass demodulates at the first pass's frequency, so that the blocks'
//     nulls fall exactly on the other harmonics): the mean frequency is the
//     mains phase advance over the record, with a noise of ~1e-4 Hz for
//     hum 20 dB above the broadband noise over 5 s. The phase estimate is
//     kept only if it agrees with the spectrum (within 2 bins / n).
// If the hum is too weak to track (no line reaches 10 dB of SNR in 1 s
// blocks), the spectral estimate of step 2 stands, flagged as such.
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

struct MainsConfig {
    double search_lo_hz = 45.0;
    double search_hi_hz = 65.0;
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
    MainsPhase phase;             // the phase trajectory (empty unless tracked)
};

// `channels` are the records the spectra were computed from (empty: steps 1
// and 2 only, as the live view does); `floors` their noise floors;
// `detect_ratio` the line threshold (line_detection_ratio).
MainsEstimate detect_mains(std::span<const std::span<const float>> channels, std::span<const WelchSpectrum> spectra,
                           std::span<const NoiseFloor> floors, double detect_ratio, const MainsConfig& config = {});

}  // namespace zb
