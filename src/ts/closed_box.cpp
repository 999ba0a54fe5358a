#include "ts/closed_box.h"

#include <cmath>

namespace zb {

Result<ClosedBoxResult> closed_box_vas(const ModelFit& free_air, const ModelFit& in_box, double vb_m3, const std::string& source) {
    if (!(vb_m3 > 0.0)) return make_setting_error("box_litres", "{box_litres} must be above 0");
    const DriverParams& f = free_air.params;
    const DriverParams& b = in_box.params;
    ClosedBoxResult r;
    r.vb_m3 = vb_m3;
    r.fc_hz = {b.fs_hz, in_box.sigma(theta::kFs)};
    r.qec = {b.qes, in_box.qes_sigma()};
    r.qmc = b.qms;
    r.qtc = b.qts();
    const double ratio = (b.fs_hz * b.qes) / (f.fs_hz * f.qes);
    if (!(ratio > 1.0))
        return make_error(source, ": in the box the resonance (", b.fs_hz, " Hz, Qec ", b.qes, ") is not above free air (", f.fs_hz,
                          " Hz, Qes ", f.qes, "); is this a closed box, and the right driver?");
    // ln ratio = ln fc + ln Qec − ln fs − ln Qes; the two fits are independent.
    const double var_ln_ratio = in_box.log_variance({0, 1, 0, 1}) + free_air.log_variance({0, 1, 0, 1});
    const double vas = vb_m3 * (ratio - 1.0);
    r.vas_m3 = {vas, vb_m3 * ratio * std::sqrt(std::max(var_ln_ratio, 0.0))};
    return r;
}

}  // namespace zb
