// The probe signal played before every sweep: a short, quiet multitone.
//
// K sines (default 8, log-spaced from 80 Hz to 16 kHz) sit exactly on the
// bins of an analysis window of P = fs/10 samples (10 Hz resolution), so
// any P-sample window inside the steady part holds whole periods of every
// tone and a plain DFT reads each tone without leakage, whatever the
// round-trip latency. Each tone is moved, within ±10 % of its target, to
// the bin farthest (up to 20 Hz) from the 50 Hz and 60 Hz mains combs, so
// hum never falls on a tone (at worst it sits one bin away, where a
// rectangular window over whole periods leaks nothing from a stable hum).
// Phases follow Schroeder (IEEE Trans. Inf. Theory 16(1), 1970),
// φ_k = −π·k(k−1)/K, for a low crest factor; the period is then scaled so
// its peak is the requested level (AES17 peak dBFS, default −40 dBFS).
//
// Layout (defaults at 48 kHz): 10 ms half-cosine fade-in, steady tones,
// 10 ms fade-out — 200 ms of sound — then 100 ms of silence that catches the
// round-trip latency: 300 ms in all. The steady part (180 ms) holds the
// 100 ms window plus 80 ms for the circuit to settle and for latency.
#pragma once

#include <cstddef>
#include <vector>

#include "util/result.h"

namespace zb {

struct ProbeConfig {
    double level_dbfs = -40.0;    // peak of the multitone
    double resolution_hz = 10.0;  // 1 / analysis window; the tones' grid
    double fade_s = 0.010;        // half-cosine fade in and out
    double tones_s = 0.200;       // the sound, fades included
    double tail_s = 0.100;        // silence after the sound: room for latency
    int tone_count = 8;
    double low_hz = 80.0;
    double high_hz = 16000.0;     // capped at 0.42·fs
};

struct ProbeSignal {
    ProbeConfig config;
    double sample_rate_hz = 0.0;
    std::size_t window_samples = 0;     // P = fs / resolution
    std::vector<std::size_t> tone_bins; // tone k is at bin tone_bins[k] of a P-point DFT
    std::vector<double> tone_hz;
    std::vector<float> signal;          // sound, then tail silence
    std::size_t sound_samples = 0;      // fades included
    std::size_t fade_samples = 0;

    double duration_s() const { return static_cast<double>(signal.size()) / sample_rate_hz; }
};

Result<ProbeSignal> make_probe_signal(const ProbeConfig& config, double sample_rate_hz);

}  // namespace zb
