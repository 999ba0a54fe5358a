// Exponential sine sweep (ESS) after Farina, "Simultaneous measurement of
// impulse response and distortion with a swept-sine technique", AES 108th
// Convention, 2000, preprint 5093.
//
//   x(t) = a · sin(2π f1 L (e^{t/L} − 1)),   L = T / ln(f2/f1),   0 <= t < T
//
// The instantaneous frequency f1·e^{t/L} rises one octave every L·ln2 seconds,
// so the spectrum falls 3 dB per octave (pink). After deconvolution the k-th
// harmonic's impulse response arrives L·ln(k) seconds *before* the linear one,
// which is why a window around the linear response rejects distortion.
//
// Units: samples are fractions of full scale; a is the peak amplitude,
// a = 10^(level_dbfs/20) (AES17: a full-scale sine is 0 dBFS). Half-cosine
// fades of at least 5 ms at both ends keep the start and stop free of clicks.
// The signal is framed by pre- and post-silence; the pre-silence gives the hum
// estimate room and the post-silence catches latency and the system's decay.
#pragma once

#include <cstddef>
#include <vector>

#include "util/result.h"

namespace zb {

struct SweepConfig {
    double sample_rate_hz = 48000.0;
    double start_hz = 5.0;
    double end_hz = 23000.0;
    double duration_s = 4.0;  // the sweep itself, fades included
    double level_dbfs = -20.0;
    double fade_in_s = 0.005;
    double fade_out_s = 0.005;
    double pre_silence_s = 0.5;
    double post_silence_s = 1.0;
};

inline constexpr double kMinFadeSeconds = 0.005;

struct Sweep {
    SweepConfig config;
    std::vector<float> signal;  // pre-silence, sweep, post-silence
    std::size_t sweep_offset = 0;
    std::size_t sweep_length = 0;
    double rate_s = 0.0;  // L

    std::size_t total_length() const { return signal.size(); }
    // Instantaneous frequency at time t_s after the sweep starts.
    double frequency_at(double t_s) const;
    // Time after the sweep start at which the sweep passes frequency_hz.
    double time_at(double frequency_hz) const;
    // How far ahead of the linear response the k-th harmonic's IR lands.
    double harmonic_advance_s(int k) const;
    // Sample i of the sweep itself (0 <= i < sweep_length), fades included;
    // computed from the formula, so it works without `signal`.
    double value_at(std::size_t i) const;
    // Every sample of the sweep itself into out[i·stride]: value_at(i) to
    // within a float's rounding, computed in blocks that vectorise.
    void render(float* out, std::size_t stride = 1) const { render_range(out, 0, sweep_length, stride); }
    // Samples [first, first + count) of the sweep into out[(i − first)·stride].
    void render_range(float* out, std::size_t first, std::size_t count, std::size_t stride = 1) const;
};

Status validate_sweep_config(const SweepConfig& config);
// Offsets, length and rate only; `signal` stays empty.
Result<Sweep> describe_sweep(const SweepConfig& config);
Result<Sweep> make_sweep(const SweepConfig& config);

}  // namespace zb
