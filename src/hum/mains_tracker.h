// --track: the mains frequency interval by interval (one second by default).
//
// The mean frequency over [t0, t1] is the mains phase advance over that
// interval divided by its length (mains_phase.h), i.e. exactly what counting
// cycles (zero crossings) over the interval gives, without a counter's ±1
// cycle quantisation. The intervals tile the record from its first sample;
// the first and last half block come from the phase trajectory's end fits.
//
// Units: seconds from the record's first sample, hertz.
#pragma once

#include <vector>

#include "hum/mains_phase.h"

namespace zb {

struct MainsTrackPoint {
    double start_s = 0.0;
    double end_s = 0.0;
    double frequency_hz = 0.0;
};

// Consecutive intervals of `interval_s` (at least one block long) over the
// phase trajectory; empty if there is none.
std::vector<MainsTrackPoint> track_mains(const MainsPhase& phase, double interval_s = 1.0);

}  // namespace zb
