// The virtual rig in real time: the same circuit and impairments as the
// offline rig (rig/virtual_rig.h), processed block by block as the drive
// signal streams in, for zbench-rig (a JACK client) and anything else that
// needs the rig live.
//
// The circuit (model/divider.h) is linear and time-invariant, so inputs A
// and B are the drive convolved with the node responses h_A and h_B. These
// are the inverse FFT of H_A(f)·gain_A and H_B(f)·gain_B sampled on a grid of
// M ≥ 8 s (a Q = 9 resonance at 20 Hz has τ = Q/(π·f) = 0.14 s and falls by
// 150 dB in 2.5 s, so the circular grid does not alias), times one common
// low-pass taper from 0.45·fs to fs/2 (a C∞ transition, like a converter's
// anti-alias filter). The taper removes the jump that forcing the Nyquist bin
// real would cause, so the responses decay like the circuit itself instead of
// as 1/n; being common to A and B it cancels in T = B/A, and it starts at
// the highest frequency an analysis may use (0.45·fs). Each response keeps
// its causal part plus a short pre-delay for the few non-causal samples the
// zero-phase taper adds, cut where the sum of |h| over the dropped samples
// (which bounds the change of H(f) at every frequency) falls below
// `truncation_db` re max |H|. The scenario's latency becomes leading zeros. The convolution is uniformly
// partitioned overlap-save (dsp/partitioned_convolution.h): exact to double
// rounding for the kept response. Then rig/rig_impairments.h adds DC, hum,
// tones and noise, clips and quantises, on the rig's own sample clock.
//
// Units: samples in fractions of full scale; drive sample t appears on the
// outputs at t + latency_frames().
//
// Threading contract: create() allocates and plans everything; process()
// never allocates, locks or plans (it runs FFTW's execute only), so it may
// run on a worker thread that feeds a real-time callback through ring
// buffers. One thread at a time.
#pragma once

#include <cstdint>
#include <memory>

#include "dsp/partitioned_convolution.h"
#include "rig/rig_impairments.h"
#include "rig/scenario.h"
#include "util/result.h"

namespace zb {

struct RealtimeRigConfig {
    std::size_t block_frames = 1024;
    double truncation_db = -150.0;  // bound on |ΔH(f)| from the dropped samples, re max |H|
    double taper_start_fraction = 0.45;  // common low-pass taper from this·fs to fs/2
    std::size_t pre_delay_frames = 512;  // room for the taper's non-causal samples (< 300)
};

class RealtimeRig {
public:
    static Result<std::unique_ptr<RealtimeRig>> create(const Scenario& scenario, const RealtimeRigConfig& config = {});

    const Scenario& scenario() const { return scenario_; }
    std::size_t block_frames() const { return convolution_->block_frames(); }
    std::size_t latency_frames() const { return latency_frames_; }
    std::size_t response_frames() const { return response_frames_; }
    // Σ|h| over the dropped samples (a bound on |ΔH(f)|), in dB re max |H|.
    double truncation_level_db() const { return truncation_level_db_; }
    std::uint64_t clock_samples() const { return clock_; }
    std::size_t clipped_a() const { return clipped_a_; }
    std::size_t clipped_b() const { return clipped_b_; }

    // One block of block_frames(): drive → inputs A and B.
    void process(const float* drive, float* a, float* b);

private:
    RealtimeRig(const Scenario& scenario, std::unique_ptr<PartitionedConvolution> convolution);
    Scenario scenario_;
    std::unique_ptr<PartitionedConvolution> convolution_;
    RigImpairments impairments_;
    std::size_t latency_frames_ = 0, response_frames_ = 0;
    double truncation_level_db_ = -300.0;
    std::uint64_t clock_ = 0;
    std::size_t clipped_a_ = 0, clipped_b_ = 0;
};

}  // namespace zb
