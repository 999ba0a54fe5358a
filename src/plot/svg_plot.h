// A measurement plot written as SVG 1.1 text: a log or linear x axis, a left
// and an optional right y axis, the grid and tick labels of plot_axis.h (the
// same ticks zbench-gui draws), the axis titles, each curve as a polyline
// clipped to the plotting area, a legend, and markers (a vertical line at a
// value of x with an optional label at its top, e.g. the mains harmonics). Points that are not finite or
// fall off a log axis break the line. Units: those of the axes; the canvas
// is in pixels.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "plot/plot_axis.h"

namespace zb::plot {

struct SvgAxis {
    std::string title;  // "|Z| (ohm)"
    AxisRange range;
};

struct SvgCurve {
    std::string name;
    std::span<const double> x, y;  // same length
    std::string colour = "#ffc400";
    bool right_axis = false;
    double width_px = 1.5;
};

struct SvgMarker {
    double x = 0.0;
    std::string label;  // empty: none
    std::string colour = "#ff5a5a";
    double opacity = 0.75;
};

std::string svg_plot(const SvgAxis& x, const SvgAxis& y_left, const std::optional<SvgAxis>& y_right, std::span<const SvgCurve> curves,
                     int width_px = 960, int height_px = 600, std::span<const SvgMarker> markers = {});

}  // namespace zb::plot
