// Uniformly partitioned overlap-save convolution (UPOLS), also called the
// frequency-domain delay line: real-time FIR filtering with long impulse
// responses at a cost per sample that grows with the response length divided
// by the block size, not with the response length.
//
// Algorithm (Stockham, AFIPS 1966, for overlap-save; Soo & Pang, IEEE ASSP
// 1990, and Wefers, "Partitioned convolution algorithms for real-time
// auralization", 2015, §4.2, for the uniform partitioning): with block size B,
// each response h is cut into P = ceil(N/B) partitions h_j = h[jB, (j+1)B),
// zero-padded to 2B and transformed once: H_j = FFT_2B(h_j). For every input
// block the last 2B input samples are transformed, X_t = FFT_2B([x_{t−1},
// x_t]), and pushed on a delay line of spectra; then
//     Y_t = Σ_j H_j · X_{t−j},   y_t = last B samples of IFFT_2B(Y_t),
// which is exactly y[n] = Σ_m h[m]·x[n − m] (the first B samples of the
// inverse transform are circularly aliased and dropped). Several responses
// driven by one input share the input transforms. Arithmetic is double
// precision; inputs and outputs are float.
//
// Units: samples; the output block is aligned with the input block (no added
// delay beyond what the response itself contains).
//
// Threading contract: everything (FFT plans included) is allocated and
// planned in the constructor; process() never allocates, locks or plans, and
// calls FFTW's new-array execute only. One thread at a time per object.
// When the input has been silent for longer than the response, process()
// skips the transforms and returns exact zeros.
#pragma once

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include "dsp/fft.h"

namespace zb {

class PartitionedConvolution {
public:
    // block_frames: B, even and >= 2 (a power of two is fastest). Every
    // response may have its own length; the longest sets P.
    PartitionedConvolution(const std::vector<std::vector<double>>& impulse_responses, std::size_t block_frames);

    std::size_t block_frames() const { return block_; }
    std::size_t partitions() const { return partitions_; }
    std::size_t outputs() const { return outputs_; }

    // One block: in[0..B) → out[k][0..B) for every response k.
    void process(const float* in, std::span<float* const> out);
    // Forgets the input history (as if the input had always been silent).
    void reset();

private:
    using Complex = std::complex<double>;
    std::size_t block_, bins_, partitions_, outputs_;
    fft::RealFft<double> fft_;
    fft::AlignedVector<Complex> responses_;  // [output][partition][bin], scaled by 1/(2B)
    fft::AlignedVector<Complex> delay_line_;  // [slot][bin], newest at newest_
    fft::AlignedVector<Complex> accumulator_;
    fft::AlignedVector<double> window_;  // the last 2B input samples
    fft::AlignedVector<double> time_out_;
    std::size_t newest_ = 0;
    std::size_t silent_blocks_;  // consecutive all-zero input blocks (saturates)
};

// Reference for tests: the full linear convolution of x and h (length
// x.size() + h.size() − 1), computed with one large FFT in double precision.
std::vector<double> fft_convolve(std::span<const double> x, std::span<const double> h);

}  // namespace zb
