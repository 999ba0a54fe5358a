// The calibration steps, their names and their wiring.
//
//   step           wiring                                       measures
//   loopback       output straight into input A                 latency, output-to-input gain, the chain's response
//   channel-match  R_ref shorted (both inputs on the drive      B/A on one node: the inputs' gain and phase mismatch
//                  node), driver disconnected
//   reference      a precision resistor in place of the driver  the effective R_ref
//   short          the leads' clips shorted together            lead and contact impedance
//   open           the leads' clips open                        input B's impedance
//   sensitivity    as channel-match; a multimeter on the inputs volts per full scale of the inputs and the output
//
// Each step prints its wiring instruction first. On a real bench the user
// rewires and confirms; the virtual rig rewires itself (rig/wiring.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rig/wiring.h"

namespace zb::calibration {

enum class Step { loopback, channel_match, reference, short_leads, open_leads, sensitivity };

inline constexpr Step kAllSteps[] = {Step::loopback,   Step::channel_match, Step::reference,
                                     Step::short_leads, Step::open_leads,   Step::sensitivity};

// On the command line: "loopback", "channel-match", "reference", "short", "open", "sensitivity".
std::string_view step_name(Step step);
// In a profile's "steps" object: "loopback", "channel_match", "reference", "short", "open", "sensitivity".
std::string_view step_key(Step step);
std::optional<Step> parse_step(std::string_view name);

// What the user must connect before the step (one paragraph).
std::string wiring_instruction(Step step, double known_ohm = 0.0);
// The same wiring on the virtual rig.
RigWiring rig_wiring(Step step, double known_ohm = 0.0);

}  // namespace zb::calibration
