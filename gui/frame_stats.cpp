#include "gui/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace zb::gui {

FrameSummary FrameStats::summary() const {
    FrameSummary s;
    s.frames = ms_.size();
    if (ms_.empty()) return s;
    std::vector<double> sorted(ms_);
    std::sort(sorted.begin(), sorted.end());
    // Nearest-rank percentiles.
    auto rank = [&](double p) {
        const auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
        return sorted[std::clamp<std::size_t>(k, 1, sorted.size()) - 1];
    };
    s.mean_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
    s.p50_ms = rank(0.50);
    s.p99_ms = rank(0.99);
    s.max_ms = sorted.back();
    s.over_16_7_ms = static_cast<std::size_t>(std::count_if(sorted.begin(), sorted.end(), [](double v) { return v > 1000.0 / 60.0; }));
    return s;
}

std::string format_summary(const FrameSummary& s) {
    char b[200];
    std::snprintf(b, sizeof b, "%zu frames: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %zu over 16.7 ms", s.frames,
                  s.mean_ms, s.p50_ms, s.p99_ms, s.max_ms, s.over_16_7_ms);
    return b;
}

}  // namespace zb::gui
