#include "app/generate_job.h"

#include <algorithm>
#include <cmath>

#include "safety/format_number.h"
#include "safety/level_limits.h"
#include "util/units.h"

namespace zb::app {

namespace {

constexpr double kBlockSeconds = 0.05;  // how often the job looks at the cancel flag and the inputs

SignalConfig signal_config(const GenerateRequest& r, double fs) {
    SignalConfig c;
    c.kind = *parse_signal_kind(r.signal);
    c.sample_rate_hz = fs;
    c.frequency_hz = r.frequency_hz;
    c.level_dbfs = r.level_dbfs;
    c.duration_s = r.seconds;
    return c;
}

void describe(GenerateResult& out, const SignalGenerator& g) {
    out.signal = g.config();
    out.peak_dbfs = g.peak_dbfs();
    out.rms_dbfs = g.rms_dbfs();
    out.crest_factor_db = g.crest_factor_db();
    out.band_low_hz = g.band_low_hz();
    out.band_high_hz = g.band_high_hz();
}

// Sum of squares and peak of one input over the whole time played.
struct LevelMeter {
    double sum_squares = 0.0, peak = 0.0;
    std::size_t frames = 0;
    void add(std::span<const float> x) {
        for (float v : x) {
            sum_squares += double{v} * v;
            peak = std::max(peak, std::abs(double{v}));
        }
        frames += x.size();
    }
    InputLevel level() const {
        constexpr double kFloor = 1e-12;  // below 24-bit quantisation: silence
        return {rms_fs_to_dbfs(std::max(std::sqrt(sum_squares / static_cast<double>(std::max<std::size_t>(frames, 1))), kFloor)),
                peak_fs_to_dbfs(peak, kFloor)};
    }
};

void play(const GenerateRequest& r, GenerateResult& out, const ProgressFn& progress, const CancelToken& cancel) {
    OpenedDevice opened = open_device(r.device);
    const double fs = opened.device->sample_rate_hz();
    auto g = SignalGenerator::make(signal_config(r, fs));
    if (!g) fail_with(g.error(), Failure::bad_setting);
    describe(out, *g);
    out.device = opened.description;
    const std::size_t block = std::max<std::size_t>(1, static_cast<std::size_t>(kBlockSeconds * fs));
    const std::size_t tail = static_cast<std::size_t>(fs);
    LevelMeter meter_a, meter_b;
    if (progress) progress(0.0, "playing");
    auto fill = [&](std::span<float> samples) {
        if (cancel.cancelled() && !out.cancelled) {
            out.cancelled = true;
            g->stop();
        }
        const std::size_t n = g->fill(samples);
        if (progress && r.seconds > 0.0)
            progress(std::min(1.0, static_cast<double>(g->position()) / static_cast<double>(g->total_frames())), "playing");
        else if (progress)
            progress(0.0, "playing");
        return n;
    };
    auto on_input = [&](std::span<const float> a, std::span<const float> b) {
        meter_a.add(a);
        meter_b.add(b);
        out.input_a_tail.insert(out.input_a_tail.end(), a.begin(), a.end());
        if (out.input_a_tail.size() > 2 * tail)
            out.input_a_tail.erase(out.input_a_tail.begin(), out.input_a_tail.end() - static_cast<std::ptrdiff_t>(tail));
        return true;
    };
    if (auto st = opened.device->play_stream(block, fill, on_input); !st) fail_with(st.error(), Failure::device);
    if (out.input_a_tail.size() > tail)
        out.input_a_tail.erase(out.input_a_tail.begin(), out.input_a_tail.end() - static_cast<std::ptrdiff_t>(tail));
    out.played_s = static_cast<double>(g->position()) / fs;
    out.xruns = opened.device->monitor_xruns();
    if (out.xruns > 0)
        out.warnings.push_back(std::to_string(out.xruns) + " buffer over/underrun(s) while playing: the signal had gaps; close "
                                                           "other audio programs or use larger buffers ({buffer_frames})");
    if (meter_a.frames > 0) {
        out.input_a = meter_a.level();
        out.input_b = meter_b.level();
    }
    if (progress) progress(1.0, "playing");
}

void write(const GenerateRequest& r, GenerateResult& out) {
    auto g = SignalGenerator::make(signal_config(r, r.wav_rate_hz));
    if (!g) fail_with(g.error(), Failure::bad_setting);
    describe(out, *g);
    AudioFile file;
    file.sample_rate_hz = r.wav_rate_hz;
    file.channels.emplace_back(g->total_frames());
    file.channels[0].resize(g->fill(file.channels[0]));
    out.played_s = static_cast<double>(file.frames()) / r.wav_rate_hz;
    out.device = nullptr;
    out.wav = std::move(file);
}

}  // namespace

void check_generate_request(const GenerateRequest& r) {
    if (!parse_signal_kind(r.signal)) fail_setting("signal", "signal '" + r.signal + "' is unknown; use sine, pink, white or sweep");
    if (auto st = check_level(r.level_dbfs, LevelLimits{}); !st) {
        const std::string message = render_message(st.message(), [](std::string_view s) {
            std::string name = "{";
            name.append(s == "level" ? "signal_level" : s).push_back('}');
            return name;
        });
        throw JobFailure{AppError{Failure::refused, "signal_level", message, Refusal::level_too_high}};
    }
    if (!r.out_wav.empty()) {
        check_no_device(r.device, "out");
        if (!(r.wav_rate_hz >= 8000.0 && r.wav_rate_hz <= 384000.0))
            fail_setting("wav_rate", "{wav_rate} " + format_number(r.wav_rate_hz) + " Hz is out of range; use 8000 to 384000");
        if (!(r.seconds > 0.0)) fail_setting("signal_seconds", "a signal written to {out} needs {signal_seconds} above 0");
    } else {
        check_device_request(r.device);
    }
    // The rate-independent checks of the signal, at a rate every device offers.
    SignalConfig c = signal_config(r, 96000.0);
    c.frequency_hz = std::min(c.frequency_hz, 20000.0);
    if (auto st = validate_signal_config(c); !st) fail_with(st.error(), Failure::bad_setting);
}

AppResult<GenerateResult> run_generate(const GenerateRequest& r, const ProgressFn& progress, const CancelToken& cancel) {
    return run_job([&] {
        check_generate_request(r);
        GenerateResult out;
        if (r.out_wav.empty()) play(r, out, progress, cancel);
        else write(r, out);
        return out;
    });
}

}  // namespace zb::app
