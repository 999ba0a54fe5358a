// A small Dear ImGui plot with what measurement plots need and ImGui lacks:
// a log-frequency x axis, two y axes (left and right, e.g. |Z| in ohms and
// phase in degrees), a grid with decade labels, a cursor readout, wheel zoom
// and drag pan, and several overlaid curves. The mapping, tick and
// zoom/pan arithmetic is src/plot/plot_axis.h (unit-tested there); this file
// only draws and routes the mouse.
//
// Mouse: wheel zooms x about the cursor (with Shift: both y axes); a left
// drag pans x and the y axes; a double-click restores the home view.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plot/plot_axis.h"

namespace zb::gui {

enum class YAxis { left, right };

struct PlotCurve {
    std::string name;
    std::span<const double> x, y;  // same length; x ascending
    ImU32 color = IM_COL32(255, 255, 255, 255);
    YAxis axis = YAxis::left;
    float thickness = 2.0f;
    // Nonzero: the data stays the same while this does, so the decimated
    // points may be reused until it or the view changes (large spectra).
    std::uint64_t revision = 0;
    // In the legend when the mouse is off the plot (a phase curve that
    // shares its colour family with its |Z| may leave it to the readout).
    bool legend = true;
};

// A vertical line at x with a short label at its foot (mains harmonics, fs),
// or with `level` a horizontal one at that left-axis value (Re).
struct PlotMarker {
    double x = 0.0;
    ImU32 color = IM_COL32(255, 80, 80, 160);
    std::string label;
    bool level = false;
};

// A shaded band between lo and hi (an uncertainty band), under the curves.
struct PlotBand {
    std::span<const double> x, lo, hi;  // same length; x ascending
    ImU32 color = IM_COL32(255, 255, 255, 40);
    YAxis axis = YAxis::left;
};

struct PlotAxisSetup {
    std::string title;   // "|Z| (ohm)"
    std::string unit;    // for the readout: "ohm"
    plot::AxisRange home;    // the view a reset returns to
    plot::AxisRange limits;  // how far zoom and pan may go
    double min_span = 1.0;   // linear units, or decades on a log axis
};

class PlotWidget {
public:
    PlotWidget(PlotAxisSetup x, PlotAxisSetup y_left, std::optional<PlotAxisSetup> y_right);

    // Replaces the home views (e.g. fitted to new data) and shows them.
    void set_home(plot::AxisRange x, plot::AxisRange y_left, std::optional<plot::AxisRange> y_right);
    void reset_view();
    void set_x_view(const plot::AxisRange& x) { x_view_ = x; }
    const plot::AxisRange& x_view() const { return x_view_; }
    const plot::AxisRange& y_left_view() const { return y1_view_; }
    const std::optional<plot::AxisRange>& y_right_view() const { return y2_view_; }

    // Where draw() put the plot (screen pixels) and in which frame (ImGui::GetFrameCount).
    ImVec2 drawn_min() const { return drawn_min_; }
    ImVec2 drawn_max() const { return drawn_max_; }
    int drawn_frame() const { return drawn_frame_; }

    // Draws into the current window at the cursor, `size` pixels.
    void draw(const char* id, ImVec2 size, std::span<const PlotCurve> curves, std::span<const PlotMarker> markers = {},
              std::span<const PlotBand> bands = {});

private:
    void handle_mouse(ImVec2 area_min, ImVec2 area_max, const plot::AxisMapping& mx, const plot::AxisMapping& my1,
                      const std::optional<plot::AxisMapping>& my2);
    // Decimated points of curve i, and what they were computed for.
    struct CurveCache {
        std::uint64_t revision = 0;
        const double *x = nullptr, *y = nullptr;
        std::size_t n = 0;
        double view[4] = {};
        float area[4] = {};
        std::vector<ImVec2> points;
    };
    std::vector<CurveCache> cache_;
    PlotAxisSetup x_, y1_;
    std::optional<PlotAxisSetup> y2_;
    plot::AxisRange x_view_, y1_view_;
    std::optional<plot::AxisRange> y2_view_;
    ImVec2 drawn_min_, drawn_max_;
    int drawn_frame_ = -1;
};

// Linear interpolation of a curve at x (nullopt outside it).
std::optional<double> curve_value_at(const PlotCurve& curve, double x);

}  // namespace zb::gui
