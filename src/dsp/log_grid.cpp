#include "dsp/log_grid.h"

#include <algorithm>
#include <cmath>

namespace zb {

Status validate_log_grid(const LogGridConfig& c) {
    if (!(c.fmin_hz > 0.0)) return make_setting_error("fmin", "{fmin} must be above 0 Hz (got ", c.fmin_hz, ")");
    if (!(c.fmax_hz > c.fmin_hz))
        return make_setting_error("fmin", "{fmin} ", c.fmin_hz, " Hz must be below {fmax} ", c.fmax_hz, " Hz");
    if (c.points_per_octave < 1 || c.points_per_octave > 384)
        return make_setting_error("ppo", "{ppo} ", c.points_per_octave, " is out of range; use 1 to 384 points per octave");
    return {};
}

std::vector<double> make_log_grid(const LogGridConfig& c) {
    const double octaves = std::log2(c.fmax_hz / c.fmin_hz);
    const int last = static_cast<int>(std::floor(octaves * c.points_per_octave + 1e-9));
    std::vector<double> grid(static_cast<std::size_t>(std::max(last, 0) + 1));
    for (int k = 0; k <= last; ++k)
        grid[static_cast<std::size_t>(k)] = c.fmin_hz * std::exp2(static_cast<double>(k) / c.points_per_octave);
    if (grid.back() < c.fmax_hz * (1.0 - 1e-9)) grid.push_back(c.fmax_hz);
    return grid;
}

double max_fmax_hz(double sample_rate_hz) { return 0.45 * sample_rate_hz; }

double default_fmax_hz(double sample_rate_hz) { return std::min(20000.0, max_fmax_hz(sample_rate_hz)); }

}  // namespace zb
