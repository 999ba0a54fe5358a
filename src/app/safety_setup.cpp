#include "app/safety_setup.h"

#include "app/app_error.h"

namespace zb::app {

ResolvedOutput resolve_output(const std::string& setting, const std::optional<OutputKind>& profile_output,
                              const std::optional<Scenario>& scenario) {
    if (!setting.empty()) {
        const auto kind = parse_output_kind(setting);
        if (!kind) fail_setting("output", "{output} " + setting + ": use line, headphone or amplifier");
        return {*kind, "option"};
    }
    if (profile_output) return {*profile_output, "profile"};
    if (scenario) return {parse_output_kind(scenario->output_kind).value_or(OutputKind::line), "scenario"};
    return {OutputKind::line, "default"};
}

SafetyConfig safety_config_for(const OpenedDevice& opened, OutputKind output, double max_dut_volts_rms) {
    SafetyConfig c = opened.scenario ? safety_config_for_rig(*opened.scenario) : SafetyConfig{};
    c.output = output;
    c.limits.max_dut_volts_rms = max_dut_volts_rms;
    return c;
}

void fail_measurement(const SafetyReport& safety, const Error& error, std::vector<std::string> warnings) {
    AppError e{Failure::measurement, error.setting, error.message, Refusal::none, std::move(warnings)};
    switch (safety.refusal) {
        case Refusal::none:
            if (error.kind == ErrorKind::device) e.kind = Failure::device;
            break;
        case Refusal::clipped: e.setting = "level"; break;
        default:
            e.kind = Failure::refused;
            e.refusal = safety.refusal;
    }
    throw JobFailure{std::move(e)};
}

}  // namespace zb::app
