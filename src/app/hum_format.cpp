#include "app/hum_format.h"

#include "hum/hum_report.h"

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

}  // namespace zb::app
