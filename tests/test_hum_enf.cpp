// Real mains recordings (ENF datasets, 400 Hz sample rate, 161 to 652 s; see
// ../shared/reference-data/SOURCES.md): the mean mains frequency and its
// drift against an independent zero-crossing count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "hum/hum_analysis.h"
#include "measure/hum_removal.h"
#include "io/wav.h"
#include "support/test_support.h"

using namespace zb;

namespace {

const char* const kRecordings[] = {
    "ghua-ac_ENF-WHU-Dataset/001_ref.wav",
    "ghua-ac_ENF-WHU-Dataset/002_ref.wav",
    "ghua-ac_ENF-WHU-Dataset/003_ref.wav",
    "cjxyyzs_ENF-SAH-Dataset/ref_01.wav",
};

// Rising zero crossings (about the mean), each placed by linear
// interpolation between the samples around it, in seconds.
std::vector<double> rising_crossings(const std::vector<float>& x, double fs) {
    double mean = 0;
    for (float v : x) mean += v;
    mean /= static_cast<double>(x.size());
    std::vector<double> t;
    for (std::size_t i = 1; i < x.size(); ++i) {
        const double a = x[i - 1] - mean, b = x[i] - mean;
        if (a < 0 && b >= 0) t.push_back((static_cast<double>(i - 1) + a / (a - b)) / fs);
    }
    return t;
}

// Cycles counted over [t0, t1]: (crossings − 1) / (last − first).
double counted_frequency(const std::vector<double>& crossings, double t0, double t1) {
    const auto first = std::lower_bound(crossings.begin(), crossings.end(), t0);
    const auto last = std::upper_bound(crossings.begin(), crossings.end(), t1) - 1;
    return static_cast<double>(last - first) / (*last - *first);
}

struct Analysed {
    AudioFile audio;
    HumAnalysis analysis;
};

Analysed analyse_file(const std::string& name) {
    auto audio = read_audio_file(zbt::reference_file(name));
    REQUIRE(audio);
    REQUIRE(audio->sample_rate_hz == 400.0);
    const std::span<const float> channels[1] = {audio->channels[0]};
    const std::string names[1] = {"1"};
    HumAnalysisConfig config;
    config.track = true;
    auto a = analyse_hum(channels, names, audio->sample_rate_hz, config);
    REQUIRE(a);
    return {std::move(*audio), std::move(*a)};
}

}  // namespace

TEST_CASE("real mains recordings: the mean frequency agrees with a zero-crossing count within 0.005 Hz", "[hum][enf][acceptance]") {
    for (const char* name : kRecordings) {
        INFO(name);
        const Analysed r = analyse_file(name);
        const auto crossings = rising_crossings(r.audio.channels[0], r.audio.sample_rate_hz);
        const double counted = counted_frequency(crossings, crossings.front(), crossings.back());
        const auto& m = r.analysis.mains;
        REQUIRE(m.found);
        CHECK(m.nominal_hz == 50.0);
        CHECK(m.phase_tracked);
        CHECK(m.frequency_hz == Approx(counted).margin(0.005));
        CHECK(r.analysis.channels[0].diagnosis.kind == HumKind::ground_loop);  // a pure mains waveform
    }
}

