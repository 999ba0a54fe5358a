// Log-spaced frequency grid: f_k = fmin · 2^(k/ppo), k = 0, 1, ... while
// f_k <= fmax, then fmax itself if the steps miss it (the curve ends where it
// was asked to; that last step is shorter). This is the grid of every curve zbench writes (48 points per
// octave by default, as REW's impedance exports).
#pragma once

#include <vector>

#include "util/result.h"

namespace zb {

struct LogGridConfig {
    double fmin_hz = 10.0;
    double fmax_hz = 20000.0;
    int points_per_octave = 48;
};

Status validate_log_grid(const LogGridConfig& config);
std::vector<double> make_log_grid(const LogGridConfig& config);

// The highest fmax a measurement allows: 0.45 · sample rate, which leaves the
// sweep room to run past fmax and the anti-aliasing filter room to roll off.
double max_fmax_hz(double sample_rate_hz);
// Default upper limit: min(20 kHz, max_fmax_hz).
double default_fmax_hz(double sample_rate_hz);

}  // namespace zb
