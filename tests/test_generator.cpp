// The signal generator (dsp/signal_generator.h), its job (app/generate_job.h)
// and `zbench generate`: spectra, levels and crest factors of each signal,
// the WAV output, the level refusal, the fade-out on Ctrl-C, and playing on
// the virtual rig with the tone read back on input A.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "app/exit_codes.h"
#include "app/generate_job.h"
#include "dsp/fft.h"
#include "io/wav.h"
#include "support/test_support.h"
#include "util/printf_string.h"
#include "util/units.h"

using namespace zb;

namespace {

// Frequency of a clean tone from its upward zero crossings (linearly
// interpolated): exact to far below 0.01 Hz for a second of a tone.
double tone_frequency_hz(std::span<const float> x, double fs) {
    double first = -1.0, last = -1.0;
    int crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i)
        if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
            const double t = (static_cast<double>(i) - 1.0 + x[i - 1] / (x[i - 1] - x[i])) / fs;
            if (first < 0.0) first = t;
            last = t;
            ++crossings;
        }
    return crossings > 1 ? (crossings - 1) / (last - first) : 0.0;
}

double peak_of(std::span<const float> x) {
    double p = 0.0;
    for (float v : x) p = std::max(p, std::abs(double{v}));
    return p;
}

double rms_of(std::span<const float> x) {
    double s = 0.0;
    for (float v : x) s += double{v} * v;
    return std::sqrt(s / static_cast<double>(x.size()));
}

// Power in [f_lo, f_hi) of the whole signal, from one FFT.
struct BandPower {
    std::vector<double> power;
    double bin_hz;
    BandPower(std::span<const float> x, double fs) {
        const std::size_t n = x.size() & ~std::size_t{1};
        fft::RealFft<double> fft(n);
        fft::AlignedVector<double> in(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n));
        fft::AlignedVector<std::complex<double>> out(fft.bins());
        fft.forward(in.data(), out.data());
        for (const auto& c : out) power.push_back(std::norm(c));
        bin_hz = fs / static_cast<double>(n);
    }
    double operator()(double f_lo, double f_hi) const {
        double s = 0.0;
        for (std::size_t k = 0; k < power.size(); ++k)
            if (k * bin_hz >= f_lo && k * bin_hz < f_hi) s += power[k];
        return s;
    }
};

app::GenerateRequest wav_request(const std::string& signal, const std::string& path) {
    app::GenerateRequest r;
    r.signal = signal;
    r.out_wav = path;
    return r;
}

}  // namespace

TEST_CASE("generate sine --out: the tone at its frequency and peak level, fading in", "[generator][acceptance]") {
    zbt::TempDir dir;
    for (double f : {50.0, 997.0, 15000.0}) {
        const std::string path = dir.file("s.wav");
        auto r = zbt::zbench({"generate", "sine", "--frequency", std::to_string(f), "--level", "-20", "--seconds", "1", "--out", path});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto wav = read_audio_file(path);
        REQUIRE(wav.ok());
        REQUIRE(wav->channels.size() == 1);
        const auto& x = wav->channels[0];
        CHECK(wav->frames() == 48000);
        const double fs = wav->sample_rate_hz;
        const double measured = tone_frequency_hz(x, fs);
        const double peak_dbfs = peak_fs_to_dbfs(peak_of(x));
        std::printf("  sine %g Hz: measured %.4f Hz, peak %.3f dBFS\n", f, measured, peak_dbfs);
        CHECK(std::abs(measured - f) < 2.0);
        // The sampled peak of a 15 kHz tone may miss the true peak by
        // 1 − cos(π f/fs) at most: 0.36 dB at 48 kHz; the acceptance is 0.2 dB.
        CHECK(std::abs(peak_dbfs + 20.0) < 0.2);
        // Fade-in: the first millisecond is far below the level, 20 ms in it is reached.
        const std::size_t ms = static_cast<std::size_t>(fs / 1000.0);
        CHECK(peak_of(std::span(x).first(ms / 4)) < 0.01 * dbfs_to_peak_fs(-20.0));
        CHECK(peak_of(std::span(x).subspan(20 * ms, 20 * ms)) > 0.9 * dbfs_to_peak_fs(-20.0));
        CHECK(std::abs(x.front()) < 1e-4);
        CHECK(std::abs(x.back()) < 1e-4);
    }
}

