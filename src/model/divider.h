// The measurement circuit of REW, LIMP and DATS, as lumped impedances:
//
//   source ──Rs──●A──R_ref──●B──leads──DUT──┐
//                │          │               │
//               Zin        Zin             gnd
//
// The interface output (open-circuit voltage Vs) drives node A through its
// source impedance Rs. Input A records node A, input B records node B, and
// each input loads its node with Zin. R_ref = 0 means R_ref is shorted, so
// both inputs sit on the drive node. The ideal estimate Z = R_ref·B/(A − B)
// sees Zin ‖ (leads + Z_dut), which calibration later corrects.
#pragma once

#include <complex>

#include "model/dut.h"

namespace zb {

struct DividerCircuit {
    double source_impedance_ohm = 0.1;
    double r_ref_ohm = 10.0;
    double leads_ohm = 0.0;
    double input_impedance_ohm = 1e6;  // +inf = an ideal input
};

struct NodeResponse {
    std::complex<double> a;  // V_A / Vs
    std::complex<double> b;  // V_B / Vs
};

NodeResponse divider_response(const DividerCircuit& circuit, const Dut& dut, double frequency_hz);

}  // namespace zb
