#include "rig/wiring.h"

namespace zb {

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
