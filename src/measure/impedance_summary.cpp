#include "measure/impedance_summary.h"

#include <algorithm>
#include <cmath>

namespace zb {

ImpedanceSummary summarise_impedance(const ImpedanceCurve& c) {
    ImpedanceSummary s;
    if (c.empty()) return s;
    const std::size_t n = c.size();

    double re = 1e300;
    for (std::size_t i = 0; i < n; ++i)
        if (c.frequency_hz[i] <= 1000.0 || i == 0) re = std::min(re, c.z(i).real());
    s.re_estimate_ohm = std::max(re, 0.0);

    // Resonance: the highest local maximum with a + to − phase crossing nearby.
    std::size_t best = n;
    for (std::size_t i = 1; i + 1 < n; ++i) {
        if (c.magnitude_ohm[i] < c.magnitude_ohm[i - 1] || c.magnitude_ohm[i] < c.magnitude_ohm[i + 1]) continue;
        const std::size_t lo = i >= 4 ? i - 4 : 0, hi = std::min(n - 1, i + 4);
        if (!(c.phase_deg[lo] > 0.0 && c.phase_deg[hi] < 0.0)) continue;
        if (c.magnitude_ohm[i] < 1.2 * s.re_estimate_ohm) continue;  // ripple, not a resonance
        if (best == n || c.magnitude_ohm[i] > c.magnitude_ohm[best]) best = i;
    }
    s.has_resonance = best != n;
    if (!s.has_resonance) best = static_cast<std::size_t>(std::max_element(c.magnitude_ohm.begin(), c.magnitude_ohm.end()) - c.magnitude_ohm.begin());
    s.z_max_ohm = c.magnitude_ohm[best];
    s.z_max_frequency_hz = c.frequency_hz[best];

    const std::size_t from = s.has_resonance ? best : 0;
    std::size_t imin = from;
    for (std::size_t i = from; i < n; ++i)
        if (c.magnitude_ohm[i] < c.magnitude_ohm[imin]) imin = i;
    s.z_min_ohm = c.magnitude_ohm[imin];
    s.z_min_frequency_hz = c.frequency_hz[imin];

    constexpr double kRated[] = {16.0, 8.0, 6.0, 4.0, 2.0};
    s.nominal_ohm = s.z_min_ohm;
    if (s.z_min_ohm >= 0.8 * 2.0 && s.z_min_ohm < 0.8 * 32.0) {
        for (double r : kRated) {
            if (s.z_min_ohm >= 0.8 * r) {
                s.nominal_ohm = r;
                break;
            }
        }
    }
    return s;
}

}  // namespace zb
