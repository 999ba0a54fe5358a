#include "ts/resonance_peaks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace zb {

namespace {

constexpr double kMaxWindowOctaves = 1.0 / 12.0;
constexpr double kPhaseWindowOctaves = 1.0 / 6.0;
constexpr double kMinHeightOverRe = 1.25;
constexpr double kMinProminence = 0.2;
constexpr double kMinPhaseFallDeg = 20.0;
// A low-Q resonance turns its phase over a wide band: the motional phase
// goes from +45° to −45° between f/fs = (∓1 + √(1 + 4Qms²))/(2Qms), 0.47
// octave each side at Qms 1.5. So the fall is looked for over ±1/2 octave.
constexpr double kPhaseFallWindowOctaves = 0.5;

// Vertex of the parabola through (x, y) at i−1, i, i+1, with x = ln f.
ResonancePeak refine(const ImpedanceCurve& c, std::size_t i) {
    ResonancePeak p{c.frequency_hz[i], c.magnitude_ohm[i], i};
    if (i == 0 || i + 1 >= c.size()) return p;
    const double x0 = std::log(c.frequency_hz[i - 1]), x1 = std::log(c.frequency_hz[i]), x2 = std::log(c.frequency_hz[i + 1]);
    const double y0 = c.magnitude_ohm[i - 1], y1 = c.magnitude_ohm[i], y2 = c.magnitude_ohm[i + 1];
    // Divided differences: y = y1 + b·(x − x1) + a·(x − x1)(x − x0)... solved directly.
    const double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1);
    const double a = (d12 - d01) / (x2 - x0);
    if (a == 0.0 || !std::isfinite(a)) return p;
    const double b = d01 - a * (x0 + x1);  // y = a x² + b x + c
    const double xv = -b / (2.0 * a);
    if (!(xv > x0 && xv < x2)) return p;
    const double cc = y1 - a * x1 * x1 - b * x1;
    p.frequency_hz = std::exp(xv);
    p.magnitude_ohm = a * xv * xv + b * xv + cc;
    return p;
}

}  // namespace

double re_floor_ohm(const ImpedanceCurve& c) {
    // The smallest running median (5 points) of Re{Z}: one or two points
    // with a phase glitch cannot pull it down. And not below 0.9·min |Z|:
    // Re{Z} ≤ |Z| always, and a driver's |Z| minimum (between the resonance
    // and the inductive rise) lies a few % above Re.
    const std::size_t n = c.size();
    if (n == 0) return 0.0;
    double re = std::numeric_limits<double>::infinity(), z_min = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t lo = i >= 2 ? i - 2 : 0, hi = std::min(n, i + 3);
        double window[5];
        std::size_t k = 0;
        for (std::size_t j = lo; j < hi; ++j) window[k++] = c.z(j).real();
        std::nth_element(window, window + k / 2, window + k);
        re = std::min(re, window[k / 2]);
        z_min = std::min(z_min, c.magnitude_ohm[i]);
    }
    return std::max({re, 0.9 * z_min, 0.0});
}

ResonanceScan scan_resonances(const ImpedanceCurve& c, double re_ohm) {
    ResonanceScan scan;
    scan.re_floor_ohm = re_ohm;
    const std::size_t n = c.size();
    if (n < 5) return scan;
    const double ln2 = std::numbers::ln2;
    auto ln_f = [&](std::size_t i) { return std::log(c.frequency_hz[i]); };

    for (std::size_t i = 1; i + 1 < n; ++i) {
        const double zi = c.magnitude_ohm[i];
        if (zi < kMinHeightOverRe * re_ohm) continue;
        // Local maximum over ±1/12 octave (ties go to the first point).
        bool is_max = true;
        for (std::size_t j = i; j-- > 0 && ln_f(i) - ln_f(j) <= kMaxWindowOctaves * ln2;)
            if (c.magnitude_ohm[j] >= zi) { is_max = false; break; }
        for (std::size_t j = i + 1; is_max && j < n && ln_f(j) - ln_f(i) <= kMaxWindowOctaves * ln2; ++j)
            if (c.magnitude_ohm[j] > zi) is_max = false;
        if (!is_max) continue;
        // The phase falls through zero around the peak.
        double phase_below = -180.0, phase_above = 180.0;
        for (std::size_t j = i + 1; j-- > 0 && ln_f(i) - ln_f(j) <= kPhaseWindowOctaves * ln2;)
            phase_below = std::max(phase_below, c.phase_deg[j]);
        for (std::size_t j = i; j < n && ln_f(j) - ln_f(i) <= kPhaseWindowOctaves * ln2; ++j)
            phase_above = std::min(phase_above, c.phase_deg[j]);
        const bool crosses = phase_below > 0.0 && phase_above < 0.0;
        double fall_below = -180.0, fall_above = 180.0;
        for (std::size_t j = i + 1; j-- > 0 && ln_f(i) - ln_f(j) <= kPhaseFallWindowOctaves * ln2;)
            fall_below = std::max(fall_below, c.phase_deg[j]);
        for (std::size_t j = i; j < n && ln_f(j) - ln_f(i) <= kPhaseFallWindowOctaves * ln2; ++j)
            fall_above = std::min(fall_above, c.phase_deg[j]);
        if (!crosses && !(fall_below - fall_above >= kMinPhaseFallDeg)) continue;
        // Prominence.
        double min_left = zi, min_right = zi;
        for (std::size_t j = i; j-- > 0 && c.magnitude_ohm[j] <= zi;) min_left = std::min(min_left, c.magnitude_ohm[j]);
        for (std::size_t j = i + 1; j < n && c.magnitude_ohm[j] <= zi; ++j) min_right = std::min(min_right, c.magnitude_ohm[j]);
        if (zi - std::max(min_left, min_right) < kMinProminence * (zi - re_ohm)) continue;
        scan.peaks.push_back(refine(c, i));
    }
    for (std::size_t k = 0; k < scan.peaks.size(); ++k)
        if (scan.peaks[k].magnitude_ohm > scan.peaks[scan.main_peak].magnitude_ohm) scan.main_peak = k;

    // A resonance below the first point: negative phase and |Z| falling at
    // the low end, high enough above Re to be motional.
    const std::size_t first_peak = scan.peaks.empty() ? n : scan.peaks.front().index;
    std::size_t k = 1;
    while (k < n && ln_f(k) - ln_f(0) < kPhaseWindowOctaves * ln2) ++k;
    if (k < first_peak && k < n)
        scan.resonance_below_band = c.phase_deg[0] < -5.0 && c.phase_deg[k] < 0.0 &&
                                    c.magnitude_ohm[0] > c.magnitude_ohm[k] && c.magnitude_ohm[0] >= kMinHeightOverRe * re_ohm;
    return scan;
}

ResonancePeak impedance_minimum(const ImpedanceCurve& c, std::size_t from, std::size_t to) {
    std::size_t best = from + 1;
    for (std::size_t i = from + 1; i < to; ++i)
        if (c.magnitude_ohm[i] < c.magnitude_ohm[best]) best = i;
    return refine(c, best);
}

}  // namespace zb
