// Frequency-dependent windowing (FDW) of an impulse response.
//
// The spectrum at frequency f is taken from the impulse response multiplied
// by a window of length W(f) = clamp(cycles / f, min, max) seconds after t = 0
// (plus a short pre-window before it). This is how REW and ARTA trade
// resolution against noise: long windows where the response rings (a Q = 9
// resonance at 20 Hz has τ = Q/(π f) = 0.14 s, so 1.5 s holds 10 τ), short
// windows at high frequencies where averaging over many bins beats the noise.
// 40 cycles hold 10 τ of any resonance with Q <= 12.
//
// The short pre-window (flat over its inner half, tapered over its outer
// half) keeps what band-limiting spreads around t = 0 and rejects what
// arrives well before it: after an exponential-sweep deconvolution, the
// harmonic-distortion responses.
//
// Implementation: one windowed transform per octave of window length (each
// zero-padded by `oversampling`), then 8-point Lagrange interpolation
// between bins (dsp/interpolation.h). Input: a circular impulse response, index 0 = t = 0.
#pragma once

#include <complex>
#include <span>
#include <vector>

namespace zb {

struct FdwConfig {
    double cycles = 40.0;
    double min_window_s = 0.010;
    double max_window_s = 1.5;
    double pre_window_s = 0.005;
    double taper_fraction = 0.25;  // cosine taper over the last part of the post-window
    int oversampling = 2;
};

double fdw_window_s(const FdwConfig& config, double frequency_hz);

std::vector<std::complex<double>> fdw_spectrum(std::span<const float> impulse_response, double sample_rate_hz,
                                               std::span<const double> frequencies_hz, const FdwConfig& config);

}  // namespace zb
