#include "safety/probe.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/fft.h"
#include "util/units.h"

namespace zb {

namespace {

constexpr float kClipLevel = 1.0f - 0x1.0p-22f;  // as measure/impedance_analysis.cpp
// SNRs are reported down to -300 dB (a tone power of zero stays finite).
constexpr double kSnrFloorRatio = 1e-30;

struct Window {
    std::size_t start = 0;
    std::size_t steady_end = 0;  // where the latest window as strong as the best ends
    // The tones run to the capture's end, and the window two hops before the
    // best is weaker: less than a window's worth of steady tones was heard.
    bool cut_off = false;
};

// The analysis window (step 1 of the header).
Window find_window(std::span<const float> a, const ProbeSignal& probe) {
    const std::size_t n = probe.window_samples, frames = a.size();
    if (frames <= n) return {0, frames, true};
    const std::size_t hop = std::max<std::size_t>(1, n / 20);
    // e^{-j2πi/n}; tone k at sample m uses index (bin·m) mod n.
    std::vector<std::complex<double>> w(n);
    for (std::size_t i = 0; i < n; ++i) w[i] = std::polar(1.0, -kTwoPi * double(i) / double(n));
    const std::size_t tones = probe.tone_bins.size();
    std::vector<std::complex<double>> y(tones);
    auto term = [&](std::size_t k, std::size_t m) { return double(a[m]) * w[(probe.tone_bins[k] * m) % n]; };
    for (std::size_t k = 0; k < tones; ++k)
        for (std::size_t m = 0; m < n; ++m) y[k] += term(k, m);
    std::vector<std::pair<std::size_t, double>> energy;
    for (std::size_t s = 0;; s += hop) {
        double e = 0.0;
        for (const auto& v : y) e += std::norm(v);
        energy.emplace_back(s, e);
        if (s + hop + n > frames) break;
        for (std::size_t k = 0; k < tones; ++k)
            for (std::size_t m = s; m < s + hop; ++m) y[k] += term(k, m + n) - term(k, m);
    }
    double best = 0.0;
    for (const auto& [s, e] : energy) best = std::max(best, e);
    std::size_t last = 0;
    for (std::size_t i = 0; i < energy.size(); ++i)
        if (energy[i].second >= 0.98 * best) last = i;
    const bool at_end = last + 1 == energy.size();
    const bool whole = last >= 2 && energy[last - 2].second >= 0.98 * best;
    return {last >= 2 ? energy[last - 2].first : 0, energy[last].first + n, at_end && !whole};
}

}  // namespace

Result<ProbeMeasurement> analyse_probe(std::span<const float> a, std::span<const float> b, const ProbeSignal& probe) {
    if (a.size() != b.size() || a.size() < probe.window_samples)
        return make_error("probe: the capture has ", a.size(), " and ", b.size(), " frames; ", probe.signal.size(), " expected");
    ProbeMeasurement m;
    m.sample_rate_hz = probe.sample_rate_hz;
    m.level_dbfs = probe.config.level_dbfs;
    m.duration_s = static_cast<double>(a.size()) / probe.sample_rate_hz;
    m.played_s = m.duration_s;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const float va = std::abs(a[i]), vb = std::abs(b[i]);
        m.peak_a_fs = std::max(m.peak_a_fs, double(va));
        m.peak_b_fs = std::max(m.peak_b_fs, double(vb));
        m.clipped_a += va >= kClipLevel;
        m.clipped_b += vb >= kClipLevel;
    }

