#include "hum/mains_tracker.h"

#include <algorithm>

namespace zb {

std::vector<MainsTrackPoint> track_mains(const MainsPhase& phase, double interval_s) {
    std::vector<MainsTrackPoint> track;
    if (phase.empty()) return track;
    const double step = std::max(interval_s, phase.block_s);
    // The blocks may stop up to one block short of the record's end; an
    // interval reaching into that stretch is still given (the end fit covers it).
    for (std::size_t k = 0;; ++k) {
        const double t = static_cast<double>(k) * step;
        if (t + step > phase.covered_s + phase.block_s) break;
        track.push_back({t, t + step, phase.mean_frequency_hz(t, t + step)});
    }
    return track;
}

}  // namespace zb
