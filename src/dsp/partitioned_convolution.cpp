#include "dsp/partitioned_convolution.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace zb {

PartitionedConvolution::PartitionedConvolution(const std::vector<std::vector<double>>& irs, std::size_t block_frames)
    : block_(block_frames),
      bins_(block_frames + 1),
      partitions_(0),
      outputs_(irs.size()),
      fft_(2 * std::max<std::size_t>(block_frames, 1)) {
    if (block_frames < 2 || block_frames % 2 != 0)
        throw std::invalid_argument("PartitionedConvolution: block size must be even and >= 2");
    if (irs.empty()) throw std::invalid_argument("PartitionedConvolution: no impulse response");
    std::size_t longest = 1;
    for (const auto& h : irs) longest = std::max(longest, h.size());
    partitions_ = (longest + block_ - 1) / block_;

    // Partition spectra, with the inverse transform's 1/(2B) folded in.
    const double scale = 1.0 / static_cast<double>(2 * block_);
    responses_.assign(outputs_ * partitions_ * bins_, Complex(0.0));
    fft::AlignedVector<double> segment(2 * block_);
    for (std::size_t k = 0; k < outputs_; ++k) {
        for (std::size_t j = 0; j < partitions_; ++j) {
            std::fill(segment.begin(), segment.end(), 0.0);
            const std::size_t from = j * block_;
            const std::size_t to = std::min(irs[k].size(), from + block_);
            for (std::size_t i = from; i < to; ++i) segment[i - from] = irs[k][i] * scale;
            fft_.forward(segment.data(), &responses_[(k * partitions_ + j) * bins_]);
        }
    }
    delay_line_.assign(partitions_ * bins_, Complex(0.0));
    accumulator_.assign(bins_, Complex(0.0));
    window_.assign(2 * block_, 0.0);
    time_out_.assign(2 * block_, 0.0);
    silent_blocks_ = partitions_ + 1;  // all history is silent
    // Plan the inverse now too (forward was planned above), so process()
    // never meets FFTW's planner.
    fft_.inverse(accumulator_.data(), time_out_.data());
}

void PartitionedConvolution::reset() {
    std::fill(delay_line_.begin(), delay_line_.end(), Complex(0.0));
    std::fill(window_.begin(), window_.end(), 0.0);
    silent_blocks_ = partitions_ + 1;
}

void PartitionedConvolution::process(const float* in, std::span<float* const> out) {
    const std::size_t B = block_;
    // Slide the input window: [previous block, this block].
    std::memmove(window_.data(), window_.data() + B, B * sizeof(double));
    bool silent = true;
    for (std::size_t i = 0; i < B; ++i) {
        window_[B + i] = in[i];
        silent = silent && in[i] == 0.0f;
    }
    silent_blocks_ = silent ? std::min(silent_blocks_ + 1, partitions_ + 1) : 0;
    newest_ = (newest_ + 1) % partitions_;
    Complex* slot = &delay_line_[newest_ * bins_];

    // Once every spectrum on the delay line comes from silent blocks, the
    // output is exactly zero: skip the transforms.
    if (silent_blocks_ > partitions_) {
        std::fill(slot, slot + bins_, Complex(0.0));
        for (std::size_t k = 0; k < outputs_ && k < out.size(); ++k) std::fill(out[k], out[k] + B, 0.0f);
        return;
    }
    fft_.forward(window_.data(), slot);

    for (std::size_t k = 0; k < outputs_ && k < out.size(); ++k) {
        double* acc = reinterpret_cast<double*>(accumulator_.data());
        std::fill(acc, acc + 2 * bins_, 0.0);
        for (std::size_t j = 0; j < partitions_; ++j) {
            const double* h = reinterpret_cast<const double*>(&responses_[(k * partitions_ + j) * bins_]);
            const double* x = reinterpret_cast<const double*>(&delay_line_[((newest_ + partitions_ - j) % partitions_) * bins_]);
            // Complex multiply-accumulate written out so that it vectorises
            // (std::complex's operator* carries NaN/inf recovery).
            for (std::size_t i = 0; i < 2 * bins_; i += 2) {
                acc[i] += h[i] * x[i] - h[i + 1] * x[i + 1];
                acc[i + 1] += h[i] * x[i + 1] + h[i + 1] * x[i];
            }
        }
        fft_.inverse(accumulator_.data(), time_out_.data());
        for (std::size_t i = 0; i < B; ++i) out[k][i] = static_cast<float>(time_out_[B + i]);
    }
}

std::vector<double> fft_convolve(std::span<const double> x, std::span<const double> h) {
    if (x.empty() || h.empty()) return {};
    const std::size_t n = x.size() + h.size() - 1;
    const std::size_t size = fft::power_of_two_size(std::max<std::size_t>(n, 2));
    fft::RealFft<double> fft(size);
    fft::AlignedVector<double> xa(size, 0.0), ha(size, 0.0);
    std::copy(x.begin(), x.end(), xa.begin());
    std::copy(h.begin(), h.end(), ha.begin());
    fft::AlignedVector<std::complex<double>> X(fft.bins()), H(fft.bins());
    fft.forward(xa.data(), X.data());
    fft.forward(ha.data(), H.data());
    for (std::size_t k = 0; k < X.size(); ++k) X[k] *= H[k] / static_cast<double>(size);
    fft.inverse(X.data(), xa.data());
    return std::vector<double>(xa.begin(), xa.begin() + static_cast<std::ptrdiff_t>(n));
}

}  // namespace zb
