#include "app/hum_format.h"

#include <cmath>

#include "hum/hum_report.h"
#include "io/text_table.h"
#include "util/json_fields.h"

namespace zb::app {

std::string hum_summary_text(const HumResult& r) {
    return hum_text_report(r.analysis, r.comparison ? &*r.comparison : nullptr);
}

nlohmann::json hum_report_json(const HumResult& r, bool include_spectrum) {
    HumReportContext ctx;
    ctx.device = r.device;
    ctx.include_spectrum = include_spectrum;
    if (r.comparison) ctx.comparison = comparison_to_json(*r.comparison);
    nlohmann::json report = hum_report(r.analysis, r.config, ctx);
    report["calibration"] = r.profile ? nlohmann::json{{"name", r.profile->name},
                                                       {"file", r.profile->file},
                                                       {"forced", r.profile->forced},
                                                       {"applied", r.applied_corrections}}
                                      : nlohmann::json(nullptr);
    return report;
}

AppResult<HumReport> load_hum_report(const std::string& path) {
    return run_job([&] {
        auto text = read_file_bytes(path);
        if (!text) fail_with(text.error(), Failure::bad_file);
        auto report = parse_json_text(*text, path);
        if (!report) fail(Failure::bad_file, "", report.message());
        auto snapshot = parse_hum_snapshot(*report, path);
        if (!snapshot) fail(Failure::bad_file, "", snapshot.message());
        HumReport out{path, std::move(*snapshot), {}};
        for (const auto& c : (*report)["channels"]) {
            if (!c.contains("spectrum")) continue;
            const auto& s = c["spectrum"];
            auto numbers = [&](const char* key) {
                if (!s.is_object() || !s.contains(key) || !s[key].is_array())
                    fail(Failure::bad_file, "", path + ": channel " + c["name"].get<std::string>() + ": spectrum." + key +
                                                    ": missing or not an array; write the report again with the spectrum");
                std::vector<double> v;
                for (const auto& x : s[key]) v.push_back(x.is_number() ? x.get<double>() : std::nan(""));
                return v;
            };
            HumReportSpectrum sp{c["name"].get<std::string>(), numbers("frequency_hz"), numbers("level_dbfs")};
            if (sp.frequency_hz.size() != sp.level_dbfs.size())
                fail(Failure::bad_file, "", path + ": channel " + sp.channel + ": the spectrum's frequencies and levels differ in number");
            out.spectra.push_back(std::move(sp));
        }
        return out;
    });
}

}  // namespace zb::app
