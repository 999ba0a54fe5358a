// How the virtual rig's leads are connected. A real bench is rewired by hand
// for each calibration step; the virtual rig rewires itself. Each wiring
// is a change to the measurement scenario's circuit (model/divider.h) and
// nothing else: noise, hum, latency, the inputs' gains and impedance, and
// the interface's volts stay as the scenario says, because they belong to
// the interface, not to the wiring.
//
//   measurement       the scenario as given: R_ref, leads, DUT
//   loopback          the output straight into input A; input B left
//                     unconnected (it records only its own noise and hum)
//   inputs_on_drive   R_ref shorted, so both inputs sit on the drive node,
//                     and the DUT disconnected: channel match, and the
//                     sensitivity tone that a multimeter reads on the inputs
//   resistor          a known resistor (resistor_ohm) clipped in place of the
//                     DUT, through the same leads
//   leads_shorted     the leads' clips shorted together
//   leads_open        the leads' clips open
#pragma once

#include <string_view>

#include "rig/scenario.h"
#include "util/result.h"

namespace zb {

enum class WiringKind { measurement, loopback, inputs_on_drive, resistor, leads_shorted, leads_open };

struct RigWiring {
    WiringKind kind = WiringKind::measurement;
    double resistor_ohm = 0.0;  // for WiringKind::resistor
};

// The measurement scenario rewired; an error for a resistor of 0 ohm or less.
Result<Scenario> apply_wiring(const Scenario& measurement, const RigWiring& wiring);

}  // namespace zb
