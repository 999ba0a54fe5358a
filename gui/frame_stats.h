// Frame-time statistics for --frame-stats: the UI thread's time per frame
// (events, building the UI, rendering, swap; vsync off) recorded while a
// measurement runs on the worker, summarised as mean, 99th percentile and
// maximum. 60 fps needs every frame under 16.7 ms.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace zb::gui {

struct FrameSummary {
    std::size_t frames = 0;
    double mean_ms = 0.0, p50_ms = 0.0, p99_ms = 0.0, max_ms = 0.0;
    std::size_t over_16_7_ms = 0;  // frames that would miss a 60 Hz vsync
};

class FrameStats {
public:
    void add(double ms) { ms_.push_back(ms); }
    std::size_t size() const { return ms_.size(); }
    FrameSummary summary() const;

private:
    std::vector<double> ms_;
};

// "412 frames: mean 3.1 ms, p50 2.9 ms, p99 6.0 ms, max 9.8 ms, 0 over 16.7 ms".
std::string format_summary(const FrameSummary& s);

}  // namespace zb::gui
