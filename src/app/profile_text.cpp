#include "app/profile_text.h"

#include <algorithm>
#include <cstdio>

#include "calibration/corrections.h"

namespace zb::app {

using namespace zb::calibration;


std::string steps_done(const Profile& p) {
    std::string s;
    for (Step step : kAllSteps)
        if (p.has(step)) {
            if (!s.empty()) s += ',';
            s += step_name(step);
        }
    return s.empty() ? "-" : s;
}

std::string profile_list_line(const Profile& p) {
    std::string out;
    appendf(out, "%s, %.0f Hz, modified %s, steps: %s", p.device.description.c_str(), p.device.sample_rate_hz,
            p.modified_utc.c_str(), steps_done(p).c_str());
    return out;
}

std::string format_profile_text(const std::string& name, const std::string& path, const Profile& p) {
    std::string out;
    appendf(out, "profile %s (%s)\n", name.c_str(), path.c_str());
    appendf(out, "  device         %s, %.0f Hz%s%s\n", p.device.description.c_str(), p.device.sample_rate_hz,
                p.device.api ? ", API " : "", p.device.api ? p.device.api->c_str() : "");
    appendf(out, "  output         %s\n", p.output ? std::string(output_kind_label(*p.output)).c_str() : "-");
    appendf(out, "  created        %s, modified %s\n", p.created_utc.c_str(), p.modified_utc.c_str());
    const DividerSolution s = p.divider();
    if (p.r_ref_nominal_ohm) {
        char effective[64] = "- (no reference step)";
        if (s.reference) std::snprintf(effective, sizeof effective, "%.6g ohm", s.r_ref_effective_ohm);
        appendf(out, "  R_ref          nominal %.6g ohm, effective %s\n", *p.r_ref_nominal_ohm, effective);
    }
    for (Step step : kAllSteps) {
        auto t = p.measured_utc(step);
        appendf(out, "  %-15s%s\n", std::string(step_name(step)).c_str(), t ? ("measured " + *t).c_str() : "-");
    }
    if (s.leads) appendf(out, "  leads          %.4g ohm, %.3f uH\n", *s.leads_resistance_ohm(), 1e6 * *s.leads_inductance_h());
    if (s.input_load) {
        if (auto r = s.input_b_resistance_ohm())
            appendf(out, "  input B        %.4g kohm, %.1f pF\n", *r / 1000.0, 1e12 * *s.input_b_capacitance_f());
        else
            appendf(out, "  input B        beyond what R_ref resolves\n");
    }
    if (s.channel_ratio) {
        const auto sum = summarise_curve(*s.channel_ratio);
        appendf(out, "  B/A            %+.4f dB, %+.3f degrees at 1 kHz (%+.4f to %+.4f dB over 20 Hz-20 kHz)\n", sum.gain_db_1khz,
                    sum.phase_deg_1khz, sum.gain_db_min, sum.gain_db_max);
    }
    if (p.sensitivity)
        appendf(out, "  volts          input A %.4g V, input B %.4g V peak at full scale; output %.4g V peak at 0 dBFS\n",
                    p.sensitivity->input_volts_per_fs(Input::a), p.sensitivity->input_volts_per_fs(Input::b),
                    p.sensitivity->output_volts_per_fs());
    if (p.loopback) appendf(out, "  latency        %.2f samples (%.3f ms)\n", p.loopback->latency_samples, p.loopback->latency_ms());
    return out;
}

}  // namespace zb::app
