#include "plot/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "util/printf_string.h"

namespace zb::plot {

namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

std::vector<Tick> ticks(const AxisRange& r) { return r.scale == AxisScale::log ? log_ticks(r.lo, r.hi) : linear_ticks(r.lo, r.hi, 6); }

}  // namespace

std::string svg_plot(const SvgAxis& x, const SvgAxis& y_left, const std::optional<SvgAxis>& y_right, std::span<const SvgCurve> curves,
                     int width_px, int height_px, std::span<const SvgMarker> markers) {
    const double left = 70.0, right = y_right ? width_px - 70.0 : width_px - 20.0, top = 30.0, bottom = height_px - 50.0;
    const AxisMapping mx(x.range, left, right), my1(y_left.range, bottom, top);
    std::optional<AxisMapping> my2;
    if (y_right) my2.emplace(y_right->range, bottom, top);

    std::string s = printf_string(R"(<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">
<rect width="100%%" height="100%%" fill="#ffffff"/>
<defs><clipPath id="area"><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"/></clipPath></defs>
)",
                                  width_px, height_px, width_px, height_px, left, top, right - left, bottom - top);
    s += "<g id=\"grid\" stroke-width=\"1\">\n";
    for (const Tick& t : ticks(x.range)) {
        const double px = mx.to_pixel(t.value);
        appendf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", px, top, px, bottom, t.major ? "#b0b0b0" : "#e4e4e4");
        if (!t.label.empty())
            appendf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", px, bottom + 16.0, escape(t.label).c_str());
    }
    for (const Tick& t : ticks(y_left.range)) {
        const double py = my1.to_pixel(t.value);
        appendf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>\n", left, py, right, py);
        if (!t.label.empty())
            appendf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left - 6.0, py + 4.0, escape(t.label).c_str());
    }
    if (my2)
        for (const Tick& t : ticks(y_right->range))
            if (!t.label.empty())
                appendf(s, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", right + 6.0, my2->to_pixel(t.value) + 4.0, escape(t.label).c_str());
    s += "</g>\n";
    appendf(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#606060\"/>\n", left, top, right - left,
            bottom - top);
    appendf(s, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", (left + right) / 2, bottom + 38.0,
            escape(x.title).c_str());
    appendf(s, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\">%s</text>\n", 4.0, top - 12.0, escape(y_left.title).c_str());
    if (y_right)
        appendf(s, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", width_px - 4.0, top - 12.0,
                escape(y_right->title).c_str());

    s += "<g clip-path=\"url(#area)\" fill=\"none\">\n";
    for (const SvgMarker& m : markers) {
        if (!mx.contains(m.x)) continue;
        const double px = mx.to_pixel(m.x);
        appendf(s, "<line class=\"marker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-opacity=\"%.2f\"/>\n", px, top,
                px, bottom, escape(m.colour).c_str(), m.opacity);
        if (!m.label.empty())
            appendf(s, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" stroke=\"none\">%s</text>\n", px + 3.0, top + 12.0, escape(m.colour).c_str(),
                    escape(m.label).c_str());
    }
    for (const SvgCurve& c : curves) {
        const AxisMapping& my = c.right_axis && my2 ? *my2 : my1;
        appendf(s, "<path class=\"curve\" stroke=\"%s\" stroke-width=\"%.2f\" d=\"", escape(c.colour).c_str(), c.width_px);
        // At most four points per pixel column (the first, the lowest, the
        // highest and the last, in their order), so that a 32k-bin spectrum
        // costs what a 1000-point curve does and keeps its peaks.
        bool pen_down = false;
        double column = NAN;
        std::vector<std::pair<double, double>> kept;  // the column's points, (x, y) px
        std::size_t lo = 0, hi = 0;
        auto flush = [&] {
            for (std::size_t k = 0; k < kept.size(); ++k)
                if (k == 0 || k == lo || k == hi || k + 1 == kept.size()) {
                    appendf(s, "%c%.1f %.1f ", pen_down ? 'L' : 'M', kept[k].first, kept[k].second);
                    pen_down = true;
                }
            kept.clear();
            lo = hi = 0;
        };
        for (std::size_t i = 0; i < c.x.size() && i < c.y.size(); ++i) {
            const double px = mx.to_pixel(c.x[i]), py = my.to_pixel(c.y[i]);
            if (!std::isfinite(px) || !std::isfinite(py) || std::abs(px) > 1e6 || std::abs(py) > 1e6) {
                flush();
                pen_down = false;
                continue;
            }
            if (std::floor(px) != column) {
                flush();
                column = std::floor(px);
            }
            kept.emplace_back(px, py);
            if (py < kept[lo].second) lo = kept.size() - 1;
            if (py > kept[hi].second) hi = kept.size() - 1;
        }
        flush();
        appendf(s, "\"><title>%s</title></path>\n", escape(c.name).c_str());
    }
    s += "</g>\n<g id=\"legend\">\n";
    // At the top right, as wide as its longest name (about 7.2 px a
    // character in a 12 px sans-serif).
    std::size_t longest = 0;
    for (const SvgCurve& c : curves) longest = std::max(longest, c.name.size());
    const double lx = std::max(left + 10.0, right - 36.0 - 7.2 * static_cast<double>(longest));
    double ly = top + 16.0;
    for (const SvgCurve& c : curves) {
        appendf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>\n", lx, ly - 4.0, lx + 20.0,
                ly - 4.0, escape(c.colour).c_str());
        appendf(s, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", lx + 26.0, ly, escape(c.name).c_str());
        ly += 16.0;
    }
    s += "</g>\n</svg>\n";
    return s;
}

}  // namespace zb::plot
