// A complex-valued curve against frequency: a measured B/A ratio, a chain's
// response. In a profile it is three parallel arrays, {"frequency_hz": [...],
// "re": [...], "im": [...]}, written with every digit (JSON numbers round-trip
// doubles exactly), so a profile reloads to the same corrections bit for bit.
//
// Between points the real and imaginary parts are interpolated linearly
// against log f (the curves zbench stores are smooth on its 48-points-per-
// octave grid, where the error of a linear step is below 1e-6 of a one-pole
// roll-off's value); outside the curve the end values are held.
#pragma once

#include <nlohmann/json.hpp>

#include <complex>
#include <string>
#include <vector>

#include "util/result.h"

namespace zb::calibration {

struct ComplexCurve {
    std::vector<double> frequency_hz;  // ascending, > 0
    std::vector<std::complex<double>> value;

    std::size_t size() const { return frequency_hz.size(); }
    bool empty() const { return frequency_hz.empty(); }
    void push_back(double f_hz, std::complex<double> v) {
        frequency_hz.push_back(f_hz);
        value.push_back(v);
    }
};

std::complex<double> curve_at(const ComplexCurve& curve, double frequency_hz);

// Gain and phase at 1 kHz, and their ranges over the points from 20 Hz to 20 kHz.
struct CurveSummary {
    double gain_db_1khz = 0.0, phase_deg_1khz = 0.0;
    double gain_db_min = 0.0, gain_db_max = 0.0;
    double phase_deg_min = 0.0, phase_deg_max = 0.0;
};
CurveSummary summarise_curve(const ComplexCurve& curve);

nlohmann::json complex_curve_json(const ComplexCurve& curve);
// Strict: an object with exactly the three arrays, of equal length (2 to
// 100000 points), frequencies positive and strictly ascending, values finite.
// Errors name the element: "p.json: steps.open.b_over_a.re[12]: ...".
Result<ComplexCurve> parse_complex_curve(const nlohmann::json& json, const std::string& source, const std::string& path);

}  // namespace zb::calibration
