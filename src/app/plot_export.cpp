#include "app/plot_export.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "plot/svg_plot.h"
#include "util/printf_string.h"
#include "util/units.h"

namespace zb::app {

namespace {

// zbench-gui's overlay colours (its theme.h), in turn: |Z| bright, phase dim.
constexpr const char* kOverlayMagnitude[] = {"#5ad778", "#e16ee1", "#50d7d7", "#afafaf", "#f08264", "#a08cff"};
constexpr const char* kOverlayPhase[] = {"#3c8c50", "#964b96", "#378c8c", "#737373", "#a05a46", "#695faa"};
constexpr std::size_t kOverlayCount = std::size(kOverlayMagnitude);

std::string legend(const char* what, const std::string& name) {
    std::string s = what;
    if (!name.empty()) s.append(" ").append(name);
    return s;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).stem().string(); }

}  // namespace

ImpedanceView impedance_home_view(std::span<const ImpedanceCurve* const> curves, bool log_magnitude) {
    ImpedanceView v;
    if (log_magnitude) v.magnitude = {1.0, 100.0, plot::AxisScale::log};
    std::vector<double> mags;
    double f_lo = INFINITY, f_hi = 0.0;
    for (const ImpedanceCurve* c : curves) {
        if (!c || c->empty()) continue;
        mags.insert(mags.end(), c->magnitude_ohm.begin(), c->magnitude_ohm.end());
        f_lo = std::min(f_lo, c->frequency_hz.front());
        f_hi = std::max(f_hi, c->frequency_hz.back());
    }
    if (mags.empty()) return v;
    if (f_lo < f_hi) v.frequency = {f_lo, f_hi, plot::AxisScale::log};
    if (log_magnitude) {
        const auto [lo, hi] = std::minmax_element(mags.begin(), mags.end());
        v.magnitude = {std::max(1e-3, *lo / 1.25), std::max(*hi * 1.25, 2.0 * std::max(1e-3, *lo)), plot::AxisScale::log};
    } else {
        v.magnitude = plot::fit_linear_range(mags, 0.0, 1e5, 1.0);
        v.magnitude.lo = 0.0;
    }
    return v;
}

std::vector<double> model_magnitude_ohm(const DriverParams& params, std::span<const double> frequency_hz) {
    std::vector<double> out;
    out.reserve(frequency_hz.size());
    for (double f : frequency_hz) out.push_back(std::abs(driver_impedance(params, f)));
    return out;
}

std::string impedance_svg(std::span<const ImpedanceTrace> traces, std::span<const ModelTrace> models, const ImpedanceView& view) {
    std::vector<plot::SvgCurve> curves;
    // The models first, under the data, as zbench-gui draws them.
    for (const ModelTrace& m : models) curves.push_back({"T/S model (" + m.name + ")", m.frequency_hz, m.magnitude_ohm, kModelColour, false, 2.5});
    for (const ImpedanceTrace& t : traces) {
        curves.push_back({legend("|Z|", t.name), t.curve->frequency_hz, t.curve->magnitude_ohm, t.magnitude_colour, false, 1.5});
        curves.push_back({legend("phase", t.name), t.curve->frequency_hz, t.curve->phase_deg, t.phase_colour, true, 1.0});
    }
    return plot::svg_plot({"Frequency (Hz)", view.frequency}, {"|Z| (ohm)", view.magnitude}, plot::SvgAxis{"phase (deg)", view.phase}, curves);
}

std::string impedance_plot_svg(const ImpedanceResult& r, const std::string& name) {
    const ImpedanceCurve& c = r.analysis.curve;
    const ImpedanceTrace trace{name, &c};
    std::vector<ModelTrace> models;
    if (r.ts && r.ts->free_air)
        models.push_back({name.empty() ? "free air" : name, c.frequency_hz, model_magnitude_ohm(r.ts->free_air->fit.chosen.params, c.frequency_hz)});
    const ImpedanceCurve* shown[] = {&c};
    return impedance_svg({&trace, 1}, models, impedance_home_view(shown, false));
}

