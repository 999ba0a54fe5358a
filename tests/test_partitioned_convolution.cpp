// Uniformly partitioned overlap-save convolution against direct and offline
// (one large FFT) convolution.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "dsp/partitioned_convolution.h"
#include "util/rng.h"
#include "util/units.h"

using namespace zb;

namespace {

std::vector<double> direct_convolve(const std::vector<float>& x, const std::vector<double>& h) {
    std::vector<double> y(x.size(), 0.0);
    for (std::size_t n = 0; n < x.size(); ++n)
        for (std::size_t m = 0; m < h.size() && m <= n; ++m) y[n] += h[m] * x[n - m];
    return y;
}

// Streams x through the convolver in blocks; returns one output per response.
std::vector<std::vector<float>> stream(PartitionedConvolution& conv, const std::vector<float>& x) {
    const std::size_t B = conv.block_frames();
    std::vector<std::vector<float>> y(conv.outputs(), std::vector<float>(x.size(), 0.0f));
    for (std::size_t t = 0; t + B <= x.size(); t += B) {
        std::vector<float*> out;
        for (auto& v : y) out.push_back(v.data() + t);
        conv.process(x.data() + t, out);
    }
    return y;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<double>& b) {
    double e = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) e = std::max(e, std::abs(double(a[i]) - b[i]));
    return e;
}

}  // namespace

TEST_CASE("partitioned convolution equals direct convolution", "[convolution]") {
    Rng rng(7);
    for (std::size_t block : {16u, 64u, 256u}) {
        for (std::size_t length : {1u, 5u, 64u, 257u, 1000u, 3001u}) {
            std::vector<double> h(length);
            for (auto& v : h) v = 2.0 * rng.uniform() - 1.0;
            std::vector<float> x(block * 24);
            for (auto& v : x) v = static_cast<float>(2.0 * rng.uniform() - 1.0);
            PartitionedConvolution conv({h}, block);
            CHECK(conv.partitions() == (length + block - 1) / block);
            const auto y = stream(conv, x);
            const auto ref = direct_convolve(x, h);
            double scale = 0.0;
            for (double v : ref) scale = std::max(scale, std::abs(v));
            INFO("block " << block << ", response length " << length);
            // Float output: a few units of float rounding of the largest value.
            CHECK(max_abs_diff(y[0], ref) < 1e-6 * scale);
        }
    }
}

TEST_CASE("a long resonant response matches offline FFT convolution, for two outputs at once", "[convolution]") {
    // A 20 Hz resonance with Q = 9 (τ = 0.14 s) decays by 150 dB in ~2.5 s:
    // 120000 taps at 48 kHz, as in the real-time rig.
    const double fs = 48000.0, f0 = 20.0, q = 9.0;
    const double decay = M_PI * f0 / q;
    std::vector<double> h1(120000), h2(120000);
    for (std::size_t n = 0; n < h1.size(); ++n) {
        const double t = n / fs;
        h1[n] = std::exp(-decay * t) * std::sin(kTwoPi * f0 * t) * 0.01;
        h2[n] = (n == 0 ? 0.5 : 0.0) + std::exp(-decay * t) * std::cos(kTwoPi * f0 * t) * 0.003;
    }
    Rng rng(3);
    std::vector<float> x(1024 * 300, 0.0f);
    for (std::size_t i = 0; i < 150000; ++i) x[i] = static_cast<float>(0.5 * (2.0 * rng.uniform() - 1.0));
    PartitionedConvolution conv({h1, h2}, 1024);
    CHECK(conv.outputs() == 2);
    const auto y = stream(conv, x);
    const std::vector<double> xd(x.begin(), x.end());
    for (int k = 0; k < 2; ++k) {
        auto ref = fft_convolve(xd, k == 0 ? h1 : h2);
        ref.resize(x.size());
        double scale = 0.0;
        for (double v : ref) scale = std::max(scale, std::abs(v));
        INFO("output " << k << " max |y| " << scale << " error " << max_abs_diff(y[k], ref));
        CHECK(max_abs_diff(y[k], ref) < 1e-6 * scale);
    }
}

TEST_CASE("after silence longer than the response the output is exact zeros, and the state stays right", "[convolution]") {
    std::vector<double> h = {0.5, -0.25, 0.125, 1.0, 0.0, 0.0, 0.3};
    PartitionedConvolution conv({h}, 4);  // 2 partitions
    std::vector<float> x(4 * 12, 0.0f);
    x[1] = 1.0f;   // an impulse in block 0
    x[33] = 1.0f;  // another in block 8, after the convolver skipped silent blocks
    const auto y = stream(conv, x);
    for (std::size_t n = 0; n < x.size(); ++n) {
        double expected = 0.0;
        if (n >= 1 && n - 1 < h.size()) expected += h[n - 1];
        if (n >= 33 && n - 33 < h.size()) expected += h[n - 33];
        INFO("sample " << n);
        CHECK(y[0][n] == Approx(expected).margin(1e-7));
        if (n >= 12 && n < 32) CHECK(y[0][n] == 0.0f);  // skipped blocks: exactly zero, not nearly
    }
}
