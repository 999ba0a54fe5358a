#include "gui/plot_widget.h"

#include "gui/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace zb::gui {

using plot::AxisMapping;
using plot::AxisRange;
using plot::AxisScale;

namespace {

constexpr ImU32 kBackground = IM_COL32(18, 20, 26, 255);
constexpr ImU32 kGridMajor = IM_COL32(95, 100, 115, 255);
constexpr ImU32 kGridMinor = IM_COL32(48, 52, 62, 255);
constexpr ImU32 kText = IM_COL32(200, 204, 214, 255);
constexpr ImU32 kCursor = IM_COL32(230, 230, 230, 120);
// Room for the tick labels and the axis titles around the plotting area.
constexpr float kLeftMargin = 58.0f, kRightMargin = 52.0f, kTopMargin = 22.0f, kBottomMargin = 36.0f;

std::vector<plot::Tick> ticks_for(const AxisRange& r, int count) {
    return r.scale == AxisScale::log ? plot::log_ticks(r.lo, r.hi) : plot::linear_ticks(r.lo, r.hi, count);
}

std::string format_value(double v, const std::string& unit) {
    char b[64];
    if (unit == "Hz") std::snprintf(b, sizeof b, v >= 1000.0 ? "%.4g Hz" : "%.1f Hz", v);
    else std::snprintf(b, sizeof b, "%.4g %s", v, unit.c_str());
    return b;
}

// A curve's polyline, at most two points per pixel column (min and max of the
// samples in it), so a 32k-bin spectrum costs as much as a 1000-point curve.
void decimate_curve(const PlotCurve& c, const AxisMapping& mx, const AxisMapping& my, float x0, float x1, std::vector<ImVec2>& pts) {
    pts.clear();
    pts.reserve(static_cast<std::size_t>(2 * (x1 - x0) + 8));
    const std::size_t n = std::min(c.x.size(), c.y.size());
    int column = std::numeric_limits<int>::min();
    float lo = 0, hi = 0, first_y = 0, last_y = 0;
    auto flush = [&] {
        if (column == std::numeric_limits<int>::min()) return;
        const auto cx = static_cast<float>(column);
        pts.push_back({cx, first_y});
        if (hi != lo) {
            pts.push_back({cx, first_y <= (lo + hi) / 2 ? hi : lo});
            pts.push_back({cx, first_y <= (lo + hi) / 2 ? lo : hi});
        }
        pts.push_back({cx, last_y});
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(c.y[i]) || !(c.x[i] > 0.0 || mx.range().scale == AxisScale::linear)) continue;
        const double px = mx.to_pixel(c.x[i]);
        if (px < x0 - 50.0 || px > x1 + 50.0) continue;
        const auto py = static_cast<float>(std::clamp(my.to_pixel(c.y[i]), -1e5, 1e5));
        const int col = static_cast<int>(std::floor(px));
        if (col != column) {
            flush();
            column = col;
            lo = hi = first_y = py;
        }
        lo = std::min(lo, py);
        hi = std::max(hi, py);
        last_y = py;
    }
    flush();
    // Collapse repeats so the polyline has no zero-length segments.
    pts.erase(std::unique(pts.begin(), pts.end(), [](ImVec2 a, ImVec2 b) { return a.x == b.x && a.y == b.y; }), pts.end());
}

}  // namespace

std::optional<double> curve_value_at(const PlotCurve& c, double x) {
    const std::size_t n = std::min(c.x.size(), c.y.size());
    if (n == 0 || x < c.x.front() || x > c.x[n - 1]) return std::nullopt;
    const auto it = std::lower_bound(c.x.begin(), c.x.begin() + static_cast<std::ptrdiff_t>(n), x);
    const auto i = static_cast<std::size_t>(it - c.x.begin());
    if (i == 0) return c.y[0];
    const double t = (x - c.x[i - 1]) / (c.x[i] - c.x[i - 1]);
    return c.y[i - 1] + t * (c.y[i] - c.y[i - 1]);
}

PlotWidget::PlotWidget(PlotAxisSetup x, PlotAxisSetup y_left, std::optional<PlotAxisSetup> y_right)
    : x_(std::move(x)), y1_(std::move(y_left)), y2_(std::move(y_right)), x_view_(x_.home), y1_view_(y1_.home) {
    if (y2_) y2_view_ = y2_->home;
}

void PlotWidget::set_home(AxisRange x, AxisRange y_left, std::optional<AxisRange> y_right) {
    if (x.valid()) x_.home = x;
    if (y_left.valid()) y1_.home = y_left;
    if (y2_ && y_right && y_right->valid()) y2_->home = *y_right;
    reset_view();
}

void PlotWidget::reset_view() {
    x_view_ = x_.home;
    y1_view_ = y1_.home;
    if (y2_) y2_view_ = y2_->home;
}

