// The divider's corrections, solved jointly from whichever of the four
// divider steps a profile holds (calibration/divider_model.h has the circuit):
//
//  1. G(f): the smoothed channel ratio (channel-match), else 1;
//  2. y(f) = g + j·2πf·c: input B's loading, from the open step (uses G), else 0;
//  3. l(f) = r + j·2πf·ℓ: the leads, from the short step (uses G, y), else 0;
//  4. R: R_k / mean Re q from the reference step (uses G, y, l), else nominal.
//
// The order follows the dependencies, not the order the steps were run in:
// each step stores its raw B/A, and redoing any step re-derives all of them.
// Everything before step 4 is relative to R, so no step needs another's
// physical result first.
//
// The corrected impedance for a measured T (the analysis's z_from_transfer):
//   t = T/G,   Z = R·( 1/((1 − t)/t − y(f)) − l(f) ).
#pragma once

#include <complex>
#include <optional>

#include "calibration/channel_match.h"
#include "calibration/open_leads.h"
#include "calibration/reference.h"
#include "calibration/short_leads.h"

namespace zb::calibration {

struct DividerSteps {
    const ChannelMatchStep* channel_match = nullptr;
    const ReferenceStep* reference = nullptr;
    const ShortStep* short_leads = nullptr;
    const OpenStep* open_leads = nullptr;
};

struct DividerSolution {
    double r_ref_nominal_ohm = 0.0;
    double r_ref_effective_ohm = 0.0;  // from the reference step if there is one, else the nominal
    std::optional<ComplexCurve> channel_ratio;
    std::optional<InputLoadFit> input_load;
    std::optional<LeadFit> leads;
    std::optional<ReferenceFit> reference;

    bool any() const { return channel_ratio || input_load || leads || reference; }
    // In physical units (with the solved R).
    std::optional<double> input_b_resistance_ohm() const;  // nullopt when not resolved or no open step
    std::optional<double> input_b_capacitance_f() const;
    std::optional<double> leads_resistance_ohm() const;
    std::optional<double> leads_inductance_h() const;

    std::complex<double> impedance(double frequency_hz, std::complex<double> transfer) const;
};

DividerSolution solve_divider(const DividerSteps& steps, double r_ref_nominal_ohm);

}  // namespace zb::calibration
