#include "dsp/smoothing.h"

#include <algorithm>

namespace zb {

std::vector<std::complex<double>> smooth_fractional_octave(const std::vector<std::complex<double>>& values,
                                                           int points_per_octave, int fraction_denominator) {
    if (fraction_denominator <= 0 || values.size() < 3) return values;
    const long half = static_cast<long>(points_per_octave / (2 * fraction_denominator));
    if (half < 1) return values;
    const long n = static_cast<long>(values.size());
    std::vector<std::complex<double>> out(values.size());
    for (long i = 0; i < n; ++i) {
        const long h = std::min({half, i, n - 1 - i});
        std::complex<double> sum = 0.0;
        for (long j = i - h; j <= i + h; ++j) sum += values[static_cast<std::size_t>(j)];
        out[static_cast<std::size_t>(i)] = sum / static_cast<double>(2 * h + 1);
    }
    return out;
}

}  // namespace zb
