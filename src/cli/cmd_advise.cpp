// zbench advise: what is connected, and how to connect it to an interface.
// From a curve file (.zma/.txt/.csv), or measured through the device (the
// probe then allows A = B and B = 0, since "open" and "short" are answers
// here, but never a load below the output's minimum).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/output_files.h"
#include "cli/safety_options.h"
#include "cli/terminal.h"
#include "io/zma.h"
#include "measure/impedance_measurement.h"
#include "safety/advisor.h"

namespace zb::cli {

namespace {

struct AdviseOptions {
    std::string file;
    bool phase_radians = false;
    DeviceOptions device;
    std::optional<double> r_ref_ohm;
    std::string output_kind;
    double max_dut_volts = 1.0;
    double sweep_seconds = 2.0;
    std::string json;
    bool quiet = false;
    bool device_given = false;
};

void run(const AdviseOptions& o) {
    OutputFiles outputs;
    if (!o.json.empty()) outputs.expect(o.json, "--json", {".json"});
    if (!o.file.empty() && o.device_given)
        throw ExitError{kExitBadInput, "give a curve file or device options (--device, --sim-scenario), not both"};

    ImpedanceCurve curve;
    nlohmann::json source;
    std::optional<SafetyReport> safety;
    SafetyConfig safety_config;
    if (!o.file.empty()) {
        auto loaded = load_zma(o.file, ZmaReadOptions{o.phase_radians});
        if (!loaded) throw ExitError{kExitBadInput, loaded.message()};
        curve = std::move(*loaded);
        source = {{"kind", "file"}, {"file", o.file}};
    } else {
        if (o.r_ref_ohm && !(*o.r_ref_ohm > 0.0))
            throw ExitError{kExitBadInput, "--r-ref must be above 0 ohm (got " + std::to_string(*o.r_ref_ohm) + ")"};
        OpenedDevice opened = open_device(o.device);
        const double r_ref = o.r_ref_ohm ? *o.r_ref_ohm : (opened.scenario ? opened.scenario->r_ref_ohm : 0.0);
        if (!(r_ref > 0.0)) throw ExitError{kExitBadInput, "R_ref is unknown or 0; pass --r-ref OHMS with the resistor's value"};
        const ResolvedOutput output = resolve_output(o.output_kind, opened.scenario);
        ImpedanceMeasurementConfig config;
        config.sweep_seconds = o.sweep_seconds;
        config.analysis.r_ref_ohm = r_ref;
        config.analysis.grid = {20.0, default_fmax_hz(opened.device->sample_rate_hz()), 24};
        config.safety = make_safety_config(opened, output.kind, o.max_dut_volts);
        config.safety.allow_no_current = true;  // "open" is an answer here
        config.safety.allow_shorted_dut = true;  // so is "short"
        safety_config = config.safety;
        Progress progress(!o.quiet);
        SafetyReport report;
        auto m = measure_impedance(*opened.device, config, progress.callback(), &report);
        progress.finish();
        print_safety_warnings(report);
        if (!m) throw ExitError{exit_code_for(report, m.error()), m.message()};
        curve = std::move(m->analysis.curve);
        safety = std::move(m->safety);
        source = {{"kind", "device"}, {"device", opened.description}, {"r_ref_ohm", r_ref},
                  {"output", output_kind_name(output.kind)}};
    }

    auto advice = advise_connection(curve);
    if (!advice) throw ExitError{kExitBadInput, (o.file.empty() ? std::string("measured curve") : o.file) + ": " + advice.message()};
    if (!o.json.empty()) {
        nlohmann::json j = advice_json(*advice);
        j["source"] = source;
        if (safety) j["safety"] = safety_report_json(*safety, safety_config);
        outputs.add_text(o.json, j.dump(2) + "\n");
    }
    if (!o.quiet) {
        std::printf("Connected: %s (|Z| %.4g to %.4g ohm, median %.4g ohm)\n", advice->summary.c_str(), advice->z_min_ohm,
                    advice->z_max_ohm, advice->median_ohm);
        std::printf("  kind             %s\n", std::string(connected_kind_name(advice->kind)).c_str());
        std::printf("  needs amplifier  %s\n", advice->needs_amplifier ? "yes" : "no");
        std::printf("  advice           %s\n", advice->advice.c_str());
    }
    outputs.write_all();
}

}  // namespace

void register_advise_command(CLI::App& app) {
    auto o = std::make_shared<AdviseOptions>();
    auto* cmd = app.add_subcommand("advise", "Say what is connected (speaker, headphones, line input, open, short) and how to connect it");
    cmd->add_option("file", o->file, "An impedance curve (.zma, .txt or .csv); without it, measure through the device");
    cmd->add_flag("--phase-radians", o->phase_radians, "The file's phase column is in radians");
    add_device_options(*cmd, o->device);
    cmd->add_option("--r-ref", o->r_ref_ohm, "Reference resistor in ohms (default: the rig's)");
    cmd->add_option("--output", o->output_kind, "What drives R_ref: line, headphone or amplifier (default line, or the rig's)")
        ->check(CLI::IsMember({"line", "headphone", "amplifier"}));
    cmd->add_option("--max-dut-volts", o->max_dut_volts, "Cap on the voltage across the DUT, V RMS")->capture_default_str();
    cmd->add_option("--sweep-seconds", o->sweep_seconds, "Sweep length when measuring")->capture_default_str();
    cmd->add_option("--json", o->json, "Write kind, nominal_ohm, needs_amplifier and advice as JSON");
    cmd->add_flag("-q,--quiet", o->quiet, "No progress bar and no text");
    cmd->callback([o, cmd] {
        AdviseOptions opts = *o;
        opts.device_given = cmd->count("--device") + cmd->count("--sim-scenario") + cmd->count("--sim-realtime") > 0;
        run(opts);
    });
}

}  // namespace zb::cli
