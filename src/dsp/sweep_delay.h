// Delay between a played exponential sweep and its recording, cheaply and to
// a fraction of a sample, without transforming the whole recording:
//  1. coarse: where the recorded envelope ends (1 ms blocks; the sweep stops
//     within its 5 ms fade-out, so this is good to a few ms);
//  2. fine: cross-correlation, by FFT, of the sweep's last 16384 samples
//     (its top octave or so, whose autocorrelation peak is a few samples
//     wide) with the recording, over ±1024 samples around the coarse value;
//  3. a parabola through the correlation peak.
// The full deconvolution (dsp/deconvolution.h) would give the same answer at
// the cost of transforming the whole recording.
#pragma once

#include <cstddef>
#include <optional>

#include "dsp/sweep.h"

namespace zb {

struct DelayEstimate {
    double delay_samples = 0.0;  // sub-sample, from a parabola through the peak
    double peak_to_rms_db = 0.0;  // how clearly the peak stands out
};

// `x` holds frames samples of the recorded drive signal with the given stride
// (2 for channel A of an interleaved stereo buffer). nullopt if no sweep end
// is found or the correlation peak does not stand clear.
std::optional<DelayEstimate> estimate_sweep_delay(const float* x, std::size_t stride, std::size_t frames,
                                                  const Sweep& sweep, std::size_t max_delay_samples);

}  // namespace zb
