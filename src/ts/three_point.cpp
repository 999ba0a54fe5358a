#include "ts/three_point.h"

#include <cmath>
#include <optional>

namespace zb {

namespace {

// Frequency where |Z| crosses `level` walking from `start` in direction `step`.
std::optional<double> crossing(const ImpedanceCurve& c, std::size_t start, int step, double level) {
    for (std::size_t i = start;;) {
        const std::size_t j = i + step;
        if (step < 0 ? i == 0 : j >= c.size()) return std::nullopt;
        const double zi = c.magnitude_ohm[i], zj = c.magnitude_ohm[j];
        if (zj <= level && zi > level) {
            const double t = (zi - level) / (zi - zj);
            return std::exp(std::log(c.frequency_hz[i]) + t * (std::log(c.frequency_hz[j]) - std::log(c.frequency_hz[i])));
        }
        i = j;
    }
}

}  // namespace

Result<ThreePointEstimate> three_point_estimate(const ImpedanceCurve& c, const ResonancePeak& peak, double re_ohm,
                                                const std::string& source) {
    ThreePointEstimate e;
    e.re_ohm = re_ohm;
    e.z_max_ohm = peak.magnitude_ohm;
    e.f_peak_hz = peak.frequency_hz;
    if (!(re_ohm > 0.0) || !(e.z_max_ohm > re_ohm * 1.01))
        return make_error(source, ": the resonance peak (", e.z_max_ohm, " ohm) is not above Re (", re_ohm,
                          " ohm); check {re} and the curve");
    const double r0 = e.z_max_ohm / re_ohm;
    const double level = std::sqrt(re_ohm * e.z_max_ohm);
    auto f1 = crossing(c, peak.index, -1, level);
    auto f2 = crossing(c, peak.index, +1, level);
    if (!f1 && !f2)
        return make_error(source, ": |Z| does not fall to sqrt(Re*Zmax) = ", level, " ohm on either side of the peak at ",
                          peak.frequency_hz, " Hz; measure a wider band");
    const double fpk2 = peak.frequency_hz * peak.frequency_hz;
    if (!f1) f1 = fpk2 / *f2;
    if (!f2) f2 = fpk2 / *f1;
    e.mirrored = !crossing(c, peak.index, -1, level) || !crossing(c, peak.index, +1, level);
    e.f1_hz = *f1;
    e.f2_hz = *f2;
    e.fs_hz = std::sqrt(e.f1_hz * e.f2_hz);
    e.qms = e.fs_hz * std::sqrt(r0) / (e.f2_hz - e.f1_hz);
    e.qes = e.qms / (r0 - 1.0);
    e.qts = e.qms * e.qes / (e.qms + e.qes);
    return e;
}

}  // namespace zb
