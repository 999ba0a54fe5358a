#include "calibration/corrections.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>

#include "safety/format_number.h"
#include "util/units.h"

namespace zb::calibration {

using nlohmann::json;

std::optional<double> input_volts_per_fs(const Profile& p, Input input) {
    if (!p.sensitivity) return std::nullopt;
    return p.sensitivity->input_volts_per_fs(input);
}

std::optional<double> output_volts_per_fs(const Profile& p) {
    if (!p.sensitivity) return std::nullopt;
    return p.sensitivity->output_volts_per_fs();
}

double sine_peak_fs_to_dbv(double peak_fs, double volts_per_fs) {
    return volts_rms_to_dbv(peak_fs * volts_per_fs / std::numbers::sqrt2);
}

double sine_peak_fs_to_mv_rms(double peak_fs, double volts_per_fs) {
    return 1000.0 * peak_fs * volts_per_fs / std::numbers::sqrt2;
}

double dc_fs_to_volts(double dc_fs, double volts_per_fs) { return dc_fs * volts_per_fs; }

AppliedCorrections apply_to_impedance(const Profile& p, ImpedanceMeasurementConfig& config) {
    AppliedCorrections out;
    out.divider = p.divider();
    auto note = [&](bool present, const char* name) { (present ? out.applied : out.not_in_profile).push_back(name); };
    note(out.divider.channel_ratio.has_value(), "channel_match");
    note(out.divider.reference.has_value(), "effective_r_ref");
    note(out.divider.leads.has_value(), "leads");
    note(out.divider.input_load.has_value(), "input_b_loading");
    note(p.sensitivity.has_value(), "volts");
    if (out.divider.any()) {
        auto solution = std::make_shared<const DividerSolution>(out.divider);
        config.analysis.z_from_transfer = [solution](double f, std::complex<double> t) { return solution->impedance(f, t); };
        if (solution->channel_ratio)
            config.safety.channel_ratio = [solution](double f) { return curve_at(*solution->channel_ratio, f); };
    }
    if (p.sensitivity) {
        config.safety.output_volts_per_fs = p.sensitivity->output_volts_per_fs();
        config.safety.input_volts_per_fs = p.sensitivity->input_volts_per_fs(Input::a);
    }
    return out;
}

json profile_report(const Profile& p, const std::string& name, const std::string& file, bool forced,
                    const std::vector<std::string>& warnings, const AppliedCorrections* applied) {
    json steps = json::object();
    for (Step s : kAllSteps)
        if (auto t = p.measured_utc(s)) steps[std::string(step_key(s))] = *t;
    json j = {{"name", name},
              {"file", file},
              {"version", kProfileVersion},
              {"forced", forced},
              {"warnings", warnings},
              {"device", p.device.description},
              {"sample_rate_hz", p.device.sample_rate_hz},
              {"steps", steps}};
    if (applied) {
        const auto& d = applied->divider;
        json c = json::object();
        c["r_ref_nominal_ohm"] = d.r_ref_nominal_ohm;
        c["r_ref_effective_ohm"] = d.reference ? json(d.r_ref_effective_ohm) : json(nullptr);
        if (d.channel_ratio) {
            const auto sum = summarise_curve(*d.channel_ratio);
            c["channel_match"] = {{"gain_db_1khz", sum.gain_db_1khz}, {"phase_deg_1khz", sum.phase_deg_1khz}};
        }
        if (d.leads) c["leads"] = {{"resistance_ohm", *d.leads_resistance_ohm()}, {"inductance_h", *d.leads_inductance_h()}};
        if (d.input_load)
            c["input_b"] = {{"resistance_ohm", d.input_b_resistance_ohm() ? json(*d.input_b_resistance_ohm()) : json(nullptr)},
                            {"capacitance_f", *d.input_b_capacitance_f()}};
        if (p.sensitivity)
            c["volts_per_fs"] = {{"input_a", p.sensitivity->input_volts_per_fs(Input::a)},
                                 {"input_b", p.sensitivity->input_volts_per_fs(Input::b)},
                                 {"output", p.sensitivity->output_volts_per_fs()}};
        j["applied"] = applied->applied;
        j["not_in_profile"] = applied->not_in_profile;
        j["corrections"] = c;
    }
    return j;
}

std::string describe_corrections(const std::string& name, const AppliedCorrections& a, const Profile& p) {
    const auto& d = a.divider;
    std::string s = "profile " + name + ":";
    std::string sep = " ";
    auto add = [&](const std::string& part) {
        s += sep + part;
        sep = ", ";
    };
    if (d.channel_ratio) {
        const auto sum = summarise_curve(*d.channel_ratio);
        add("channel match (B/A " + format_number(sum.gain_db_1khz) + " dB at 1 kHz)");
    }
    if (d.reference) {
        char r[96];
        std::snprintf(r, sizeof r, "R_ref %.4g ohm (nominal %.4g)", d.r_ref_effective_ohm, d.r_ref_nominal_ohm);
        add(r);
    }
    if (d.leads) add("leads " + format_number(*d.leads_resistance_ohm()) + " ohm");
    if (d.input_load) {
        if (auto r = d.input_b_resistance_ohm()) add("input B " + format_number(*r / 1000.0) + " kohm");
        else add("input B beyond what R_ref resolves");
    }
    if (p.sensitivity) add("volts (input A " + format_number(p.sensitivity->input_volts_per_fs(Input::a)) + " V peak at full scale)");
    if (sep == " ") s += " nothing that applies here";
    return s;
}

}  // namespace zb::calibration
