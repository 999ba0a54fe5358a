#include "ts/free_air_checks.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>
#include <cstdio>

#include "util/printf_string.h"

namespace zb {

namespace {

std::string format(const char* fmt, double a, double b = 0.0, double c = 0.0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a, b, c);
    return buf;
}

}  // namespace

std::string_view curve_shape_key(CurveShape shape) {
    switch (shape) {
        case CurveShape::free_air: return "free_air";
        case CurveShape::vented_box: return "vented_box";
        case CurveShape::no_peak: return "no_peak";
        case CurveShape::resonance_below_band: return "resonance_below_band";
    }
    return "free_air";
}

ShapeCheck check_free_air_shape(const ImpedanceCurve& c, const ResonanceScan& scan, const VentedBoxResult* vented) {
    ShapeCheck check;
    if (vented) {
        check.shape = CurveShape::vented_box;
        std::string peaks;
        if (vented->low_below_band) peaks = format("one below %.3g Hz and one at %.3g Hz", c.frequency_hz.front(), vented->high.frequency_hz);
        else peaks = format("at %.3g Hz and %.3g Hz", vented->low->frequency_hz, vented->high.frequency_hz);
        check.warnings.push_back("not a driver in free air: two impedance peaks (" + peaks + ") with a dip at " +
                                 format("%.3g Hz", vented->fb_hz) +
                                 ", as in a vented box; free-air T/S parameters are not computed, the box tuning fb is reported instead");
        if (vented->peaks.size() + (vented->low_below_band ? 1 : 0) > 2)
            check.warnings.push_back(format("%.0f resonances found; fb is taken between the two lowest (two drivers or a passive radiator?)",
                                            double(vented->peaks.size() + (vented->low_below_band ? 1 : 0))));
        return check;
    }
    if (scan.peaks.empty()) {
        if (scan.resonance_below_band) {
            check.shape = CurveShape::resonance_below_band;
            check.warnings.push_back(format("the resonance lies below the curve's lowest frequency (%.3g Hz): measure from a lower frequency",
                                            c.frequency_hz.front()));
        } else {
            check.shape = CurveShape::no_peak;
            check.warnings.push_back(format("not a driver in free air: no impedance peak with a phase zero crossing between %.3g and %.5g Hz "
                                            "(a resistor, a crossover network, or a resonance outside the band?)",
                                            c.frequency_hz.front(), c.frequency_hz.back()));
        }
        return check;
    }
    const ResonancePeak& p = scan.peaks[scan.main_peak];
    if (std::log2(p.frequency_hz / c.frequency_hz.front()) < 0.5)
        check.warnings.push_back(format("the resonance (%.3g Hz) is within half an octave of the curve's lowest frequency (%.3g Hz): "
                                        "the fit is poorly held below it; measure from a lower frequency",
                                        p.frequency_hz, c.frequency_hz.front()));
    return check;
}

std::optional<std::string> residual_warning(double residual, std::string_view model_name) {
    if (!(residual > kHighResidual) && std::isfinite(residual)) return std::nullopt;
    return format("the fit residual is high (%.1f %% RMS with the ", 100.0 * residual) + std::string(model_name) +
           " model, above " + format("%.0f %%", 100.0 * kHighResidual) +
           "): the curve does not look like one driver in free air; treat the T/S parameters with caution";
}

std::optional<std::string> glitch_warning(const ImpedanceCurve& c, const DriverParams& fit) {
    const std::size_t n = c.size();
    if (n < 5) return std::nullopt;
    std::vector<double> e(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::complex<double> z = c.z(i);
        e[i] = std::abs(z) > 0.0 ? std::abs(driver_impedance(fit, c.frequency_hz[i]) - z) / std::abs(z) : 0.0;
    }
    std::vector<double> sorted = e;
    std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.end());
    const double limit = std::max(0.05, 5.0 * sorted[n / 2]);
    int count = 0;
    std::size_t worst = 0;
    for (std::size_t i = 1; i + 1 < n; ++i) {
        if (!(e[i] > limit && e[i - 1] < e[i] / 3.0 && e[i + 1] < e[i] / 3.0)) continue;
        if (count == 0 || e[i] > e[worst]) worst = i;
        ++count;
    }
    if (count == 0) return std::nullopt;
    return format("%.0f isolated point(s) disagree with the fit, the worst at %.4g Hz", double(count), c.frequency_hz[worst]) +
           format(" by %.0f %%: glitches in the measurement (a click, a dropout); remeasure, or remove those points", 100.0 * e[worst]);
}

std::optional<std::string> re_warning(const ImpedanceCurve& c, double re_floor_ohm, const DriverParams& fit) {
    if (!(re_floor_ohm > 0.0) || c.empty()) return std::nullopt;
    if (fit.re_ohm > 1.02 * re_floor_ohm)
        return format("the fitted Re (%.4g ohm) is above the curve's lowest real part (%.4g ohm), which a passive driver cannot show: "
                      "check the file's phase and the reference resistor, or give Re from a meter",
                      fit.re_ohm, re_floor_ohm);
    if (!(c.frequency_hz.front() < fit.fs_hz / 3.0)) return std::nullopt;
    // The floor the fitted model itself shows on the same frequencies: below
    // fs the motional branch keeps Re{Z} above Re (by Res/(1 + Qms²(f/fs −
    // fs/f)²)), so a lossy suspension lifts the floor of a perfect fit too.
    ImpedanceCurve model;
    for (double f : c.frequency_hz) model.push_back(f, driver_impedance(fit, f));
    const double model_floor_ohm = zb::re_floor_ohm(model);
    if (fit.re_ohm < 0.9 * re_floor_ohm && model_floor_ohm < 0.9 * re_floor_ohm)
        return format("the fitted model's floor of Re{Z} (%.4g ohm) is more than 10 %% below the curve's (%.4g ohm): "
                      "the model does not follow the curve below resonance; give Re from a meter",
                      model_floor_ohm, re_floor_ohm);
    return std::nullopt;
}

std::optional<std::string> fs_band_warning(double fs_hz, double band_lo_hz, double band_hi_hz) {
    if (fs_hz >= band_lo_hz && fs_hz <= band_hi_hz) return std::nullopt;
    return printf_string("the fitted fs (%.4g Hz) lies outside the fit band %.4g to %.5g Hz: the resonance was extrapolated, not measured, and "
                         "Re, fs, Qms and Qes are not to be trusted; set {fmin} and {fmax} so that the band includes the impedance peak",
                         fs_hz, band_lo_hz, band_hi_hz);
}

std::optional<std::string> beyond_fmax_warning(double fmax_hz, double used_top_hz) {
    if (!(used_top_hz > fmax_hz * 1.001)) return std::nullopt;
    return printf_string("Re, fs, Qms and Qes were fitted on the curve up to %.5g Hz (10 times fs), beyond {fmax} %.5g Hz, so that "
                         "{fmax} cannot move them; {fmax} limits the inductance fit only",
                         used_top_hz, fmax_hz);
}

}  // namespace zb
