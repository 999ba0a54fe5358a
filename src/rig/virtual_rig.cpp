#include "rig/virtual_rig.h"

#include <algorithm>
#include <cmath>

#include "dsp/fft.h"
#include "rig/clock_drift.h"
#include "util/units.h"

namespace zb {

namespace {

// First-order high-pass at hp and low-pass at lp (0 = none), s = jf.
std::complex<double> input_rolloff(double f, double hp, double lp) {
    const std::complex<double> s(0.0, f);
    std::complex<double> h = 1.0;
    if (hp > 0.0) h *= s / (s + hp);
    if (lp > 0.0) h /= 1.0 + s / lp;
    return h;
}

}  // namespace

VirtualRig::VirtualRig(Scenario scenario)
    : measurement_(scenario), scenario_(std::move(scenario)), impairments_(scenario_) {}

Status VirtualRig::rewire(const RigWiring& wiring) {
    auto rewired = apply_wiring(measurement_, wiring);
    if (!rewired) return rewired.error();
    scenario_ = std::move(*rewired);
    wiring_ = wiring.kind;
    response_cache_.clear();
    return {};
}

const std::vector<NodeResponse>& VirtualRig::responses(std::size_t fft_size) {
    if (auto it = response_cache_.find(fft_size); it != response_cache_.end()) return it->second;
    const auto circuit = scenario_.circuit();
    std::vector<NodeResponse> table(fft_size / 2 + 1);
    for (std::size_t k = 0; k < table.size(); ++k)
        table[k] = divider_response(circuit, scenario_.dut, bin_to_hz(static_cast<double>(k), fft_size, scenario_.sample_rate_hz));
    // The Nyquist bin of a real signal's spectrum is real.
    table.back().a = table.back().a.real();
    table.back().b = table.back().b.real();
    if (response_cache_.size() > 4) response_cache_.clear();
    return response_cache_.emplace(fft_size, std::move(table)).first->second;
}

RigCapture VirtualRig::play_record(std::span<const float> output) {
    const std::size_t n = output.size();
    const double fs = scenario_.sample_rate_hz;
    const auto latency = static_cast<std::size_t>(scenario_.input.latency_samples);
    RigCapture cap;
    cap.a.assign(n, 0.0f);
    cap.b.assign(n, 0.0f);

    if (n > 0) {
        const std::size_t fft_size = fft::good_size(n + static_cast<std::size_t>(fs));
        fft::RealFft<double> fft(fft_size);
        std::vector<double> x(fft_size, 0.0);
        std::copy(output.begin(), output.end(), x.begin());
        if (scenario_.output_k2 != 0.0 || scenario_.output_k3 != 0.0)
            for (std::size_t i = 0; i < n; ++i) x[i] += x[i] * x[i] * (scenario_.output_k2 + scenario_.output_k3 * x[i]);
        std::vector<std::complex<double>> X(fft.bins()), ya(fft.bins()), yb(fft.bins());
        fft.forward(x.data(), X.data());
        const auto& h = responses(fft_size);
        const double scale = 1.0 / static_cast<double>(fft_size);
        const double gain_a = db_to_gain(scenario_.input.gain_db[0]) * scale;
        const double gain_b = db_to_gain(scenario_.input.gain_db[1]) * scale;
        const auto& in = scenario_.input;
        const bool filtered = in.highpass_hz[0] > 0.0 || in.highpass_hz[1] > 0.0 || in.lowpass_hz[0] > 0.0 || in.lowpass_hz[1] > 0.0;
        for (std::size_t k = 0; k < X.size(); ++k) {
            // Swapped cables: each input, with its own gain and roll-off, records the other node.
            ya[k] = X[k] * (in.swap_ab ? h[k].b : h[k].a) * gain_a;
            yb[k] = X[k] * (in.swap_ab ? h[k].a : h[k].b) * gain_b;
            if (filtered) {
                const double f = bin_to_hz(static_cast<double>(k), fft_size, fs);
                ya[k] *= input_rolloff(f, in.highpass_hz[0], in.lowpass_hz[0]);
                yb[k] *= input_rolloff(f, in.highpass_hz[1], in.lowpass_hz[1]);
            }
        }
        std::vector<double> va(fft_size), vb(fft_size);
        fft.inverse(ya.data(), va.data());
        fft.inverse(yb.data(), vb.data());
        if (in.clock_ppm != 0.0) {
            sample_on_drifting_clock(va, in.clock_ppm, in.latency_samples, cap.a);
            sample_on_drifting_clock(vb, in.clock_ppm, in.latency_samples, cap.b);
        } else {
            for (std::size_t t = latency; t < n; ++t) {
                cap.a[t] = static_cast<float>(va[t - latency]);
                cap.b[t] = static_cast<float>(vb[t - latency]);
            }
        }
    }
    add_impairments(cap, clock_);
    clock_ += n;
    return cap;
}

RigCapture VirtualRig::record(std::size_t frames) {
    RigCapture cap;
    cap.a.assign(frames, 0.0f);
    cap.b.assign(frames, 0.0f);
    add_impairments(cap, clock_);
    clock_ += frames;
    return cap;
}

void VirtualRig::add_impairments(RigCapture& cap, std::uint64_t start) {
    impairments_.apply(cap.a.data(), cap.b.data(), cap.a.size(), start, cap.clipped_a, cap.clipped_b);
}

}  // namespace zb
