#include "hum/channel_stats.h"

#include <algorithm>
#include <cmath>

#include "util/units.h"

namespace zb {

double ChannelStats::rms_dbfs() const { return rms_fs > 0.0 ? std::max(-400.0, rms_fs_to_dbfs(rms_fs)) : -400.0; }

ChannelStats channel_stats(std::span<const float> x) {
    ChannelStats s;
    if (x.empty()) return s;
    // Two passes: the mean first, then squares about it (no cancellation
    // when a large DC rides under a small signal).
    double sum = 0.0;
    for (float v : x) sum += v;
    s.dc_fs = sum / static_cast<double>(x.size());
    double sq = 0.0;
    constexpr double kFullScale = 1.0 - 0x1.0p-15;  // the largest 16-bit code counts as full scale
    for (float v : x) {
        const double d = v - s.dc_fs;
        sq += d * d;
        const double a = std::abs(static_cast<double>(v));
        s.peak_fs = std::max(s.peak_fs, a);
        if (a >= kFullScale) ++s.clipped;
    }
    s.rms_fs = std::sqrt(sq / static_cast<double>(x.size()));
    return s;
}

}  // namespace zb