TEST_CASE("real mains recordings: --track follows the drift second by second", "[hum][enf][acceptance]") {
    for (const char* name : kRecordings) {
        INFO(name);
        const Analysed r = analyse_file(name);
        const auto crossings = rising_crossings(r.audio.channels[0], r.audio.sample_rate_hz);
        const auto& track = r.analysis.track;
        // One point per second, tiling the record.
        REQUIRE(track.size() + 1 >= static_cast<std::size_t>(r.analysis.duration_s));
        CHECK(track.front().start_s == 0.0);
        // 10-s averages of the track against cycles counted over the same 10 s.
        double worst = 0, track_lo = 1e9, track_hi = -1e9, count_lo = 1e9, count_hi = -1e9;
        for (std::size_t k = 0; k + 10 <= track.size(); k += 10) {
            double mean = 0;
            for (std::size_t i = k; i < k + 10; ++i) mean += track[i].frequency_hz / 10.0;
            const double counted = counted_frequency(crossings, track[k].start_s, track[k + 9].end_s);
            worst = std::max(worst, std::abs(mean - counted));
            track_lo = std::min(track_lo, mean);
            track_hi = std::max(track_hi, mean);
            count_lo = std::min(count_lo, counted);
            count_hi = std::max(count_hi, counted);
        }
        INFO("10-s averages: counted " << count_lo << " to " << count_hi << " Hz, tracked " << track_lo << " to " << track_hi
                                       << " Hz, worst difference " << worst << " Hz");
        CHECK(count_hi - count_lo > 0.05);  // the grid really drifted: the check below is not vacuous
        CHECK(worst < 0.005);
        CHECK(track_lo == Approx(count_lo).margin(0.005));
        CHECK(track_hi == Approx(count_hi).margin(0.005));
        // Second by second as well (a count over one second is good to ~1e-3 Hz here).
        double worst_second = 0;
        for (const auto& p : track)
            worst_second = std::max(worst_second, std::abs(p.frequency_hz - counted_frequency(crossings, p.start_s, p.end_s)));
        INFO("worst 1-s difference " << worst_second << " Hz");
        CHECK(worst_second < 0.01);
    }
}

TEST_CASE("hum removal fitted on two silences removes real mains hum between them", "[hum][reference]") {
    // An impedance recording's situation: the hum is fitted on a 0.5 s
    // pre-roll and a 1.5 s post-roll, 4 s apart, and subtracted over the
    // whole record; what it leaves in the 3 s between them (never fitted)
    // is judged against the real grid's drifting mains, every 20 s of each
    // recording. No line other than the mains may be fitted on them.
    for (const char* name : kRecordings) {
        auto audio = read_audio_file(zbt::reference_file(name));
        REQUIRE(audio);
        const double fs = audio->sample_rate_hz;
        const auto& x = audio->channels[0];
        double worst_db = 1e9;
        std::size_t windows = 0;
        for (std::size_t i0 = 0; i0 + static_cast<std::size_t>(6 * fs) <= x.size(); i0 += static_cast<std::size_t>(20 * fs)) {
            std::vector<float> record(x.begin() + static_cast<long>(i0), x.begin() + static_cast<long>(i0 + static_cast<std::size_t>(6 * fs)));
            const Segment quiet[2] = {{0, static_cast<std::size_t>(0.5 * fs)}, {static_cast<std::size_t>(4.5 * fs), record.size()}};
            const StridedView channels[1] = {StridedView::of(record)};
            const HumFit fit = fit_hum(channels, fs, quiet);
            REQUIRE(fit.found);
            for (const auto& c : fit.channels[0].components) CHECK(c.harmonic > 0);
            const auto between = [&](const std::vector<float>& v, double offset) {
                double e = 0.0;
                for (auto t = static_cast<std::size_t>(1.0 * fs); t < static_cast<std::size_t>(4.0 * fs); ++t) e += std::pow(v[t] - offset, 2);
                return e;
            };
            double mean = 0.0;
            for (auto t = static_cast<std::size_t>(1.0 * fs); t < static_cast<std::size_t>(4.0 * fs); ++t) mean += record[t] / (3.0 * fs);
            const double before = between(record, mean);
            subtract_hum(fit.channels[0], record.data(), 1, record.size(), fs);
            worst_db = std::min(worst_db, 10.0 * std::log10(before / between(record, 0.0)));
            ++windows;
        }
        INFO(name << ": " << windows << " windows, the hum between the silences down by at least " << worst_db << " dB");
        CHECK(windows >= 8);
        CHECK(worst_db > 20.0);
    }
}
