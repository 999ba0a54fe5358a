#include "app/impedance_job.h"

#include <algorithm>
#include <cmath>

#include "app/safety_setup.h"
#include "io/wav.h"
#include "measure/recording_metadata.h"
#include "safety/format_number.h"
#include "safety/level_limits.h"

namespace zb::app {

namespace {

// The settings that depend on the sample rate, checked before anything plays.
void check_band(const ImpedanceRequest& r, double fs) {
    const double fmax = r.fmax_hz.value_or(default_fmax_hz(fs));
    if (fmax > max_fmax_hz(fs) * (1.0 + 1e-12))
        fail_setting("fmax", "{fmax} " + format_number(fmax) + " Hz is too close to half the sample rate (" + format_number(fs) +
                                 " Hz); use {fmax} " + format_number(max_fmax_hz(fs)) + " or lower");
    if (!(r.fmin_hz < fmax))
        fail_setting("fmin", "{fmin} " + format_number(r.fmin_hz) + " Hz must be below {fmax} " + format_number(fmax) + " Hz");
}

ImpedanceMeasurementConfig measurement_config(const ImpedanceRequest& r, const ImpedanceSetup& setup) {
    ImpedanceMeasurementConfig c;
    c.level_dbfs = r.level_dbfs;
    c.sweep_seconds = r.sweep_seconds;
    c.target_uncertainty_percent = r.target_uncertainty_percent;
    c.averages = r.averages;
    c.analysis.grid = setup.band;
    c.analysis.smoothing_fraction = setup.smoothing_fraction;
    c.analysis.r_ref_nominal_ohm = setup.r_ref_nominal_ohm;
    return c;
}

void apply_profile(ImpedanceResult& out, ImpedanceMeasurementConfig& config) {
    if (!out.profile) return;
    out.corrections = calibration::apply_to_impedance(out.profile->profile, config);
    if (out.corrections.divider.reference) out.setup.r_ref_effective_ohm = out.corrections.divider.r_ref_effective_ohm;
    out.warnings.insert(out.warnings.end(), out.profile->warnings.begin(), out.profile->warnings.end());
}

void analyse_recording(const ImpedanceRequest& r, ImpedanceResult& out, const ProgressFn& progress) {
    auto audio = read_stereo_file(r.from_wav, "an impedance recording needs two (A = drive node, B = across the driver)",
                                  AudioReadLimits{44100.0, 384000.0});
    if (!audio) fail(Failure::bad_file, "from_wav", audio.message());
    auto meta = parse_recording_metadata(audio->comment, r.from_wav);
    if (!meta) fail(Failure::bad_file, "from_wav", meta.message());
    const double fs = audio->recording.sample_rate_hz();
    if (*meta && std::abs((*meta)->sweep.sample_rate_hz - fs) > 0.5)
        fail(Failure::bad_file, "from_wav", r.from_wav + ": its metadata describes a sweep at a different sample rate; was the file resampled?");
    check_band(r, fs);
    out.profile = load_profile(r.profile, nullptr);
    if (out.profile) {
        check_profile_rate(*out.profile, fs, r.profile.force, "the recording");
        out.profile->warnings.push_back("profile \"" + out.profile->name + "\": the device that made the recording cannot be checked");
    }
    ImpedanceSetup& s = out.setup;
    s.sample_rate_hz = fs;
    if (r.r_ref_ohm || (out.profile && out.profile->profile.r_ref_nominal_ohm)) s.r_ref_nominal_ohm = r_ref_with_profile(out.profile, r.r_ref_ohm, 0.0);
    else if (*meta) s.r_ref_nominal_ohm = (*meta)->r_ref_ohm;
    else fail_setting("r_ref", r.from_wav + ": not a zbench recording, so R_ref is unknown; give {r_ref} OHMS");
    if (out.profile && out.profile->profile.r_ref_nominal_ohm && *meta && std::abs((*meta)->r_ref_ohm / s.r_ref_nominal_ohm - 1.0) > 1e-9)
        fail_setting("profile", r.from_wav + ": recorded with R_ref " + std::to_string((*meta)->r_ref_ohm) + " ohm, but profile \"" +
                                    out.profile->name + "\" is for R_ref " + std::to_string(s.r_ref_nominal_ohm) + " ohm");
    if (!r.output_kind.empty()) {
        s.output = *parse_output_kind(r.output_kind);
        s.output_source = "option";
    } else {
        s.output = *meta ? parse_output_kind((*meta)->output_kind).value_or(OutputKind::line) : OutputKind::line;
        s.output_source = *meta ? "recording" : "default";
    }
    s.band = {r.fmin_hz, r.fmax_hz.value_or(default_fmax_hz(fs)), r.points_per_octave};
    if (*meta) s.stimulus = (*meta)->sweep;
    ImpedanceMeasurementConfig config = measurement_config(r, s);
    config.analysis.stimulus = s.stimulus;
    apply_profile(out, config);
    if (progress) progress(0.0, "analysis");
    auto result = analyse_impedance(std::move(audio->recording), config.analysis);
    if (!result) {
        Error e = result.error();
        e.message = r.from_wav + ": " + e.message;
        fail_with(e, Failure::measurement);
    }
    if (progress) progress(1.0, "analysis");
    out.analysis = std::move(*result);
    out.device = {{"kind", "wav"}, {"file", r.from_wav}, {"sample_rate_hz", fs}, {"zbench_metadata", meta->has_value()}};
}

void measure_on_device(const ImpedanceRequest& r, ImpedanceResult& out, const ProgressFn& progress, const CancelToken& cancel) {
    OpenedDevice opened = open_device(r.device);
    const double fs = opened.device->sample_rate_hz();
    check_band(r, fs);
    out.profile = load_profile(r.profile, &opened.identity);
    ImpedanceSetup& s = out.setup;
    s.sample_rate_hz = fs;
    if (r.r_ref_ohm || (out.profile && out.profile->profile.r_ref_nominal_ohm)) s.r_ref_nominal_ohm = r_ref_with_profile(out.profile, r.r_ref_ohm, 0.0);
    else if (opened.scenario) s.r_ref_nominal_ohm = opened.scenario->r_ref_ohm;
    if (!(s.r_ref_nominal_ohm > 0.0)) fail_setting("r_ref", "R_ref is unknown or 0; give {r_ref} OHMS, the value on the resistor's label");
    const ResolvedOutput output = resolve_output(r.output_kind, out.profile ? out.profile->profile.output : std::nullopt, opened.scenario);
    s.output = output.kind;
    s.output_source = output.source;
    const bool stepped = r.stimulus == "stepped-sine";
    s.band = {r.fmin_hz, r.fmax_hz.value_or(default_fmax_hz(fs)), stepped ? r.steps_per_octave : r.points_per_octave};
    ImpedanceMeasurementConfig config = measurement_config(r, s);
    config.safety = safety_config_for(opened, s.output, r.max_dut_volts);
    config.safety.allow_no_current = r.allow_open_and_short;
    config.safety.allow_shorted_dut = r.allow_open_and_short;
    if (config.sweep_seconds > 0.0)
        if (auto st = validate_sweep_config(impedance_sweep_config(config, fs)); !st) fail_with(st.error(), Failure::bad_setting);
    apply_profile(out, config);
    cancel.check();
    SafetyReport safety;
    if (stepped) {
        s.stepped_sine = SteppedSineConfig{};
        s.stepped_sine->steps_per_octave = r.steps_per_octave;
        auto plan = plan_stepped_sine(*s.stepped_sine, s.band, fs);
        if (!plan) fail_with(plan.error(), Failure::bad_setting);
        s.stepped_sine_s = plan->duration_s(fs);
    }
    // Cancelling stops the probe or the sweep under way: the progress
    // callback throws, and the device stops its stream on the way out.
    const ProgressFn checked = [&](double fraction, std::string_view stage) {
        if (progress) progress(fraction, stage);
        cancel.check();
    };
    auto result = stepped ? measure_stepped_sine(*opened.device, config, *s.stepped_sine, checked, &safety)
                          : measure_impedance(*opened.device, config, checked, &safety);
    out.warnings.insert(out.warnings.end(), safety.warnings.begin(), safety.warnings.end());
    if (!result) fail_measurement(safety, result.error(), out.warnings);
    if (!stepped) s.stimulus = result->sweep.config;
    out.safety = std::move(result->safety);
    out.safety_config = config.safety;
    out.capture = std::move(result->capture);
    out.sweep_choice = result->choice;
    s.sweep_seconds = result->choice.sweep_seconds;
    out.analysis = std::move(result->analysis);
    out.device = opened.description;
}

// A loudspeaker's coil reads a few ohms to a few tens of ohms, never 100 Ω
// and more with a resonance peak on top: such a curve is what a mislabelled
// R_ref gives (|Z| scales with R_ref's value; 1 kΩ declared for 10 Ω fitted
// reads 100 times high).
void warn_implausible_r_ref(ImpedanceResult& out) {
    const ImpedanceSummary& s = out.summary;
    const auto& m = out.analysis.curve.magnitude_ohm;
    const double z_min = m.empty() ? 0.0 : *std::min_element(m.begin(), m.end());
    if (!(s.has_resonance && z_min > 100.0 && s.z_max_ohm > 3.0 * z_min)) return;
    if (out.safety && out.safety->verdict && !out.safety->verdict->r_ref_doubt.empty()) return;  // the probe said it already
    out.warnings.push_back("the curve looks like a loudspeaker's but never falls below " + format_number(z_min) +
                           " ohm (peak " + format_number(s.z_max_ohm) + " ohm at " + format_number(s.z_max_frequency_hz) +
                           " Hz): R_ref may be wrong; check that {r_ref} " + format_number(out.setup.r_ref_nominal_ohm) +
                           " ohm is the resistor actually fitted");
}

}  // namespace

void CancelToken::check() const {
    if (cancelled()) fail(Failure::cancelled, "", "cancelled");
}

std::vector<std::string> all_warnings(const ImpedanceResult& r) {
    std::vector<std::string> all = r.warnings;
    all.insert(all.end(), r.analysis.warnings.begin(), r.analysis.warnings.end());
    if (r.ts) all.insert(all.end(), r.ts->warnings.begin(), r.ts->warnings.end());
    return all;
}

void check_impedance_request(const ImpedanceRequest& r) {
    check_device_request(r.device);
    if (r.r_ref_ohm && !(*r.r_ref_ohm > 0.0)) fail_setting("r_ref", "{r_ref} must be above 0 ohm (got " + format_number(*r.r_ref_ohm) + ")");
    if (auto st = check_level(r.level_dbfs, LevelLimits{}); !st)
        throw JobFailure{AppError{Failure::refused, "level", st.message(), Refusal::level_too_high}};
    if (!(r.max_dut_volts > 0.0)) fail_setting("max_dut_volts", "{max_dut_volts} must be above 0 V RMS (got " + format_number(r.max_dut_volts) + ")");
    if (!r.output_kind.empty() && !parse_output_kind(r.output_kind))
        fail_setting("output", "{output} " + r.output_kind + ": use line, headphone or amplifier");
    if (r.from_wav.empty() && r.sweep_seconds != 0.0 && !(r.sweep_seconds >= 0.1 && r.sweep_seconds <= 600.0))
        fail_setting("sweep_seconds", "{sweep_seconds} " + format_number(r.sweep_seconds) + " is out of range; use 0.1 to 600 s, or auto");
    if (!(r.target_uncertainty_percent >= 0.001 && r.target_uncertainty_percent <= 10.0))
        fail_setting("target_uncertainty", "{target_uncertainty} " + format_number(r.target_uncertainty_percent) +
                                               " is out of range; use 0.001 to 10 percent");
    if (r.averages < 1 || r.averages > 64)
        fail_setting("averages", "{averages} " + std::to_string(r.averages) + " is out of range; use 1 to 64");
    if (r.averages > 1 && !r.from_wav.empty())
        fail_setting("averages", "{averages} repeats the sweep; {from_wav} analyses a recording that has one already");
    if (r.averages > 1 && r.stimulus == "stepped-sine")
        fail_setting("averages", "{averages} averages sweeps; a stepped sine measures each point over many periods already");
    LogGridConfig grid{r.fmin_hz, r.fmax_hz.value_or(2.0 * std::max(r.fmin_hz, 1.0)), r.points_per_octave};
    if (auto st = validate_log_grid(grid); !st) fail_with(st.error(), Failure::bad_setting);
    if (r.smoothing_fraction < 0 || r.smoothing_fraction > 96)
        fail_setting("smoothing", "{smoothing} must be 0 (off) or N for 1/N octave, N up to 96");
    if (r.stimulus != "sweep" && r.stimulus != "stepped-sine")
        fail_setting("stimulus", "{stimulus} " + r.stimulus + ": use sweep or stepped-sine");
    if (r.stimulus == "stepped-sine" && !r.from_wav.empty())
        fail_setting("stimulus", "{stimulus} stepped-sine measures on a device; {from_wav} analyses a sweep's recording");
    if (r.stimulus == "stepped-sine" && r.smoothing_fraction > 0)
        fail_setting("smoothing", "{smoothing} applies to a sweep; a stepped sine measures its points one by one");
    if (r.steps_per_octave < 1 || r.steps_per_octave > 96)
        fail_setting("steps_per_octave", "{steps_per_octave} " + std::to_string(r.steps_per_octave) + " is out of range; use 1 to 96");
    if (!r.from_wav.empty()) check_no_device(r.device, "from_wav");
}

AppResult<ImpedanceResult> run_impedance(const ImpedanceRequest& r, const ProgressFn& progress, const CancelToken& cancel) {
    return run_job([&] {
        check_impedance_request(r);
        ImpedanceResult out;
        out.setup.level_dbfs = r.level_dbfs;
        out.setup.sweep_seconds = r.sweep_seconds;
        out.setup.smoothing_fraction = r.smoothing_fraction;
        if (r.from_wav.empty()) measure_on_device(r, out, progress, cancel);
        else analyse_recording(r, out, progress);
        cancel.check();
        out.summary = summarise_impedance(out.analysis.curve);
        warn_implausible_r_ref(out);
        if (r.fit_ts) {
            // The fit sees the unsmoothed curve: smoothing lowers and widens the resonance peak.
            const auto& a = out.analysis;
            TsCurve measured{a.unsmoothed.empty() ? a.curve : a.unsmoothed, "measurement", {}};
            // The fit weighs each point by the noise the measurement saw there.
            for (double percent : a.magnitude_uncertainty_percent) measured.noise_sigma_fraction.push_back(0.01 * percent);
            auto ts = analyse_ts(measured, {});
            if (ts) out.ts = std::move(*ts);
            else {
                TsResult failed;
                failed.name = "measurement";
                failed.warnings = {ts.message()};
                out.ts = std::move(failed);
            }
        }
        return out;
    });
}

}  // namespace zb::app