TEST_CASE("pink noise: equal power per octave, -3 dB per octave, 20 Hz to 20 kHz, the crest factor it states", "[generator][acceptance]") {
    zbt::TempDir dir;
    const std::string path = dir.file("p.wav");
    auto r = zbt::zbench({"generate", "pink", "--level", "-20", "--out", path});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto wav = read_audio_file(path);
    REQUIRE(wav.ok());
    const auto& x = wav->channels[0];
    const double fs = wav->sample_rate_hz;
    CHECK(std::abs(peak_fs_to_dbfs(peak_of(x)) + 20.0) < 0.01);
    // The summary's crest factor is the signal's (fades change it by < 0.01 dB).
    const double crest_db = gain_to_db(peak_of(x) / rms_of(x));
    std::printf("  pink: crest factor %.2f dB, RMS %.2f dBFS (AES17)\n", crest_db, rms_fs_to_dbfs(rms_of(x)));
    CHECK_THAT(r.out, Catch::Contains(printf_string("crest factor %.1f dB", crest_db)));
    CHECK(crest_db < 10.0);
    const BandPower band(x, fs);
    // Octaves from 100 Hz to 10 kHz (and the 20 Hz and 20 kHz edges).
    std::vector<double> octave_db;
    for (double f = 100.0; f * 2.0 <= 10000.0 * 1.01; f *= 2.0) octave_db.push_back(power_ratio_to_db(band(f, 2.0 * f)));
    const auto [lo, hi] = std::minmax_element(octave_db.begin(), octave_db.end());
    std::printf("  pink: octaves 100 Hz to 10 kHz within %.3f dB\n", *hi - *lo);
    CHECK(*hi - *lo < 1.5);
    CHECK(*hi - *lo < 0.1);  // the synthesis sets every bin: far better than the acceptance
    const double total = band(0.0, fs / 2.0);
    CHECK(band(0.0, 19.0) < 1e-4 * total);
    CHECK(band(21000.0, fs / 2.0) < 1e-4 * total);
}

TEST_CASE("white noise is flat: +3 dB per octave of power, its peak the level", "[generator]") {
    auto r = app::run_generate(wav_request("white", "w.wav"), nullptr);
    REQUIRE(r.ok());
    const auto& x = r->wav->channels[0];
    CHECK(std::abs(peak_fs_to_dbfs(peak_of(x)) + 20.0) < 0.01);
    CHECK(std::abs(r->rms_dbfs - rms_fs_to_dbfs(rms_of(x))) < 0.05);
    const BandPower band(x, r->wav->sample_rate_hz);
    for (double f = 100.0; 4.0 * f <= 21600.0; f *= 2.0) {
        const double step_db = power_ratio_to_db(band(2.0 * f, 4.0 * f) / band(f, 2.0 * f));
        INFO("octave " << f << " Hz: " << step_db << " dB");
        CHECK(std::abs(step_db - 3.0103) < 0.1);
    }
}

TEST_CASE("the log sweep plays at its peak level from 20 Hz to 20 kHz", "[generator]") {
    auto request = wav_request("sweep", "s.wav");
    request.seconds = 2.0;
    auto r = app::run_generate(request, nullptr);
    REQUIRE(r.ok());
    const auto& x = r->wav->channels[0];
    CHECK(x.size() == 96000);
    CHECK(std::abs(peak_fs_to_dbfs(peak_of(x)) + 20.0) < 0.05);
    // A constant-amplitude sweep's power falls 3 dB per octave, as pink noise's.
    const BandPower band(x, 48000.0);
    const double step_db = power_ratio_to_db(band(2000.0, 4000.0) / band(1000.0, 2000.0));
    CHECK(std::abs(step_db) < 0.2);
    CHECK(std::abs(power_ratio_to_db(band(100.0, 1000.0) / band(1000.0, 10000.0))) < 0.2);
}

TEST_CASE("generate refuses a level above -3 dBFS peak with exit 4, before anything plays", "[generator][acceptance]") {
    for (const char* level : {"0", "-2.9"}) {
        auto r = zbt::zbench({"generate", "pink", "--level", level});
        INFO(r.err);
        CHECK(r.exit_code == 4);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains("--level " + std::string(level) + " dBFS is above the -3 dBFS limit"));
        CHECK(r.out.empty());
    }
    app::GenerateRequest request;
    request.level_dbfs = -1.0;
    auto r = app::run_generate(request, nullptr);
    REQUIRE(!r.ok());
    CHECK(r.error().refusal == Refusal::level_too_high);
    CHECK(app::exit_code_for(r.error()) == app::kExitRefused);
    CHECK(r.error().setting == "signal_level");
    request.level_dbfs = -3.0;
    request.seconds = 0.1;
    CHECK(app::run_generate(request, nullptr).ok());
}

