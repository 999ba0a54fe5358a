#include "hum/compare.h"

#include <cmath>
#include <cstdio>

#include "hum/spectral_lines.h"

namespace zb {

namespace {

using json = nlohmann::json;

std::string fmt_db(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.1f", v);
    return b;
}

std::string fmt_dbfs(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

// Power sum of levels in dBFS.
double power_sum_dbfs(const std::vector<double>& levels) {
    double ms = 0.0;
    for (double l : levels) ms += dbfs_to_mean_square(l);
    return mean_square_to_dbfs(ms);
}

const HumSnapshotChannel::Harmonic* find_harmonic(const HumSnapshotChannel& c, int n) {
    for (const auto& h : c.harmonics)
        if (h.n == n) return &h;
    return nullptr;
}

}  // namespace

Result<HumSnapshot> parse_hum_snapshot(const json& report, const std::string& source) {
    const std::string hint = "; give a report written by the hum measurement as JSON";
    auto fail = [&](const std::string& field, const std::string& problem) {
        return make_error(source, ": ", field, ": ", problem, hint);
    };
    if (!report.is_object()) return fail("top level", "not a JSON object");
    HumSnapshot snap;
    if (report.contains("mains_hz") && report["mains_hz"].is_number()) snap.mains_hz = report["mains_hz"].get<double>();
    if (!report.contains("channels") || !report["channels"].is_array() || report["channels"].empty())
        return fail("channels", "missing or empty");
    const auto& channels = report["channels"];
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const std::string at = "channels[" + std::to_string(i) + "]";
        const auto& c = channels[i];
        if (!c.is_object()) return fail(at, "not an object");
        HumSnapshotChannel ch;
        if (!c.contains("name") || !c["name"].is_string()) return fail(at + ".name", "missing or not a string");
        ch.name = c["name"].get<std::string>();
        if (!c.contains("total_hum_dbfs") || !(c["total_hum_dbfs"].is_number() || c["total_hum_dbfs"].is_null()))
            return fail(at + ".total_hum_dbfs", "missing, or neither a number nor null");
        if (c["total_hum_dbfs"].is_number()) ch.total_hum_dbfs = c["total_hum_dbfs"].get<double>();
        if (!c.contains("noise_floor_dbfs") || !c["noise_floor_dbfs"].is_number())
            return fail(at + ".noise_floor_dbfs", "missing or not a number");
        ch.noise_floor_dbfs = c["noise_floor_dbfs"].get<double>();
        if (c.contains("diagnosis") && c["diagnosis"].is_object() && c["diagnosis"].contains("kind") && c["diagnosis"]["kind"].is_string())
            ch.kind = c["diagnosis"]["kind"].get<std::string>();
        if (!c.contains("harmonics") || !c["harmonics"].is_array()) return fail(at + ".harmonics", "missing or not an array");
        for (std::size_t j = 0; j < c["harmonics"].size(); ++j) {
            const auto& h = c["harmonics"][j];
            const std::string hat = at + ".harmonics[" + std::to_string(j) + "]";
            if (!h.is_object() || !h.contains("n") || !h["n"].is_number_integer()) return fail(hat + ".n", "missing or not an integer");
            if (!h.contains("level_dbfs") || !h["level_dbfs"].is_number()) return fail(hat + ".level_dbfs", "missing or not a number");
            if (!h.contains("detected") || !h["detected"].is_boolean()) return fail(hat + ".detected", "missing or not true/false");
            ch.harmonics.push_back({h["n"].get<int>(), h["level_dbfs"].get<double>(), h["detected"].get<bool>()});
        }
        snap.channels.push_back(std::move(ch));
    }
    return snap;
}

HumSnapshot snapshot_of(const HumAnalysis& a) {
    HumSnapshot snap;
    if (a.mains.found) snap.mains_hz = a.mains.frequency_hz;
    for (const auto& c : a.channels) {
        HumSnapshotChannel ch;
        ch.name = c.name;
        ch.total_hum_dbfs = c.hum.total_hum_dbfs;
        ch.noise_floor_dbfs = c.noise_floor_dbfs;
        ch.kind = std::string(hum_kind_name(c.diagnosis.kind));
        for (const auto& h : c.hum.harmonics) ch.harmonics.push_back({h.n, h.level_dbfs, h.detected});
        snap.channels.push_back(std::move(ch));
    }
    return snap;
}

HumComparison compare_hum(const HumSnapshot& before, const std::string& before_source, const HumSnapshot& after) {
    HumComparison out;
    out.before_source = before_source;
    if (before.mains_hz && after.mains_hz && std::abs(*before.mains_hz - *after.mains_hz) > 5.0)
        out.warnings.push_back("the two measurements found different mains frequencies (" + fmt_dbfs(*before.mains_hz) + " and " +
                               fmt_dbfs(*after.mains_hz) + " Hz): were they made on the same system?");
    for (std::size_t i = 0; i < after.channels.size(); ++i) {
        const auto& a = after.channels[i];
        const HumSnapshotChannel* b = nullptr;
        for (const auto& c : before.channels)
            if (c.name == a.name) b = &c;
        if (!b && i < before.channels.size()) {
            b = &before.channels[i];
            out.warnings.push_back("channel " + a.name + " has no namesake in " + before_source + "; compared with its channel " + b->name);
        }
        if (!b) {
            out.warnings.push_back("channel " + a.name + " has no counterpart in " + before_source);
            continue;
        }
        ChannelComparison cc;
        cc.name = a.name;
        cc.before_name = b->name;
        cc.before_total_dbfs = b->total_hum_dbfs;
        cc.after_total_dbfs = a.total_hum_dbfs;
        cc.noise_floor_change_db = a.noise_floor_dbfs - b->noise_floor_dbfs;
        cc.kind_before = b->kind;
        cc.kind_after = a.kind;
        std::vector<double> bound_levels;  // the other side's levels at the detected side's harmonics
        for (const auto& ha : a.harmonics) {
            const auto* hb = find_harmonic(*b, ha.n);
            if (!hb || (!ha.detected && !hb->detected)) continue;
            HarmonicChange hc;
            hc.n = ha.n;
            hc.before_dbfs = hb->level_dbfs;
            hc.after_dbfs = ha.level_dbfs;
            hc.before_detected = hb->detected;
            hc.after_detected = ha.detected;
            hc.change_db = ha.level_dbfs - hb->level_dbfs;
            hc.bound = ha.detected && hb->detected ? "exact" : (!ha.detected ? "at_most" : "at_least");
            if (!a.total_hum_dbfs && hb->detected) bound_levels.push_back(ha.level_dbfs);
            if (!b->total_hum_dbfs && ha.detected) bound_levels.push_back(hb->level_dbfs);
            cc.harmonics.push_back(hc);
        }
        const std::string change = " after the change";
        if (a.total_hum_dbfs && b->total_hum_dbfs) {
            cc.total_change_db = *a.total_hum_dbfs - *b->total_hum_dbfs;
            cc.text = "hum " + fmt_db(*cc.total_change_db) + " dB" + change + " (" + fmt_dbfs(*b->total_hum_dbfs) + " -> " +
                      fmt_dbfs(*a.total_hum_dbfs) + " dBFS)";
        } else if (b->total_hum_dbfs && !bound_levels.empty()) {
            cc.total_change_db = power_sum_dbfs(bound_levels) - *b->total_hum_dbfs;
            cc.total_bound = "at_most";
            cc.text = "hum down by at least " + fmt_dbfs(-*cc.total_change_db) + " dB" + change + ": no longer above the noise (was " +
                      fmt_dbfs(*b->total_hum_dbfs) + " dBFS)";
        } else if (a.total_hum_dbfs && !bound_levels.empty()) {
            cc.total_change_db = *a.total_hum_dbfs - power_sum_dbfs(bound_levels);
            cc.total_bound = "at_least";
            cc.text = "hum appeared" + change + ": " + fmt_dbfs(*a.total_hum_dbfs) + " dBFS, at least " + fmt_dbfs(*cc.total_change_db) +
                      " dB above what the noise hid before";
        } else {
            cc.text = "no hum above the noise, before or after the change";
        }
        out.channels.push_back(std::move(cc));
    }
    return out;
}

nlohmann::json comparison_to_json(const HumComparison& c) {
    json channels = json::array();
    auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
    for (const auto& cc : c.channels) {
        json harmonics = json::array();
        for (const auto& h : cc.harmonics)
            harmonics.push_back({{"n", h.n},
                                 {"before_dbfs", h.before_dbfs},
                                 {"after_dbfs", h.after_dbfs},
                                 {"before_detected", h.before_detected},
                                 {"after_detected", h.after_detected},
                                 {"change_db", h.change_db},
                                 {"bound", h.bound}});
        channels.push_back({{"name", cc.name},
                            {"before_name", cc.before_name},
                            {"before_total_hum_dbfs", opt(cc.before_total_dbfs)},
                            {"after_total_hum_dbfs", opt(cc.after_total_dbfs)},
                            {"total_hum_change_db", opt(cc.total_change_db)},
                            {"total_hum_change_bound", cc.total_bound},
                            {"noise_floor_change_db", cc.noise_floor_change_db},
                            {"kind_before", cc.kind_before},
                            {"kind_after", cc.kind_after},
                            {"harmonics", harmonics},
                            {"text", cc.text}});
    }
    return {{"before_file", c.before_source}, {"channels", channels}, {"warnings", c.warnings}};
}

}  // namespace zb
