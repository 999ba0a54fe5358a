// zbench ts: Thiele/Small parameters from impedance files (free air, plus
// optional added-mass and closed-box curves); see ts/ts_analysis.h.
#include <cmath>
#include <ctime>
#include <filesystem>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output_files.h"
#include "io/zma.h"
#include "ts/sbd_export.h"
#include "ts/ts_analysis.h"
#include "ts/ts_report.h"

namespace zb::cli {

namespace {

struct TsOptions {
    std::string free_air;
    std::vector<std::string> added_mass_zma;
    std::vector<double> added_mass_g;
    std::string box_zma;
    std::optional<double> box_litres;
    std::optional<double> sd_cm2;
    std::optional<double> re_ohm;
    bool phase_radians = false;
    bool phase_degrees = false;
    std::string model = "auto";
    std::optional<double> fmin_hz, fmax_hz;
    std::string json;
    std::string sbd;
    bool quiet = false;
};

std::string str(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

TsCurve load(const std::string& path, const TsOptions& o) {
    auto file = load_zma_file(path, {o.phase_radians, o.phase_degrees});
    if (!file) throw ExitError{kExitBadInput, file.message()};
    if (const std::string note = zma_phase_note(*file, path); !note.empty())
        std::fprintf(stderr, "%s\n", (note.substr(0, note.rfind("; set the phase unit")) + "; pass --phase-degrees if that is wrong").c_str());
    return {std::move(file->curve), path};
}

void run(const TsOptions& o) {
    OutputFiles outputs;
    if (!o.json.empty()) outputs.expect(o.json, "--json", {".json"});
    if (!o.sbd.empty()) {
        outputs.expect(o.sbd, "--sbd", {".json"});
        if (!o.sd_cm2) throw ExitError{kExitBadInput, "--sbd needs --sd-cm2: a Speakerbench datasheet requires the cone area Sd"};
        if (o.added_mass_zma.empty() && o.box_zma.empty())
            throw ExitError{kExitBadInput, "--sbd needs Mms, Cms and Bl: give --added-mass-zma/--added-mass-g or --box-zma/--box-litres"};
    }
    if (o.added_mass_zma.size() != o.added_mass_g.size())
        throw ExitError{kExitBadInput, "--added-mass-zma was given " + std::to_string(o.added_mass_zma.size()) + " time(s) and --added-mass-g " +
                                           std::to_string(o.added_mass_g.size()) + "; give one mass in grams per file, in the same order"};
    for (double g : o.added_mass_g)
        if (!(g > 0.0 && g < 1e5)) throw ExitError{kExitBadInput, "--added-mass-g must be a mass in grams above 0 (got " + str(g) + ")"};
    if (o.box_zma.empty() != !o.box_litres)
        throw ExitError{kExitBadInput, "--box-zma and --box-litres go together: the closed-box curve and the box's net volume in litres"};
    if (o.box_litres && !(*o.box_litres > 0.0))
        throw ExitError{kExitBadInput, "--box-litres must be the box's net volume in litres, above 0 (got " + str(*o.box_litres) + ")"};
    if (o.sd_cm2 && !(*o.sd_cm2 > 0.0))
        throw ExitError{kExitBadInput, "--sd-cm2 must be the cone's effective area in cm^2, above 0 (got " + str(*o.sd_cm2) + ")"};
    if (o.re_ohm && !(*o.re_ohm > 0.0))
        throw ExitError{kExitBadInput, "--re must be the DC resistance in ohms, above 0 (got " + str(*o.re_ohm) + ")"};
    if (o.fmin_hz && o.fmax_hz && !(*o.fmin_hz < *o.fmax_hz))
        throw ExitError{kExitBadInput, "--fmin must be below --fmax"};

    TsConfig config;
    config.fit.model = o.model == "lr2" ? ModelChoice::lr2 : o.model == "wright" ? ModelChoice::wright : ModelChoice::automatic;
    config.fit.re_ohm = o.re_ohm;
    if (o.fmin_hz) config.fit.fmin_hz = *o.fmin_hz;
    if (o.fmax_hz) config.fit.fmax_hz = *o.fmax_hz;
    if (o.sd_cm2) config.sd_m2 = *o.sd_cm2 * 1e-4;
    const TsCurve free_air = load(o.free_air, o);
    for (std::size_t k = 0; k < o.added_mass_zma.size(); ++k)
        config.added_mass.push_back({load(o.added_mass_zma[k], o), o.added_mass_g[k] * 1e-3});
    if (!o.box_zma.empty()) config.closed_box = ClosedBoxInput{load(o.box_zma, o), *o.box_litres * 1e-3};

    auto result = analyse_ts(free_air, config);
    if (!result) throw ExitError{kExitBadInput, result.message()};
    if (!result->free_air && !result->vented_box)
        throw ExitError{kExitBadInput, o.free_air + ": " + result->warnings.front()};

    if (!o.json.empty()) {
        nlohmann::json inputs = {{"free_air", o.free_air}, {"phase_radians", o.phase_radians},
                                  {"phase_unit", o.phase_radians ? "radians" : o.phase_degrees ? "degrees" : "found from the file"},
                                  {"model", o.model}};
        nlohmann::json masses = nlohmann::json::array();
        for (std::size_t k = 0; k < o.added_mass_zma.size(); ++k) masses.push_back({{"file", o.added_mass_zma[k]}, {"mass_kg", o.added_mass_g[k] * 1e-3}});
        inputs["added_mass"] = masses;
        inputs["closed_box"] = o.box_zma.empty() ? nlohmann::json(nullptr)
                                                 : nlohmann::json{{"file", o.box_zma}, {"volume_m3", *o.box_litres * 1e-3}};
        inputs["re_ohm"] = o.re_ohm ? nlohmann::json(*o.re_ohm) : nlohmann::json(nullptr);
        inputs["sd_m2"] = config.sd_m2 ? nlohmann::json(*config.sd_m2) : nlohmann::json(nullptr);
        const nlohmann::json doc = {{"zbench_version", ZBENCH_VERSION}, {"schema_version", 1}, {"kind", "ts"},
                                    {"inputs", inputs}, {"ts", ts_to_json(*result)}};
        outputs.add_text(o.json, doc.dump(2) + "\n");
    }
    if (!o.sbd.empty()) {
        SbdInfo info;
        info.model = std::filesystem::path(o.free_air).stem().string();
        const std::time_t now = std::time(nullptr);
        char date[16];
        std::strftime(date, sizeof date, "%d/%m/%Y", std::localtime(&now));
        info.date_ddmmyyyy = date;
        auto sbd = format_sbd(*result, info);
        if (!sbd) throw ExitError{kExitBadInput, sbd.message()};
        outputs.add_text(o.sbd, *sbd);
    }
    if (!o.quiet) std::fputs(format_ts_table(*result).c_str(), stdout);
    outputs.write_all();
}

}  // namespace

void register_ts_command(CLI::App& app) {
    auto o = std::make_shared<TsOptions>();
    auto* cmd = app.add_subcommand("ts", "Thiele/Small parameters from impedance files (.zma, .txt, .csv)");
    cmd->add_option("FREE", o->free_air, "The driver's impedance in free air")->required();
    cmd->add_option("--added-mass-zma", o->added_mass_zma, "The same driver with a mass on the cone (repeat for several masses)");
    cmd->add_option("--added-mass-g", o->added_mass_g, "That mass in grams (one per --added-mass-zma, same order)");
    cmd->add_option("--box-zma", o->box_zma, "The same driver in a closed box");
    cmd->add_option("--box-litres", o->box_litres, "That box's net volume in litres");
    cmd->add_option("--sd-cm2", o->sd_cm2, "Effective cone area Sd in cm^2 (for Vas, or Mms/Cms/Bl from a box)");
    cmd->add_option("--re", o->re_ohm, "DC resistance measured with a meter, ohms (held fixed in the fit)");
    auto* radians = cmd->add_flag("--phase-radians", o->phase_radians, "The files' phase column is in radians (default: found from the file)");
    cmd->add_flag("--phase-degrees", o->phase_degrees, "The files' phase column is in degrees (default: found from the file)")->excludes(radians);
    cmd->add_option("--model", o->model, "Lossy-inductance model: auto (smallest residual), lr2 or wright")
        ->check(CLI::IsMember({"auto", "lr2", "wright"}))
        ->capture_default_str();
    cmd->add_option("--fmin", o->fmin_hz, "Fit from this frequency, Hz (default: the curve's lowest)");
    cmd->add_option("--fmax", o->fmax_hz, "Fit up to this frequency, Hz (default: the curve's highest)");
    cmd->add_option("--json", o->json, "Write the results as JSON (object \"ts\", SI units)");
    cmd->add_option("--sbd", o->sbd, "Write the driver as a Speakerbench datasheet (SBD JSON; needs --sd-cm2 and added masses or a box)");
    cmd->add_flag("-q,--quiet", o->quiet, "No table on stdout");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
