#include "rig/virtual_rig.h"

#include <algorithm>
#include <cmath>

#include "dsp/fft.h"
#include "util/units.h"

namespace zb {

namespace {

constexpr double kFullScaleMax = 1.0 - 0x1.0p-23;

float quantise24(double v, std::size_t& clipped) {
    if (v >= kFullScaleMax) {
        ++clipped;
        v = kFullScaleMax;
    } else if (v <= -1.0) {
        ++clipped;
        v = -1.0;
    }
    return static_cast<float>(std::nearbyint(v * 0x1.0p23) * 0x1.0p-23);
}

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
    : measurement_(scenario), scenario_(std::move(scenario)), noise_a_(scenario_.seed * 2 + 11), noise_b_(scenario_.seed * 2 + 12) {
    Rng phases(scenario_.seed ^ 0x68756d68756dULL);
    for (std::size_t i = 0; i < scenario_.hum.harmonics.size(); ++i) hum_phase_rad_.push_back(kTwoPi * phases.uniform());
    for (std::size_t i = 0; i < scenario_.hum.tones.size(); ++i) tone_phase_rad_.push_back(kTwoPi * phases.uniform());
}

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
        std::vector<std::complex<double>> X(fft.bins()), ya(fft.bins()), yb(fft.bins());
        fft.forward(x.data(), X.data());
        const auto& h = responses(fft_size);
        const double scale = 1.0 / static_cast<double>(fft_size);
        const double gain_a = db_to_gain(scenario_.input.gain_db[0]) * scale;
        const double gain_b = db_to_gain(scenario_.input.gain_db[1]) * scale;
        const auto& in = scenario_.input;
        const bool filtered = in.highpass_hz[0] > 0.0 || in.highpass_hz[1] > 0.0 || in.lowpass_hz[0] > 0.0 || in.lowpass_hz[1] > 0.0;
        for (std::size_t k = 0; k < X.size(); ++k) {
            ya[k] = X[k] * h[k].a * gain_a;
            yb[k] = X[k] * h[k].b * gain_b;
            if (filtered) {
                const double f = bin_to_hz(static_cast<double>(k), fft_size, fs);
                ya[k] *= input_rolloff(f, in.highpass_hz[0], in.lowpass_hz[0]);
                yb[k] *= input_rolloff(f, in.highpass_hz[1], in.lowpass_hz[1]);
            }
        }
        std::vector<double> va(fft_size), vb(fft_size);
        fft.inverse(ya.data(), va.data());
        fft.inverse(yb.data(), vb.data());
        for (std::size_t t = latency; t < n; ++t) {
            cap.a[t] = static_cast<float>(va[t - latency]);
            cap.b[t] = static_cast<float>(vb[t - latency]);
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
    const double fs = scenario_.sample_rate_hz;
    const auto& hum = scenario_.hum;
    const std::size_t n = cap.a.size();
    const double dc_a = scenario_.input.dc_volts[0] / scenario_.full_scale_volts;
    const double dc_b = scenario_.input.dc_volts[1] / scenario_.full_scale_volts;
    const double noise_rms = dbfs_to_rms_fs(scenario_.input.noise_dbfs);

    // Hum: harmonic n is amplitude·sin(n·Φ(t) + φ_n), with the mains phase
    // Φ(t) = 2π f0 t + d·P·(1 − cos(2π t / P)) for a wander f0 + d·sin(2π t/P).
    // Powers of e^{jΦ} by repeated multiplication give every harmonic from
    // one sincos per sample.
    int max_n = 0;
    for (const auto& h : hum.harmonics) max_n = std::max(max_n, h.n);
    std::vector<double> amp(static_cast<std::size_t>(max_n) + 1, 0.0);
    std::vector<std::complex<double>> rot(static_cast<std::size_t>(max_n) + 1, 0.0);
    for (std::size_t i = 0; i < hum.harmonics.size(); ++i) {
        const auto idx = static_cast<std::size_t>(hum.harmonics[i].n);
        const std::complex<double> c = std::polar(dbfs_to_peak_fs(hum.harmonics[i].level_dbfs), hum_phase_rad_[i]);
        // Several entries for one n add up.
        rot[idx] += c;
        amp[idx] = std::abs(rot[idx]);
    }
    const bool has_hum = max_n > 0;
    std::vector<std::complex<double>> powers(static_cast<std::size_t>(max_n) + 1);

    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(start + i) / fs;
        double common = 0.0;
        if (has_hum) {
            double phi = kTwoPi * hum.mains_hz * t;
            if (hum.drift_hz > 0.0)
                phi += hum.drift_hz * hum.drift_period_s * (1.0 - std::cos(kTwoPi * t / hum.drift_period_s));
            const std::complex<double> e1(std::cos(phi), std::sin(phi));
            std::complex<double> p = 1.0;
            for (std::size_t k = 1; k <= static_cast<std::size_t>(max_n); ++k) {
                p *= e1;
                if (amp[k] > 0.0) common += (rot[k] * p).imag();
            }
        }
        for (std::size_t k = 0; k < hum.tones.size(); ++k)
            common += dbfs_to_peak_fs(hum.tones[k].level_dbfs) *
                      std::sin(kTwoPi * hum.tones[k].frequency_hz * t + tone_phase_rad_[k]);
        const double a = cap.a[i] + dc_a + common + noise_rms * noise_a_.gaussian();
        const double b = cap.b[i] + dc_b + common + noise_rms * noise_b_.gaussian();
        cap.a[i] = quantise24(a, cap.clipped_a);
        cap.b[i] = quantise24(b, cap.clipped_b);
    }
}

}  // namespace zb
