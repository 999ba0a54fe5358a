#include "calibration/steps.h"

#include "safety/format_number.h"

namespace zb::calibration {

std::string_view step_name(Step step) {
    switch (step) {
        case Step::loopback: return "loopback";
        case Step::channel_match: return "channel-match";
        case Step::reference: return "reference";
        case Step::short_leads: return "short";
        case Step::open_leads: return "open";
        case Step::sensitivity: return "sensitivity";
    }
    return "";
}

std::string_view step_key(Step step) {
    switch (step) {
        case Step::loopback: return "loopback";
        case Step::channel_match: return "channel_match";
        case Step::reference: return "reference";
        case Step::short_leads: return "short";
        case Step::open_leads: return "open";
        case Step::sensitivity: return "sensitivity";
    }
    return "";
}

std::optional<Step> parse_step(std::string_view name) {
    for (Step s : kAllSteps)
        if (name == step_name(s) || name == step_key(s)) return s;
    return std::nullopt;
}

std::string wiring_instruction(Step step, double known_ohm) {
    switch (step) {
        case Step::loopback:
            return "Connect the output straight to input A with a cable (no R_ref, no driver); leave input B unconnected.";
        case Step::channel_match:
            return "Short R_ref (a wire across it, or both inputs clipped to the drive node) so inputs A and B read the "
                   "same node; disconnect the driver.";
        case Step::reference:
            return "Clip a precision resistor of " + format_number(known_ohm) +
                   " ohm in place of the driver, with the same leads; R_ref back in circuit.";
        case Step::short_leads:
            return "Clip the two leads together at the clips (where the driver's terminals go); R_ref in circuit.";
        case Step::open_leads:
            return "Leave the leads' clips open, touching nothing; R_ref in circuit.";
        case Step::sensitivity:
            return "Short R_ref so both inputs sit on the drive node, disconnect the driver, and put an AC voltmeter "
                   "(true RMS) across the inputs; zbench plays a tone and you read its voltage.";
    }
    return "";
}

RigWiring rig_wiring(Step step, double known_ohm) {
    switch (step) {
        case Step::loopback: return {WiringKind::loopback, 0.0};
        case Step::channel_match: return {WiringKind::inputs_on_drive, 0.0};
        case Step::reference: return {WiringKind::resistor, known_ohm};
        case Step::short_leads: return {WiringKind::leads_shorted, 0.0};
        case Step::open_leads: return {WiringKind::leads_open, 0.0};
        case Step::sensitivity: return {WiringKind::inputs_on_drive, 0.0};
    }
    return {};
}

}  // namespace zb::calibration
