// Sinusoid kernels behind the hum fit and removal (measure/hum_removal.h).
//
// Both evaluate e^{jωt} at every sample of long records. One rotator per
// line, r ← r·e^{jω}, is a serial chain of complex multiplies: latency-bound
// (~8 cycles a sample), and std::complex's NaN checks keep GCC from
// vectorising it. Here eight rotators run side by side for t, t+1, ..., t+7,
// each stepping by e^{j8ω}: independent chains that plain loops pack into
// SIMD registers (SSE2 on generic x86-64). They are re-anchored from an exact
// std::polar every kBlock samples, so a chain takes at most kBlock/8 = 64
// steps and rounding stays near 1e-14 of the amplitude.
//
// The synthesis for subtraction uses the real two-term recurrence
// y(t+8) = 2cos(8ω)·y(t) − y(t−8) (Chebyshev/Goertzel), 2 flops a sample
// per channel instead of a complex multiply. A rounding error made at one
// step reappears n steps later multiplied by sin(nθ)/sin θ, at most n, so n
// steps keep the error below n²/2·ε; blocks of 64 steps give ~2.3e-13 of the
// amplitude (tests/test_hum_kernels.cpp checks it). Block anchors e^{jω·t0}
// are walked by a rotator and reseeded from std::polar every 16 blocks.
//
// Units: ω in radians per sample, t in samples from the start of the record.
// Threading: pure functions; no shared state.
#pragma once

#include <complex>
#include <cstddef>
#include <span>

#include "measure/hum_removal.h"

namespace zb::hum {

inline constexpr std::size_t kLanes = 8;
inline constexpr std::size_t kBlock = 512;  // samples between re-anchorings (a multiple of kLanes)
// The synthesis: 64 recurrence steps per lane and block (error bound
// 64²/2·ε ≈ 2.3e-13 of the amplitude). The stereo one keeps both channels in
// one vector, four lanes of samples.
inline constexpr std::size_t kSynthesisBlock = 512;
inline constexpr std::size_t kPairLanes = 4;
inline constexpr std::size_t kPairBlock = 256;

// Tables for one angular frequency.
struct Oscillator {
    double omega = 0.0;                    // rad/sample
    double lead_re[kLanes], lead_im[kLanes];  // e^{jωj}, j = 0..7
    double lag_re[kLanes], lag_im[kLanes];    // e^{jω(j − 8)}, j = 0..7
    double lag4_re[kPairLanes], lag4_im[kPairLanes];  // e^{jω(j − 4)}, j = 0..3
    double step_re = 1.0, step_im = 0.0;   // e^{j8ω}
    double twice_cos_step = 2.0;           // 2cos(8ω)
    double twice_cos_step4 = 2.0;          // 2cos(4ω)
};
Oscillator make_oscillator(double omega_rad);

// cos_out[i] + j·sin_out[i] = e^{jω(t0 + i)} for i < round_up(count, 8);
// both arrays must hold that many.
void cos_sin_block(const Oscillator& osc, std::size_t t0, std::size_t count, double* cos_out, double* sin_out);

// out[i] += Re(q·e^{jωi}) for i < round_up(count, 8), count <= kSynthesisBlock (q is
// the phasor times e^{jω·t0} for a block starting at t0); out must hold
// round_up(count, 8) values.
void add_sinusoid(std::complex<double> q, const Oscillator& osc, std::size_t count, double* out);
// The same for two channels interleaved: out[2i] += Re(qa·e^{jωi}),
// out[2i + 1] += Re(qb·e^{jωi}), i < round_up(count, 8), count <= kPairBlock.
void add_sinusoid_pair(std::complex<double> qa, std::complex<double> qb, const Oscillator& osc, std::size_t count,
                       double* out);

// For every range r, channel c and oscillator k:
//   out[(r·C + c)·K + k] = Σ_{t ∈ range r} (x_c[t] − offset_c)·e^{+jω_k t}
// with C = channels.size(), K = oscillators.size().
void project_ranges(std::span<const StridedView> channels, std::span<const double> offsets,
                    std::span<const Oscillator> oscillators, std::span<const Segment> ranges,
                    std::span<std::complex<double>> out);

// sum = Σ x[t] and energy = Σ x[t]² over the ranges (for DC and the residual
// energy of the least-squares fit), each in eight partial sums.
struct RangeSums {
    double sum = 0.0, energy = 0.0;
};
RangeSums sum_ranges(StridedView x, std::span<const Segment> ranges);

// x[t·stride] = x − (dc + Σ Re(phasor·e^{jω t})) for t < frames, rounded once
// to float. `oscillators` holds one per component of `estimate`, same order.
void subtract_estimate(const HumEstimate& estimate, std::span<const Oscillator> oscillators, float* x,
                       std::size_t stride, std::size_t frames);
// Both channels of an interleaved stereo buffer, whose components must have
// the same frequencies in the same order (one oscillator each).
void subtract_estimates_interleaved(const HumEstimate& a, const HumEstimate& b, std::span<const Oscillator> oscillators,
                                    float* x, std::size_t frames);

}  // namespace zb::hum
