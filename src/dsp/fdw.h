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
// Implementation: one windowed transform per octave of window length, each
// zero-padded by `oversampling`; two consecutive lengths share one complex
// FFT (the shorter one in the imaginary part, so it gets twice the padding).
// 8-point Lagrange interpolation between bins (dsp/interpolation.h). Input: a circular impulse response, index 0 = t = 0.
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
// Σ w(t)²/fs of the window fdw_spectrum uses at this frequency (the level of
// the octave ladder, its tapers and its pre-window), seconds: the factor by
// which the windowing passes white noise of the impulse response.
double fdw_window_energy_s(const FdwConfig& config, double frequency_hz);

// The response around t = 0: post[t] for t = 0, 1, ... and pre[i] for
// t = i − pre.size() (so pre.back() is t = −1).
struct CompactResponse {
    std::span<const float> post;
    std::span<const float> pre;
};

// `workspace` (optional, AlignedVector storage): the transforms run in it
// instead of allocating when it is large enough for them.
std::vector<std::complex<double>> fdw_spectrum(CompactResponse response, double sample_rate_hz,
                                               std::span<const double> frequencies_hz, const FdwConfig& config,
                                               std::span<std::complex<float>> workspace = {});

// A circular impulse response (index 0 = t = 0, negative times at the end).
std::vector<std::complex<double>> fdw_spectrum(std::span<const float> impulse_response, double sample_rate_hz,
                                               std::span<const double> frequencies_hz, const FdwConfig& config);

}  // namespace zb
