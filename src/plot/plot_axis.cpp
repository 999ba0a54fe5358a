#include "plot/plot_axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace zb::plot {

bool AxisRange::valid() const {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) return false;
    return scale == AxisScale::linear || lo > 0.0;
}

AxisMapping::AxisMapping(AxisRange range, double pixel_lo, double pixel_hi)
    : range_(range), pixel_lo_(pixel_lo), pixel_hi_(pixel_hi) {
    u_lo_ = forward(range_.lo);
    u_hi_ = forward(range_.hi);
}

AxisRange fit_linear_range(std::span<const double> values, double lo_clamp, double hi_clamp, double min_span) {
    double lo = hi_clamp, hi = lo_clamp;
    for (double v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!(lo <= hi)) return {lo_clamp, hi_clamp};
    const double pad = std::max(0.05 * (hi - lo), min_span / 2);
    return {std::max(lo_clamp, lo - pad), std::min(hi_clamp, hi + pad)};
}

double AxisMapping::forward(double v) const {
    if (range_.scale == AxisScale::linear) return v;
    // Far below the axis rather than NaN, so a curve through 0 is clipped, not lost.
    return v > 0.0 ? std::log10(v) : u_lo_ - 1e6;
}

double AxisMapping::inverse(double u) const { return range_.scale == AxisScale::linear ? u : std::pow(10.0, u); }

double AxisMapping::to_pixel(double value) const {
    const double t = (forward(value) - u_lo_) / (u_hi_ - u_lo_);
    return pixel_lo_ + t * (pixel_hi_ - pixel_lo_);
}

double AxisMapping::to_value(double pixel) const {
    const double t = (pixel - pixel_lo_) / (pixel_hi_ - pixel_lo_);
    return inverse(u_lo_ + t * (u_hi_ - u_lo_));
}

bool AxisMapping::contains(double value) const { return value >= range_.lo && value <= range_.hi; }

double nice_step(double span, int target_count) {
    if (!(span > 0.0) || !std::isfinite(span)) return 1.0;
    const double raw = span / std::max(1, target_count);
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / decade;  // 1 <= f < 10
    // Nearest of 1, 2, 5, 10 in log terms: boundaries at the geometric means.
    const double nice = f < std::sqrt(2.0) ? 1.0 : f < std::sqrt(10.0) ? 2.0 : f < std::sqrt(50.0) ? 5.0 : 10.0;
    return nice * decade;
}

std::string format_linear_label(double value, double step) {
    // The fewest decimals that write the step exactly (0.5 -> 1, 2.5 -> 1, 20 -> 0).
    int decimals = 0;
    for (double scaled = std::abs(step); decimals < 9 && std::abs(scaled - std::round(scaled)) > 1e-6 * scaled;
         scaled *= 10.0)
        ++decimals;
    if (std::abs(value) < step * 1e-6) value = 0.0;  // no "-0"
    char b[48];
    std::snprintf(b, sizeof b, "%.*f", decimals, value);
    return b;
}

std::string format_frequency_label(double hz) {
    char b[32];
    if (hz >= 1000.0) {
        const double k = hz / 1000.0;
        if (std::abs(k - std::round(k)) < 1e-9 * k) std::snprintf(b, sizeof b, "%.0fk", k);
        else std::snprintf(b, sizeof b, "%gk", k);
    } else {
        std::snprintf(b, sizeof b, "%g", hz);
    }
    return b;
}

std::vector<Tick> linear_ticks(double lo, double hi, int target_count) {
    std::vector<Tick> ticks;
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    const double step = nice_step(hi - lo, target_count);
    const auto first = static_cast<long long>(std::ceil(lo / step - 1e-9));
    const auto last = static_cast<long long>(std::floor(hi / step + 1e-9));
    for (long long k = first; k <= last && ticks.size() < 1000; ++k) {
        const double v = static_cast<double>(k) * step;  // multiples, not accumulated sums: no drift
        ticks.push_back({v, true, format_linear_label(v, step)});
    }
    return ticks;
}

std::vector<Tick> log_ticks(double lo, double hi) {
    std::vector<Tick> ticks;
    if (!(lo > 0.0) || !(lo < hi) || !std::isfinite(hi)) return ticks;
    const double decades = std::log10(hi / lo);
    // Label density: every 1-2-5 tick below ~4 decades, every integer below
    // ~0.7 decade (a zoomed-in view), decades only beyond.
    const bool label_125 = decades <= 4.0;
    const bool label_all = decades <= 0.7;
    const int k0 = static_cast<int>(std::floor(std::log10(lo))), k1 = static_cast<int>(std::ceil(std::log10(hi)));
    const double eps = 1e-9;
    for (int k = k0; k <= k1; ++k) {
        const double decade = std::pow(10.0, k);
        for (int m = 1; m <= 9; ++m) {
            const double v = m * decade;
            if (v < lo * (1 - eps) || v > hi * (1 + eps)) continue;
            const bool major = m == 1;
            const bool labelled = major || label_all || (label_125 && (m == 2 || m == 5));
            ticks.push_back({v, major, labelled ? format_frequency_label(v) : std::string()});
        }
    }
    return ticks;
}

namespace {

// Into and out of the axis's own space, where zoom and pan are linear.
double to_space(const AxisRange& r, double v) { return r.scale == AxisScale::log ? std::log10(v) : v; }
double from_space(const AxisRange& r, double u) { return r.scale == AxisScale::log ? std::pow(10.0, u) : u; }

// Slides [u0, u1] into [l0, l1] keeping its width; shrinks it to fit if wider.
void fit_into(double& u0, double& u1, double l0, double l1) {
    if (u1 - u0 >= l1 - l0) {
        u0 = l0;
        u1 = l1;
        return;
    }
    if (u0 < l0) {
        u1 += l0 - u0;
        u0 = l0;
    }
    if (u1 > l1) {
        u0 -= u1 - l1;
        u1 = l1;
    }
}

}  // namespace

AxisRange zoom_range(const AxisRange& range, double anchor, double factor, const AxisRange& limits, double min_span) {
    if (!range.valid() || !limits.valid() || !(factor > 0.0) || !std::isfinite(factor)) return range;
    if (range.scale == AxisScale::log && !(anchor > 0.0)) return range;
    const double a = to_space(range, anchor);
    double u0 = to_space(range, range.lo), u1 = to_space(range, range.hi);
    const double width = u1 - u0;
    double new_width = std::max(width * factor, min_span);
    // Keep the anchor at the same fraction of the axis.
    const double t = width > 0.0 ? (a - u0) / width : 0.5;
    u0 = a - t * new_width;
    u1 = u0 + new_width;
    fit_into(u0, u1, to_space(limits, limits.lo), to_space(limits, limits.hi));
    return {from_space(range, u0), from_space(range, u1), range.scale};
}

AxisRange pan_range(const AxisMapping& mapping, double pixel_delta, const AxisRange& limits) {
    const AxisRange& r = mapping.range();
    if (!r.valid() || !limits.valid()) return r;
    // The value now under pixel p0 - delta moves to p0: the content follows the mouse.
    const double p0 = mapping.to_pixel(r.lo);
    const double shift = to_space(r, mapping.to_value(p0 - pixel_delta)) - to_space(r, r.lo);
    double u0 = to_space(r, r.lo) + shift, u1 = to_space(r, r.hi) + shift;
    fit_into(u0, u1, to_space(limits, limits.lo), to_space(limits, limits.hi));
    return {from_space(r, u0), from_space(r, u1), r.scale};
}

}  // namespace zb::plot