void PlotWidget::handle_mouse(ImVec2 a0, ImVec2 a1, const AxisMapping& mx, const AxisMapping& my1,
                              const std::optional<AxisMapping>& my2) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 m = io.MousePos;
    const bool inside = m.x >= a0.x && m.x <= a1.x && m.y >= a0.y && m.y <= a1.y;
    if (!ImGui::IsItemHovered() || !inside) return;
    if (io.MouseWheel != 0.0f) {
        const double factor = std::pow(0.85, static_cast<double>(io.MouseWheel));  // one notch: 15 % in
        if (io.KeyShift) {
            y1_view_ = plot::zoom_range(y1_view_, my1.to_value(m.y), factor, y1_.limits, y1_.min_span);
            if (my2) *y2_view_ = plot::zoom_range(*y2_view_, my2->to_value(m.y), factor, y2_->limits, y2_->min_span);
        } else {
            x_view_ = plot::zoom_range(x_view_, mx.to_value(m.x), factor, x_.limits, x_.min_span);
        }
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        reset_view();
    } else if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
        const ImVec2 d = io.MouseDelta;
        if (d.x != 0.0f) x_view_ = plot::pan_range(mx, d.x, x_.limits);
        if (d.y != 0.0f) {
            y1_view_ = plot::pan_range(my1, d.y, y1_.limits);
            if (my2) *y2_view_ = plot::pan_range(*my2, d.y, y2_->limits);
        }
    }
}

