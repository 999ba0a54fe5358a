#include "app/ts_advise_format.h"

#include <cstdio>

#include <filesystem>

#include "ts/sbd_export.h"
#include "ts/ts_report.h"
#include "util/version.h"

namespace zb::app {

nlohmann::json ts_report_json(const TsJobResult& r) {
    const TsRequest& q = r.request;
    nlohmann::json inputs = {{"free_air", q.free_air},
                             {"phase_radians", q.phase_radians},
                             {"phase_unit", q.phase_radians ? "radians" : q.phase_degrees ? "degrees" : "found from the file"},
                             {"model", q.model}};
    nlohmann::json masses = nlohmann::json::array();
    for (const auto& m : q.added_mass) masses.push_back({{"file", m.file}, {"mass_kg", m.mass_g * 1e-3}});
    inputs["added_mass"] = masses;
    inputs["closed_box"] = q.box_file.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"file", q.box_file}, {"volume_m3", *q.box_litres * 1e-3}};
    inputs["re_ohm"] = q.re_ohm ? nlohmann::json(*q.re_ohm) : nlohmann::json(nullptr);
    inputs["sd_m2"] = r.config.sd_m2 ? nlohmann::json(*r.config.sd_m2) : nlohmann::json(nullptr);
    return {{"zbench_version", version()}, {"schema_version", 1}, {"kind", "ts"}, {"inputs", inputs}, {"ts", ts_to_json(r.ts)}};
}

std::string ts_text(const TsJobResult& r) { return format_ts_table(r.ts); }

Result<std::string> ts_sbd_text(const TsJobResult& r, const std::string& date_ddmmyyyy) {
    SbdInfo info;
    info.model = std::filesystem::path(r.request.free_air).stem().string();
    info.date_ddmmyyyy = date_ddmmyyyy;
    return format_sbd(r.ts, info);
}

nlohmann::json advise_report_json(const AdviseResult& r) {
    nlohmann::json j = advice_json(r.advice);
    j["source"] = r.source;
    if (r.measurement && r.measurement->safety) j["safety"] = safety_report_json(*r.measurement->safety, r.measurement->safety_config);
    return j;
}

std::string advise_text(const AdviseResult& r) {
    const Advice& a = r.advice;
    char b[256];
    std::snprintf(b, sizeof b, "Connected: %s (|Z| %.4g to %.4g ohm, median %.4g ohm)\n", a.summary.c_str(), a.z_min_ohm, a.z_max_ohm,
                  a.median_ohm);
    std::string out = b;
    out += "  kind             " + std::string(connected_kind_name(a.kind)) + "\n";
    out += std::string("  needs amplifier  ") + (a.needs_amplifier ? "yes" : "no") + "\n";
    out += "  advice           " + a.advice + "\n";
    return out;
}

}  // namespace zb::app
