#include "app/impedance_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/zma.h"
#include "measure/impedance_report.h"
#include "measure/recording_metadata.h"
#include "ts/ts_report.h"
#include "util/printf_string.h"
#include "util/version.h"

namespace zb::app {

nlohmann::json impedance_settings_json(const ImpedanceResult& r) {
    const ImpedanceSetup& s = r.setup;
    const bool measured = r.safety.has_value();
    return {
        {"r_ref_ohm", s.r_ref_nominal_ohm},
        {"r_ref_effective_ohm", s.r_ref_effective_ohm ? nlohmann::json(*s.r_ref_effective_ohm) : nlohmann::json(nullptr)},
        {"level_dbfs", measured && s.stimulus                            ? nlohmann::json(s.stimulus->level_dbfs)
                       : measured && s.stepped_sine && r.safety->level ? nlohmann::json(r.safety->level->level_dbfs)
                                                                       : nlohmann::json(nullptr)},
        {"sweep", s.stimulus ? sweep_to_json(*s.stimulus) : nlohmann::json(nullptr)},
        {"stimulus", s.stepped_sine ? "stepped-sine" : "sweep"},
        {"stepped_sine", s.stepped_sine ? nlohmann::json{{"steps_per_octave", s.stepped_sine->steps_per_octave},
                                                         {"settle_periods", s.stepped_sine->settle_periods},
                                                         {"settle_s", s.stepped_sine->settle_s},
                                                         {"integrate_periods", s.stepped_sine->integrate_periods},
                                                         {"integrate_s", s.stepped_sine->integrate_s},
                                                         {"duration_s", s.stepped_sine_s}}
                                        : nlohmann::json(nullptr)},
        {"fmin_hz", s.band.fmin_hz},
        {"fmax_hz", s.band.fmax_hz},
        {"points_per_octave", s.band.points_per_octave},
        {"smoothing_octaves", s.smoothing_fraction > 0 ? nlohmann::json(1.0 / s.smoothing_fraction) : nlohmann::json(nullptr)},
        {"output", {{"kind", output_kind_name(s.output)}, {"source", s.output_source}}},
        {"sweep_choice", r.sweep_choice ? nlohmann::json{{"automatic", r.sweep_choice->automatic},
                                                         {"sweep_seconds", r.sweep_choice->sweep_seconds},
                                                         {"averages", r.sweep_choice->averages},
                                                         {"reason", r.sweep_choice->reason},
                                                         {"uncertainty_percent", r.sweep_choice->uncertainty_percent},
                                                         {"audio_played_s", r.sweep_choice->audio_played_s}}
                                        : nlohmann::json(nullptr)},
    };
}

nlohmann::json impedance_report_json(const ImpedanceResult& r) {
    nlohmann::json ts = r.ts ? ts_to_json(*r.ts) : nlohmann::json(nullptr);
    nlohmann::json report = impedance_report(r.analysis, r.summary, {r.device, impedance_settings_json(r), ts});
    if (r.safety) report["safety"] = safety_report_json(*r.safety, r.safety_config);
    report["calibration"] = r.profile ? calibration::profile_report(r.profile->profile, r.profile->name, r.profile->file,
                                                                    r.profile->forced, r.profile->warnings, &r.corrections)
                                      : nlohmann::json(nullptr);
    report["warnings"] = all_warnings(r);
    return report;
}

std::string free_air_ts_text(const TsResult& r) {
    std::string out;
    if (r.free_air) {
        const ModelFit& f = r.free_air->fit.chosen;
        const DriverParams& p = f.params;
        appendf(out, "  T/S (free air)     %s model, fit residual %.2g %%\n", driver_model_name(p).c_str(),
             100.0 * f.residual);
        appendf(out, "    Re %.4g ohm, fs %.4g Hz, Qms %.3g, Qes %.3g, Qts %.3g\n", p.re_ohm, p.fs_hz, p.qms, p.qes, p.qts());
    } else if (r.vented_box) {
        appendf(out, "  vented box         fb %.4g Hz\n", r.vented_box->fb_hz);
    } else if (r.shape == CurveShape::no_peak) {
        return "  T/S                none (no resonance peak)\n";
    } else if (!r.warnings.empty()) {
        return "  T/S                not computed: " + r.warnings.front() + "\n";
    }
    for (const auto& w : r.warnings) out += "  warning: " + w + "\n";
    return out;
}

std::string impedance_summary_text(const ImpedanceResult& r) {
    const ImpedanceAnalysis& a = r.analysis;
    const ImpedanceSummary& s = r.summary;
    std::string out;
    appendf(out, "Impedance, %zu points from %.4g Hz to %.5g Hz (R_ref %.4g ohm, %s output)\n", a.curve.size(), a.curve.frequency_hz.front(),
         a.curve.frequency_hz.back(), r.setup.r_ref_nominal_ohm, std::string(output_kind_name(r.setup.output)).c_str());
    // The T/S fit's Re when the curve is a free-air driver's; else the
    // summary's coarse estimate (lowest Re{Z} below 1 kHz).
    if (r.ts && r.ts->free_air) appendf(out, "  Re (T/S fit)       %8.3f ohm\n", r.ts->free_air->fit.chosen.params.re_ohm);
    else appendf(out, "  Re (estimate)      %8.3f ohm\n", s.re_estimate_ohm);
    appendf(out, "  |Z|max             %8.3f ohm at %.2f Hz%s\n", s.z_max_ohm, s.z_max_frequency_hz, s.has_resonance ? " (resonance)" : "");
    appendf(out, "  |Z|min             %8.3f ohm at %.1f Hz%s\n", s.z_min_ohm, s.z_min_frequency_hz, s.has_resonance ? " (above resonance)" : "");
    appendf(out, "  nominal impedance  %8.3g ohm\n", s.nominal_ohm);
    if (r.sweep_choice)
        appendf(out, "  sweep              %8.3g s%s%s: %s; %.2f s of audio played\n", r.sweep_choice->sweep_seconds,
                r.sweep_choice->automatic ? " (auto)" : "",
                r.sweep_choice->averages > 1 ? printf_string(", %d averaged", r.sweep_choice->averages).c_str() : "",
                r.sweep_choice->reason.c_str(), r.sweep_choice->audio_played_s);
    if (const auto& d = a.distortion) {
        auto reading = [](double percent, double frequency_hz) {
            return percent > 0.0 ? printf_string("%.2g %% at %.3g Hz", percent, frequency_hz) : std::string("below the noise");
        };
        out += "  current distortion H2 max " + reading(d->max_h2_percent, d->max_h2_frequency_hz) + ", H3 max " +
               reading(d->max_h3_percent, d->max_h3_frequency_hz) + "\n";
    }
    if (a.latency_samples) appendf(out, "  latency            %8.1f samples\n", *a.latency_samples);
    if (a.hum.found) {
        std::size_t removed = 0;
        if (!a.hum.channels.empty())
            for (const auto& c : a.hum.channels[0].components) removed += c.harmonic > 0;
        appendf(out, "  mains hum          %8.3f Hz, %zu harmonic%s removed before analysis\n", a.hum.mains_hz, removed, removed == 1 ? "" : "s");
    }
    std::vector<double> others;  // lines that are not mains harmonics (a motor, a whine)
    for (const auto& ch : a.hum.channels)
        for (const auto& c : ch.components)
            if (c.harmonic == 0 && std::none_of(others.begin(), others.end(), [&](double f) { return std::abs(f - c.frequency_hz) < 1e-6; }))
                others.push_back(c.frequency_hz);
    if (!others.empty()) {
        std::sort(others.begin(), others.end());
        std::string list;
        for (double f : others) list += (list.empty() ? "" : ", ") + printf_string("%.2f Hz", f);
        out += "  other lines        " + list + " removed before analysis\n";
    }
    for (const auto& w : a.warnings) out += "  warning: " + w + "\n";
    if (r.ts) out += free_air_ts_text(*r.ts);
    if (r.profile) out += "  calibration        " + calibration::describe_corrections(r.profile->name, r.corrections, r.profile->profile) + "\n";
    return out;
}

std::string impedance_curve_text(const ImpedanceResult& r, bool csv, const std::string& program) {
    const ImpedanceAnalysis& a = r.analysis;
    if (csv && !a.magnitude_uncertainty_percent.empty()) {
        std::string out = "frequency_hz,magnitude_ohm,phase_deg,magnitude_uncertainty_percent,phase_uncertainty_deg\n";
        for (std::size_t i = 0; i < a.curve.size(); ++i)
            appendf(out, "%.6f,%.6f,%.4f,%.3g,%.3g\n", a.curve.frequency_hz[i], a.curve.magnitude_ohm[i], a.curve.phase_deg[i],
                    a.magnitude_uncertainty_percent[i], a.phase_uncertainty_deg[i]);
        return out;
    }
    if (csv) return format_impedance_csv(a.curve);
    const std::vector<std::string> header = {
        program + " " + version() + " impedance measurement",
        "R_ref " + std::to_string(r.setup.r_ref_nominal_ohm) + " ohm, " + std::to_string(r.setup.band.points_per_octave) +
            " points per octave",
        "Freq(Hz)\tZ(Ohms)\tPhase(degrees)"};
    return format_zma(r.analysis.curve, header);
}

AudioFile impedance_recording(const ImpedanceResult& r) {
    AudioFile audio;
    audio.sample_rate_hz = r.capture->sample_rate_hz;
    audio.channels = {r.capture->a, r.capture->b};
    audio.comment = format_recording_metadata({*r.setup.stimulus, r.setup.r_ref_nominal_ohm, std::string(output_kind_name(r.setup.output))});
    return audio;
}

}  // namespace zb::app
