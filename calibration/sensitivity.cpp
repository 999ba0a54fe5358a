#include "calibration/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "safety/format_number.h"
#include "safety/level_limits.h"
#include "safety/probe.h"
#include "util/units.h"

namespace zb::calibration {

namespace {

constexpr double kProbeLevelDbfs = -40.0;
constexpr double kFadeSeconds = 0.020;
constexpr double kTailSeconds = 0.300;    // room for the round-trip latency
constexpr double kBlockSeconds = 0.200;   // whole periods of 5 Hz multiples, 50 and 60 Hz
constexpr double kClipMargin = 0.7;       // refuse a tone predicted above −3 dBFS on an input
constexpr double kSameNodeTolerance = 0.2;
constexpr double kMinSnrDb = 40.0;

std::complex<double> ratio_at(const ComplexCurve& g, double f) { return g.empty() ? 1.0 : curve_at(g, f); }

struct ToneReading {
    std::complex<double> phasor;  // peak
    double snr_db = 0.0;
};

// Single-frequency DFT over [start, start + length): whole periods of the tone.
ToneReading read_tone(const std::vector<float>& x, std::size_t start, std::size_t length, double f, double fs) {
    std::complex<double> sum = 0.0;
    const std::complex<double> step = std::polar(1.0, -kTwoPi * f / fs);
    std::complex<double> rot = std::polar(1.0, -kTwoPi * f * static_cast<double>(start) / fs);
    double mean = 0.0;
    for (std::size_t i = 0; i < length; ++i) {
        sum += static_cast<double>(x[start + i]) * rot;
        mean += x[start + i];
        rot *= step;
        if ((i & 1023) == 1023) rot /= std::abs(rot);
    }
    const auto n = static_cast<double>(length);
    ToneReading r;
    r.phasor = 2.0 * sum / n;
    mean /= n;
    // The residual after the sine and DC: everything else (noise, hum).
    double power = 0.0;
    rot = std::polar(1.0, -kTwoPi * f * static_cast<double>(start) / fs);
    for (std::size_t i = 0; i < length; ++i) {
        const double fit = mean + (r.phasor * std::conj(rot)).real();
        power += std::pow(x[start + i] - fit, 2);
        rot *= step;
        if ((i & 1023) == 1023) rot /= std::abs(rot);
    }
    const double residual = std::max(power / n, 1e-30);
    r.snr_db = power_ratio_to_db(0.5 * std::norm(r.phasor) / residual);
    return r;
}

}  // namespace

Status validate_sensitivity_config(const SensitivityConfig& c) {
    if (auto st = check_level(c.level_dbfs, LevelLimits{}); !st) return st.error();
    const double five = c.frequency_hz / 5.0;
    if (!(c.frequency_hz >= 20.0 && c.frequency_hz <= 5000.0) || std::abs(five - std::round(five)) > 1e-9)
        return make_error("sensitivity: {frequency} ", c.frequency_hz,
                          " Hz must be a multiple of 5 Hz from 20 Hz to 5 kHz (a multimeter's band)");
    const auto hz = static_cast<long>(std::lround(c.frequency_hz));
    if (hz % 50 == 0 || hz % 60 == 0)
        return make_error("sensitivity: {frequency} ", hz, " Hz sits on a mains harmonic (a multiple of 50 or 60 Hz); use e.g. 315");
    if (!(c.tone_seconds >= 1.0 && c.tone_seconds <= 60.0))
        return make_error("sensitivity: {tone_seconds} must be from 1 to 60 (got ", c.tone_seconds, ")");
    return {};
}

Result<SensitivityTone> measure_sensitivity_tone(const StepContext& ctx, const SensitivityConfig& config,
                                                 const ComplexCurve& g) {
    if (ctx.device == nullptr) return make_error("calibration: no audio device");
    if (auto st = validate_sensitivity_config(config); !st) return st.error();
    AudioDevice& device = *ctx.device;
    const double fs = device.sample_rate_hz();

    // The probe: signal on A, both inputs on one node, no clipping ahead.
    ProbeConfig pc = ctx.safety.probe;
    pc.level_dbfs = kProbeLevelDbfs;
    auto probe = run_probe(device, pc, ctx.progress);
    if (!probe) return probe.error();
    if (probe->clipped_a + probe->clipped_b > 0)
        return make_error("sensitivity: an input clipped during the probe, at only ", format_number(kProbeLevelDbfs),
                          " dBFS: turn the input gain down");
    if (probe->snr_a_db < kProbeMinSnrDb)
        return make_error("sensitivity: no signal on input A (the probe stands ", format_number(probe->snr_a_db),
                          " dB above its noise, ", format_number(kProbeMinSnrDb), " dB needed): check the output cable and that input A is on the drive node");
    for (const auto& tone : probe->tones) {
        const double mismatch = std::abs(tone.b / (tone.a * ratio_at(g, tone.frequency_hz)) - 1.0);
        if (mismatch > kSameNodeTolerance)
            return make_error("sensitivity: inputs A and B differ by ", format_number(100.0 * mismatch), " % at ",
                              format_number(tone.frequency_hz),
                              " Hz, so they are not on the same node: short R_ref and disconnect the driver before the tone plays");
    }
    // The probe's peak scaled to the tone's level; DC does not scale.
    const double gain = db_to_gain(config.level_dbfs - kProbeLevelDbfs);
    const double predicted = std::max((probe->peak_a_fs - std::abs(probe->dc_a_fs)) * gain + std::abs(probe->dc_a_fs),
                                      (probe->peak_b_fs - std::abs(probe->dc_b_fs)) * gain + std::abs(probe->dc_b_fs));
    if (predicted > kClipMargin)
        return make_error("sensitivity: at ", format_number(config.level_dbfs), " dBFS the tone would reach ",
                          format_number(peak_fs_to_dbfs(predicted)), " dBFS on the inputs; lower {level} or the input gain");

    // The tone.
    const auto fade = static_cast<std::size_t>(std::round(kFadeSeconds * fs));
    const auto tone_len = static_cast<std::size_t>(std::round(config.tone_seconds * fs));
    const auto tail = static_cast<std::size_t>(std::round(kTailSeconds * fs));
    std::vector<float> out(tone_len + tail, 0.0f);
    const double amplitude = dbfs_to_peak_fs(config.level_dbfs);
    for (std::size_t i = 0; i < tone_len; ++i) {
        double env = 1.0;
        if (i < fade) env = 0.5 - 0.5 * std::cos(std::numbers::pi * static_cast<double>(i) / static_cast<double>(fade));
        else if (i >= tone_len - fade)
            env = 0.5 - 0.5 * std::cos(std::numbers::pi * static_cast<double>(tone_len - 1 - i) / static_cast<double>(fade));
        out[i] = static_cast<float>(amplitude * env * std::sin(kTwoPi * config.frequency_hz * static_cast<double>(i) / fs));
    }
    auto capture = device.play_record(out, ctx.progress);
    if (!capture) return capture.error();
    if (capture->xruns > 0)
        return make_error(device.description(), ": ", capture->xruns, " buffer over/underruns during the tone");
    if (capture->clipped_a + capture->clipped_b > 0)
        return make_error("sensitivity: input ", capture->clipped_a > 0 ? "A" : "B",
                          " clipped during the tone; lower {level} by 6 dB or more");

    // The steady part whatever the latency (up to the tail), whole 0.2 s blocks.
    const std::size_t start = fade + tail;
    const auto block = static_cast<std::size_t>(std::round(kBlockSeconds * fs));
    if (tone_len < start + fade + block) return make_error("sensitivity: {tone_seconds} too short");
    const std::size_t length = (tone_len - fade - start) / block * block;
    const auto a = read_tone(capture->a, start, length, config.frequency_hz, fs);
    const auto b = read_tone(capture->b, start, length, config.frequency_hz, fs);
    if (a.snr_db < kMinSnrDb || b.snr_db < kMinSnrDb)
        return make_error("sensitivity: the tone stands only ", format_number(std::min(a.snr_db, b.snr_db)),
                          " dB above noise and hum on input ", a.snr_db < b.snr_db ? "A" : "B", " (", kMinSnrDb,
                          " dB needed): raise {level}");
    const double mismatch = std::abs(b.phasor / (a.phasor * ratio_at(g, config.frequency_hz)) - 1.0);
    if (mismatch > kSameNodeTolerance)
        return make_error("sensitivity: inputs A and B differ by ", format_number(100.0 * mismatch),
                          " % during the tone: short R_ref and disconnect the driver");
    SensitivityTone tone;
    tone.config = config;
    tone.peak_a_fs = std::abs(a.phasor);
    tone.peak_b_fs = std::abs(b.phasor);
    tone.snr_a_db = a.snr_db;
    tone.snr_b_db = b.snr_db;
    return tone;
}

double SensitivityStep::input_volts_per_fs(Input input) const {
    return volts_rms * std::numbers::sqrt2 / (input == Input::a ? peak_a_fs : peak_b_fs);
}

double SensitivityStep::output_volts_per_fs() const { return volts_rms * std::numbers::sqrt2 / dbfs_to_peak_fs(level_dbfs); }

Result<SensitivityStep> make_sensitivity_step(const SensitivityTone& tone, double volts_rms) {
    if (!(volts_rms > 0.0) || !std::isfinite(volts_rms) || volts_rms > 1000.0)
        return make_error("sensitivity: {volts_rms} must be the meter's reading in volts RMS, above 0 (got ", volts_rms, ")");
    SensitivityStep s;
    s.measured_utc = utc_timestamp_now();
    s.level_dbfs = tone.config.level_dbfs;
    s.frequency_hz = tone.config.frequency_hz;
    s.tone_seconds = tone.config.tone_seconds;
    s.volts_rms = volts_rms;
    s.peak_a_fs = tone.peak_a_fs;
    s.peak_b_fs = tone.peak_b_fs;
    return s;
}

nlohmann::json sensitivity_json(const SensitivityStep& s) {
    return {{"measured_utc", s.measured_utc}, {"level_dbfs", s.level_dbfs},     {"frequency_hz", s.frequency_hz},
            {"tone_seconds", s.tone_seconds}, {"volts_rms", s.volts_rms},       {"peak_fs", {s.peak_a_fs, s.peak_b_fs}}};
}

Result<SensitivityStep> read_sensitivity(JsonFields& f) {
    SensitivityStep s;
    f.require({"measured_utc", "level_dbfs", "frequency_hz", "tone_seconds", "volts_rms", "peak_fs"});
    s.measured_utc = read_utc_timestamp(f, "measured_utc");
    s.level_dbfs = f.number("level_dbfs", 0.0, -200.0, 0.0);
    s.frequency_hz = f.number("frequency_hz", 315.0, 1.0, 1e6);
    s.tone_seconds = f.number("tone_seconds", 3.0, 0.0, 3600.0);
    s.volts_rms = f.number("volts_rms", 1.0, 1e-9, 1000.0);
    const auto peaks = f.numbers("peak_fs", {1.0, 1.0}, 2, 1e-12, 2.0);
    if (f.failed()) return f.finish().error();
    s.peak_a_fs = peaks[0];
    s.peak_b_fs = peaks[1];
    return s;
}

}  // namespace zb::calibration
