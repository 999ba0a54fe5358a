// zbench advise: flags -> app::AdviseRequest -> app::run_advise -> what is
// connected and how to connect it.
#include <cstdio>
#include <memory>

#include "app/advise_job.h"
#include "app/output_files.h"
#include "app/ts_advise_format.h"
#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"

namespace zb::cli {

namespace {

struct AdviseOptions {
    app::AdviseRequest request;
    std::string json;
    bool quiet = false;
};

void run(const AdviseOptions& o) {
    app::OutputFiles outputs;
    if (!o.json.empty()) outputs.expect(o.json, "json", {".json"});
    Progress progress(!o.quiet);
    app::CancelToken cancel;
    InterruptCancels interrupt(cancel);
    auto result = app::run_advise(o.request, progress.callback(), cancel);
    progress.finish();
    if (!result) exit_with(result.error());
    if (result->measurement) print_warnings(result->measurement->warnings);
    if (!o.json.empty()) outputs.add_text(o.json, cli_report(app::advise_report_json(*result)));
    if (!o.quiet) std::fputs(cli_text(app::advise_text(*result)).c_str(), outputs.to_standard_output() ? stderr : stdout);
    outputs.write_all();
}

}  // namespace

void register_advise_command(CLI::App& app) {
    auto o = std::make_shared<AdviseOptions>();
    o->request.measure = app::default_advise_measurement();
    app::ImpedanceRequest& m = o->request.measure;
    auto* cmd = app.add_subcommand("advise", "Say what is connected (speaker, headphones, line input, open, short) and how to connect it");
    cmd->add_option("file", o->request.file, "An impedance curve (.zma, .txt or .csv); without it, measure through the device");
    cmd->add_flag("--phase-radians", o->request.phase_radians, "The file's phase column is in radians");
    add_device_options(*cmd, m.device);
    cmd->add_option("--r-ref", m.r_ref_ohm, "Reference resistor in ohms (default: the rig's)");
    cmd->add_option("--output", m.output_kind, "What drives R_ref: line, headphone or amplifier (default line, or the rig's)")
        ->check(CLI::IsMember({"line", "headphone", "amplifier"}));
    cmd->add_option("--max-dut-volts", m.max_dut_volts, "Cap on the voltage across the DUT, V RMS")->capture_default_str();
    cmd->add_option("--sweep-seconds", m.sweep_seconds, "Sweep length when measuring")->capture_default_str();
    cmd->add_option("--json", o->json, "Write kind, nominal_ohm, needs_amplifier and advice as JSON");
    add_quiet_flag(*cmd, o->quiet, "No progress bar and no text");
    cmd->callback([o, cmd] {
        AdviseOptions opts = *o;
        opts.request.device_given = cmd->count("--device") + cmd->count("--sim-scenario") + cmd->count("--sim-realtime") > 0;
        run(opts);
    });
}

}  // namespace zb::cli
