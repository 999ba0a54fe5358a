#include "model/divider.h"

#include <cmath>

namespace zb {

NodeResponse divider_response(const DividerCircuit& c, const Dut& dut, double f) {
    using C = std::complex<double>;
    const C y_in = std::isinf(c.input_impedance_ohm) ? C(0.0) : C(1.0 / c.input_impedance_ohm);

    // Node B to ground: input B in parallel with leads + DUT.
    bool b_shorted = false;  // infinite admittance at node B
    C y_b = y_in;
    if (!dut_is_open(dut)) {
        const C z_branch = c.leads_ohm + dut_impedance(dut, f);
        if (std::abs(z_branch) == 0.0) b_shorted = true;
        else y_b += 1.0 / z_branch;
    }

    // What node A drives besides input A, and the ratio V_B / V_A.
    C y_series;
    C b_over_a;
    if (c.r_ref_ohm == 0.0) {
        b_over_a = 1.0;
        if (b_shorted) return {C(0.0), C(0.0)};  // the output drives a dead short
        y_series = y_b;
    } else if (b_shorted) {
        b_over_a = 0.0;
        y_series = 1.0 / c.r_ref_ohm;
    } else {
        b_over_a = 1.0 / (1.0 + c.r_ref_ohm * y_b);
        y_series = y_b / (1.0 + c.r_ref_ohm * y_b);
    }
    const C y_a = y_in + y_series;
    const C a = 1.0 / (1.0 + c.source_impedance_ohm * y_a);
    return {a, a * b_over_a};
}

}  // namespace zb
