// The raw measurement of a divider step (channel-match, reference, short,
// open): T = B/A on the log grid, exactly as the impedance analysis reads it
// (measure/impedance_analysis.h: hum removed, band-limited, frequency-
// dependent windowing), before any correction.
//
// Steps store this raw curve rather than a value derived from it, because the
// corrections are coupled: the effective R_ref read from a known resistor
// depends on the leads and on input B's loading, and those are read relative
// to R_ref. Keeping the raw ratios lets calibration/divider_solution.h solve
// them jointly whenever any step is (re)done, in any order.
#pragma once

#include <nlohmann/json.hpp>

#include <complex>
#include <string>

#include "calibration/complex_curve.h"
#include "calibration/step_context.h"
#include "util/json_fields.h"

namespace zb::calibration {

struct DividerCapture {
    std::string measured_utc;
    double level_dbfs = 0.0;  // the sweep level actually played (the preflight may lower it)
    double sweep_seconds = 0.0;
    ComplexCurve b_over_a;    // raw T = B/A
};

struct DividerRules {
    bool allow_no_current = false;   // A ≈ B expected (open leads, R_ref shorted)
    bool allow_shorted_dut = false;  // B ≈ 0 expected (shorted leads)
};

// One sweep through measure_impedance (probe and level limits included).
// `safety` receives the preflight's report (for the refusal's exit code).
Result<DividerCapture> measure_divider(const StepContext& context, const DividerRules& rules, SafetyReport* safety);

// R·t/(1 − t) with t = T/G: what the step's wiring looks like through the
// nominal R_ref, for the steps' sanity checks and messages.
std::complex<double> apparent_impedance(std::complex<double> b_over_a, std::complex<double> channel_ratio,
                                        double r_ref_ohm);

// {"measured_utc", "level_dbfs", "sweep_seconds", "b_over_a"}: merged into the step's object.
nlohmann::json divider_capture_json(const DividerCapture& capture);
// Reads those four keys of a step object through `fields` (which the caller finishes).
Result<DividerCapture> read_divider_capture(JsonFields& fields);

}  // namespace zb::calibration
