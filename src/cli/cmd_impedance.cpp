// zbench impedance: sweep the R_ref divider, write |Z| and phase.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/output_files.h"
#include "cli/profile_options.h"
#include "cli/safety_options.h"
#include "cli/terminal.h"
#include "io/wav.h"
#include "io/zma.h"
#include "measure/impedance_measurement.h"
#include "measure/impedance_report.h"
#include "measure/impedance_summary.h"
#include "measure/recording_metadata.h"
#include "ts/ts_report.h"
#include "calibration/corrections.h"

namespace zb::cli {

namespace {

struct ImpedanceOptions {
    DeviceOptions device;
    ProfileOptions profile;
    std::optional<double> r_ref_ohm;
    double level_dbfs = -20.0;
    double sweep_seconds = 4.0;
    double fmin_hz = 10.0;
    std::optional<double> fmax_hz;
    int ppo = 48;
    int smoothing = 0;
    std::string out, json, save_recording, from_wav;
    std::string output_kind;
    double max_dut_volts = 1.0;
    bool quiet = false;
    bool timing = false;
};

// --timing: where a run spends its time, on stderr.
class RunClock {
public:
    explicit RunClock(bool on) : on_(on), last_(std::chrono::steady_clock::now()) {}
    void mark(const char* stage) {
        if (!on_) return;
        const auto t = std::chrono::steady_clock::now();
        std::fprintf(stderr, "timing: %-18s %7.2f ms\n", stage, std::chrono::duration<double, std::milli>(t - last_).count());
        last_ = t;
    }
    void stages(const std::vector<std::pair<std::string, double>>& stages) const {
        if (!on_) return;
        for (const auto& [name, ms] : stages) std::fprintf(stderr, "timing:   %-16s %7.2f ms\n", name.c_str(), ms);
    }

private:
    bool on_;
    std::chrono::steady_clock::time_point last_;
};

// `fitted_re_ohm`: the T/S fit's Re when the curve is a free-air driver's;
// else the summary's coarse estimate (lowest Re{Z} below 1 kHz) is shown.
void print_summary(const ImpedanceAnalysis& a, const ImpedanceSummary& s, double r_ref, const std::string& output_kind,
                   std::optional<double> fitted_re_ohm) {
    std::printf("Impedance, %zu points from %.4g Hz to %.5g Hz (R_ref %.4g ohm, %s output)\n", a.curve.size(),
                a.curve.frequency_hz.front(), a.curve.frequency_hz.back(), r_ref, output_kind.c_str());
    if (fitted_re_ohm) std::printf("  Re (T/S fit)       %8.3f ohm\n", *fitted_re_ohm);
    else std::printf("  Re (estimate)      %8.3f ohm\n", s.re_estimate_ohm);
    std::printf("  |Z|max             %8.3f ohm at %.2f Hz%s\n", s.z_max_ohm, s.z_max_frequency_hz,
                s.has_resonance ? " (resonance)" : "");
    std::printf("  |Z|min             %8.3f ohm at %.1f Hz%s\n", s.z_min_ohm, s.z_min_frequency_hz,
                s.has_resonance ? " (above resonance)" : "");
    std::printf("  nominal impedance  %8.3g ohm\n", s.nominal_ohm);
    if (a.latency_samples) std::printf("  latency            %8.1f samples\n", *a.latency_samples);
    if (a.hum.found) {
        std::size_t removed = a.hum.channels.empty() ? 0 : a.hum.channels[0].components.size();
        std::printf("  mains hum          %8.3f Hz, %zu harmonic%s removed before analysis\n", a.hum.mains_hz, removed,
                    removed == 1 ? "" : "s");
    }
    for (const auto& w : a.warnings) std::printf("  warning: %s\n", w.c_str());
}

void run(const ImpedanceOptions& o) {
    RunClock clock(o.timing);
    // Everything that can be checked before measuring is checked first.
    OutputFiles outputs;
    if (!o.out.empty()) outputs.expect_curve(o.out, "--out");
    if (!o.json.empty()) outputs.expect(o.json, "--json", {".json"});
    if (!o.save_recording.empty()) outputs.expect(o.save_recording, "--save-recording", {".wav"});
    if (o.r_ref_ohm && !(*o.r_ref_ohm > 0.0))
        throw ExitError{kExitBadInput, "--r-ref must be above 0 ohm (got " + std::to_string(*o.r_ref_ohm) + ")"};
    if (auto st = check_level(o.level_dbfs, LevelLimits{}); !st) throw ExitError{kExitRefused, st.message()};
    if (!(o.max_dut_volts > 0.0)) throw ExitError{kExitBadInput, "--max-dut-volts must be above 0 V RMS"};
    if (!o.from_wav.empty() && !o.save_recording.empty())
        throw ExitError{kExitBadInput, "--save-recording and --from-wav together would copy the file; use one"};

    ImpedanceMeasurementConfig config;
    config.level_dbfs = o.level_dbfs;
    config.sweep_seconds = o.sweep_seconds;
    config.analysis.grid.fmin_hz = o.fmin_hz;
    config.analysis.grid.points_per_octave = o.ppo;
    config.analysis.smoothing_fraction = o.smoothing;
    if (o.smoothing < 0 || o.smoothing > 96)
        throw ExitError{kExitBadInput, "--smoothing must be 0 (off) or N for 1/N octave, N up to 96"};

    nlohmann::json device_json;
    std::string output_kind = o.output_kind, output_source = "option";
    ImpedanceAnalysis analysis;
    std::optional<ImpedanceMeasurement> measurement;
    std::optional<LoadedProfile> loaded;
    calibration::AppliedCorrections applied;
    double r_ref = 0.0;
    Progress progress(!o.quiet);

    if (!o.from_wav.empty()) {
        auto audio = read_stereo_file(o.from_wav, "an impedance recording needs two (A = drive node, B = across the driver)",
                                      AudioReadLimits{44100.0, 384000.0});  // as analyse_impedance needs
        if (!audio) throw ExitError{kExitBadInput, audio.message()};
        clock.mark("read WAV");
        auto meta = parse_recording_metadata(audio->comment, o.from_wav);
        if (!meta) throw ExitError{kExitBadInput, meta.message()};
        const double fs = audio->recording.sample_rate_hz();
        if (*meta && std::abs((*meta)->sweep.sample_rate_hz - fs) > 0.5)
            throw ExitError{kExitBadInput, o.from_wav + ": its metadata describes a sweep at a different sample rate; was the file resampled?"};
        loaded = load_profile(o.profile, nullptr);
        if (loaded) {
            if (loaded->profile.device.sample_rate_hz != fs) {
                const std::string diff = "it was made at " + std::to_string(loaded->profile.device.sample_rate_hz) +
                                         " Hz, the recording is at " + std::to_string(fs) + " Hz";
                if (!o.profile.force)
                    throw ExitError{kExitBadInput, "profile \"" + loaded->name + "\" is for another sample rate (" + diff +
                                                       "); pass --force to apply it anyway"};
                loaded->warnings.push_back("profile \"" + loaded->name + "\" forced: " + diff);
                loaded->forced = true;
            }
            loaded->warnings.push_back("profile \"" + loaded->name + "\": the device that made the recording cannot be checked");
        }
        if (o.r_ref_ohm || (loaded && loaded->profile.r_ref_nominal_ohm)) r_ref = r_ref_with_profile(loaded, o.r_ref_ohm, 0.0);
        else if (*meta) r_ref = (*meta)->r_ref_ohm;
        else throw ExitError{kExitBadInput, o.from_wav + ": not a zbench recording, so R_ref is unknown; pass --r-ref OHMS"};
        if (loaded && loaded->profile.r_ref_nominal_ohm && *meta && std::abs((*meta)->r_ref_ohm / r_ref - 1.0) > 1e-9)
            throw ExitError{kExitBadInput, o.from_wav + ": recorded with R_ref " + std::to_string((*meta)->r_ref_ohm) +
                                               " ohm, but profile \"" + loaded->name + "\" is for R_ref " + std::to_string(r_ref) + " ohm"};
        if (output_kind.empty()) {
            output_kind = *meta ? (*meta)->output_kind : "line";
            output_source = *meta ? "recording" : "default";
        }
        config.analysis.grid.fmax_hz = o.fmax_hz ? *o.fmax_hz : default_fmax_hz(fs);
        config.analysis.r_ref_ohm = r_ref;
        if (loaded) applied = calibration::apply_to_impedance(loaded->profile, config);
        if (*meta) config.analysis.stimulus = (*meta)->sweep;
        progress.update(0.0, "analysis");
        auto result = analyse_impedance(std::move(audio->recording), config.analysis);
        progress.finish();
        clock.mark("analysis");
        if (result) clock.stages(result->stage_ms);
        if (!result) throw ExitError{kExitMeasurement, o.from_wav + ": " + result.message()};
        analysis = std::move(*result);
        device_json = {{"kind", "wav"}, {"file", o.from_wav}, {"sample_rate_hz", fs}, {"zbench_metadata", meta->has_value()}};
    } else {
        OpenedDevice opened = open_device(o.device);
        const double fs = opened.device->sample_rate_hz();
        const calibration::DeviceIdentity identity = device_identity(opened);
        loaded = load_profile(o.profile, &identity);
        if (o.r_ref_ohm || (loaded && loaded->profile.r_ref_nominal_ohm)) r_ref = r_ref_with_profile(loaded, o.r_ref_ohm, 0.0);
        else if (opened.scenario) r_ref = opened.scenario->r_ref_ohm;
        if (!(r_ref > 0.0))
            throw ExitError{kExitBadInput, "R_ref is unknown or 0; pass --r-ref OHMS with the resistor's value"};
        ResolvedOutput output = resolve_output(o.output_kind, opened.scenario);
        if (o.output_kind.empty() && loaded && loaded->profile.output) output = {*loaded->profile.output, "profile"};
        output_kind = std::string(output_kind_name(output.kind));
        output_source = output.source;
        config.safety = make_safety_config(opened, output.kind, o.max_dut_volts);
        config.analysis.grid.fmax_hz = o.fmax_hz ? *o.fmax_hz : default_fmax_hz(fs);
        config.analysis.r_ref_ohm = r_ref;
        if (loaded) {
            applied = calibration::apply_to_impedance(loaded->profile, config);
            for (const auto& w : loaded->warnings) std::fprintf(stderr, "zbench: warning: %s\n", w.c_str());
        }
        SafetyReport safety;
        auto result = measure_impedance(*opened.device, config, progress.callback(), &safety);
        progress.finish();
        print_safety_warnings(safety);
        if (!result) throw ExitError{exit_code_for(safety, result.error()), result.message()};
        measurement = std::move(*result);
        analysis = measurement->analysis;
        device_json = opened.description;
    }

    const ImpedanceSummary summary = summarise_impedance(analysis.curve);
    // The free-air T/S fit (a few ms) feeds only the summary and the JSON.
    std::optional<FreeAirTsSummary> ts;
    if (!o.quiet || !o.json.empty()) ts = free_air_ts_summary(analysis.curve, "measurement");
    nlohmann::json settings = {
        {"r_ref_ohm", r_ref},
        {"level_dbfs", measurement ? nlohmann::json(measurement->sweep.config.level_dbfs) : nlohmann::json(nullptr)},
        {"sweep", measurement ? sweep_to_json(measurement->sweep.config)
                              : (config.analysis.stimulus ? sweep_to_json(*config.analysis.stimulus) : nlohmann::json(nullptr))},
        {"fmin_hz", config.analysis.grid.fmin_hz},
        {"fmax_hz", config.analysis.grid.fmax_hz},
        {"points_per_octave", config.analysis.grid.points_per_octave},
        {"smoothing_octaves", o.smoothing > 0 ? nlohmann::json(1.0 / o.smoothing) : nlohmann::json(nullptr)},
        {"output", {{"kind", output_kind}, {"source", output_source}}},
    };

    // Render every output in memory, then write each atomically.
    if (!o.out.empty()) {
        const std::vector<std::string> header = {
            "zbench " ZBENCH_VERSION " impedance measurement",
            "R_ref " + std::to_string(r_ref) + " ohm, " + std::to_string(config.analysis.grid.points_per_octave) + " points per octave",
            "Freq(Hz)\tZ(Ohms)\tPhase(degrees)"};
        outputs.add_text(o.out, OutputFiles::is_csv(o.out) ? format_impedance_csv(analysis.curve) : format_zma(analysis.curve, header));
    }
    if (!o.json.empty()) {
        nlohmann::json report = impedance_report(analysis, summary, {device_json, settings, ts->json});
        if (measurement) report["safety"] = safety_report_json(measurement->safety, config.safety);
        report["calibration"] = loaded ? calibration::profile_report(loaded->profile, loaded->name, loaded->file, loaded->forced,
                                                                     loaded->warnings, &applied)
                                       : nlohmann::json(nullptr);
        outputs.add_text(o.json, report.dump(2) + "\n");
    }
    if (!o.save_recording.empty() && measurement) {
        AudioFile audio;
        audio.sample_rate_hz = measurement->capture.sample_rate_hz;
        audio.channels = {measurement->capture.a, measurement->capture.b};
        audio.comment = format_recording_metadata({measurement->sweep.config, r_ref, output_kind});
        outputs.add_wav(o.save_recording, std::move(audio));
    }
    clock.mark("format outputs");
    if (!o.quiet) {
        std::optional<double> fitted_re;
        if (ts->json.is_object() && ts->json.contains("Re") && ts->json["Re"].is_number()) fitted_re = ts->json["Re"].get<double>();
        print_summary(analysis, summary, r_ref, output_kind, fitted_re);
        std::fputs(ts->text.c_str(), stdout);
        if (loaded) std::printf("  calibration        %s\n", calibration::describe_corrections(loaded->name, applied, loaded->profile).c_str());
    }
    outputs.write_all();
    clock.mark("write outputs");
}

}  // namespace

void register_impedance_command(CLI::App& app) {
    auto o = std::make_shared<ImpedanceOptions>();
    auto* cmd = app.add_subcommand("impedance", "Measure |Z| and phase through R_ref (Z = R_ref·B/(A−B))");
    add_device_options(*cmd, o->device);
    add_profile_options(*cmd, o->profile, true);
    cmd->add_option("--r-ref", o->r_ref_ohm, "Reference resistor in ohms (default: the profile's, the rig's, or the recording's)");
    cmd->add_option("--level", o->level_dbfs, "Sweep level, dBFS peak (at most -3)")->capture_default_str();
    cmd->add_option("--max-dut-volts", o->max_dut_volts, "Cap on the voltage across the DUT, V RMS (lowers the level)")
        ->capture_default_str();
    cmd->add_option("--sweep-seconds", o->sweep_seconds, "Sweep length in seconds")->capture_default_str();
    cmd->add_option("--fmin", o->fmin_hz, "Lowest frequency of the curve, Hz")->capture_default_str();
    cmd->add_option("--fmax", o->fmax_hz, "Highest frequency, Hz (default min(20000, 0.45·fs))");
    cmd->add_option("--ppo", o->ppo, "Points per octave")->capture_default_str();
    cmd->add_option("--smoothing", o->smoothing, "1/N-octave smoothing, 0 = off")->capture_default_str();
    cmd->add_option("--out", o->out, "Write the curve: F.zma (REW/VituixCAD/XSim) or F.csv");
    cmd->add_option("--json", o->json, "Write the full report as JSON");
    cmd->add_option("--save-recording", o->save_recording, "Write inputs A and B as a two-channel WAV");
    cmd->add_option("--from-wav", o->from_wav, "Analyse a two-channel recording instead of measuring");
    cmd->add_option("--output", o->output_kind, "What drives R_ref: line, headphone or amplifier (default line, or the rig's)")
        ->check(CLI::IsMember({"line", "headphone", "amplifier"}));
    cmd->add_flag("-q,--quiet", o->quiet, "No progress bar and no summary");
    cmd->add_flag("--timing", o->timing, "Print where the time goes, on stderr");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
