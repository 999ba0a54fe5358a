// The virtual rig: an exact offline simulation of interface output, R_ref,
// DUT and interface inputs, driven by a Scenario.
//
// Signal path per input channel c (A or B), in fractions of full scale:
//   v_c = H_c(f) · output                     linear circuit, exact in frequency
//   v_c ← gain_c · R_c(f) · delay(v_c, latency)  front-end gain error, the
//                                             input's roll-offs R_c, round trip
//                                             (sampled on the input's own clock
//                                             when clock_ppm ≠ 0: rig/clock_drift.h)
//   v_c ← v_c + dc_c + hum + tones + noise_c  impairments at the ADC
//   v_c ← quantise24(clip(v_c, ±1))           converter
// H_A, H_B come from the divider circuit (model/divider.h) evaluated on the
// FFT grid. The output is zero-padded by ≥ 1 s before the circular
// convolution, so a response that rings for 10 τ of a Q = 9 resonance at
// 20 Hz (1.4 s total) aliases by less than e^-7 of an already decayed tail,
// far below the −110 dBFS noise: the measurement, not the rig, limits accuracy.
//
// The impairments at the ADC (DC, hum, tones, noise, clipping, quantisation)
// are rig/rig_impairments.h, shared with the real-time rig.
//
// Threading: a VirtualRig is used by one thread at a time.
#pragma once

#include <complex>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "rig/rig_impairments.h"
#include "rig/scenario.h"
#include "rig/wiring.h"
#include "util/result.h"

namespace zb {

struct RigCapture {
    std::vector<float> a, b;
    std::size_t clipped_a = 0, clipped_b = 0;  // samples at full scale
};

class VirtualRig {
public:
    explicit VirtualRig(Scenario scenario);
    // The circuit as currently wired (the measurement scenario until rewired).
    const Scenario& scenario() const { return scenario_; }
    const Scenario& measurement_scenario() const { return measurement_; }

    // Rewires the leads for a calibration step (rig/wiring.h), or back to the
    // measurement. The clock, noise and hum run on, as on a real bench.
    Status rewire(const RigWiring& wiring);
    WiringKind wiring() const { return wiring_; }

    // Plays `output` (fractions of full scale) and records both inputs for
    // the same number of frames. The rig's clock advances, so hum keeps its
    // phase from one call to the next and noise never repeats.
    RigCapture play_record(std::span<const float> output);
    // Records with the output silent.
    RigCapture record(std::size_t frames);

    std::uint64_t clock_samples() const { return clock_; }

private:
    void add_impairments(RigCapture& capture, std::uint64_t start);
    const std::vector<NodeResponse>& responses(std::size_t fft_size);

    Scenario measurement_;
    Scenario scenario_;
    RigImpairments impairments_;
    WiringKind wiring_ = WiringKind::measurement;
    std::uint64_t clock_ = 0;
    std::map<std::size_t, std::vector<NodeResponse>> response_cache_;
};

}  // namespace zb
