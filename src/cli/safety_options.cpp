#include "cli/safety_options.h"

#include <cstdio>

#include "cli/exit_codes.h"

namespace zb::cli {

ResolvedOutput resolve_output(const std::string& option, const std::optional<Scenario>& scenario) {
    if (!option.empty()) {
        auto kind = parse_output_kind(option);
        if (!kind) throw ExitError{kExitBadInput, "--output " + option + ": use line, headphone or amplifier"};
        return {*kind, "option"};
    }
    if (scenario) return {parse_output_kind(scenario->output_kind).value_or(OutputKind::line), "scenario"};
    return {OutputKind::line, "default"};
}

SafetyConfig make_safety_config(const OpenedDevice& opened, OutputKind output, double max_dut_volts_rms) {
    if (!(max_dut_volts_rms > 0.0))
        throw ExitError{kExitBadInput, "--max-dut-volts must be above 0 V RMS (got " + std::to_string(max_dut_volts_rms) + ")"};
    SafetyConfig c = opened.scenario ? safety_config_for_rig(*opened.scenario) : SafetyConfig{};
    c.output = output;
    c.limits.max_dut_volts_rms = max_dut_volts_rms;
    return c;
}

int exit_code_for(const SafetyReport& r, const Error& error) {
    switch (r.refusal) {
        case Refusal::none: return exit_code_for(error, kExitMeasurement);
        case Refusal::level_too_high: return kExitRefused;
        case Refusal::dut_voltage: return kExitRefused;
        case Refusal::clipped: return kExitMeasurement;
        case Refusal::no_signal_on_a: return kExitNoSignalA;
        case Refusal::inputs_swapped: return kExitSwappedInputs;
        case Refusal::no_current: return kExitNoCurrent;
        case Refusal::shorted_dut: return kExitShortedDut;
        case Refusal::load_too_low: return kExitLoadTooLow;
    }
    return kExitMeasurement;
}

void print_safety_warnings(const SafetyReport& r) {
    for (const auto& w : r.warnings) std::fprintf(stderr, "zbench: warning: %s\n", w.c_str());
}

}  // namespace zb::cli
