// The gear-safety settings every measuring command shares: what drives
// R_ref (--output), the voltage cap (--max-dut-volts), and the mapping of
// each safety refusal to its exit code.
#pragma once

#include <optional>
#include <string>

#include "cli/device_options.h"
#include "safety/preflight.h"

namespace zb::cli {

struct ResolvedOutput {
    OutputKind kind = OutputKind::line;
    std::string source;  // "option", "scenario" or "default"
};

// --output if given, else the rig scenario's "output", else line.
ResolvedOutput resolve_output(const std::string& option, const std::optional<Scenario>& scenario);

// The safety config for a device: the rig's volts when it is the rig.
SafetyConfig make_safety_config(const OpenedDevice& opened, OutputKind output, double max_dut_volts_rms);

// The exit code of a failed measurement: the refusal's own, else
// kExitDevice for a device error, else kExitMeasurement.
int exit_code_for(const SafetyReport& report, const Error& error);

// Safety warnings (DC, level lowered, cap not enforced) on stderr, even with -q.
void print_safety_warnings(const SafetyReport& report);

}  // namespace zb::cli
