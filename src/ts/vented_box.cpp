#include "ts/vented_box.h"

namespace zb {

std::optional<VentedBoxResult> vented_box_tuning(const ImpedanceCurve& c, const ResonanceScan& scan) {
    VentedBoxResult r;
    r.peaks = scan.peaks;
    r.curve_fmin_hz = c.frequency_hz.front();
    r.re_floor_ohm = scan.re_floor_ohm;
    std::size_t from = 0;
    if (scan.peaks.size() >= 2) {
        r.low = scan.peaks[0];
        r.high = scan.peaks[1];
        from = scan.peaks[0].index;
    } else if (scan.peaks.size() == 1 && scan.resonance_below_band) {
        r.low_below_band = true;
        r.high = scan.peaks[0];
    } else {
        return std::nullopt;
    }
    if (r.high.index < from + 2) return std::nullopt;
    const ResonancePeak m = impedance_minimum(c, from, r.high.index);
    // A minimum at the curve's first point is no tuning dip.
    if (r.low_below_band && m.index <= 1) return std::nullopt;
    r.fb_hz = m.frequency_hz;
    r.z_fb_ohm = m.magnitude_ohm;
    return r;
}

}  // namespace zb
