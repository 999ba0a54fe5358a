#include "gui/fit_overlay.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/printf_string.h"

namespace zb::gui {

std::vector<double> residual_percent(std::span<const double> data_ohm, std::span<const double> model_ohm) {
    std::vector<double> out(std::min(data_ohm.size(), model_ohm.size()), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (data_ohm[i] > 0.0) out[i] = 100.0 * (data_ohm[i] - model_ohm[i]) / data_ohm[i];
    return out;
}

std::vector<FitMarker> fit_markers(const ImpedanceCurve& curve, const DriverParams* fit, const VentedBoxResult* vented) {
    std::vector<FitMarker> markers;
    if (fit) {
        markers.push_back({FitMarker::Kind::frequency, fit->fs_hz, printf_string("fs %.1f Hz", fit->fs_hz)});
        markers.push_back({FitMarker::Kind::level, fit->re_ohm, printf_string("Re %.2f ohm", fit->re_ohm)});
    }
    if (!curve.empty()) {
        // The resonance's peak: the largest |Z| below the frequency of the
        // smallest, so that the voice coil's rise at the top is not taken.
        const auto& m = curve.magnitude_ohm;
        const auto low = std::min_element(m.begin(), m.end());
        const auto peak = std::max_element(m.begin(), low + 1);
        const double f = curve.frequency_hz[static_cast<std::size_t>(peak - curve.magnitude_ohm.begin())];
        markers.push_back({FitMarker::Kind::frequency, f, printf_string("Zmax %.1f ohm", *peak)});
    }
    if (vented) markers.push_back({FitMarker::Kind::frequency, vented->fb_hz, printf_string("fb %.1f Hz", vented->fb_hz)});
    return markers;
}

Band uncertainty_band(std::span<const double> values, std::span<const double> sigma, double k, bool sigma_in_percent) {
    Band b;
    const std::size_t n = std::min(values.size(), sigma.size());
    b.lo.resize(n);
    b.hi.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double d = k * (sigma_in_percent ? std::abs(values[i]) * sigma[i] / 100.0 : sigma[i]);
        b.lo[i] = values[i] - d;
        b.hi[i] = values[i] + d;
    }
    return b;
}

}  // namespace zb::gui
