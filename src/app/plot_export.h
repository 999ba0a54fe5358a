// The pictures of results that both front ends draw, as SVG (plot/svg_plot.h):
// zbench-gui's Impedance and Hum plots in their home view, which `zbench
// impedance|ts|hum --plot F.svg` writes and zbench-gui exports.
//
//  - Impedance: |Z| on the left axis (linear from 0, or log), phase on the
//    right (±90°), log frequency over the band of the curves; the T/S model
//    |Z| of the free-air fit drawn over the curve it was fitted to.
//  - Hum: each input's spectrum in dBFS per bin (the Welch mean square P of
//    a bin read as a sine's peak: 10·log10(2P), hum/welch.h) on log
//    frequency, with a line at each mains harmonic the analysis read
//    (strong where detected).
// Units: Hz, Ω, degrees, dBFS; colours as SVG "#rrggbb".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "app/hum_job.h"
#include "app/impedance_job.h"
#include "app/ts_job.h"
#include "hum/welch.h"
#include "plot/plot_axis.h"
#include "ts/driver_model.h"

namespace zb::app {

// zbench-gui's colours for the newest curve (its theme.h holds them as ImU32).
inline constexpr const char* kMagnitudeColour = "#ffc400";  // amber
inline constexpr const char* kPhaseColour = "#40a0ff";      // blue
inline constexpr const char* kModelColour = "#808080";

struct ImpedanceView {
    plot::AxisRange frequency{10.0, 20000.0, plot::AxisScale::log};
    plot::AxisRange magnitude{0.0, 50.0};
    plot::AxisRange phase{-90.0, 90.0};
};
// The home view of these curves: their band, |Z| from 0 to 5 % above the
// highest peak (log: from the lowest/1.25 to the highest·1.25), phase ±90°.
// No curve: the defaults above (log |Z|: 1 to 100 ohm).
ImpedanceView impedance_home_view(std::span<const ImpedanceCurve* const> curves, bool log_magnitude);

// A curve to draw: |Z| on the left axis, its phase on the right.
struct ImpedanceTrace {
    std::string name;  // legend: "|Z| <name>", "phase <name>"
    const ImpedanceCurve* curve = nullptr;
    std::string magnitude_colour = kMagnitudeColour, phase_colour = kPhaseColour;
};
// A T/S model's |Z| at the frequencies of the curve it was fitted to.
struct ModelTrace {
    std::string name;  // legend: "T/S model (<name>)"
    std::span<const double> frequency_hz;
    std::vector<double> magnitude_ohm;
};

std::vector<double> model_magnitude_ohm(const DriverParams& params, std::span<const double> frequency_hz);

// The models (under the data), then the traces in order (later ones on
// top), in `view`.
std::string impedance_svg(std::span<const ImpedanceTrace> traces, std::span<const ModelTrace> models, const ImpedanceView& view);

// A measured curve with its free-air T/S model, when one was fitted; `name`
// (may be empty) goes into the legend.
std::string impedance_plot_svg(const ImpedanceResult& result, const std::string& name);
// The free-air curve, each added-mass and box curve, and the free-air model.
std::string ts_plot_svg(const TsJobResult& result);

// A spectrum's levels in dBFS per bin, bins 1 to N/2 (DC left out for a log axis).
std::vector<double> spectrum_level_dbfs(const WelchSpectrum& spectrum);
std::vector<double> spectrum_frequency_hz(const WelchSpectrum& spectrum);
// Every input's spectrum and the mains harmonics of the first input.
std::string hum_plot_svg(const HumResult& result);

}  // namespace zb::app
