#include "rig/wiring.h"

namespace zb {

std::string_view wiring_name(WiringKind kind) {
    switch (kind) {
        case WiringKind::measurement: return "measurement";
        case WiringKind::loopback: return "loopback";
        case WiringKind::inputs_on_drive: return "inputs_on_drive";
        case WiringKind::resistor: return "resistor";
        case WiringKind::leads_shorted: return "leads_shorted";
        case WiringKind::leads_open: return "leads_open";
    }
    return "measurement";
}

Result<Scenario> apply_wiring(const Scenario& measurement, const RigWiring& wiring) {
    Scenario s = measurement;
    switch (wiring.kind) {
        case WiringKind::measurement:
            break;
        case WiringKind::loopback:
            // Input A on the output: with the DUT gone nothing but R_ref and
            // input B's impedance hang on the drive node (a negligible load
            // on any output). Input B unconnected: the scenario's "−200 dB"
            // disconnected-input gain, so it records its own noise and hum.
            s.dut = OpenDut{};
            s.input.gain_db[1] = -200.0;
            break;
        case WiringKind::inputs_on_drive:
            s.r_ref_ohm = 0.0;
            s.dut = OpenDut{};
            break;
        case WiringKind::resistor:
            if (!(wiring.resistor_ohm > 0.0))
                return make_error("rig wiring: the known resistor must be above 0 ohm (got ", wiring.resistor_ohm, ")");
            s.dut = ResistorDut{wiring.resistor_ohm};
            break;
        case WiringKind::leads_shorted:
            s.dut = ShortDut{};
            break;
        case WiringKind::leads_open:
            s.dut = OpenDut{};
            break;
    }
    return s;
}

}  // namespace zb
