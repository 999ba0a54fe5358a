#include "safety/preflight.h"

#include <cmath>

#include "util/units.h"

namespace zb {

SafetyConfig safety_config_for_rig(const Scenario& s) {
    SafetyConfig c;
    c.output = parse_output_kind(s.output_kind).value_or(OutputKind::line);
    c.output_volts_per_fs = s.full_scale_volts;
    c.input_volts_per_fs = s.full_scale_volts;
    return c;
}

Status run_preflight(AudioDevice& device, const SafetyConfig& config, double r_ref_ohm, double level_dbfs,
                     const ProgressFn& progress, SafetyReport& report) {
    report = SafetyReport{};
    report.output = config.output;
    report.r_ref_ohm = r_ref_ohm;
    auto refuse = [&](Refusal why, const std::string& message) -> Status {
        report.refusal = why;
        report.message = message;
        return Error{message};
    };
    if (auto st = check_level(level_dbfs, config.limits); !st) return refuse(Refusal::level_too_high, st.message());
    if (!(r_ref_ohm > 0.0)) return make_error("R_ref must be above 0 ohm for the load check (got ", r_ref_ohm, ")");

    auto probe = run_probe(device, config.probe, progress);
    if (!probe) return probe.error();
    report.probe = *probe;
    ProbeRules rules;
    rules.output = config.output;
    rules.r_ref_ohm = r_ref_ohm;
    rules.allow_no_current = config.allow_no_current;
    rules.allow_shorted_dut = config.allow_shorted_dut;
    rules.channel_ratio = config.channel_ratio;
    report.verdict = judge_probe(*probe, rules);
    if (report.verdict->refusal != Refusal::none) return refuse(report.verdict->refusal, report.verdict->message);

    if (!report.verdict->r_ref_doubt.empty()) report.warnings.push_back(report.verdict->r_ref_doubt);
    for (auto& w : check_dc(probe->dc_a_fs, probe->dc_b_fs, config.input_volts_per_fs, config.dc)) report.warnings.push_back(w);

    LevelRequest request;
    request.level_dbfs = level_dbfs;
    request.output = config.output;
    request.output_volts_per_fs = config.output_volts_per_fs;
    request.dut_fraction = report.verdict->dut_fraction_max;
    auto plan = plan_level(request, config.limits);
    if (!plan) return refuse(Refusal::dut_voltage, plan.message());
    report.level = *plan;
    if (!plan->note.empty()) report.warnings.push_back(plan->note);
    return {};
}

nlohmann::json safety_report_json(const SafetyReport& r, const SafetyConfig& c) {
    using nlohmann::json;
    json j = {{"output", output_kind_name(r.output)},
              {"minimum_load_ohm", minimum_load_ohm(r.output)},
              {"r_ref_ohm", r.r_ref_ohm},
              {"refusal", r.refusal == Refusal::none ? json(nullptr) : json(refusal_name(r.refusal))},
              {"allow_no_current", c.allow_no_current},
              {"allow_shorted_dut", c.allow_shorted_dut},
              {"probe_late", r.probe && r.probe->late},
              {"warnings", r.warnings}};
    if (r.probe) {
        const auto& p = *r.probe;
        json tones = json::array();
        for (std::size_t k = 0; k < p.tones.size(); ++k) {
            const auto& t = p.tones[k];
            json tone = {{"frequency_hz", t.frequency_hz},
                         {"a_dbfs", peak_fs_to_dbfs(std::max(std::abs(t.a), 1e-15))},
                         {"b_dbfs", peak_fs_to_dbfs(std::max(std::abs(t.b), 1e-15))},
                         {"snr_a_db", t.snr_a_db},
                         {"snr_b_db", t.snr_b_db}};
            if (r.verdict && k < r.verdict->z_ohm.size()) {
                tone["z_magnitude_ohm"] = std::abs(r.verdict->z_ohm[k]);
                tone["z_phase_deg"] = rad_to_deg(std::arg(r.verdict->z_ohm[k]));
                tone["load_ohm"] = r.verdict->load_ohm[k];
            }
            tones.push_back(tone);
        }
        j["probe"] = {{"level_dbfs", p.level_dbfs},
                      {"duration_s", p.duration_s},
                      {"latency_s", p.latency_s},
                      {"snr_a_db", p.snr_a_db},
                      {"dc_a_fs", p.dc_a_fs},
                      {"dc_b_fs", p.dc_b_fs},
                      {"peak_a_dbfs", peak_fs_to_dbfs(std::max(p.peak_a_fs, 1e-15))},
                      {"peak_b_dbfs", peak_fs_to_dbfs(std::max(p.peak_b_fs, 1e-15))},
                      {"tones", tones}};
    }
    if (r.verdict) {
        j["load_min_ohm"] = r.verdict->load_min_ohm;
        j["load_min_frequency_hz"] = r.verdict->load_min_frequency_hz;
        j["no_current"] = r.verdict->no_current;
        j["shorted_dut"] = r.verdict->shorted_dut;
    }
    if (r.level) {
        const auto& l = *r.level;
        j["level"] = {{"requested_dbfs", l.requested_level_dbfs},
                      {"applied_dbfs", l.level_dbfs},
                      {"max_level_dbfs", c.limits.max_level_dbfs},
                      {"max_dut_volts_rms", c.limits.max_dut_volts_rms},
                      {"output_volts_per_fs", l.volts_per_fs ? json(*l.volts_per_fs) : json(nullptr)},
                      {"volts_source", l.volts_source},
                      {"dut_fraction_bound", l.dut_fraction_bound},
                      {"dut_volts_rms_bound", l.dut_volts_rms_bound ? json(*l.dut_volts_rms_bound) : json(nullptr)},
                      {"capped", l.capped}};
    }
    return j;
}

}  // namespace zb