TEST_CASE("bad generator settings are one line naming the option", "[generator]") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const Case cases[] = {
        {{"generate", "sine", "--frequency", "30000"}, "--frequency 30000 Hz is out of range; use 1 Hz to 21600 Hz"},
        {{"generate", "sine", "--seconds", "0", "--out", "x.wav"}, "a signal written to --out needs --seconds above 0"},
        {{"generate", "sweep", "--seconds", "0"}, "a sweep needs a duration; give --seconds 0.1 or more"},
        {{"generate", "sine", "--seconds", "0.01"}, "--seconds 0.01 is shorter than the fades"},
        {{"generate", "sine", "--out", "x.wav", "--sim-realtime"}, "--out analyses a file"},
    };
    for (const auto& c : cases) {
        auto r = zbt::zbench(c.args);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains(c.message));
    }
}

TEST_CASE("generate plays through the rig: the tone arrives on input A at its frequency and level", "[generator][acceptance]") {
    app::GenerateRequest request;
    request.frequency_hz = 440.0;
    request.level_dbfs = -20.0;
    request.seconds = 2.0;
    std::vector<double> progress;
    auto r = app::run_generate(request, [&](double f, std::string_view) { progress.push_back(f); });
    REQUIRE(r.ok());
    CHECK(r->played_s == Approx(2.0).margin(1e-9));
    CHECK_FALSE(r->cancelled);
    REQUIRE(r->input_a);
    // The default rig's input A is the drive node: the output itself.
    std::printf("  rig: input A %.3f dBFS RMS, %.4f Hz\n", r->input_a->rms_dbfs, tone_frequency_hz(r->input_a_tail, 48000.0));
    CHECK(std::abs(tone_frequency_hz(std::span(r->input_a_tail).first(24000), 48000.0) - 440.0) < 0.01);
    CHECK(std::abs(r->input_a->rms_dbfs + 20.0) < 0.1);  // fades: 20 ms of 2 s, −0.04 dB
    CHECK(r->input_b->rms_dbfs < r->input_a->rms_dbfs);
    REQUIRE(progress.size() > 10);
    CHECK(std::is_sorted(progress.begin(), progress.end()));
    CHECK(progress.back() == 1.0);
}

TEST_CASE("cancelling the generator fades out, then the job ends as cancelled", "[generator]") {
    app::GenerateRequest request;
    request.frequency_hz = 1000.0;
    request.seconds = 0.0;  // until cancelled
    // Cancelled from the progress callback, which follows every 50 ms
    // block: after the first call and 10 blocks, 0.5 s have been made.
    std::size_t calls = 0;
    app::CancelToken token;
    const double played_at_cancel = 0.5;
    auto result = app::run_generate(
        request,
        [&](double, std::string_view) {
            if (++calls == 11) token.cancel();
        },
        token);
    REQUIRE(result.ok());
    CHECK(result->cancelled);
    // The 20 ms fade-out after the block under way when it was cancelled.
    CHECK(result->played_s > played_at_cancel);
    CHECK(result->played_s < played_at_cancel + 0.05 + 0.02 + 1e-9);
    const auto& a = result->input_a_tail;
    REQUIRE(a.size() > 4800);
    // The last 20 ms fall smoothly from the level to silence: the last
    // millisecond is far below the level, and no step between samples is
    // larger than the tone's own (2π·1 kHz/48 kHz of the peak).
    const double peak = dbfs_to_peak_fs(-20.0);
    CHECK(peak_of(std::span(a).last(48)) < 0.01 * peak);
    CHECK(peak_of(std::span(a).last(2400).first(480)) > 0.9 * peak);
    double max_step = 0.0;
    for (std::size_t i = a.size() - 2400; i < a.size(); ++i) max_step = std::max(max_step, std::abs(double{a[i]} - a[i - 1]));
    CHECK(max_step < 1.05 * kTwoPi * 1000.0 / 48000.0 * peak);
}

TEST_CASE("Ctrl-C during zbench generate fades out and leaves with exit 130", "[generator]") {
    std::ostringstream script;
    script << "'" << zbt::zbench_bin() << "' generate pink --seconds 0 --sim-realtime & pid=$!; sleep 0.5; kill -INT $pid; wait $pid; echo rc=$?";
    auto r = zbt::run_process({"/bin/sh", "-c", script.str()});
    INFO(r.out << r.err);
    CHECK_THAT(r.out, Catch::Contains("rc=130"));
    CHECK_THAT(r.out, Catch::Contains("stopped with a fade-out"));
    CHECK(r.err == "zbench: stopped (Ctrl-C) after a fade-out\n");
}
