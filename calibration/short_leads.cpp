#include "calibration/short_leads.h"

#include <algorithm>
#include <cmath>

#include "safety/format_number.h"

namespace zb::calibration {

Result<ShortStep> run_short(const StepContext& ctx, const ComplexCurve& g, SafetyReport* safety) {
    StepContext c = ctx;
    if (!g.empty()) c.safety.channel_ratio = [&g](double f) { return curve_at(g, f); };
    auto capture = measure_divider(c, {.allow_no_current = false, .allow_shorted_dut = true}, safety);
    if (!capture) return capture.error();
    const auto z = apparent_impedance(curve_at(capture->b_over_a, 1000.0), g.empty() ? 1.0 : curve_at(g, 1000.0),
                                      ctx.r_ref_nominal_ohm);
    const double limit = std::min(1.0, 0.2 * ctx.r_ref_nominal_ohm);
    if (!(std::abs(z) < limit))
        return make_error("short: the leads read ", format_number(std::abs(z)), " ohm at 1 kHz, not a short (below ",
                          format_number(limit), " ohm): clip the two leads together where the driver's terminals go");
    return ShortStep{std::move(*capture)};
}

LeadFit fit_leads(const ShortStep& step, const ComplexCurve* g, const ShuntModel& y) {
    const auto& t = step.capture.b_over_a;
    std::vector<std::complex<double>> l(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double f = t.frequency_hz[i];
        l[i] = 1.0 / (node_b_admittance(g ? t.value[i] / curve_at(*g, f) : t.value[i]) - y.at(f));
    }
    LeadFit out;
    out.fit = fit_constant_plus_reactive(t.frequency_hz, l, kFitLowHz, kFitHighHz);
    out.model = {out.fit.a, out.fit.b};
    return out;
}

nlohmann::json short_json(const ShortStep& step) { return divider_capture_json(step.capture); }

Result<ShortStep> read_short(JsonFields& f) {
    auto capture = read_divider_capture(f);
    if (!capture) return capture.error();
    return ShortStep{std::move(*capture)};
}

}  // namespace zb::calibration
