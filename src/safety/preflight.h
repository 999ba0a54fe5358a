// The safety checks that run before every sweep, on the virtual rig and on
// real devices alike (measure/impedance_measurement.h calls them, so every
// front end gets them):
//  1. --level against its limit (safety/level_limits.h);
//  2. the probe (safety/probe.h): 300 ms of a −40 dBFS multitone with fades
//     (again with a longer silence when its tones came late or not at all);
//  3. its verdict (safety/probe_verdict.h): clipping, no signal on A,
//     swapped inputs, A ≈ B, B ≈ 0, load below the output's minimum;
//  4. DC on the inputs: warnings (safety/dc_check.h);
//  5. the sweep level under --max-dut-volts (safety/level_limits.h).
// A refusal returns a one-line error and sets report.refusal, so front ends
// map each refusal to its own exit code; nothing has played but the probe.
#pragma once

#include <nlohmann/json.hpp>

#include <complex>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "device/audio_device.h"
#include "rig/scenario.h"
#include "safety/dc_check.h"
#include "safety/level_limits.h"
#include "safety/output_kind.h"
#include "safety/probe.h"
#include "safety/probe_verdict.h"
#include "safety/refusal.h"

namespace zb {

struct SafetyConfig {
    OutputKind output = OutputKind::line;  // what drives R_ref (--output); line is the strictest
    ProbeConfig probe;
    bool allow_no_current = false;   // calibration steps that need A ≈ B (open leads, shorted R_ref)
    bool allow_shorted_dut = false;  // calibration steps that need B ≈ 0 (shorted leads, loopback)
    LevelLimits limits;
    DcLimits dc;
    std::optional<double> output_volts_per_fs;  // peak volts at the drive node for 0 dBFS (rig or profile)
    std::optional<double> input_volts_per_fs;   // peak volts at an input's full scale (rig or profile)
    // B/A with both inputs on one node (a profile's channel match); empty = ideal.
    std::function<std::complex<double>(double frequency_hz)> channel_ratio;
};

// The virtual rig knows what drives it and its volts: its scenario's
// "output" and full_scale_volts.
SafetyConfig safety_config_for_rig(const Scenario& scenario);

struct SafetyReport {
    Refusal refusal = Refusal::none;
    std::string message;  // the refusal's one line
    OutputKind output = OutputKind::line;
    double r_ref_ohm = 0.0;
    std::optional<ProbeMeasurement> probe;
    std::optional<ProbeVerdict> verdict;
    std::optional<LevelPlan> level;
    std::vector<std::string> warnings;  // DC, level lowered, cap not enforced
};

// Fills `report`; an error means the sweep must not play.
Status run_preflight(AudioDevice& device, const SafetyConfig& config, double r_ref_ohm, double level_dbfs,
                     const ProgressFn& progress, SafetyReport& report);

// For the JSON report: the probe's tones and estimates, the verdict, the level plan, the warnings.
nlohmann::json safety_report_json(const SafetyReport& report, const SafetyConfig& config);

}  // namespace zb
