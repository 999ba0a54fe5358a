#include "measure/impedance_measurement.h"

#include <algorithm>
#include <cmath>

#include "dsp/sweep_delay.h"
#include "util/printf_string.h"

namespace zb {

namespace {

constexpr double kFirstSweepS = 1.0;

// Adds `capture` into `sum`, moved by `shift` samples (positive: later);
// samples moved in from outside are zero.
void accumulate(std::vector<float>& sum, const std::vector<float>& capture, std::ptrdiff_t shift) {
    const auto n = static_cast<std::ptrdiff_t>(sum.size());
    for (std::ptrdiff_t i = std::max<std::ptrdiff_t>(0, shift); i < n && i - shift < static_cast<std::ptrdiff_t>(capture.size()); ++i)
        sum[static_cast<std::size_t>(i)] += capture[static_cast<std::size_t>(i - shift)];
}

// One sweep, played config.averages times: play, repeat once after buffer
// over/underruns, refuse clipping, average, analyse. Adds the audio played
// to `played_s`.
Result<ImpedanceMeasurement> sweep_and_analyse(AudioDevice& device, const ImpedanceMeasurementConfig& played,
                                               const ProgressFn& progress, SafetyReport& safety,
                                               SafetyReport* safety_out, double& played_s) {
    const double fs = device.sample_rate_hz();
    auto report = [&](Refusal why, const std::string& message) {
        safety.refusal = why;
        safety.message = message;
        if (safety_out) *safety_out = safety;
    };
    auto sweep = make_sweep(impedance_sweep_config(played, fs));
    if (!sweep) return sweep.error();
    const int n = std::max(played.averages, 1);
    const double sweep_s = sweep->config.duration_s + sweep->config.pre_silence_s + sweep->config.post_silence_s;
    std::string repeat_warning;
    std::uint64_t ignored_server_xruns = 0;
    Capture sum;
    std::optional<double> first_delay;
    for (int k = 0; k < n; ++k) {
        // Progress runs over the whole set; a cancel thrown from it stops between (or within) sweeps.
        const std::string stage = n == 1 ? std::string("sweep") : printf_string("sweep %d of %d", k + 1, n);
        const ProgressFn each = [&](double fraction, std::string_view) {
            if (progress) progress((k + fraction) / n, stage);
        };
        auto capture = device.play_record(sweep->signal, each);
        if (!capture) return capture.error();
        played_s += sweep_s;
        // A sweep with buffer over/underruns has gaps or shifts: it is never
        // analysed. It is repeated once; twice in a row means the device (or
        // the machine) cannot keep up.
        if (capture->xruns > 0) {
            const std::uint64_t first = capture->xruns;
            if (progress) progress(static_cast<double>(k) / n, "sweep (repeat)");
            capture = device.play_record(sweep->signal, each);
            if (!capture) return capture.error();
            played_s += sweep_s;
            if (capture->xruns > 0)
                return make_device_error(device.description(), ": ", first, " buffer over/underrun", first == 1 ? "" : "s",
                                         " during the sweep and ", capture->xruns, " again when it was repeated",
                                         "; close other audio programs or use larger buffers ({buffer_frames})");
            repeat_warning = std::to_string(first) + " buffer over/underrun" + (first == 1 ? "" : "s") + " during " +
                             (n == 1 ? std::string("the first sweep") : stage) + ": it was discarded and repeated";
        }
        // Clipping aborts before any analysis: nothing of a clipped capture is used.
        if (capture->clipped_a + capture->clipped_b > 0) {
            const std::string message = std::string("input ") + (capture->clipped_a > 0 ? "A" : "B") + " clipped during the sweep (" +
                                        std::to_string(capture->clipped_a + capture->clipped_b) +
                                        " samples at full scale); lower the level ({level}) by 6 dB or more, or the input gain, "
                                        "and measure again";
            report(Refusal::clipped, message);
            return Error{message};
        }
        ignored_server_xruns += capture->ignored_server_xruns;
        if (n == 1) {
            sum = std::move(*capture);
            break;
        }
        // Coherent average of the recordings. Within one stream the latency
        // is fixed, but a device may restart its stream per sweep: each
        // capture is aligned on the first by its sweep delay, to the sample.
        // A remaining fraction of a sample shifts A and B alike, so T = B/A
        // keeps it out of Z.
        const auto max_delay = static_cast<std::size_t>(sweep->config.post_silence_s * fs);
        const auto delay = estimate_sweep_delay(capture->a.data(), 1, capture->a.size(), *sweep, max_delay);
        std::ptrdiff_t shift = 0;
        if (k == 0) {
            sum = std::move(*capture);
            if (delay) first_delay = delay->delay_samples;
            continue;
        }
        if (delay && first_delay) shift = static_cast<std::ptrdiff_t>(std::llround(*first_delay - delay->delay_samples));
        accumulate(sum.a, capture->a, shift);
        accumulate(sum.b, capture->b, shift);
    }
    if (n > 1) {
        for (float& x : sum.a) x /= static_cast<float>(n);
        for (float& x : sum.b) x /= static_cast<float>(n);
    }
    sum.ignored_server_xruns = ignored_server_xruns;
    ImpedanceAnalysisConfig analysis = played.analysis;
    analysis.stimulus = sweep->config;
    if (progress) progress(0.0, "analysis");
    auto result = analyse_impedance(sum.a, sum.b, fs, analysis);
    if (!result) return result.error();
    if (!repeat_warning.empty()) result->warnings.insert(result->warnings.begin(), repeat_warning);
    if (sum.ignored_server_xruns > 0)
        result->warnings.push_back("the audio server reported " + std::to_string(sum.ignored_server_xruns) +
                                   " over/underrun(s) during the sweep, ignored as asked ({ignore_server_xruns})");
    return ImpedanceMeasurement{safety, std::move(*sweep), std::move(sum), std::move(*result), {}};
}

}  // namespace

SweepConfig impedance_sweep_config(const ImpedanceMeasurementConfig& c, double fs) {
    SweepConfig s;
    s.sample_rate_hz = fs;
    s.start_hz = 0.5 * c.analysis.grid.fmin_hz;
    s.end_hz = std::min(1.15 * c.analysis.grid.fmax_hz, 0.48 * fs);
    s.duration_s = c.sweep_seconds;
    s.level_dbfs = c.level_dbfs;
    s.pre_silence_s = c.pre_silence_s;
    s.post_silence_s = c.post_silence_s;
    return s;
}

Result<ImpedanceMeasurement> measure_impedance(AudioDevice& device, const ImpedanceMeasurementConfig& config,
                                               const ProgressFn& progress, SafetyReport* safety_out) {
    const double fs = device.sample_rate_hz();
    if (!(fs >= 44100.0 && fs <= 384000.0))
        return make_error(device.description(), ": sample rate ", fs,
                          " Hz is unsupported for impedance; use 44.1 kHz to 384 kHz (the curve runs to 20 kHz)");
    if (auto st = validate_log_grid(config.analysis.grid); !st) return st.error();
    if (config.analysis.grid.fmax_hz > max_fmax_hz(fs) * (1.0 + 1e-12))
        return make_setting_error("fmax", "{fmax} ", config.analysis.grid.fmax_hz, " Hz is too close to half the sample rate (",
                                  fs, " Hz); use {fmax} ", max_fmax_hz(fs), " or lower");
    ImpedanceMeasurementConfig checked = config;
    if (!(checked.sweep_seconds > 0.0)) checked.sweep_seconds = kFirstSweepS;
    if (auto st = validate_sweep_config(impedance_sweep_config(checked, fs)); !st) return st.error();

    SafetyReport safety;
    if (auto st = run_preflight(device, config.safety, config.analysis.r_ref_nominal_ohm, config.level_dbfs, progress, safety); !st) {
        if (safety_out) *safety_out = safety;
        return st.error();
    }
    ImpedanceMeasurementConfig played = config;
    played.level_dbfs = safety.level->level_dbfs;
    SweepChoice choice;
    choice.automatic = !(config.sweep_seconds > 0.0);
    choice.audio_played_s = safety.probe ? safety.probe->played_s : 0.0;
    if (choice.automatic) {
        played.sweep_seconds = kFirstSweepS;
        // Silences that hold 0.35 s of latency, unless the probe heard a longer one.
        if (!safety.probe || safety.probe->latency_s < 0.25) {
            played.pre_silence_s = 0.15;
            played.post_silence_s = 0.35;
        }
    }
    auto run = sweep_and_analyse(device, played, progress, safety, safety_out, choice.audio_played_s);
    if (!run) return run.error();
    const double target = config.target_uncertainty_percent;
    auto worst = [](const ImpedanceAnalysis& a) { return a.worst_uncertainty_percent; };
    choice.uncertainty_percent = worst(run->analysis);
    if (choice.automatic && choice.uncertainty_percent > target) {
        // σ ∝ 1/√T; 20 % spare for the estimate's own scatter.
        const double first = choice.uncertainty_percent;
        const double needed = 1.2 * kFirstSweepS * (first / target) * (first / target);
        played.sweep_seconds = std::min(std::ceil(needed * 10.0) / 10.0, config.max_auto_sweep_s);
        played.pre_silence_s = ImpedanceMeasurementConfig{}.pre_silence_s;
        played.post_silence_s = ImpedanceMeasurementConfig{}.post_silence_s;
        if (progress) progress(0.0, "sweep (longer)");
        run = sweep_and_analyse(device, played, progress, safety, safety_out, choice.audio_played_s);
        if (!run) return run.error();
        choice.uncertainty_percent = worst(run->analysis);
        choice.reason = printf_string("noise: a %.3g s sweep reached %.3g %%, so %.3g s were played for the target %.3g %%%s",
                                      kFirstSweepS, first, played.sweep_seconds, target,
                                      needed > config.max_auto_sweep_s ? " (the longest allowed; the target is out of reach)" : "");
        if (choice.uncertainty_percent > target)
            run->analysis.warnings.push_back(printf_string("the automatic sweep length (%.3g s) reached %.3g %%, not the target %.3g %%; "
                                                           "raise {level} or quieten the bench",
                                                           played.sweep_seconds, choice.uncertainty_percent, target));
    } else if (choice.automatic) {
        choice.reason = printf_string("a %.3g s sweep reached %.3g %%, within the target %.3g %%", kFirstSweepS,
                                      choice.uncertainty_percent, target);
    } else {
        choice.reason = "as set";
    }
    choice.sweep_seconds = played.sweep_seconds;
    choice.averages = std::max(config.averages, 1);
    run->choice = choice;
    if (progress) progress(1.0, "analysis");
    if (safety_out) *safety_out = safety;
    run->safety = std::move(safety);
    return run;
}

}  // namespace zb