    const std::size_t n = probe.window_samples;
    const Window window = find_window(a, probe);
    m.window_start = window.start;
    m.window_samples = n;
    m.cut_off = window.cut_off;
    // The latest full-strength window reaches about half-way into the fade-out.
    const double played_end = static_cast<double>(probe.sound_samples) - 0.5 * static_cast<double>(probe.fade_samples);
    m.latency_s = std::max(0.0, static_cast<double>(window.steady_end) - played_end) / probe.sample_rate_hz;
    fft::RealFft<double> fft(n);
    fft::AlignedVector<double> x(n);
    fft::AlignedVector<std::complex<double>> sa(fft.bins()), sb(fft.bins());
    for (int channel = 0; channel < 2; ++channel) {
        const auto src = channel == 0 ? a : b;
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = src[m.window_start + i];
            sum += x[i];
        }
        (channel == 0 ? m.dc_a_fs : m.dc_b_fs) = sum / double(n);
        fft.forward(x.data(), channel == 0 ? sa.data() : sb.data());
    }

    // Noise floors per bin, from the non-tone bins above 2 bins.
    std::vector<bool> is_tone(fft.bins(), false);
    for (std::size_t bin : probe.tone_bins)
        for (std::size_t j = bin - 1; j <= bin + 1 && j < is_tone.size(); ++j) is_tone[j] = true;
    auto floor_of = [&](auto value) {
        std::vector<double> p;
        for (std::size_t j = 2; j + 1 < fft.bins(); ++j)
            if (!is_tone[j]) p.push_back(std::norm(value(j)));
        if (p.empty()) return 1e-30;
        std::nth_element(p.begin(), p.begin() + p.size() / 2, p.end());
        return std::max(p[p.size() / 2] / std::numbers::ln2, 1e-30);
    };
    const double floor_a = floor_of([&](std::size_t j) { return sa[j]; });
    const double floor_b = floor_of([&](std::size_t j) { return sb[j]; });
    const double floor_d = floor_of([&](std::size_t j) { return sa[j] - sb[j]; });

    double tone_power_a = 0.0;
    const double to_peak = 2.0 / double(n);
    for (std::size_t k = 0; k < probe.tone_bins.size(); ++k) {
        const std::size_t j = probe.tone_bins[k];
        ProbeTone t;
        t.frequency_hz = probe.tone_hz[k];
        t.a = to_peak * std::complex<double>(sa[j]);
        t.b = to_peak * std::complex<double>(sb[j]);
        t.snr_a_db = power_ratio_to_db(std::norm(sa[j]) / floor_a, kSnrFloorRatio);
        t.snr_b_db = power_ratio_to_db(std::norm(sb[j]) / floor_b, kSnrFloorRatio);
        t.snr_d_db = power_ratio_to_db(std::norm(sa[j] - sb[j]) / floor_d, kSnrFloorRatio);
        tone_power_a += std::norm(sa[j]);
        m.tones.push_back(t);
    }
    m.snr_a_db = power_ratio_to_db(tone_power_a / double(probe.tone_bins.size()) / floor_a, kSnrFloorRatio);
    return m;
}

Result<ProbeMeasurement> run_probe(AudioDevice& device, const ProbeConfig& config, const ProgressFn& progress) {
    ProgressFn relabel;
    if (progress) relabel = [&progress](double fraction, std::string_view) { progress(fraction, "probe"); };
    auto play = [&](const ProbeConfig& c) -> Result<ProbeMeasurement> {
        auto probe = make_probe_signal(c, device.sample_rate_hz());
        if (!probe) return probe.error();
        auto capture = device.play_record(probe->signal, relabel);
        if (!capture) return capture.error();
        // As for the sweep: a capture with over/underruns is played once more,
        // and a second failure is a device error.
        if (capture->xruns > 0) {
            const auto first = capture->xruns;
            capture = device.play_record(probe->signal, relabel);
            if (!capture) return capture.error();
            if (capture->xruns > 0)
                return make_device_error(device.description(), ": ", first, " buffer over/underruns during the probe and ",
                                         capture->xruns, " again when it was repeated; close other audio programs or use larger buffers ({buffer_frames})");
        }
        auto m = analyse_probe(capture->a, capture->b, *probe);
        if (!m) return m.error();
        m->clipped_a = std::max(m->clipped_a, capture->clipped_a);
        m->clipped_b = std::max(m->clipped_b, capture->clipped_b);
        return m;
    };
    auto m = play(config);
    if (!m || !(m->cut_off || m->snr_a_db < kProbeMinSnrDb)) return m;
    ProbeConfig late = config;
    late.tail_s = std::max(late.tail_s, kLateProbeTailS);
    const double first_s = m->duration_s;
    m = play(late);
    if (!m) return m;
    m->late = true;
    m->played_s += first_s;
    if (m->latency_s > kMaxLatencyS && m->snr_a_db >= kProbeMinSnrDb)
        return make_device_error(device.description(), ": the probe's tones came back more than ", kMaxLatencyS,
                                 " s after they were played; the round trip through the audio system is too long to "
                                 "measure: lower the audio server's latency (buffer or quantum size) or use JACK");
    return m;
}

}  // namespace zb