void PlotWidget::draw(const char* id, ImVec2 size, std::span<const PlotCurve> curves, std::span<const PlotMarker> markers,
                      std::span<const PlotBand> bands) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    size.x = std::max(size.x, theme::px(200.0f));
    size.y = std::max(size.y, theme::px(120.0f));
    ImGui::InvisibleButton(id, size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    drawn_min_ = p0;
    drawn_max_ = p1;
    drawn_frame_ = ImGui::GetFrameCount();
    const ImVec2 a0(p0.x + theme::px(kLeftMargin), p0.y + theme::px(kTopMargin));
    const ImVec2 a1(p1.x - theme::px(y2_ ? kRightMargin : 12.0f), p1.y - theme::px(kBottomMargin));
    dl->AddRectFilled(a0, a1, kBackground);

    const AxisMapping mx(x_view_, a0.x, a1.x);
    const AxisMapping my1(y1_view_, a1.y, a0.y);
    std::optional<AxisMapping> my2;
    if (y2_) my2.emplace(*y2_view_, a1.y, a0.y);
    handle_mouse(a0, a1, mx, my1, my2);

    // Grid and labels: x ticks from the x axis, horizontal lines from the left axis.
    const float th = ImGui::GetTextLineHeight();
    for (const auto& t : ticks_for(x_view_, 8)) {
        const auto x = static_cast<float>(mx.to_pixel(t.value));
        dl->AddLine({x, a0.y}, {x, a1.y}, t.major ? kGridMajor : kGridMinor);
        if (!t.label.empty()) {
            const float w = ImGui::CalcTextSize(t.label.c_str()).x;
            dl->AddText({x - w / 2, a1.y + 3}, kText, t.label.c_str());
        }
    }
    for (const auto& t : ticks_for(y1_view_, 6)) {
        const auto y = static_cast<float>(my1.to_pixel(t.value));
        dl->AddLine({a0.x, y}, {a1.x, y}, kGridMinor);
        const float w = ImGui::CalcTextSize(t.label.c_str()).x;
        dl->AddText({a0.x - w - 5, y - th / 2}, kText, t.label.c_str());
    }
    if (my2)
        for (const auto& t : ticks_for(*y2_view_, 6)) {
            const auto y = static_cast<float>(my2->to_pixel(t.value));
            dl->AddLine({a1.x, y}, {a1.x + 4, y}, kGridMajor);
            dl->AddText({a1.x + 6, y - th / 2}, kText, t.label.c_str());
        }
    dl->AddRect(a0, a1, kGridMajor);
    const float xw = ImGui::CalcTextSize(x_.title.c_str()).x;
    dl->AddText({(a0.x + a1.x - xw) / 2, a1.y + th + 5}, kText, x_.title.c_str());
    dl->AddText({p0.x + 4, p0.y + 2}, kText, y1_.title.c_str());
    if (y2_) {
        const float w = ImGui::CalcTextSize(y2_->title.c_str()).x;
        dl->AddText({p1.x - w - 4, p0.y + 2}, kText, y2_->title.c_str());
    }

    // Markers and curves, clipped to the plotting area.
    dl->PushClipRect(a0, a1, true);
    for (const auto& b : bands) {
        const AxisMapping& my = b.axis == YAxis::right && my2 ? *my2 : my1;
        auto px = [&](std::size_t i, std::span<const double> y) {
            const double py = my.to_pixel(y[i]);  // NaN for a level at or below 0 on a log axis
            return ImVec2(static_cast<float>(mx.to_pixel(b.x[i])), static_cast<float>(std::isfinite(py) ? std::clamp(py, -1e5, 1e5) : 1e5));
        };
        for (std::size_t i = 1; i < b.x.size() && i < b.lo.size() && i < b.hi.size(); ++i) {
            if (b.x[i] < mx.range().lo && b.x[i - 1] < mx.range().lo) continue;
            if (b.x[i - 1] > mx.range().hi) break;
            if (!std::isfinite(b.lo[i - 1] + b.lo[i] + b.hi[i - 1] + b.hi[i])) continue;
            dl->AddQuadFilled(px(i - 1, b.lo), px(i, b.lo), px(i, b.hi), px(i - 1, b.hi), b.color);
        }
    }
    std::vector<float> label_ends;  // where each row of marker labels ends, in pixels
    for (const auto& mk : markers) {
        if (mk.level) {
            const auto y = static_cast<float>(my1.to_pixel(mk.x));
            if (y < a0.y || y > a1.y) continue;
            dl->AddLine({a0.x, y}, {a1.x, y}, mk.color, 1.0f);
            if (!mk.label.empty()) dl->AddText({a0.x + 4, y - th - 1}, mk.color, mk.label.c_str());
            continue;
        }
        const auto x = static_cast<float>(mx.to_pixel(mk.x));
        if (x < a0.x || x > a1.x) continue;
        dl->AddLine({x, a0.y}, {x, a1.y}, mk.color, 1.0f);
        // Labels along the bottom, clear of the legend; a label that would
        // run into the one before it goes a row higher.
        if (mk.label.empty()) continue;
        std::size_t row = 0;
        while (row < label_ends.size() && x + 2 < label_ends[row] + 4) ++row;
        if (row == label_ends.size()) label_ends.push_back(0.0f);
        label_ends[row] = x + 2 + ImGui::CalcTextSize(mk.label.c_str()).x;
        dl->AddText({x + 2, a1.y - (th + 2) * static_cast<float>(row + 1)}, mk.color, mk.label.c_str());
    }
    cache_.resize(curves.size());
    for (std::size_t i = 0; i < curves.size(); ++i) {
        const PlotCurve& c = curves[i];
        const AxisMapping& my = c.axis == YAxis::right && my2 ? *my2 : my1;
        CurveCache& k = cache_[i];
        const double view[4] = {mx.range().lo, mx.range().hi, my.range().lo, my.range().hi};
        const float area[4] = {a0.x, a0.y, a1.x, a1.y};
        const bool reuse = c.revision != 0 && k.revision == c.revision && k.x == c.x.data() && k.y == c.y.data() && k.n == c.x.size() &&
                           std::equal(view, view + 4, k.view) && std::equal(area, area + 4, k.area);
        if (!reuse) {
            decimate_curve(c, mx, my, a0.x, a1.x, k.points);
            k.revision = c.revision;
            k.x = c.x.data();
            k.y = c.y.data();
            k.n = c.x.size();
            std::copy(view, view + 4, k.view);
            std::copy(area, area + 4, k.area);
        }
        if (k.points.size() >= 2) dl->AddPolyline(k.points.data(), static_cast<int>(k.points.size()), c.color, 0, c.thickness);
    }

    // Legend, top right inside the area; under the mouse it is the cursor
    // readout too: the frequency on top and each curve's value after its name,
    // so the two never cover each other.
    const ImVec2 m = ImGui::GetIO().MousePos;
    const bool hover = ImGui::IsItemHovered() && m.x >= a0.x && m.x <= a1.x && m.y >= a0.y && m.y <= a1.y;
    std::vector<std::string> lines;
    const double fx = hover ? mx.to_value(m.x) : 0.0;
    if (hover) {
        dl->AddLine({m.x, a0.y}, {m.x, a1.y}, kCursor);
        lines.push_back(format_value(fx, x_.unit));
    }
    std::vector<const PlotCurve*> listed;
    for (const auto& c : curves)
        if (hover || c.legend) listed.push_back(&c);
    for (const PlotCurve* c : listed) {
        std::string line = c->name;
        if (hover)
            if (auto v = curve_value_at(*c, fx)) line += "  " + format_value(*v, c->axis == YAxis::right && y2_ ? y2_->unit : y1_.unit);
        lines.push_back(std::move(line));
    }
    float width = 0.0f;
    for (const auto& l : lines) width = std::max(width, ImGui::CalcTextSize(l.c_str()).x);
    if (!lines.empty()) {
        const float x0 = a1.x - width - 36, y0 = a0.y + 2;
        dl->AddRectFilled({x0, y0}, {a1.x - 2, y0 + 4 + static_cast<float>(lines.size()) * (th + 2)}, IM_COL32(0, 0, 0, hover ? 200 : 120));
        float ly = y0 + 2;
        std::size_t i = 0;
        if (hover) {
            dl->AddText({x0 + 30, ly}, IM_COL32(255, 255, 255, 255), lines[i++].c_str());
            ly += th + 2;
        }
        for (const PlotCurve* c : listed) {
            dl->AddRectFilled({x0 + 6, ly + th / 2 - 1}, {x0 + 24, ly + th / 2 + 2}, c->color);
            dl->AddText({x0 + 30, ly}, hover ? IM_COL32(255, 255, 255, 255) : kText, lines[i++].c_str());
            ly += th + 2;
        }
    }
    dl->PopClipRect();
}

}  // namespace zb::gui
