#include "calibration/profile.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "calibration/curve_smoothing.h"
#include "util/json_fields.h"
#include "util/units.h"

namespace zb::calibration {

using nlohmann::json;

namespace {

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json optional_json(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

// Each step's "result": derived from the measurements, never read back as input.
json step_result(Step step, const Profile& p, const DividerSolution& s) {
    switch (step) {
        case Step::loopback: {
            const auto sum = summarise_curve(p.loopback->response);
            return {{"latency_ms", p.loopback->latency_ms()},
                    {"gain_db_1khz", sum.gain_db_1khz},
                    {"gain_db_min", sum.gain_db_min},
                    {"gain_db_max", sum.gain_db_max}};
        }
        case Step::channel_match: {
            const auto sum = summarise_curve(*s.channel_ratio);
            return {{"gain_db_1khz", sum.gain_db_1khz},   {"phase_deg_1khz", sum.phase_deg_1khz},
                    {"gain_db_min", sum.gain_db_min},     {"gain_db_max", sum.gain_db_max},
                    {"phase_deg_min", sum.phase_deg_min}, {"phase_deg_max", sum.phase_deg_max},
                    {"smoothing_octaves", kChannelMatchSmoothingOctaves}};
        }
        case Step::reference:
            return {{"effective_r_ref_ohm", s.r_ref_effective_ohm},
                    {"deviation_percent", 100.0 * (s.r_ref_effective_ohm / s.r_ref_nominal_ohm - 1.0)},
                    {"standard_error_ohm", s.r_ref_effective_ohm * s.reference->standard_error / s.reference->ratio}};
        case Step::short_leads:
            return {{"resistance_ohm", *s.leads_resistance_ohm()}, {"inductance_h", *s.leads_inductance_h()}};
        case Step::open_leads:
            return {{"resistance_ohm", optional_json(s.input_b_resistance_ohm())},
                    {"capacitance_f", *s.input_b_capacitance_f()},
                    {"resolved", s.input_load->resolved}};
        case Step::sensitivity: {
            const auto& q = *p.sensitivity;
            const double va = q.input_volts_per_fs(Input::a), vb = q.input_volts_per_fs(Input::b);
            return {{"input_volts_per_fs", {va, vb}},
                    {"output_volts_per_fs", q.output_volts_per_fs()},
                    {"input_full_scale_dbv",
                     {volts_rms_to_dbv(va / std::numbers::sqrt2), volts_rms_to_dbv(vb / std::numbers::sqrt2)}}};
        }
    }
    return json::object();
}

json step_json(Step step, const Profile& p) {
    switch (step) {
        case Step::loopback: return loopback_json(*p.loopback);
        case Step::channel_match: return channel_match_json(*p.channel_match);
        case Step::reference: return reference_json(*p.reference);
        case Step::short_leads: return short_json(*p.short_leads);
        case Step::open_leads: return open_json(*p.open_leads);
        case Step::sensitivity: return sensitivity_json(*p.sensitivity);
    }
    return json::object();
}

bool same_number(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) + 1e-300; }

// `stored` must equal `expected` (numbers to 1e-9 relative): results are
// recomputed from the measurements, so a difference means a hand edit.
Status check_derived(const json& stored, const json& expected, const std::string& source, const std::string& path,
                     const std::string& redo) {
    auto mismatch = [&](const std::string& where) -> Status {
        std::string got = stored.dump(), want = expected.dump();
        if (got.size() > 40) got = got.substr(0, 37) + "...";
        if (want.size() > 40) want = want.substr(0, 37) + "...";
        return make_error(source, ": ", where, ": ", got, " does not match what the measurements give (", want,
                          "); results are derived from the measurements and must not be edited: restore the file or run `",
                          redo, "` again");
    };
    if (expected.is_object()) {
        if (!stored.is_object()) return make_error(source, ": ", path, ": must be an object {...}");
        for (const auto& [key, value] : stored.items())
            if (!expected.contains(key))
                return make_error(source, ": ", path, ".", key_for_message(key), ": unknown key; check its spelling");
        for (const auto& [key, value] : expected.items()) {
            if (!stored.contains(key)) return make_error(source, ": ", path, ".", key_for_message(key), ": missing");
            if (auto st = check_derived(stored.at(key), value, source, path + "." + key, redo); !st) return st;
        }
        return {};
    }
    if (expected.is_array()) {
        if (!stored.is_array() || stored.size() != expected.size()) return mismatch(path);
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (auto st = check_derived(stored[i], expected[i], source, path + "[" + std::to_string(i) + "]", redo); !st)
                return st;
        return {};
    }
    if (expected.is_number()) {
        if (!stored.is_number() || !same_number(stored.get<double>(), expected.get<double>())) return mismatch(path);
        return {};
    }
    if (stored != expected) return mismatch(path);
    return {};
}

std::optional<std::string> nullable_string(JsonFields& f, const json& obj, std::string_view key) {
    if (f.is_null(key) || !obj.contains(key)) return std::nullopt;
    return f.string(key, "");
}

std::optional<double> nullable_number(JsonFields& f, std::string_view key, double min, double max) {
    if (f.is_null(key)) return std::nullopt;
    return f.optional_number(key, min, max);
}

std::optional<int> nullable_channel(JsonFields& f, const json& obj, std::string_view key) {
    if (f.is_null(key) || !obj.contains(key)) return std::nullopt;
    return static_cast<int>(f.integer(key, 0, 0, 1023));
}

Status parse_device(const json& j, const std::string& source, DeviceIdentity& d) {
    JsonFields f(j, source, "device");
    f.require({"description", "sample_rate_hz"});
    d.description = f.string("description", "");
    if (!f.failed() && d.description.empty()) f.fail("description", "must name the device (got \"\")");
    d.api = nullable_string(f, j, "api");
    d.sample_rate_hz = f.number("sample_rate_hz", 48000.0, 8000.0, 384000.0);
    if (const json* map = f.object("channel_map")) {
        JsonFields m(*map, source, "device.channel_map");
        d.channels.output = nullable_channel(m, *map, "output");
        d.channels.input_a = nullable_channel(m, *map, "input_a");
        d.channels.input_b = nullable_channel(m, *map, "input_b");
        if (auto st = m.finish(); !st) f.fail(st.error());
    }
    return f.finish();
}

template <class StepT, class Reader>
Status parse_step(JsonFields& steps, Step step, const std::string& source, std::optional<StepT>& out,
                  const json** result, Reader read) {
    const json* obj = steps.object(step_key(step));
    if (!obj) return steps.failed() ? steps.finish() : Status{};
    JsonFields f(*obj, source, "steps." + std::string(step_key(step)));
    auto parsed = read(f);
    if (!parsed) return parsed.error();
    *result = f.object("result");
    if (!f.failed() && !*result) f.fail("result", "missing");
    if (auto st = f.finish(); !st) return st;
    out = std::move(*parsed);
    return {};
}

}  // namespace

bool Profile::has(Step step) const {
    switch (step) {
        case Step::loopback: return loopback.has_value();
        case Step::channel_match: return channel_match.has_value();
        case Step::reference: return reference.has_value();
        case Step::short_leads: return short_leads.has_value();
        case Step::open_leads: return open_leads.has_value();
        case Step::sensitivity: return sensitivity.has_value();
    }
    return false;
}

std::optional<std::string> Profile::measured_utc(Step step) const {
    switch (step) {
        case Step::loopback: return loopback ? std::optional(loopback->measured_utc) : std::nullopt;
        case Step::channel_match: return channel_match ? std::optional(channel_match->capture.measured_utc) : std::nullopt;
        case Step::reference: return reference ? std::optional(reference->capture.measured_utc) : std::nullopt;
        case Step::short_leads: return short_leads ? std::optional(short_leads->capture.measured_utc) : std::nullopt;
        case Step::open_leads: return open_leads ? std::optional(open_leads->capture.measured_utc) : std::nullopt;
        case Step::sensitivity: return sensitivity ? std::optional(sensitivity->measured_utc) : std::nullopt;
    }
    return std::nullopt;
}

DividerSolution Profile::divider() const {
    DividerSteps steps;
    if (channel_match) steps.channel_match = &*channel_match;
    if (reference) steps.reference = &*reference;
    if (short_leads) steps.short_leads = &*short_leads;
    if (open_leads) steps.open_leads = &*open_leads;
    return solve_divider(steps, r_ref_nominal_ohm.value_or(0.0));
}

json profile_to_json(const Profile& p) {
    const DividerSolution s = p.divider();
    json steps = json::object();
    for (Step step : kAllSteps) {
        if (!p.has(step)) continue;
        json j = step_json(step, p);
        j["result"] = step_result(step, p, s);
        steps[std::string(step_key(step))] = std::move(j);
    }
    return {{"format", kProfileFormat},
            {"version", kProfileVersion},
            {"created_utc", p.created_utc},
            {"modified_utc", p.modified_utc},
            {"device",
             {{"description", p.device.description},
              {"api", p.device.api ? json(*p.device.api) : json(nullptr)},
              {"sample_rate_hz", p.device.sample_rate_hz},
              {"channel_map",
               {{"output", optional_json(p.device.channels.output)},
                {"input_a", optional_json(p.device.channels.input_a)},
                {"input_b", optional_json(p.device.channels.input_b)}}}}},
            {"output", p.output ? json(output_kind_name(*p.output)) : json(nullptr)},
            {"r_ref",
             {{"nominal_ohm", optional_json(p.r_ref_nominal_ohm)},
              {"effective_ohm", p.reference ? json(s.r_ref_effective_ohm) : json(nullptr)}}},
            {"steps", steps}};
}

namespace {

// Indented like dump(1), but an array of scalars stays on one line, so a
// 500-point curve is three lines, not 1500.
void format_json(const json& j, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (j.is_object()) {
        if (j.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& [key, value] : j.items()) {
            if (!first) out += ",\n";
            first = false;
            out += pad + " " + json(key).dump() + ": ";
            format_json(value, indent + 1, out);
        }
        out += "\n" + pad + "}";
    } else if (j.is_array() && std::any_of(j.begin(), j.end(), [](const json& e) { return e.is_structured(); })) {
        out += "[\n";
        for (std::size_t i = 0; i < j.size(); ++i) {
            out += pad + " ";
            format_json(j[i], indent + 1, out);
            out += i + 1 < j.size() ? ",\n" : "\n";
        }
        out += pad + "]";
    } else {
        out += j.dump();
    }
}

}  // namespace

std::string format_profile(const Profile& profile) {
    std::string out;
    format_json(profile_to_json(profile), 0, out);
    out += "\n";
    return out;
}

Result<Profile> parse_profile(const json& j, const std::string& source) {
    Profile p;
    JsonFields f(j, source, "");
    for (const char* key : {"format", "version", "created_utc", "modified_utc", "device", "r_ref", "steps"})
        if (j.is_object() && !j.contains(key)) f.fail(key, "missing; is this a zbench calibration profile?");
    const std::string format = f.string("format", "");
    if (!f.failed() && format != kProfileFormat)
        f.fail("format", "must be \"" + std::string(kProfileFormat) + "\" (got " + quoted_for_message(format) + "); this is not a zbench calibration profile");
    const auto version = f.integer("version", kProfileVersion, 1, 1000000);
    if (!f.failed() && version > kProfileVersion)
        f.fail("version", std::to_string(version) + " is newer than this zbench reads (" + std::to_string(kProfileVersion) +
                              "); update zbench");
    p.created_utc = read_utc_timestamp(f, "created_utc");
    p.modified_utc = read_utc_timestamp(f, "modified_utc");
    if (const json* device = f.object("device"); device && !f.failed())
        if (auto st = parse_device(*device, source, p.device); !st) return st.error();
    if (!f.is_null("output") && j.is_object() && j.contains("output")) {
        const std::string kind = f.string("output", "line", {"line", "headphone", "amplifier"});
        p.output = parse_output_kind(kind);
    }
    const json* r_ref = f.object("r_ref");
    std::optional<double> stored_effective;
    if (r_ref && !f.failed()) {
        JsonFields r(*r_ref, source, "r_ref");
        p.r_ref_nominal_ohm = nullable_number(r, "nominal_ohm", 1e-3, 1e7);
        stored_effective = nullable_number(r, "effective_ohm", 1e-3, 1e7);
        if (auto st = r.finish(); !st) return st.error();
    }
    const json* steps = f.object("steps");
    if (auto st = f.finish(); !st) return st.error();

    JsonFields sf(*steps, source, "steps");
    const json* results[6] = {};
    auto idx = [](Step s) { return static_cast<std::size_t>(s); };
    Status st;
    if (st = parse_step(sf, Step::loopback, source, p.loopback, &results[idx(Step::loopback)], read_loopback); !st) return st.error();
    if (st = parse_step(sf, Step::channel_match, source, p.channel_match, &results[idx(Step::channel_match)], read_channel_match); !st)
        return st.error();
    if (st = parse_step(sf, Step::reference, source, p.reference, &results[idx(Step::reference)], read_reference); !st) return st.error();
    if (st = parse_step(sf, Step::short_leads, source, p.short_leads, &results[idx(Step::short_leads)], read_short); !st) return st.error();
    if (st = parse_step(sf, Step::open_leads, source, p.open_leads, &results[idx(Step::open_leads)], read_open); !st) return st.error();
    if (st = parse_step(sf, Step::sensitivity, source, p.sensitivity, &results[idx(Step::sensitivity)], read_sensitivity); !st)
        return st.error();
    if (st = sf.finish(); !st) return st.error();

    const bool divider_steps = p.channel_match || p.reference || p.short_leads || p.open_leads;
    if (divider_steps && !p.r_ref_nominal_ohm)
        return make_error(source, ": r_ref.nominal_ohm: missing (null), but the profile holds divider steps measured through R_ref");

    // Derived values must be what the measurements give.
    const DividerSolution s = p.divider();
    const json effective = p.reference ? json(s.r_ref_effective_ohm) : json(nullptr);
    if (auto c = check_derived(stored_effective ? json(*stored_effective) : json(nullptr), effective, source,
                               "r_ref.effective_ohm", "zbench calibrate reference");
        !c)
        return c.error();
    for (Step step : kAllSteps) {
        if (!p.has(step)) continue;
        const std::string path = "steps." + std::string(step_key(step)) + ".result";
        if (auto c = check_derived(*results[idx(step)], step_result(step, p, s), source, path,
                                   "zbench calibrate " + std::string(step_name(step)));
            !c)
            return c.error();
    }
    return p;
}

Result<Profile> parse_profile_text(std::string_view text, const std::string& source) {
    auto j = parse_json_text(text, source);
    if (!j) return j.error();
    return parse_profile(*j, source);
}

}  // namespace zb::calibration
