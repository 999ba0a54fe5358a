// Step "reference": a precision resistor R_k clipped in place of the driver,
// through the same leads. With y (open step) and l (short step) known,
// calibration/divider_model.h gives, at every frequency,
//
//   q(f) = 1/((1 − t)/t − y(f)) − l(f) = R_k / R,   t = T/G,
//
// so the effective R_ref is R = R_k / mean(Re q) over 20 Hz–20 kHz. This
// catches a mislabelled or drifting resistor: a 5 % resistor may be 4 % off,
// and every |Z| scales with it.
//
// Error budget: q is measured best when R_k is near R_ref (t ≈ 1/2; the noise
// in q is δt/(1 − t)²); an 8 Ω resistor on 10 Ω reads to ~1e-6. Without the
// short step the leads stay inside q (0.05 Ω on 8 Ω biases R by 0.6 %), and
// without the open step so does input B's loading (8 Ω on 20 kΩ: 0.04 %);
// the profile re-derives R whenever either step is added
// (calibration/divider_solution.h). The result is only as good as R_k: use
// a 0.1 % resistor, or one measured with a 4-wire ohmmeter.
//
// Sanity check: the resistor must read within a factor 1.5 of R_k and within
// ±15° of resistive at 1 kHz through the nominal R_ref, else the value given
// or the wiring is wrong.
#pragma once

#include <nlohmann/json.hpp>

#include "calibration/divider_capture.h"
#include "calibration/divider_model.h"

namespace zb::calibration {

struct ReferenceStep {
    DividerCapture capture;
    double known_ohm = 0.0;
};

Result<ReferenceStep> run_reference(const StepContext& context, double known_ohm, const ComplexCurve& channel_ratio,
                                    SafetyReport* safety);

// mean(Re q) = R_k/R over the fit band, with its standard error.
struct ReferenceFit {
    double ratio = 1.0;  // R_k / R
    double standard_error = 0.0;
    double effective_r_ref_ohm = 0.0;
};
ReferenceFit fit_reference(const ReferenceStep& step, const ComplexCurve* channel_ratio, const ShuntModel& input_load,
                           const SeriesModel& leads);

nlohmann::json reference_json(const ReferenceStep& step);
Result<ReferenceStep> read_reference(JsonFields& fields);

}  // namespace zb::calibration
