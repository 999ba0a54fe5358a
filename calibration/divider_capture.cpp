#include "calibration/divider_capture.h"

#include "measure/impedance_measurement.h"

namespace zb::calibration {

Result<DividerCapture> measure_divider(const StepContext& ctx, const DividerRules& rules, SafetyReport* safety) {
    if (ctx.device == nullptr) return make_error("calibration: no audio device");
    ImpedanceMeasurementConfig config;
    config.level_dbfs = ctx.level_dbfs;
    config.sweep_seconds = ctx.sweep_seconds;
    config.analysis.r_ref_nominal_ohm = ctx.r_ref_nominal_ohm;
    config.analysis.grid = ctx.grid;
    config.safety = ctx.safety;
    config.safety.allow_no_current = rules.allow_no_current;
    config.safety.allow_shorted_dut = rules.allow_shorted_dut;
    auto m = measure_impedance(*ctx.device, config, ctx.progress, safety);
    if (!m) return m.error();
    DividerCapture out;
    out.measured_utc = utc_timestamp_now();
    out.level_dbfs = m->sweep.config.level_dbfs;
    out.sweep_seconds = m->sweep.config.duration_s;
    out.b_over_a.frequency_hz = m->analysis.curve.frequency_hz;
    out.b_over_a.value = m->analysis.transfer;
    return out;
}

std::complex<double> apparent_impedance(std::complex<double> b_over_a, std::complex<double> g, double r_ref_ohm) {
    const std::complex<double> t = b_over_a / g;
    return r_ref_ohm * t / (1.0 - t);
}

nlohmann::json divider_capture_json(const DividerCapture& c) {
    return {{"measured_utc", c.measured_utc},
            {"level_dbfs", c.level_dbfs},
            {"sweep_seconds", c.sweep_seconds},
            {"b_over_a", complex_curve_json(c.b_over_a)}};
}

Result<DividerCapture> read_divider_capture(JsonFields& f) {
    DividerCapture c;
    f.require({"measured_utc", "level_dbfs", "sweep_seconds", "b_over_a"});
    c.measured_utc = read_utc_timestamp(f, "measured_utc");
    c.level_dbfs = f.number("level_dbfs", 0.0, -200.0, 0.0);
    c.sweep_seconds = f.number("sweep_seconds", 0.0, 0.0, 3600.0);
    const nlohmann::json* curve = f.object("b_over_a");
    if (f.failed()) return f.finish().error();
    auto parsed = parse_complex_curve(*curve, f.source(), f.field("b_over_a"));
    if (!parsed) return parsed.error();
    c.b_over_a = std::move(*parsed);
    return c;
}

}  // namespace zb::calibration
