#include "calibration/divider_solution.h"

namespace zb::calibration {

DividerSolution solve_divider(const DividerSteps& steps, double r_ref_nominal_ohm) {
    DividerSolution s;
    s.r_ref_nominal_ohm = r_ref_nominal_ohm;
    s.r_ref_effective_ohm = r_ref_nominal_ohm;
    if (steps.channel_match) s.channel_ratio = channel_ratio(*steps.channel_match);
    const ComplexCurve* g = s.channel_ratio ? &*s.channel_ratio : nullptr;
    if (steps.open_leads) s.input_load = fit_input_load(*steps.open_leads, g);
    const ShuntModel y = s.input_load ? s.input_load->model : ShuntModel{};
    if (steps.short_leads) s.leads = fit_leads(*steps.short_leads, g, y);
    const SeriesModel l = s.leads ? s.leads->model : SeriesModel{};
    if (steps.reference) {
        s.reference = fit_reference(*steps.reference, g, y, l);
        s.r_ref_effective_ohm = s.reference->effective_r_ref_ohm;
    }
    return s;
}

std::optional<double> DividerSolution::input_b_resistance_ohm() const {
    if (!input_load || !input_load->resolved) return std::nullopt;
    return r_ref_effective_ohm / input_load->model.g;
}

std::optional<double> DividerSolution::input_b_capacitance_f() const {
    if (!input_load) return std::nullopt;
    return input_load->model.c_s / r_ref_effective_ohm;
}

std::optional<double> DividerSolution::leads_resistance_ohm() const {
    if (!leads) return std::nullopt;
    return leads->model.r * r_ref_effective_ohm;
}

std::optional<double> DividerSolution::leads_inductance_h() const {
    if (!leads) return std::nullopt;
    return leads->model.l_s * r_ref_effective_ohm;
}

std::complex<double> DividerSolution::impedance(double f, std::complex<double> transfer) const {
    const std::complex<double> t = channel_ratio ? transfer / curve_at(*channel_ratio, f) : transfer;
    const std::complex<double> y = input_load ? input_load->model.at(f) : std::complex<double>(0.0);
    const std::complex<double> l = leads ? leads->model.at(f) : std::complex<double>(0.0);
    return r_ref_effective_ohm * (1.0 / (node_b_admittance(t) - y) - l);
}

}  // namespace zb::calibration
