// A two-channel recording (A = drive node, B = across the DUT) stored
// interleaved as complex<float> (re = A, im = B): exactly the layout of an
// interleaved stereo float WAV, and exactly the input of one complex FFT
// that transforms both channels at once. The buffer is padded to an
// FFT-friendly length and is overwritten in place by the analysis.
#pragma once

#include <complex>
#include <cstddef>
#include <span>

#include "dsp/fft.h"

namespace zb {

class StereoRecording {
public:
    StereoRecording() = default;
    StereoRecording(std::size_t frames, double sample_rate_hz);
    StereoRecording(std::span<const float> a, std::span<const float> b, double sample_rate_hz);

    std::size_t frames() const { return frames_; }
    std::size_t capacity() const { return buffer_.size(); }  // >= frames, FFT-friendly, even
    double sample_rate_hz() const { return sample_rate_hz_; }
    std::complex<float>* data() const { return buffer_.data(); }
    // A0 B0 A1 B1 ...: std::complex<float> is an array of two floats.
    float* interleaved() const { return reinterpret_cast<float*>(buffer_.data()); }
    float a(std::size_t i) const { return interleaved()[2 * i]; }
    float b(std::size_t i) const { return interleaved()[2 * i + 1]; }
    // Shortens the recording (e.g. when a file held fewer frames than announced).
    void truncate(std::size_t frames);

private:
    mutable fft::AlignedVector<std::complex<float>> buffer_;  // zeroed, SIMD-aligned for FFTW
    std::size_t frames_ = 0;
    double sample_rate_hz_ = 0.0;
};

}  // namespace zb
