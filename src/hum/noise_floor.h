// The local noise floor of a Welch spectrum, from medians.
//
// A spectrum of hum is mostly noise with a few lines, so the noise is the
// *median* of the bins around a frequency, not their mean (a line would pull
// a mean up). The median runs over a window centred on each anchor bin k,
// 1/12 octave wide (k ± 2.93 %) but never narrower than ±16 bins (±32 when
// the spectrum has under 8 degrees of freedom), with the lines found earlier
// masked out, in pairs k ± d so that the window stays centred where a mask or
// the spectrum's edge cuts it (a window with fewer than 12 usable bins gives
// no level).
// Anchors are half a window apart; the floor is interpolated
// log-linearly between them. A window this narrow follows coloured noise
// (a rumble falling 6 to 12 dB per octave changes by under 1 dB across it,
// and the median of a window straddling a slope is its centre's value) and
// is not lifted by a strong line's skirts beyond the masked bins. The
// median of ~33 correlated bins scatters by well under 1 dB for ν ≥ 8.
//
// Median to mean: each bin of a Welch average is distributed as mean·χ²_ν/ν
// (ν = the spectrum's equivalent degrees of freedom), whose median is
// mean·(1 − 2/(9ν))³ by the Wilson–Hilferty approximation (Johnson, Kotz &
// Balakrishnan, Continuous Univariate Distributions vol. 1, §18.8; within
// 0.06 dB of the exact value for ν ≥ 2).
//
// A bin "stands out" of the noise when it exceeds the floor by 10 dB, or by
// the χ²_ν quantile that noise alone exceeds anywhere in the spectrum with a
// probability below 1e-3, whichever is larger (that matters for short
// records, where ν is small and the noise itself fluctuates by ±10 dB).
//
// Units: the same mean square per bin (FS²) as WelchSpectrum::power.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hum/welch.h"

namespace zb {

struct NoiseFloor {
    std::vector<double> power;  // expected noise-only P[k], per bin
};

// `mask[k] != 0` excludes bin k from the medians (empty: nothing masked).
NoiseFloor estimate_noise_floor(const WelchSpectrum& spectrum, std::span<const std::uint8_t> mask = {});
// The same into `floor`, reusing its storage, from every `stride`-th bin
// (the live analyser's summary uses 4: a flat-top's neighbouring bins are
// strongly correlated anyway, so little information is lost).
void estimate_noise_floor(const WelchSpectrum& spectrum, std::span<const std::uint8_t> mask, NoiseFloor& floor,
                          std::size_t stride);

// Median / mean of mean·χ²_ν/ν.
double chi2_median_over_mean(double dof);
// Ratio P[k]/floor[k] above which a bin holds a line (see above), for a
// search over `bins_searched` bins.
double line_detection_ratio(double dof, std::size_t bins_searched);

// Mean square of the noise floor between two frequencies (a band integral of
// the density), FS². Frequencies are clamped to [0, fs/2].
double band_noise_ms(const WelchSpectrum& spectrum, const NoiseFloor& floor, double f_lo_hz, double f_hi_hz);
// Median of the noise density between two frequencies, FS²/Hz.
double median_density(const WelchSpectrum& spectrum, const NoiseFloor& floor, double f_lo_hz, double f_hi_hz);

}  // namespace zb
