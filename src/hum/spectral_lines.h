// Levels and frequencies of spectral lines (tones) in a Welch spectrum.
//
// A tone's level is read from the *sum* of the bins over its band, minus the
// noise floor expected in those bins, divided by the window's ENBW:
//   mean square = Σ_band (P[k] − floor[k]) / ENBW_bins
// By Parseval the main lobe holds all of a tone's energy but the sidelobes
// (−93 dB for the flat-top), wherever the tone falls between bins, so this is
// exact to ~1e-6 dB without noise, and a tone whose frequency wanders during
// the record (mains drift) is still read right if the band covers the
// wander. The peak-bin reading of a flat-top window (scalloping < 0.01 dB)
// would lose level as soon as the line smears across bins. The frequency is
// the power centroid of the band, which is unbiased for any symmetric window
// (Σ_k (k − c)|W(k − c)|² vanishes for every shift c when the window is
// shorter than the transform).
//
// Units: mean squares in FS²; levels in dBFS for the sine of that mean
// square (AES17: 10·log10(2·ms)); frequencies in hertz.
#pragma once

#include <cstddef>
#include <vector>

#include "hum/noise_floor.h"
#include "hum/welch.h"

namespace zb {

struct LineLevel {
    double frequency_hz = 0.0;       // power centroid (the band centre if nothing stands out)
    double mean_square = 0.0;        // noise subtracted; <= 0 when the band holds only noise
    double noise_mean_square = 0.0;  // the noise floor's share of the band
    double peak_ratio = 0.0;         // max over the band of P[k]/floor[k]
};

// Reads the line in [centre − half_width, centre + half_width].
LineLevel measure_line(const WelchSpectrum& spectrum, const NoiseFloor& floor, double centre_hz, double half_width_hz);

struct SpectralPeak {
    double frequency_hz = 0.0;
    double mean_square = 0.0;
    double peak_ratio = 0.0;
};

// Local maxima that stand `ratio` above the floor between f_lo and f_hi, each
// read over its main lobe, strongest first, at most `max_peaks`.
std::vector<SpectralPeak> find_peaks(const WelchSpectrum& spectrum, const NoiseFloor& floor, double ratio, double f_lo_hz,
                                     double f_hi_hz, std::size_t max_peaks);

// AES17 level of a sine with this mean square: 10·log10(2·ms) dBFS, clamped
// at −400 dBFS so that silence stays a finite number.
double mean_square_to_dbfs(double mean_square);
double dbfs_to_mean_square(double level_dbfs);

}  // namespace zb
