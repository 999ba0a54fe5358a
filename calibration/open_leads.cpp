#include "calibration/open_leads.h"

#include <cmath>

#include "safety/format_number.h"

namespace zb::calibration {

Result<OpenStep> run_open(const StepContext& ctx, const ComplexCurve& g, SafetyReport* safety) {
    if (g.empty())
        return make_error("open: run channel-match first; the open leads differ from a short R_ref by ",
                          "R_ref/Z_in (0.05 % for 10 ohm on 20 kohm), far below any interface's channel mismatch");
    StepContext c = ctx;
    c.safety.channel_ratio = [&g](double f) { return curve_at(g, f); };
    auto capture = measure_divider(c, {.allow_no_current = true, .allow_shorted_dut = false}, safety);
    if (!capture) return capture.error();
    const auto z = apparent_impedance(curve_at(capture->b_over_a, 1000.0), curve_at(g, 1000.0), ctx.r_ref_nominal_ohm);
    if (!(std::abs(z) >= 10.0 * ctx.r_ref_nominal_ohm))
        return make_error("open: the leads read ", format_number(std::abs(z)), " ohm at 1 kHz through R_ref ",
                          format_number(ctx.r_ref_nominal_ohm), " ohm, not an open (at least ",
                          format_number(10.0 * ctx.r_ref_nominal_ohm), " ohm): disconnect the driver and leave the clips open");
    return OpenStep{std::move(*capture)};
}

InputLoadFit fit_input_load(const OpenStep& step, const ComplexCurve* g) {
    const auto& t = step.capture.b_over_a;
    std::vector<std::complex<double>> y(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        y[i] = node_b_admittance(g ? t.value[i] / curve_at(*g, t.frequency_hz[i]) : t.value[i]);
    InputLoadFit out;
    out.fit = fit_constant_plus_reactive(t.frequency_hz, y, kFitLowHz, kFitHighHz);
    out.model = {out.fit.a, out.fit.b};
    out.resolved = out.fit.a > 2.0 * out.fit.se_a;
    return out;
}

nlohmann::json open_json(const OpenStep& step) { return divider_capture_json(step.capture); }

Result<OpenStep> read_open(JsonFields& f) {
    auto capture = read_divider_capture(f);
    if (!capture) return capture.error();
    return OpenStep{std::move(*capture)};
}

}  // namespace zb::calibration
