// What zbench-gui computes without a window: the curve list (rename, remove,
// unique names), the T/S overlay (model |Z|, residual in % of |Z|, markers)
// and the uncertainty band.
#include <catch2/catch.hpp>

#include <cmath>

#include "gui/curve_set.h"
#include "gui/fit_overlay.h"

namespace {

// A free-air driver without voice-coil inductance: its |Z| peaks at fs with Re·(1 + Qms/Qes).
zb::DriverParams woofer() {
    zb::DriverParams p;
    p.re_ohm = 6.0;
    p.fs_hz = 40.0;
    p.qms = 4.0;
    p.qes = 0.5;
    return p;
}

zb::ImpedanceCurve model_curve(const zb::DriverParams& p) {
    zb::ImpedanceCurve c;
    for (int i = 0; i <= 11 * 48; ++i) {  // 10 Hz to 20.5 kHz, 48 points per octave: fs = 40 Hz is a point
        const double f = 10.0 * std::exp2(i / 48.0);
        c.push_back(f, zb::driver_impedance(p, f));
    }
    return c;
}

}  // namespace

TEST_CASE("The curve list keeps names unique, renames and removes", "[gui]") {
    zb::gui::CurveSet set;
    set.add("free air", "", {});
    set.add("free air", "", {});
    set.add("8 g", "", {});
    REQUIRE(set.curves().size() == 3);
    CHECK(set.curves()[1].name == "free air (2)");
    // Each curve gets its own colour.
    CHECK(set.curves()[0].magnitude_colour != set.curves()[1].magnitude_colour);

    CHECK(set.rename(1, "16 g"));
    CHECK(set.curves()[1].name == "16 g");
    CHECK(set.rename(1, "16 g"));             // its own name again: allowed
    CHECK_FALSE(set.rename(1, "free air"));   // another curve's name
    CHECK_FALSE(set.rename(1, "  "));         // blank
    CHECK_FALSE(set.rename(7, "x"));          // no such curve
    CHECK(set.curves()[1].name == "16 g");

    set.remove(0);
    REQUIRE(set.curves().size() == 2);
    CHECK(set.curves()[0].name == "16 g");
    CHECK(set.curves()[1].name == "8 g");
    // The freed name can be taken again, unchanged.
    CHECK(set.add("free air", "", {}).name == "free air");
}

TEST_CASE("The T/S overlay: the model, its residual in % of |Z| and the markers", "[gui]") {
    const zb::DriverParams p = woofer();
    const zb::ImpedanceCurve c = model_curve(p);
    const auto model = zb::gui::model_magnitude_ohm(p, c.frequency_hz);
    REQUIRE(model.size() == c.size());
    // The model of the curve it was made from leaves no residual (rounding only).
    for (double r : zb::gui::residual_percent(c.magnitude_ohm, model)) CHECK(std::abs(r) < 1e-10);
    // Data 10 % above the model: (1.1 − 1)/1.1 = 9.0909 % of the measured |Z|.
    std::vector<double> high = c.magnitude_ohm;
    for (double& v : high) v *= 1.1;
    for (double r : zb::gui::residual_percent(high, model)) CHECK(r == Approx(100.0 * 0.1 / 1.1).epsilon(1e-12));
    // A zero or negative measured |Z| has no residual.
    CHECK(std::isnan(zb::gui::residual_percent(std::vector<double>{0.0}, std::vector<double>{1.0})[0]));

    zb::VentedBoxResult vented;
    vented.fb_hz = 31.5;
    const auto markers = zb::gui::fit_markers(c, &p, &vented);
    REQUIRE(markers.size() == 4);
    CHECK(markers[0].label == "fs 40.0 Hz");
    CHECK(markers[1].kind == zb::gui::FitMarker::Kind::level);
    CHECK(markers[1].value == 6.0);
    CHECK(markers[1].label == "Re 6.00 ohm");
    // Zmax: at fs, Re + Res = Re·(1 + Qms/Qes) = 54 ohm (no inductance).
    CHECK(markers[2].value == Approx(40.0).epsilon(1e-12));
    CHECK(markers[2].label == "Zmax 54.0 ohm");
    CHECK(markers[3].label == "fb 31.5 Hz");
    // Without a fit: Zmax only. A voice coil's rise to 80 ohm at the top is
    // not the resonance's Zmax.
    zb::ImpedanceCurve rising = c;
    for (std::size_t i = 0; i < rising.size(); ++i)
        rising.magnitude_ohm[i] += 80.0 * std::pow(rising.frequency_hz[i] / 20480.0, 2.0);
    const auto alone = zb::gui::fit_markers(rising, nullptr, nullptr);
    REQUIRE(alone.size() == 1);
    CHECK(alone[0].value == Approx(40.0).epsilon(1e-12));
}

TEST_CASE("The uncertainty band is the value +/- k sigma, sigma in % or in the value's unit", "[gui]") {
    const std::vector<double> z{10.0, 20.0}, u_percent{1.0, 0.5};
    const auto b = zb::gui::uncertainty_band(z, u_percent, 2.0, true);
    CHECK(b.lo[0] == Approx(9.8));
    CHECK(b.lo[1] == Approx(19.8));
    CHECK(b.hi[0] == Approx(10.2));
    CHECK(b.hi[1] == Approx(20.2));
    const std::vector<double> phase{-30.0}, u_deg{1.5};
    const auto p = zb::gui::uncertainty_band(phase, u_deg, 2.0, false);
    CHECK(p.lo[0] == Approx(-33.0));
    CHECK(p.hi[0] == Approx(-27.0));
}
