// zbench impedance: flags -> app::ImpedanceRequest -> app::run_impedance ->
// the curve, the JSON report, the recording and the summary.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/impedance_format.h"
#include "app/impedance_job.h"
#include "app/output_files.h"
#include "app/plot_export.h"
#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"

namespace zb::cli {

namespace {

struct ImpedanceOptions {
    app::ImpedanceRequest request;
    std::string out, json, plot, save_recording;
    std::string sweep_seconds = "auto";
    std::vector<std::string> given;  // the options on the command line
    bool quiet = false;
};

void run(const ImpedanceOptions& o) {
    // Every setting and output path is checked before anything plays.
    app::OutputFiles outputs;
    if (!o.out.empty()) outputs.expect_curve(o.out, "out");
    if (!o.json.empty()) outputs.expect(o.json, "json", {".json"});
    if (!o.plot.empty()) outputs.expect(o.plot, "plot", {".svg"});
    if (!o.save_recording.empty()) outputs.expect(o.save_recording, "save_recording", {".wav"});
    if (!o.request.from_wav.empty() && !o.save_recording.empty())
        app::fail_setting("save_recording", "{save_recording} and {from_wav} together would copy the file; use one");
    if (o.request.stimulus == "stepped-sine" && !o.save_recording.empty())
        app::fail_setting("save_recording", "{save_recording} keeps a sweep's recording; a stepped sine's cannot be re-analysed");
    // What only a sweep uses cannot apply to a recording: refused, not ignored.
    if (!o.request.from_wav.empty())
        for (const auto& name : o.given)
            app::fail_setting(name, "{" + name + "} sets the sweep; {from_wav} analyses a recording that has one already");

    app::ImpedanceRequest request = o.request;
    if (o.sweep_seconds != "auto") {
        char* end = nullptr;
        request.sweep_seconds = std::strtod(o.sweep_seconds.c_str(), &end);
        if (end == o.sweep_seconds.c_str() || *end != '\0' || !(request.sweep_seconds > 0.0))
            app::fail_setting("sweep_seconds", "{sweep_seconds} " + o.sweep_seconds + ": give seconds (0.1 to 600) or auto");
    }
    request.fit_ts = !o.quiet || !o.json.empty() || !o.plot.empty();
    Progress progress(!o.quiet);
    app::CancelToken cancel;
    InterruptCancels interrupt(cancel);
    auto result = app::run_impedance(request, progress.callback(), cancel);
    progress.finish();
    if (!result) exit_with(result.error());
    print_warnings(result->warnings);

    if (!o.out.empty()) outputs.add_text(o.out, app::impedance_curve_text(*result, app::OutputFiles::is_csv(o.out), "zbench"));
    if (!o.json.empty()) outputs.add_text(o.json, cli_report(app::impedance_report_json(*result)));
    if (!o.plot.empty()) {
        const std::string name = request.from_wav.empty() ? std::string() : std::filesystem::path(request.from_wav).filename().string();
        outputs.add_text(o.plot, app::impedance_plot_svg(*result, name));
    }
    if (!o.save_recording.empty() && result->capture) outputs.add_wav(o.save_recording, app::impedance_recording(*result));
    if (!o.quiet) std::fputs(cli_text(app::impedance_summary_text(*result)).c_str(), outputs.to_standard_output() ? stderr : stdout);
    outputs.write_all();
}

}  // namespace

void register_impedance_command(CLI::App& app) {
    auto o = std::make_shared<ImpedanceOptions>();
    app::ImpedanceRequest& r = o->request;
    auto* cmd = app.add_subcommand("impedance", "Measure |Z| and phase through R_ref (Z = R_ref·B/(A−B))");
    add_device_options(*cmd, r.device);
    add_profile_options(*cmd, r.profile, true);
    cmd->add_option("--r-ref", r.r_ref_ohm, "Reference resistor in ohms (default: the profile's, the rig's, or the recording's)");
    cmd->add_option("--level", r.level_dbfs, "Sweep level, dBFS peak (at most -3)")->capture_default_str();
    cmd->add_option("--max-dut-volts", r.max_dut_volts, "Cap on the voltage across the DUT, V RMS (lowers the level)")
        ->capture_default_str();
    cmd->add_option("--sweep-seconds", o->sweep_seconds, "Sweep length in seconds, or auto (the length that reaches --target-uncertainty)")
        ->capture_default_str();
    cmd->add_option("--target-uncertainty", r.target_uncertainty_percent,
                    "Automatic sweep length: the worst 1-sigma uncertainty of |Z| to reach, percent")
        ->capture_default_str();
    cmd->add_option("--averages", r.averages, "Sweeps played back to back and averaged coherently (1 to 64; noise falls as 1/sqrt(N))")
        ->capture_default_str();
    cmd->add_option("--fmin", r.fmin_hz, "Lowest frequency of the curve, Hz")->capture_default_str();
    cmd->add_option("--fmax", r.fmax_hz, "Highest frequency, Hz (default min(20000, 0.45·fs))");
    cmd->add_option("--ppo", r.points_per_octave, "Points per octave")->capture_default_str();
    cmd->add_option("--smoothing", r.smoothing_fraction, "1/N-octave smoothing, 0 = off")->capture_default_str();
    cmd->add_option("--stimulus", r.stimulus, "sweep, or stepped-sine (one tone per point: slower, rejects hum and clicks)")
        ->check(CLI::IsMember({"sweep", "stepped-sine"}))
        ->capture_default_str();
    cmd->add_option("--steps-per-octave", r.steps_per_octave, "Stepped sine: tones per octave (10 Hz-20 kHz at 12: about a minute)")
        ->capture_default_str();
    cmd->add_option("--out", o->out, "Write the curve: F.zma (REW/VituixCAD/XSim) or F.csv");
    cmd->add_option("--json", o->json, "Write the full report as JSON");
    cmd->add_option("--plot", o->plot, "Write |Z| and phase (and the T/S model) as an SVG picture");
    cmd->add_option("--save-recording", o->save_recording, "Write inputs A and B as a two-channel WAV");
    cmd->add_option("--from-wav", r.from_wav, "Analyse a two-channel recording instead of measuring");
    cmd->add_option("--output", r.output_kind, "What drives R_ref: line, headphone or amplifier (default line, or the rig's)")
        ->check(CLI::IsMember({"line", "headphone", "amplifier"}));
    add_quiet_flag(*cmd, o->quiet, "No progress bar and no summary");
    cmd->callback([o, cmd] {
        for (const char* name : {"level", "sweep_seconds", "max_dut_volts"})
            if (cmd->count(option_label(name)) > 0) o->given.push_back(name);
        run(*o);
    });
}

}  // namespace zb::cli
