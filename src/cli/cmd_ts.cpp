// zbench ts: flags -> app::TsRequest -> app::run_ts -> the T/S table and JSON.
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "app/output_files.h"
#include "app/plot_export.h"
#include "app/ts_advise_format.h"
#include "app/ts_job.h"
#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"

namespace zb::cli {

namespace {

struct TsOptions {
    app::TsRequest request;
    std::vector<std::string> added_mass_zma;
    std::vector<double> added_mass_g;
    std::string json, sbd, plot;
    bool quiet = false;
};

void run(const TsOptions& o) {
    app::OutputFiles outputs;
    if (!o.json.empty()) outputs.expect(o.json, "json", {".json"});
    if (!o.plot.empty()) outputs.expect(o.plot, "plot", {".svg"});
    if (!o.sbd.empty()) {
        outputs.expect(o.sbd, "sbd", {".json"});
        if (!o.request.sd_cm2) app::fail_setting("sbd", "{sbd} needs {sd_cm2}: a Speakerbench datasheet requires the cone area Sd");
        if (o.added_mass_zma.empty() && o.request.box_file.empty())
            app::fail_setting("sbd", "{sbd} needs Mms, Cms and Bl: give {added_mass_zma}/{added_mass_g} or {box_zma}/{box_litres}");
    }
    if (o.added_mass_zma.size() != o.added_mass_g.size())
        app::fail_setting("added_mass_g", "{added_mass_zma} was given " + std::to_string(o.added_mass_zma.size()) +
                                              " time(s) and {added_mass_g} " + std::to_string(o.added_mass_g.size()) +
                                              "; give one mass in grams per file, in the same order");
    app::TsRequest request = o.request;
    for (std::size_t k = 0; k < o.added_mass_zma.size(); ++k) request.added_mass.push_back({o.added_mass_zma[k], o.added_mass_g[k]});
    auto result = app::run_ts(request);
    if (!result) exit_with(result.error());
    for (const auto& note : result->notes) std::fprintf(stderr, "%s\n", cli_text(note).c_str());
    if (!o.json.empty()) outputs.add_text(o.json, cli_report(app::ts_report_json(*result)));
    if (!o.sbd.empty()) {
        const std::time_t now = std::time(nullptr);
        char date[16];
        std::strftime(date, sizeof date, "%d/%m/%Y", std::localtime(&now));
        auto sbd = app::ts_sbd_text(*result, date);
        if (!sbd) app::fail(app::Failure::bad_file, "sbd", sbd.message());
        outputs.add_text(o.sbd, *sbd);
    }
    if (!o.plot.empty()) outputs.add_text(o.plot, app::ts_plot_svg(*result));
    if (!o.quiet) std::fputs(cli_text(app::ts_text(*result)).c_str(), outputs.to_standard_output() ? stderr : stdout);
    outputs.write_all();
}

}  // namespace

void register_ts_command(CLI::App& app) {
    auto o = std::make_shared<TsOptions>();
    app::TsRequest& r = o->request;
    auto* cmd = app.add_subcommand("ts", "Thiele/Small parameters from impedance files (.zma, .txt, .csv)");
    cmd->add_option("FREE", r.free_air, "The driver's impedance in free air")->required();
    cmd->add_option("--added-mass-zma", o->added_mass_zma, "The same driver with a mass on the cone (repeat for several masses)");
    cmd->add_option("--added-mass-g", o->added_mass_g, "That mass in grams (one per --added-mass-zma, same order)");
    cmd->add_option("--box-zma", r.box_file, "The same driver in a closed box");
    cmd->add_option("--box-litres", r.box_litres, "That box's net volume in litres");
    cmd->add_option("--sd-cm2", r.sd_cm2, "Effective cone area Sd in cm^2 (for Vas, or Mms/Cms/Bl from a box)");
    cmd->add_option("--re", r.re_ohm, "DC resistance measured with a meter, ohms (held fixed in the fit)");
    auto* radians = cmd->add_flag("--phase-radians", r.phase_radians, "The files' phase column is in radians (default: found from the file)");
    cmd->add_flag("--phase-degrees", r.phase_degrees, "The files' phase column is in degrees (default: found from the file)")->excludes(radians);
    cmd->add_option("--model", r.model,
                    "Driver model: auto (LR-2 and Wright inductance, each with and without LOG suspension creep, the best by AIC), "
                    "lr2, wright, lr2-creep or wright-creep")
        ->check(CLI::IsMember({"auto", "lr2", "wright", "lr2-creep", "wright-creep"}))
        ->capture_default_str();
    cmd->add_option("--fmin", r.fmin_hz, "Fit from this frequency, Hz (default: the curve's lowest)");
    cmd->add_option("--fmax", r.fmax_hz, "Fit up to this frequency, Hz (default: the curve's highest)");
    cmd->add_option("--json", o->json, "Write the results as JSON (object \"ts\", SI units)");
    cmd->add_option("--sbd", o->sbd, "Write the driver as a Speakerbench datasheet (SBD JSON; needs --sd-cm2 and added masses or a box)");
    cmd->add_option("--plot", o->plot, "Write the curves and the fitted free-air model as an SVG picture");
    add_quiet_flag(*cmd, o->quiet, "No table on stdout");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
