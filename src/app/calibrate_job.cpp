#include "app/calibrate_job.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "calibration/corrections.h"
#include "calibration/profile_match.h"
#include "app/profile_setup.h"
#include "app/profile_text.h"
#include "app/safety_setup.h"
#include "safety/level_limits.h"
#include "device/sim_device.h"
#include "util/units.h"

namespace zb::app {

using namespace zb::calibration;

std::string format_found(Step step, const Profile& p) {
    std::string out;
    const DividerSolution s = p.divider();
    switch (step) {
        case Step::loopback: {
            const auto sum = summarise_curve(p.loopback->response);
            appendf(out, "  latency %.2f samples (%.3f ms)\n", p.loopback->latency_samples, p.loopback->latency_ms());
            appendf(out, "  input A / output: %+.3f dB at 1 kHz; %+.3f to %+.3f dB and %+.2f to %+.2f degrees from 20 Hz to 20 kHz\n",
                        sum.gain_db_1khz, sum.gain_db_min, sum.gain_db_max, sum.phase_deg_min, sum.phase_deg_max);
            break;
        }
        case Step::channel_match: {
            const auto sum = summarise_curve(*s.channel_ratio);
            appendf(out, "  input B / input A on one node: %+.4f dB, %+.3f degrees at 1 kHz\n", sum.gain_db_1khz, sum.phase_deg_1khz);
            appendf(out, "  from 20 Hz to 20 kHz: %+.4f to %+.4f dB, %+.3f to %+.3f degrees (smoothed, 1/3-octave local quadratic)\n",
                        sum.gain_db_min, sum.gain_db_max, sum.phase_deg_min, sum.phase_deg_max);
            break;
        }
        case Step::reference:
            appendf(out, "  effective R_ref %.5g ohm (nominal %.5g ohm, %+.2f %%)\n", s.r_ref_effective_ohm, s.r_ref_nominal_ohm,
                        100.0 * (s.r_ref_effective_ohm / s.r_ref_nominal_ohm - 1.0));
            if (!s.leads || !s.input_load)
                appendf(out, "  note: until the %s step%s done, %s inside this figure; it is re-derived when they are\n",
                            !s.leads && !s.input_load ? "short and open" : (!s.leads ? "short" : "open"),
                            !s.leads && !s.input_load ? "s are" : " is",
                            !s.leads && !s.input_load ? "the leads and input B's loading are"
                                                      : (!s.leads ? "the leads are" : "input B's loading is"));
            break;
        case Step::short_leads:
            appendf(out, "  leads %.4g ohm in series with %.3f uH\n", *s.leads_resistance_ohm(), 1e6 * *s.leads_inductance_h());
            break;
        case Step::open_leads:
            if (auto r = s.input_b_resistance_ohm())
                appendf(out, "  input B %.4g kohm in parallel with %.1f pF\n", *r / 1000.0, 1e12 * *s.input_b_capacitance_f());
            else
                appendf(out, "  input B's impedance is beyond what R_ref %.4g ohm resolves (its loading is below the noise)\n",
                            s.r_ref_effective_ohm);
            break;
        case Step::sensitivity: {
            const auto& q = *p.sensitivity;
            for (Input in : {Input::a, Input::b}) {
                const double v = q.input_volts_per_fs(in);
                appendf(out, "  input %s: %.4g V peak at full scale (a full-scale sine is %+.2f dBV)\n", in == Input::a ? "A" : "B",
                            v, sine_peak_fs_to_dbv(1.0, v));
            }
            appendf(out, "  output: %.4g V peak at 0 dBFS on the drive node\n", q.output_volts_per_fs());
            break;
        }
    }
    return out;
}

namespace {

CalibrateOutcome calibrate(const CalibrateRequest& o, const CalibrateHooks& hooks) {
    const std::optional<Step> step = o.step;
    if (auto st = check_profile_name(o.profile); !st) fail_setting("profile", st.message());
    if (*step == Step::reference && !o.known_ohms)
        fail_setting("known_ohms", "the reference step needs {known_ohms} R (the precision resistor's value in ohms)");
    if (*step != Step::reference && o.known_ohms)
        fail_setting("known_ohms", "{known_ohms} belongs to the reference step");
    if (*step != Step::sensitivity && o.volts_rms) fail_setting("volts_rms", "{volts_rms} belongs to the sensitivity step");
    if (o.r_ref_ohm && !(*o.r_ref_ohm > 0.0)) fail_setting("r_ref", "{r_ref} must be above 0 ohm");
    if (o.volts_rms && !(*o.volts_rms > 0.0)) fail_setting("volts_rms", "{volts_rms} must be above 0 V");
    SensitivityConfig sens;
    sens.level_dbfs = o.level_dbfs.value_or(sens.level_dbfs);
    sens.frequency_hz = o.frequency_hz;
    sens.tone_seconds = o.tone_seconds;
    if (*step == Step::sensitivity) {
        if (auto st = validate_sensitivity_config(sens); !st) fail_with(st.error(), Failure::bad_setting);
        if (!o.volts_rms && !hooks.read_volts)
            fail_setting("volts_rms", "the sensitivity step needs {volts_rms} V (what the voltmeter reads while the tone plays)");
    }
    const double level = o.level_dbfs.value_or(-20.0);
    if (auto st = check_level(level, LevelLimits{}); !st)
        throw JobFailure{AppError{Failure::refused, "level", st.message(), Refusal::level_too_high}};
    check_device_request(o.device);
    if (!o.output_kind.empty() && !parse_output_kind(o.output_kind))
        fail_setting("output", "{output} " + o.output_kind + ": use line, headphone or amplifier");
    if (!(o.max_dut_volts > 0.0)) fail_setting("max_dut_volts", "{max_dut_volts} must be above 0 V RMS");

    // The profile: an existing one must load cleanly (never overwrite a broken one).
    const ProfileStore store = open_profile_store(o.profiles_dir);
    Profile profile;
    const bool existed = store.exists(o.profile);
    if (existed) {
        auto loaded = store.load(o.profile);
        if (!loaded)
            fail_setting("profile", loaded.message() + " (fix the file, or delete the profile)");
        profile = std::move(*loaded);
    }

    OpenedDevice opened = open_device(o.device);
    const DeviceIdentity& identity = opened.identity;
    if (existed) {
        const auto diffs = profile_device_differences(profile, identity);
        if (!diffs.empty())
            fail_setting("profile", "profile \"" + o.profile + "\" belongs to another set-up (" + diffs.front() +
                                        "); calibrate into a new profile, or delete this one first");
    } else {
        profile.device = identity;
        profile.created_utc = utc_timestamp_now();
    }

    // What drives R_ref, and R_ref itself: a profile holds one of each.
    const OutputKind kind = resolve_output(o.output_kind, profile.output, opened.scenario).kind;
    if (profile.output && *profile.output != kind)
        fail_setting("output", "{output} " + o.output_kind + ": profile \"" + o.profile + "\" was made with a " +
                                   std::string(output_kind_label(*profile.output)) + " driving R_ref; use a new profile for another set-up");
    const bool divider = *step != Step::loopback && *step != Step::sensitivity;
    double r_ref = 0.0;
    if (divider) {
        if (profile.r_ref_nominal_ohm) {
            if (o.r_ref_ohm && std::abs(*o.r_ref_ohm / *profile.r_ref_nominal_ohm - 1.0) > 1e-9)
                fail_setting("r_ref", "{r_ref} " + std::to_string(*o.r_ref_ohm) + ": profile \"" + o.profile + "\" was made with R_ref " +
                                          std::to_string(*profile.r_ref_nominal_ohm) + " ohm nominal; another resistor needs its own profile");
            r_ref = *profile.r_ref_nominal_ohm;
        } else if (o.r_ref_ohm) {
            r_ref = *o.r_ref_ohm;
        } else if (opened.scenario && opened.scenario->r_ref_ohm > 0.0) {
            r_ref = opened.scenario->r_ref_ohm;
        } else {
            fail_setting("r_ref", "R_ref is unknown; give {r_ref} OHMS, the value on the resistor's label");
        }
    }

    StepContext ctx;
    ctx.device = opened.device.get();
    ctx.safety = safety_config_for(opened, kind, o.max_dut_volts);
    if (profile.sensitivity) {
        ctx.safety.output_volts_per_fs = profile.sensitivity->output_volts_per_fs();
        ctx.safety.input_volts_per_fs = profile.sensitivity->input_volts_per_fs(Input::a);
    }
    ctx.r_ref_nominal_ohm = r_ref;
    ctx.level_dbfs = level;
    ctx.sweep_seconds = o.sweep_seconds;
    ctx.grid.fmin_hz = 10.0;
    ctx.grid.fmax_hz = default_fmax_hz(opened.device->sample_rate_hz());
    ctx.grid.points_per_octave = 48;
    const DividerSolution before = profile.divider();
    const ComplexCurve no_ratio;
    const ComplexCurve& g = before.channel_ratio ? *before.channel_ratio : no_ratio;

    // The wiring: the rig rewires itself; on a real bench the hook waits for a person.
    bool rewired = false;
    if (auto* sim = dynamic_cast<SimDevice*>(opened.device.get())) {
        if (auto st = sim->rewire(rig_wiring(*step, o.known_ohms.value_or(0.0))); !st)
            fail_with(st.error(), Failure::bad_setting);
        rewired = true;
    }
    if (hooks.wired) hooks.wired(wiring_instruction(*step, o.known_ohms.value_or(0.0)), rewired);
    ctx.progress = hooks.progress;
    SafetyReport safety;
    auto warn = [&] {
        if (hooks.warning)
            for (const auto& w : safety.warnings) hooks.warning(w);
    };
    auto failed = [&](const Error& e, bool divider_step) {
        warn();
        if (divider_step) fail_measurement(safety, e);
        fail_with(e, Failure::measurement);
    };
    switch (*step) {
        case Step::loopback: {
            auto r = run_loopback(ctx);
            if (!r) failed(r.error(), false);
            profile.loopback = std::move(*r);
            break;
        }
        case Step::channel_match: {
            auto r = run_channel_match(ctx, &safety);
            if (!r) failed(r.error(), true);
            profile.channel_match = std::move(*r);
            break;
        }
        case Step::reference: {
            auto r = run_reference(ctx, *o.known_ohms, g, &safety);
            if (!r) failed(r.error(), true);
            profile.reference = std::move(*r);
            break;
        }
        case Step::short_leads: {
            auto r = run_short(ctx, g, &safety);
            if (!r) failed(r.error(), true);
            profile.short_leads = std::move(*r);
            break;
        }
        case Step::open_leads: {
            auto r = run_open(ctx, g, &safety);
            if (!r) failed(r.error(), true);
            profile.open_leads = std::move(*r);
            break;
        }
        case Step::sensitivity: {
            auto tone = measure_sensitivity_tone(ctx, sens, g);
            if (!tone) failed(tone.error(), false);
            const double volts = o.volts_rms ? *o.volts_rms : hooks.read_volts();
            auto r = make_sensitivity_step(*tone, volts);
            if (!r) fail_with(r.error(), Failure::bad_setting);
            profile.sensitivity = std::move(*r);
            break;
        }
    }
    warn();
    if (divider) profile.r_ref_nominal_ohm = r_ref;
    profile.output = kind;
    profile.modified_utc = utc_timestamp_now();

    CalibrateOutcome out;
    out.found = format_found(*step, profile);
    AppliedCorrections applied;
    applied.divider = profile.divider();
    out.corrections = describe_corrections(o.profile, applied, profile);
    if (auto st = store.save(o.profile, profile); !st) fail(Failure::cannot_write, "profile", st.message());
    out.saved_path = store.path_of(o.profile);
    out.profile = std::move(profile);
    return out;
}

}  // namespace

AppResult<CalibrateOutcome> run_calibration_step(const CalibrateRequest& request, const CalibrateHooks& hooks) {
    return run_job([&] { return calibrate(request, hooks); });
}

}  // namespace zb::app
