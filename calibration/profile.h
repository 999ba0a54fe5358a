// A calibration profile: what one interface, at one sample rate, with one
// R_ref and one set of leads, measured in each calibration step, and when.
// Stored as human-readable JSON (calibration/profile_store.h):
//
//   {"format": "zbench calibration profile", "version": 1,
//    "created_utc": "...", "modified_utc": "...",
//    "device": {"description": "...", "api": null, "sample_rate_hz": 48000,
//               "channel_map": {"output": null, "input_a": null, "input_b": null}},
//    "output": "amplifier",
//    "r_ref": {"nominal_ohm": 10, "effective_ohm": 10.31},
//    "steps": {"channel_match": {"measured_utc": ..., "level_dbfs": ..., "sweep_seconds": ...,
//                                "b_over_a": {"frequency_hz": [...], "re": [...], "im": [...]},
//                                "result": {...}},
//              "reference": {..., "known_ohm": 8}, "short": {...}, "open": {...},
//              "loopback": {..., "latency_samples": ..., "response": {...}},
//              "sensitivity": {..., "volts_rms": ..., "peak_fs": [a, b]}}}
//
// Each step keeps its raw measurement; its "result" (and r_ref.effective_ohm)
// is derived from all the steps' measurements on every save
// (calibration/divider_solution.h) and checked again on load, so a hand-edited
// result is reported rather than silently ignored or used. "api" and
// "channel_map" are filled by the real-time device layer; the virtual rig
// leaves them null.
//
// Validation is strict: every field is checked, unknown keys are refused, and
// every error is one line naming the file and the field
// ("p.json: steps.open.b_over_a.re[12]: must be a finite number (got "x")").
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "calibration/channel_match.h"
#include "calibration/divider_solution.h"
#include "calibration/loopback.h"
#include "calibration/open_leads.h"
#include "calibration/reference.h"
#include "calibration/sensitivity.h"
#include "calibration/short_leads.h"
#include "calibration/steps.h"
#include "safety/output_kind.h"

namespace zb::calibration {

inline constexpr int kProfileVersion = 1;
inline constexpr std::string_view kProfileFormat = "zbench calibration profile";

struct ChannelMap {
    std::optional<int> output, input_a, input_b;  // device channel numbers, from 0
};

struct DeviceIdentity {
    std::string description;         // AudioDevice::description()
    std::optional<std::string> api;  // the audio API (the device layer fills it)
    double sample_rate_hz = 0.0;
    ChannelMap channels;
};

struct Profile {
    std::string created_utc, modified_utc;
    DeviceIdentity device;
    std::optional<OutputKind> output;        // what drives R_ref
    std::optional<double> r_ref_nominal_ohm; // the resistor's label (set by the first divider step)
    std::optional<LoopbackStep> loopback;
    std::optional<ChannelMatchStep> channel_match;
    std::optional<ReferenceStep> reference;
    std::optional<ShortStep> short_leads;
    std::optional<OpenStep> open_leads;
    std::optional<SensitivityStep> sensitivity;

    bool has(Step step) const;
    std::optional<std::string> measured_utc(Step step) const;
    // The divider's corrections, solved from the steps present.
    DividerSolution divider() const;
};

nlohmann::json profile_to_json(const Profile& profile);
// The file's text: objects indented, arrays of numbers on one line each.
std::string format_profile(const Profile& profile);
// `source` names the file in errors.
Result<Profile> parse_profile(const nlohmann::json& json, const std::string& source);
Result<Profile> parse_profile_text(std::string_view text, const std::string& source);

}  // namespace zb::calibration
