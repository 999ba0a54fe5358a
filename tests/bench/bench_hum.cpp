// Benchmark: the live hum analyser (LiveSpectrum) at 96 kHz with a
// 65536-point FFT at 75 % overlap, two channels, as CPU time of its analysis
// thread per second of audio (target: under 1 % of one core). Also the
// offline analysis of a 5 s two-channel recording. A program that prints
// figures, not a test.
//
// The audio is virtual-rig hum (−80 dBFS with harmonics, a 15.6 kHz tone,
// noise at −110 dBFS), pushed in 64-frame blocks as an audio callback would:
//  - "fast": 120 s of audio pushed as fast as the analysis keeps up;
//  - "paced": 20 s pushed at the real-time rate (the thread then sleeps and
//    polls between hops, as it does live; that overhead is included).
//
// Usage: bench_hum [--fast-seconds S] [--paced-seconds S] [--channels N] [--summary-interval S]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "hum/hum_analysis.h"
#include "hum/live_spectrum.h"
#include "rig/virtual_rig.h"

using namespace zb;
using Clock = std::chrono::steady_clock;

namespace {

Scenario bench_scenario(double fs) {
    Scenario s;
    s.sample_rate_hz = fs;
    s.input.noise_dbfs = -110;
    s.hum.mains_hz = 50.02;
    s.hum.harmonics = {{1, -80.0}, {2, -90.0}, {3, -86.0}, {5, -95.0}};
    s.hum.tones = {{15625.0, -100.0}};
    return s;
}

// 10 s of interleaved rig audio, looped by the callers.
std::vector<float> interleaved_audio(double fs, std::size_t channels) {
    VirtualRig rig(bench_scenario(fs));
    const auto cap = rig.record(static_cast<std::size_t>(10 * fs));
    std::vector<float> x(cap.a.size() * channels);
    for (std::size_t t = 0; t < cap.a.size(); ++t)
        for (std::size_t c = 0; c < channels; ++c) x[t * channels + c] = c % 2 ? cap.b[t] : cap.a[t];
    return x;
}

struct LiveResult {
    double audio_s = 0, cpu_s = 0, wall_s = 0;
    LiveSpectrumStats stats;
};

LiveResult run_live(const std::vector<float>& audio, std::size_t channels, double fs, double seconds, bool paced, double summary_s) {
    LiveSpectrumConfig config;
    config.sample_rate_hz = fs;
    config.channels = channels;
    config.fft_size = 65536;
    config.overlap = 0.75;
    config.summary_interval_s = summary_s;
    LiveSpectrum live(config);
    const std::size_t loop_frames = audio.size() / channels;
    const auto total = static_cast<std::size_t>(seconds * fs);
    constexpr std::size_t kBlock = 64;
    const auto start = Clock::now();
    for (std::size_t done = 0; done < total;) {
        const std::size_t at = done % loop_frames;
        const std::size_t n = std::min({kBlock, total - done, loop_frames - at});
        if (paced) {
            const auto due = start + std::chrono::duration<double>(static_cast<double>(done) / fs);
            std::this_thread::sleep_until(due);
        }
        // Fast mode only pushes what fits and waits for the analysis when
        // the ring is full; paced mode pushes like a callback (no waiting,
        // so anything that does not fit is dropped and counted).
        const std::size_t fits = paced ? n : std::min(n, live.writable_frames());
        if (fits == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        live.push(audio.data() + at * channels, fits);
        done += fits;
    }
    const std::size_t hop = 16384;
    while (live.stats().frames_analysed < (total / hop) * hop) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    LiveResult r;
    r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    live.stop();
    r.stats = live.stats();
    r.audio_s = static_cast<double>(r.stats.frames_analysed) / fs;
    r.cpu_s = r.stats.analysis_cpu_s;
    return r;
}

void print_live(const char* label, const LiveResult& r) {
    std::printf("  %-7s %6.1f s of audio: analysis thread %7.1f ms CPU = %.3f %% of one core; %llu spectra, %llu published, %llu dropped\n",
                label, r.audio_s, 1000 * r.cpu_s, 100 * r.cpu_s / r.audio_s, static_cast<unsigned long long>(r.stats.spectra),
                static_cast<unsigned long long>(r.stats.published), static_cast<unsigned long long>(r.stats.frames_dropped));
}

}  // namespace

int main(int argc, char** argv) {
    double fast_s = 120, paced_s = 20, summary_s = 0.5;
    std::size_t channels = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--fast-seconds")) fast_s = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--paced-seconds")) paced_s = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--channels")) channels = static_cast<std::size_t>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--summary-interval")) summary_s = std::atof(argv[i + 1]);
    }
    const double fs = 96000;
    const auto audio = interleaved_audio(fs, channels);
    std::printf("Live spectrum: %.0f Hz, %zu channels, 65536-point FFT (single precision), flat-top, 75 %% overlap (hop 16384),\n"
                "summary (noise floor, mains comb, harmonics) every %g s (< 0: none)\n", fs, channels, summary_s);
    print_live("fast", run_live(audio, channels, fs, fast_s, false, summary_s));
    if (paced_s > 0) print_live("paced", run_live(audio, channels, fs, paced_s, true, summary_s));

    // Offline: 5 s at 48 kHz, two channels, the whole hum analysis.
    VirtualRig rig(bench_scenario(48000));
    const auto cap = rig.record(5 * 48000);
    const std::span<const float> chans[2] = {cap.a, cap.b};
    const std::string names[2] = {"A", "B"};
    std::vector<double> ms;
    for (int run = 0; run < 7; ++run) {
        const auto t0 = Clock::now();
        auto a = analyse_hum(chans, names, 48000, {});
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!a) {
            std::printf("analysis failed: %s\n", a.message().c_str());
            return 1;
        }
    }
    std::sort(ms.begin(), ms.end());
    std::printf("Offline analysis of 5 s at 48 kHz, two channels (Welch 65536, mains phase, harmonics, diagnosis): median %.1f ms of 7 runs\n",
                ms[ms.size() / 2]);
    return 0;
}
