#include "calibration/reference.h"

#include <cmath>

#include "safety/format_number.h"
#include "util/units.h"

namespace zb::calibration {

Result<ReferenceStep> run_reference(const StepContext& ctx, double known_ohm, const ComplexCurve& g,
                                    SafetyReport* safety) {
    if (!(known_ohm > 0.0) || !std::isfinite(known_ohm))
        return make_error("reference: {known_ohms} must be the resistor's value in ohms, above 0");
    StepContext c = ctx;
    if (!g.empty()) c.safety.channel_ratio = [&g](double f) { return curve_at(g, f); };
    auto capture = measure_divider(c, {}, safety);
    if (!capture) return capture.error();
    const auto z = apparent_impedance(curve_at(capture->b_over_a, 1000.0), g.empty() ? 1.0 : curve_at(g, 1000.0),
                                      ctx.r_ref_nominal_ohm);
    const double ratio = std::abs(z) / known_ohm, phase_deg = rad_to_deg(std::arg(z));
    if (!(ratio > 1.0 / 1.5 && ratio < 1.5) || std::abs(phase_deg) > 15.0)
        return make_error("reference: the resistor reads ", format_number(std::abs(z)), " ohm at ",
                          format_number(phase_deg), " degrees at 1 kHz through R_ref ", format_number(ctx.r_ref_nominal_ohm),
                          " ohm, not near {known_ohms} ", format_number(known_ohm),
                          " ohm: check the value you gave, the resistor, and that it sits in place of the driver");
    return ReferenceStep{std::move(*capture), known_ohm};
}

ReferenceFit fit_reference(const ReferenceStep& step, const ComplexCurve* g, const ShuntModel& y, const SeriesModel& l) {
    const auto& t = step.capture.b_over_a;
    double sum = 0.0, sum2 = 0.0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double f = t.frequency_hz[i];
        if (f < kFitLowHz || f > kFitHighHz) continue;
        const auto q = 1.0 / (node_b_admittance(g ? t.value[i] / curve_at(*g, f) : t.value[i]) - y.at(f)) - l.at(f);
        sum += q.real();
        sum2 += q.real() * q.real();
        ++n;
    }
    ReferenceFit out;
    if (n < 2) return out;
    const auto dn = static_cast<double>(n);
    out.ratio = sum / dn;
    out.standard_error = std::sqrt(std::max(0.0, sum2 / dn - out.ratio * out.ratio) / (dn - 1.0));
    out.effective_r_ref_ohm = step.known_ohm / out.ratio;
    return out;
}

nlohmann::json reference_json(const ReferenceStep& step) {
    auto j = divider_capture_json(step.capture);
    j["known_ohm"] = step.known_ohm;
    return j;
}

Result<ReferenceStep> read_reference(JsonFields& f) {
    const double known = f.number("known_ohm", 0.0, 1e-6, 1e9);
    if (!f.failed() && !f.has("known_ohm")) f.fail("known_ohm", "missing; the reference resistor's value in ohms");
    if (f.failed()) return f.finish().error();
    auto capture = read_divider_capture(f);
    if (!capture) return capture.error();
    return ReferenceStep{std::move(*capture), known};
}

}  // namespace zb::calibration
