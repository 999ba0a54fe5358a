#include "measure/impedance_report.h"

#include "util/units.h"
#include "util/version.h"

namespace zb {

nlohmann::json impedance_report(const ImpedanceAnalysis& a, const ImpedanceSummary& s, const ImpedanceReportContext& ctx) {
    nlohmann::json hum = nlohmann::json::array();
    const char* names[] = {"A", "B"};
    for (std::size_t c = 0; c < a.hum.channels.size() && c < 2; ++c) {
        nlohmann::json comps = nlohmann::json::array();
        for (const auto& comp : a.hum.channels[c].components)
            comps.push_back({{"n", comp.harmonic},
                             {"frequency_hz", comp.frequency_hz},
                             {"level_dbfs", peak_fs_to_dbfs(comp.amplitude_fs(), 1e-15)}});
        hum.push_back({{"channel", names[c]}, {"dc_offset_fs", a.hum.channels[c].dc_fs}, {"removed", comps}});
    }
    nlohmann::json curve = {{"frequency_hz", a.curve.frequency_hz}, {"magnitude_ohm", a.curve.magnitude_ohm}, {"phase_deg", a.curve.phase_deg}};
    if (!a.magnitude_uncertainty_percent.empty()) {
        curve["magnitude_uncertainty_percent"] = a.magnitude_uncertainty_percent;
        curve["phase_uncertainty_deg"] = a.phase_uncertainty_deg;
    }
    curve["distortion"] = a.distortion ? nlohmann::json{{"frequency_hz", a.distortion->frequency_hz},
                                                        {"h2_percent", a.distortion->h2_percent},
                                                        {"h3_percent", a.distortion->h3_percent},
                                                        {"h2_floor_percent", a.distortion->h2_floor_percent},
                                                        {"h3_floor_percent", a.distortion->h3_floor_percent}}
                                       : nlohmann::json(nullptr);
    nlohmann::json quiet = nlohmann::json::array();
    for (const auto& q : a.quiet) quiet.push_back({q.begin, q.end});
    return {
        {"zbench_version", version()},
        {"schema_version", 1},
        {"kind", "impedance"},
        {"device", ctx.device},
        {"settings", ctx.settings},
        {"impedance", curve},
        {"summary",
         {{"re_estimate_ohm", s.re_estimate_ohm},
          {"z_max_ohm", s.z_max_ohm},
          {"z_max_frequency_hz", s.z_max_frequency_hz},
          {"has_resonance", s.has_resonance},
          {"z_min_ohm", s.z_min_ohm},
          {"z_min_frequency_hz", s.z_min_frequency_hz},
          {"nominal_ohm", s.nominal_ohm}}},
        {"ts", ctx.ts},
        {"diagnostics",
         {{"latency_samples", a.latency_samples ? nlohmann::json(*a.latency_samples) : nlohmann::json(nullptr)},
          {"stimulus_band_hz", {a.band_lo_hz, a.band_hi_hz}},
          {"peak_a_dbfs", a.peak_a_dbfs},
          {"peak_b_dbfs", a.peak_b_dbfs},
          {"mains_hz", a.hum.found ? nlohmann::json(a.hum.mains_hz) : nlohmann::json(nullptr)},
          {"hum", hum},
          {"quiet_segments_samples", quiet}}},
        {"warnings", a.warnings},
    };
}

}  // namespace zb