std::string ts_plot_svg(const TsJobResult& r) {
    std::vector<ImpedanceTrace> traces;
    std::vector<const ImpedanceCurve*> shown;
    auto add = [&](const TsCurve& c, std::string name) {
        const std::size_t k = traces.size() % kOverlayCount;
        traces.push_back({std::move(name), &c.curve, kOverlayMagnitude[k], kOverlayPhase[k]});
        shown.push_back(&c.curve);
    };
    for (const auto& m : r.config.added_mass) add(m.curve, file_name(m.curve.name) + printf_string(" (+%.6g g)", m.mass_kg * 1e3));
    if (r.config.closed_box)
        add(r.config.closed_box->curve, file_name(r.config.closed_box->curve.name) + printf_string(" (%.6g L box)", r.config.closed_box->volume_m3 * 1e3));
    // The free-air curve last, on top, in the colours of the newest curve.
    add(r.free_air, file_name(r.free_air.name));
    traces.back().magnitude_colour = kMagnitudeColour;
    traces.back().phase_colour = kPhaseColour;
    std::vector<ModelTrace> models;
    if (r.ts.free_air)
        models.push_back({traces.back().name, r.free_air.curve.frequency_hz,
                          model_magnitude_ohm(r.ts.free_air->fit.chosen.params, r.free_air.curve.frequency_hz)});
    return impedance_svg(traces, models, impedance_home_view(shown, false));
}

std::vector<double> spectrum_level_dbfs(const WelchSpectrum& w) {
    std::vector<double> out;
    for (std::size_t k = 1; k < w.bins(); ++k) out.push_back(power_ratio_to_db(std::max(2.0 * w.power[k], 1e-30)));
    return out;
}

std::vector<double> spectrum_frequency_hz(const WelchSpectrum& w) {
    std::vector<double> out;
    for (std::size_t k = 1; k < w.bins(); ++k) out.push_back(w.frequency_hz(static_cast<double>(k)));
    return out;
}

std::string hum_plot_svg(const HumResult& r) {
    const auto& channels = r.analysis.channels;
    std::vector<std::vector<double>> hz, dbfs;
    for (const auto& c : channels) {
        hz.push_back(spectrum_frequency_hz(c.spectrum));
        dbfs.push_back(spectrum_level_dbfs(c.spectrum));
    }
    // zbench-gui's home view: 10 Hz to the top bin (at most 24 kHz), 0 dBFS
    // down to 5 dB under input A's lowest bin (at most -200).
    double fmax_hz = 24000.0, lo_dbfs = 0.0;
    if (!hz.empty() && !hz[0].empty()) {
        fmax_hz = std::min(hz[0].back(), fmax_hz);
        lo_dbfs = *std::min_element(dbfs[0].begin(), dbfs[0].end());
    }
    std::vector<plot::SvgCurve> curves;
    // Input A (amber) last, on top, as zbench-gui draws it.
    for (std::size_t i = channels.size(); i-- > 0;) {
        const char* colour = i == 0 ? kMagnitudeColour : i == 1 ? kPhaseColour : kOverlayMagnitude[(i - 2) % kOverlayCount];
        curves.push_back({channels[i].name, hz[i], dbfs[i], colour, false, 1.0});
    }
    std::vector<plot::SvgMarker> markers;
    if (!channels.empty())
        for (const auto& h : channels[0].hum.harmonics) {
            if (!h.detected && h.n > 12) continue;
            markers.push_back({h.frequency_hz, h.detected && h.n <= 9 ? std::to_string(h.n) : std::string(), "#ff5a5a", h.detected ? 0.75 : 0.2});
        }
    return plot::svg_plot({"Frequency (Hz)", {10.0, std::max(fmax_hz, 20.0), plot::AxisScale::log}},
                          {"level (dBFS per bin)", {std::max(lo_dbfs - 5.0, -200.0), 0.0}}, std::nullopt, curves, 960, 600, markers);
}

}  // namespace zb::app
