// The live analyser: the same spectrum as the offline Welch average, a
// threaded run fed in audio-callback-sized blocks, dropped frames counted,
// and published frames that never change under a reader.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "hum/live_spectrum.h"
#include "hum/spectral_lines.h"
#include "hum/welch.h"
#include "rig/virtual_rig.h"
#include "support/test_support.h"
#include "util/units.h"

using namespace zb;

namespace {

// Two channels of rig hum, interleaved.
std::vector<float> interleaved_hum(const Scenario& s, double seconds, std::vector<float>* a = nullptr) {
    VirtualRig rig(s);
    const auto cap = rig.record(static_cast<std::size_t>(seconds * s.sample_rate_hz));
    std::vector<float> x(2 * cap.a.size());
    for (std::size_t t = 0; t < cap.a.size(); ++t) {
        x[2 * t] = cap.a[t];
        x[2 * t + 1] = cap.b[t];
    }
    if (a) *a = cap.a;
    return x;
}

Scenario hum_scenario() {
    Scenario s;
    s.input.noise_dbfs = -110;
    s.hum.mains_hz = 50.03;
    s.hum.harmonics = {{1, -80.0}, {3, -90.0}};
    return s;
}

}  // namespace

TEST_CASE("live spectrum without a thread equals the offline Welch average", "[hum][live]") {
    const Scenario s = hum_scenario();
    std::vector<float> a;
    const auto x = interleaved_hum(s, 2.0, &a);
    LiveSpectrumConfig config;
    config.sample_rate_hz = s.sample_rate_hz;
    config.fft_size = 16384;
    config.average_frames = 1000;  // stays a plain mean over this run
    config.start_thread = false;
    config.summary_interval_s = 0.0;
    config.ring_seconds = 3.0;
    LiveSpectrum live(config);
    REQUIRE(live.push(x.data(), a.size()) == a.size());
    CHECK(live.process_pending() == (a.size() / 4096) * 4096);
    const auto frame = live.latest();
    REQUIRE(frame);
    // Offline: the same segments (the live one starts at sample 0).
    const std::size_t segments = welch_segments(a.size(), 16384, 4096);
    CHECK(frame->averaged == segments);
    WelchAccumulator<double> offline(16384, WindowKind::flat_top);
    for (std::size_t i = 0; i < segments; ++i) offline.add(a.data() + i * 4096);
    const auto p = offline.average();
    double worst_db = 0;
    for (std::size_t k = 1; k < p.size(); ++k)
        worst_db = std::max(worst_db, std::abs(10 * std::log10(frame->channels[0].power[k] / p[k])));
    CHECK(worst_db < 0.01);  // single-precision FFT against double
    // Level of the fundamental read from the live frame (flat-top peak bin).
    const auto k50 = static_cast<std::size_t>(std::lround(50.03 / frame->bin_hz()));
    double peak = 0;
    for (std::size_t k = k50 - 2; k <= k50 + 2; ++k) peak = std::max(peak, static_cast<double>(frame->channels[0].power[k]));
    CHECK(mean_square_to_dbfs(peak) == Approx(-80.0).margin(0.02));
    REQUIRE(frame->channels[0].summary);
    REQUIRE(frame->mains_hz);
    CHECK(*frame->mains_hz == Approx(50.03).margin(0.1));
    CHECK(frame->channels[0].summary->strongest_harmonic == 1);
    CHECK(*frame->channels[0].summary->total_hum_dbfs == Approx(10 * std::log10(1e-8 + 1e-9)).margin(0.1));
    CHECK(frame->channels[0].rms_dbfs == Approx(10 * std::log10(1e-8 + 1e-9)).margin(0.2));
}

TEST_CASE("live spectrum on its thread, fed in 64-frame blocks, drops nothing and publishes", "[hum][live]") {
    const Scenario s = hum_scenario();
    const auto x = interleaved_hum(s, 3.0);
    const std::size_t frames = x.size() / 2;
    LiveSpectrumConfig config;
    config.sample_rate_hz = s.sample_rate_hz;
    config.fft_size = 65536;
    config.ring_seconds = 4.0;  // room for everything: the producer runs faster than real time here
    LiveSpectrum live(config);
    for (std::size_t t = 0; t < frames; t += 64) live.push(x.data() + 2 * t, std::min<std::size_t>(64, frames - t));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    const std::uint64_t expected = (frames / 16384) * 16384;
    while (live.stats().frames_analysed < expected && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto stats = live.stats();
    CHECK(stats.frames_pushed == frames);
    CHECK(stats.frames_dropped == 0);
    CHECK(stats.frames_analysed == expected);
    CHECK(stats.spectra == expected / 16384 - 3);  // the first segment needs four hops
    CHECK(stats.published == stats.spectra);
    CHECK(stats.analysis_cpu_s > 0.0);
    const auto frame = live.latest();
    REQUIRE(frame);
    CHECK(frame->sequence == stats.published);
    CHECK(frame->end_frame == expected);
    REQUIRE(frame->channels[1].summary);
    CHECK(*frame->channels[1].summary->total_hum_dbfs == Approx(10 * std::log10(1e-8 + 1e-9)).margin(0.1));
}

TEST_CASE("live spectrum: a full ring drops and counts, and published frames never change", "[hum][live]") {
    const Scenario s = hum_scenario();
    const auto x = interleaved_hum(s, 2.0);
    const std::size_t frames = x.size() / 2;
    LiveSpectrumConfig config;
    config.sample_rate_hz = s.sample_rate_hz;
    config.fft_size = 8192;
    config.ring_seconds = 0.5;
    config.start_thread = false;
    LiveSpectrum live(config);
    // Capacity: hop + 0.5 s of frames, rounded up to a power of two samples.
    const std::size_t accepted = live.push(x.data(), frames);
    CHECK(accepted < frames);
    CHECK(accepted >= 2048 + 24000);
    CHECK(live.stats().frames_dropped == frames - accepted);
    live.process_pending();
    const auto held = live.latest();
    REQUIRE(held);
    const auto sequence = held->sequence;
    const std::vector<float> copy = held->channels[0].power;
    // Keep analysing while the reader holds its frame.
    for (std::size_t t = accepted; t < frames; t += 1000) {
        live.push(x.data() + 2 * t, std::min<std::size_t>(1000, frames - t));
        live.process_pending();
    }
    CHECK(live.latest()->sequence > sequence);
    CHECK(held->sequence == sequence);
    CHECK(held->channels[0].power == copy);
}
