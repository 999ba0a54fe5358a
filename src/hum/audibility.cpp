#include "hum/audibility.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "util/units.h"

namespace zb {

namespace {

// ISO 226:2003 Table 1: frequency (Hz) and T_f (dB SPL).
constexpr double kFrequencyHz[] = {20,  25,  31.5, 40,  50,  63,   80,   100,  125,  160,  200,  250,  315,  400,  500,
                                   630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500};
constexpr double kThresholdDb[] = {78.5, 68.7, 59.5, 51.1, 44.0, 37.5, 31.5, 26.5, 22.1, 17.9, 14.4, 11.4, 8.6, 6.2, 4.4,
                                   3.0,  2.2,  2.4,  3.5,  1.7,  -1.3, -4.2, -6.0, -5.4, -1.5, 6.0,  12.6, 13.9, 12.3};
static_assert(std::size(kFrequencyHz) == std::size(kThresholdDb));

}  // namespace

double hearing_threshold_db_spl(double f_hz) {
    const std::size_t last = std::size(kFrequencyHz) - 1;
    if (!(f_hz > kFrequencyHz[0])) return kThresholdDb[0];
    if (f_hz >= kFrequencyHz[last]) return kThresholdDb[last];
    const auto* hi = std::upper_bound(std::begin(kFrequencyHz), std::end(kFrequencyHz), f_hz);
    const auto i = static_cast<std::size_t>(hi - std::begin(kFrequencyHz));
    const double x = std::log(f_hz / kFrequencyHz[i - 1]) / std::log(kFrequencyHz[i] / kFrequencyHz[i - 1]);
    return kThresholdDb[i - 1] + x * (kThresholdDb[i] - kThresholdDb[i - 1]);
}

double audible_level_dbfs(double f_hz) { return hearing_threshold_db_spl(f_hz) - kMonitorSplAtFullScaleDb; }

double audibility_db(std::span<const LineAtFrequency> lines) {
    double sum = 0.0;
    for (const auto& l : lines) sum += db_to_power_ratio(l.level_dbfs - audible_level_dbfs(l.frequency_hz));
    return sum > 0.0 ? power_ratio_to_db(sum) : -400.0;
}

}  // namespace zb
