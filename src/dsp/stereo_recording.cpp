#include "dsp/stereo_recording.h"

#include <algorithm>

#include "dsp/fft.h"

namespace zb {

StereoRecording::StereoRecording(std::size_t frames, double fs)
    : buffer_(fft::good_size(frames)), frames_(frames), sample_rate_hz_(fs) {}

StereoRecording::StereoRecording(std::span<const float> a, std::span<const float> b, double fs)
    : StereoRecording(std::min(a.size(), b.size()), fs) {
    float* p = interleaved();
    for (std::size_t i = 0; i < frames_; ++i) {
        p[2 * i] = a[i];
        p[2 * i + 1] = b[i];
    }
}

void StereoRecording::truncate(std::size_t frames) {
    if (frames >= frames_) return;
    std::fill(interleaved() + 2 * frames, interleaved() + 2 * frames_, 0.0f);
    frames_ = frames;
}

}  // namespace zb
