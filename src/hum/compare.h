// Before/after comparison of two hum measurements: the heart of a diagnosis
// session (change one thing, measure again). The "before" side is a report
// written by `zbench hum --json` (hum_report.h); the "after" side is the
// analysis just made. Channels pair up by name, else by position.
//
// Changes are after − before in dB, per harmonic and for the total hum. When
// a side has no detected hum, its harmonic levels are upper bounds (the noise
// in their bands), so the change is given as a bound: "hum down by at least
// 31.2 dB: no longer above the noise".
//
// Units: dBFS, dB.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "hum/hum_analysis.h"
#include "util/result.h"

namespace zb {

// What a comparison needs from one channel of a report.
struct HumSnapshotChannel {
    std::string name;
    std::optional<double> total_hum_dbfs;
    double noise_floor_dbfs = -400.0;
    std::string kind;
    struct Harmonic {
        int n = 0;
        double level_dbfs = -400.0;
        bool detected = false;
    };
    std::vector<Harmonic> harmonics;
};

struct HumSnapshot {
    std::optional<double> mains_hz;
    std::vector<HumSnapshotChannel> channels;
};

// Reads a `zbench hum --json` report; errors name the file and the field.
Result<HumSnapshot> parse_hum_snapshot(const nlohmann::json& report, const std::string& source);
HumSnapshot snapshot_of(const HumAnalysis& analysis);

struct HarmonicChange {
    int n = 0;
    double before_dbfs = 0.0, after_dbfs = 0.0;
    bool before_detected = false, after_detected = false;
    double change_db = 0.0;
    // "exact" (both detected), "at_most" (after is a bound: the hum fell by
    // at least −change_db), "at_least" (before was a bound).
    std::string bound = "exact";
};

struct ChannelComparison {
    std::string name;       // after's name
    std::string before_name;
    std::optional<double> before_total_dbfs, after_total_dbfs;
    std::optional<double> total_change_db;
    std::string total_bound = "exact";  // as HarmonicChange::bound
    double noise_floor_change_db = 0.0;
    std::string kind_before, kind_after;
    std::vector<HarmonicChange> harmonics;
    std::string text;  // e.g. "hum −18.4 dB after the change (−81.5 → −99.9 dBFS)"
};

struct HumComparison {
    std::string before_source;
    std::vector<ChannelComparison> channels;
    std::vector<std::string> warnings;
};

HumComparison compare_hum(const HumSnapshot& before, const std::string& before_source, const HumSnapshot& after);
nlohmann::json comparison_to_json(const HumComparison& comparison);

}  // namespace zb
