// Plot axes: value <-> pixel mapping for linear and logarithmic axes, tick
// generation and the zoom/pan arithmetic of an interactive plot. No drawing
// here: the GUI's plot widget (gui/plot_widget.h) and any report writer that
// draws a curve share this code, so a tick or a mapping is computed once.
//
// Mapping: a linear axis maps v -> p_lo + (v - lo)/(hi - lo)·(p_hi - p_lo); a
// log axis does the same with log10(v). Pixels may run backwards (screen y
// grows downwards: pass p_lo = bottom, p_hi = top).
//
// Ticks: a log axis gets a major tick at every decade (10^k) and minor ticks at
// 2..9·10^k; labels go on the 1-2-5 ticks when the axis spans few decades,
// else on decades only, so labels never crowd. A linear axis gets "nice"
// steps of 1, 2 or 5·10^k (Heckbert, "Nice numbers for graph labels",
// Graphics Gems, 1990) aiming at a requested tick count.
//
// Zoom and pan work in the axis's own space (log10 space for a log axis), so
// zooming about the cursor keeps the value under the cursor fixed, and
// panning by N pixels moves the curve by N pixels on either kind of axis.
//
// Units: whatever the axis carries (Hz, ohm, degrees, dBFS); pixels.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace zb::plot {

enum class AxisScale { linear, log };

struct AxisRange {
    double lo = 0.0, hi = 1.0;
    AxisScale scale = AxisScale::linear;

    // A log axis needs 0 < lo < hi; a linear one lo < hi (all finite).
    bool valid() const;
};

class AxisMapping {
public:
    AxisMapping(AxisRange range, double pixel_lo, double pixel_hi);

    const AxisRange& range() const { return range_; }
    double to_pixel(double value) const;   // a log axis maps v <= 0 to -inf-like far outside
    double to_value(double pixel) const;
    bool contains(double value) const;     // within [lo, hi]

private:
    double forward(double v) const;  // into axis space
    double inverse(double u) const;
    AxisRange range_;
    double pixel_lo_, pixel_hi_;
    double u_lo_, u_hi_;
};

struct Tick {
    double value = 0.0;
    bool major = false;   // decade (log) or labelled (linear); drawn as a stronger grid line
    std::string label;    // empty: no label
};

// Decade and 2..9 ticks within [lo, hi] (0 < lo < hi); see above for labels.
std::vector<Tick> log_ticks(double lo, double hi);
// 1-2-5 step ticks within [lo, hi], about `target_count` of them, all labelled.
std::vector<Tick> linear_ticks(double lo, double hi, int target_count = 6);
// The 1, 2 or 5·10^k step nearest span/target_count (Heckbert's nice number).
double nice_step(double span, int target_count);

// "20", "200", "1k", "2k", "20k", "1.5k": compact frequency labels (Hz).
std::string format_frequency_label(double hz);
// A tick label for a linear step: as many decimals as the step needs.
std::string format_linear_label(double value, double step);

// A linear range that holds the finite `values` within [lo_clamp, hi_clamp],
// padded by 5 % of their span or min_span/2, whichever is more.
AxisRange fit_linear_range(std::span<const double> values, double lo_clamp, double hi_clamp, double min_span);

// Zoom about `anchor` (a value on the axis): factor < 1 zooms in, > 1 out.
// The result is clamped into `limits` (same scale) and never narrower than
// `min_span` (linear units or decades for a log axis).
AxisRange zoom_range(const AxisRange& range, double anchor, double factor, const AxisRange& limits, double min_span);
// Pan so that the content moves `pixel_delta` pixels along `mapping`'s pixel
// direction; the span is kept and the range is slid back inside `limits`.
AxisRange pan_range(const AxisMapping& mapping, double pixel_delta, const AxisRange& limits);

}  // namespace zb::plot
