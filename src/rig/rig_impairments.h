// What the interface's inputs add to the circuit's output, in the virtual
// rig: DC, mains hum and its harmonics (with an optional sinusoidal wander of
// the mains frequency), tones off the mains comb, clicks, white noise, clipping at
// full scale and 24-bit quantisation. Shared by the offline rig
// (rig/virtual_rig.h) and the real-time rig (rig/realtime_rig.h), so both
// simulate the same inputs from the same scenario.
//
// Hum is identical on both inputs (ground-loop current through a shared
// ground): harmonic n is amplitude·sin(n·Φ(t) + φ_n), with the mains phase
// Φ(t) = 2π f0 t + d·P·(1 − cos(2π t/P)) for a wander f0 + d·sin(2π t/P);
// powers of e^{jΦ} by repeated multiplication give every harmonic from one
// sincos per sample. Noise is white Gaussian (AES17 RMS level), independent
// per channel, plus optional low-frequency noise: Gaussian noise through
// y[t] = a·y[t−1] + (1 − a)·x[t], a = e^{−2π f_c/fs}, whose variance is
// σ_x²·(1 − a)/(1 + a), scaled to its AES17 RMS level. Phases and noise come from the scenario's seed.
// Units: samples in fractions of full scale, time in samples of the rig's
// clock (t = sample / sample_rate_hz).
//
// Threading: one thread at a time. apply() never allocates.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "rig/scenario.h"
#include "util/rng.h"

namespace zb {

class RigImpairments {
public:
    explicit RigImpairments(const Scenario& scenario);

    // Adds DC, hum, tones and noise to samples [start, start + n) of the
    // rig's clock held in a and b, then clips and quantises them in place,
    // counting the samples that reached full scale.
    void apply(float* a, float* b, std::size_t n, std::uint64_t start_sample, std::size_t& clipped_a,
               std::size_t& clipped_b);

private:
    double sample_rate_hz_;
    double dc_a_fs_, dc_b_fs_, noise_rms_fs_;
    double mains_hz_, drift_hz_, drift_period_s_;
    int max_harmonic_ = 0;
    std::vector<std::complex<double>> harmonic_phasor_;  // index n: amplitude·e^{jφ_n}, 0 if absent
    std::vector<double> tone_hz_, tone_peak_fs_, tone_phase_rad_;
    std::vector<std::pair<std::uint64_t, double>> clicks_;  // sample on the rig's clock, peak
    Rng noise_a_, noise_b_;
    double lf_pole_ = 0.0, lf_input_rms_fs_ = 0.0;  // 0: no low-frequency noise
    double lf_a_ = 0.0, lf_b_ = 0.0;                 // the filters' states
    Rng lf_noise_a_, lf_noise_b_;
};

}  // namespace zb
