// The gear-safety side of a job's set-up: what drives R_ref, the safety
// configuration for the opened device (the rig knows its own volts), and
// what a failed measurement is, from its safety report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/device_setup.h"
#include "safety/preflight.h"

namespace zb::app {

struct ResolvedOutput {
    OutputKind kind = OutputKind::line;
    std::string source;  // "option", "profile", "scenario" or "default"
};

// The setting if given (already checked), else the profile's, else the rig
// scenario's, else line (the strictest).
ResolvedOutput resolve_output(const std::string& setting, const std::optional<OutputKind>& profile_output,
                              const std::optional<Scenario>& scenario);

SafetyConfig safety_config_for(const OpenedDevice& opened, OutputKind output, double max_dut_volts_rms);

// Throws the JobFailure for a measurement that failed with `error`: a
// refusal (kind refused, with which one), clipping (measurement, at the
// level), a device error, or a measurement failure.
// `warnings` go with the error.
[[noreturn]] void fail_measurement(const SafetyReport& safety, const Error& error, std::vector<std::string> warnings = {});

}  // namespace zb::app
