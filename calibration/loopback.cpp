#include "calibration/loopback.h"

#include <algorithm>
#include <cmath>

#include "dsp/sweep_delay.h"
#include "measure/impedance_analysis.h"
#include "measure/impedance_measurement.h"
#include "safety/format_number.h"
#include "safety/probe.h"
#include "util/units.h"

namespace zb::calibration {

namespace {

constexpr double kProbeLevelDbfs = -40.0;
constexpr double kClipMargin = 0.7;  // refuse when the sweep is predicted above −3 dBFS on input A

}  // namespace

Result<LoopbackStep> run_loopback(const StepContext& ctx) {
    if (ctx.device == nullptr) return make_error("calibration: no audio device");
    AudioDevice& device = *ctx.device;
    const double fs = device.sample_rate_hz();
    if (auto st = check_level(ctx.level_dbfs, ctx.safety.limits); !st) return st.error();

    ImpedanceMeasurementConfig mc;
    mc.level_dbfs = ctx.level_dbfs;
    mc.sweep_seconds = ctx.sweep_seconds;
    mc.analysis.grid = ctx.grid;
    const SweepConfig sweep_config = impedance_sweep_config(mc, fs);
    if (auto st = validate_sweep_config(sweep_config); !st) return st.error();

    // The probe: is input A on the output, and will the sweep fit?
    ProbeConfig pc = ctx.safety.probe;
    pc.level_dbfs = kProbeLevelDbfs;
    auto probe = run_probe(device, pc, ctx.progress);
    if (!probe) return probe.error();
    if (probe->clipped_a > 0)
        return make_error("loopback: input A clipped during the probe, at only ", format_number(kProbeLevelDbfs),
                          " dBFS: turn the input gain down");
    if (probe->snr_a_db < kProbeMinSnrDb)
        return make_error("loopback: no signal on input A (the probe stands ", format_number(probe->snr_a_db),
                          " dB above its noise, ", format_number(kProbeMinSnrDb), " dB needed): connect the output straight to input A");
    // The probe's peak scaled to the sweep's level; DC does not scale.
    const double predicted_peak =
        (probe->peak_a_fs - std::abs(probe->dc_a_fs)) * db_to_gain(ctx.level_dbfs - kProbeLevelDbfs) + std::abs(probe->dc_a_fs);
    if (predicted_peak > kClipMargin)
        return make_error("loopback: at ", format_number(ctx.level_dbfs), " dBFS the sweep would reach ",
                          format_number(peak_fs_to_dbfs(predicted_peak)),
                          " dBFS on input A; lower {level} or the input gain");

    auto sweep = make_sweep(sweep_config);
    if (!sweep) return sweep.error();
    auto capture = device.play_record(sweep->signal, ctx.progress);
    if (!capture) return capture.error();
    if (capture->xruns > 0)
        return make_error(device.description(), ": ", capture->xruns, " buffer over/underruns during the sweep");
    if (capture->clipped_a > 0)
        return make_error("loopback: input A clipped during the sweep; lower {level} by 6 dB or more");

    const std::size_t n = capture->a.size();
    const auto max_delay = static_cast<std::size_t>(sweep_config.post_silence_s * fs);
    const auto delay = estimate_sweep_delay(capture->a.data(), 1, n, *sweep, max_delay);
    if (!delay) return make_error("loopback: the sweep was not found on input A; connect the output straight to input A");

    // The stimulus, delayed by the latency's whole samples, stands in for A.
    const auto whole = static_cast<std::size_t>(std::floor(delay->delay_samples));
    const double fraction = delay->delay_samples - static_cast<double>(whole);
    std::vector<float> stimulus(n, 0.0f);
    for (std::size_t i = 0; i + whole < n && i < sweep->signal.size(); ++i) stimulus[i + whole] = sweep->signal[i];
    ImpedanceAnalysisConfig ac;
    ac.r_ref_nominal_ohm = 1.0;  // unused: only T is read
    ac.grid = ctx.grid;
    ac.stimulus = sweep_config;
    if (ctx.progress) ctx.progress(0.0, "analysis");
    auto analysis = analyse_impedance(stimulus, capture->a, fs, ac);
    if (!analysis) return make_error("loopback: ", analysis.message());
    if (ctx.progress) ctx.progress(1.0, "analysis");

    LoopbackStep out;
    out.measured_utc = utc_timestamp_now();
    out.level_dbfs = ctx.level_dbfs;
    out.sweep_seconds = ctx.sweep_seconds;
    out.sample_rate_hz = fs;
    out.latency_samples = delay->delay_samples;
    out.response.frequency_hz = analysis->curve.frequency_hz;
    out.response.value.resize(analysis->transfer.size());
    for (std::size_t i = 0; i < analysis->transfer.size(); ++i)
        out.response.value[i] =
            analysis->transfer[i] * std::polar(1.0, kTwoPi * out.response.frequency_hz[i] * fraction / fs);
    return out;
}

nlohmann::json loopback_json(const LoopbackStep& step) {
    return {{"measured_utc", step.measured_utc},
            {"level_dbfs", step.level_dbfs},
            {"sweep_seconds", step.sweep_seconds},
            {"sample_rate_hz", step.sample_rate_hz},
            {"latency_samples", step.latency_samples},
            {"response", complex_curve_json(step.response)}};
}

Result<LoopbackStep> read_loopback(JsonFields& f) {
    LoopbackStep s;
    f.require({"measured_utc", "level_dbfs", "sweep_seconds", "sample_rate_hz", "latency_samples", "response"});
    s.measured_utc = read_utc_timestamp(f, "measured_utc");
    s.level_dbfs = f.number("level_dbfs", 0.0, -200.0, 0.0);
    s.sweep_seconds = f.number("sweep_seconds", 0.0, 0.0, 3600.0);
    s.sample_rate_hz = f.number("sample_rate_hz", 48000.0, 8000.0, 384000.0);
    s.latency_samples = f.number("latency_samples", 0.0, 0.0, 1e7);
    const nlohmann::json* response = f.object("response");
    if (f.failed()) return f.finish().error();
    auto curve = parse_complex_curve(*response, f.source(), f.field("response"));
    if (!curve) return curve.error();
    s.response = std::move(*curve);
    return s;
}

}  // namespace zb::calibration
