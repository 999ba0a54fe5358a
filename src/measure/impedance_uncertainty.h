// Per-point 1σ uncertainty of a measured impedance curve, from the noise and
// residual hum that the measurement itself recorded in its silences.
//
// The estimate T = B/A per bin carries the error δT_k = (N_B − T·N_A)/A_k,
// with N the inputs' noise (independent on A and B). Windowing T's impulse
// response with w(t) (dsp/fdw.h) sums the bins' errors weighted by the
// window's spectrum, so by Parseval its variance is
//   σ_T²(f) = (S_B(f) + |T|²·S_A(f)) · Σw² / |A(f)|²,
// S the two-sided noise variance density per sample (white noise of
// variance σ²: S = σ²), Σw² the window's energy in samples and |A(f)|² the
// stimulus power per bin of the recording's DFT. Z = R·T/(1 − T) turns it
// into a relative error σ_Z/|Z| = σ_T/|T·(1 − T)|; a circular complex error
// splits equally into |Z| (relative, σ/√2) and phase (radians, σ/√2).
// The noise densities come from Welch spectra (Hann) of the silent pre- and
// post-roll after hum removal; |A(f)|² is the mean over the bins between a
// grid point's neighbours. The curve's smoothing is not credited: the
// figures hold for the unsmoothed curve and overstate a smoothed one's.
//
// Units: percent of |Z| and degrees of phase, 1σ.
#pragma once

#include <complex>
#include <optional>
#include <span>
#include <vector>

#include "dsp/fdw.h"
#include "measure/hum_removal.h"

namespace zb {

// One-sided noise densities of inputs A and B, FS²/Hz, on bins bin_hz apart.
struct QuietNoise {
    double bin_hz = 0.0;
    std::vector<double> density_a, density_b;
    double density_at(const std::vector<double>& d, double frequency_hz) const;
};

// Welch spectra of the quiet segments of an interleaved A/B recording;
// nullopt when no segment holds 256 samples.
std::optional<QuietNoise> quiet_noise(const float* interleaved, double sample_rate_hz, std::span<const Segment> quiet);

// Mean |A_k|² between each grid point's neighbours, from the packed
// spectrum z of A + jB (nfft points, unscaled).
std::vector<double> stimulus_power_on_grid(const std::complex<float>* z, std::size_t nfft, double sample_rate_hz,
                                           std::span<const double> grid_hz);

struct CurveUncertainty {
    std::vector<double> magnitude_percent, phase_deg;  // 1σ per grid point
};

CurveUncertainty curve_uncertainty(const QuietNoise& noise, std::span<const double> stimulus_power,
                                   std::span<const std::complex<double>> transfer, std::span<const double> grid_hz,
                                   const FdwConfig& fdw, double sample_rate_hz);

}  // namespace zb
