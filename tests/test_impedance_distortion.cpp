// The drive-level check: H2 and H3 of the current through the driver, on a
// linear rig (a small floor, no warning) and on a rig whose output stage has
// a known weak nonlinearity, y = x + k2·x² + k3·x³ (the exact answer below).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>

#include "app/impedance_format.h"
#include "app/impedance_job.h"
#include "device/sim_device.h"
#include "measure/impedance_measurement.h"
#include "model/dut.h"

using namespace zb;

namespace {

ImpedanceMeasurementConfig rig_config(double sweep_seconds) {
    ImpedanceMeasurementConfig c;
    c.analysis.r_ref_nominal_ohm = 10.0;
    c.analysis.grid = {20.0, 20000.0, 24};
    c.safety.output = OutputKind::amplifier;
    c.sweep_seconds = sweep_seconds;
    return c;
}

bool warns_drive_level(const ImpedanceAnalysis& a) {
    for (const auto& w : a.warnings)
        if (w.find("harmonic distortion") != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a linear rig reports the current's H2 and H3 far below the warning", "[impedance][distortion]") {
    for (double seconds : {1.0, 4.0}) {
        SimDevice device{Scenario{}};
        auto m = measure_impedance(device, rig_config(seconds), nullptr);
        REQUIRE(m.ok());
        REQUIRE(m->analysis.distortion.has_value());
        const auto& d = *m->analysis.distortion;
        // Every reading, noise or not: the rig's noise and the windows' leakage.
        const double h2 = *std::max_element(d.h2_percent.begin(), d.h2_percent.end());
        const double h3 = *std::max_element(d.h3_percent.begin(), d.h3_percent.end());
        INFO(seconds << " s: largest H2 " << h2 << " %, H3 " << h3 << " %, from " << d.frequency_hz.front() << " Hz");
        // 0.1 % is ten times below the warning.
        CHECK(h2 < 0.1);
        CHECK(h3 < 0.1);
        // The points sit on bins of fs/2^16 (the linear response's transform):
        // the last within one bin under fmax/3, the first within one above its limit.
        const double bin_hz = 48000.0 / 65536.0;
        CHECK(d.frequency_hz.back() <= 20000.0 / 3.0);
        CHECK(d.frequency_hz.back() > 20000.0 / 3.0 - bin_hz);
        CHECK(d.frequency_hz.front() < (seconds == 1.0 ? 40.0 : 20.0 + bin_hz));
        CHECK_FALSE(warns_drive_level(m->analysis));
    }
}

TEST_CASE("noise reads as its floor, not as distortion: no warning on a noisy linear rig", "[impedance][distortion]") {
    // The floor is the noise's 1σ in each reading (impedance_distortion.h),
    // so noise-only readings have an RMS near 1 floor (0.7 to 1.3 leaves
    // four standard errors of an RMS over ~50 Rayleigh readings).
    Scenario s;
    s.input.noise_dbfs = -60.0;
    SimDevice device(s);
    auto c = rig_config(1.0);
    c.level_dbfs = -40.0;
    auto m = measure_impedance(device, c, nullptr);
    REQUIRE(m.ok());
    REQUIRE(m->analysis.distortion.has_value());
    const auto& d = *m->analysis.distortion;
    REQUIRE(d.h2_floor_percent.size() == d.frequency_hz.size());
    double r2 = 0.0, r3 = 0.0;
    for (std::size_t i = 0; i < d.frequency_hz.size(); ++i) {
        r2 += std::pow(d.h2_percent[i] / d.h2_floor_percent[i], 2);
        r3 += std::pow(d.h3_percent[i] / d.h3_floor_percent[i], 2);
    }
    const double n = static_cast<double>(d.frequency_hz.size());
    INFO("RMS reading/floor: H2 " << std::sqrt(r2 / n) << ", H3 " << std::sqrt(r3 / n) << "; largest floor " << d.h3_floor_percent.back() << " %");
    CHECK(std::sqrt(r2 / n) == Approx(1.0).margin(0.3));
    CHECK(std::sqrt(r3 / n) == Approx(1.0).margin(0.3));
    CHECK(d.h3_floor_percent.back() > 1.0);  // noise that would have read as distortion
    CHECK_FALSE(warns_drive_level(m->analysis));
}

TEST_CASE("an output stage's known nonlinearity reads as its H2 and H3 of the current, and warns", "[impedance][distortion]") {
    // At peak x̂ the drive voltage carries H2 = k2·x̂/2 and H3 = k3·x̂²/4 (the
    // fundamental grows by 3·k3·x̂²/4); the divider turns voltage into current
    // through Y(f) = 1/(Rs + R_ref + Z(f)), so the current's Hk(f) is the
    // voltage's times |Y(k·f)/Y(f)|, larger at the resonance where Y(f) dips.
    Scenario s;
    s.output_k2 = 0.2;
    s.output_k3 = 4.0;
    SimDevice device(s);
    auto m = measure_impedance(device, rig_config(4.0), nullptr);
    REQUIRE(m.ok());
    REQUIRE(m->analysis.distortion.has_value());
    const auto& d = *m->analysis.distortion;
    const double x = std::pow(10.0, m->sweep.config.level_dbfs / 20.0);
    const double fundamental = 1.0 + 0.75 * s.output_k3 * x * x;
    auto admittance = [&](double f) { return 1.0 / (s.source_impedance_ohm + s.r_ref_ohm + dut_impedance(s.dut, f)); };
    std::size_t compared = 0;
    for (std::size_t i = 0; i < d.frequency_hz.size(); ++i) {
        const double f = d.frequency_hz[i];
        // Below 60 Hz a 4 s sweep's H3 window holds too few periods of the current's ringing; at the top
        // point H3 sits at fmax, the sweep band's edge (about 4 % high there).
        if (f < 60.0 || f > 6000.0) continue;
        const double h2 = 100.0 * s.output_k2 * x / 2.0 / fundamental * std::abs(admittance(2.0 * f) / admittance(f));
        const double h3 = 100.0 * s.output_k3 * x * x / 4.0 / fundamental * std::abs(admittance(3.0 * f) / admittance(f));
        INFO(f << " Hz: H2 " << d.h2_percent[i] << " % (expected " << h2 << "), H3 " << d.h3_percent[i] << " % (expected " << h3 << ")");
        CHECK(d.h2_percent[i] == Approx(h2).epsilon(0.02));
        CHECK(d.h3_percent[i] == Approx(h3).epsilon(0.02));
        ++compared;
    }
    CHECK(compared > 30);
    CHECK(warns_drive_level(m->analysis));
    std::string all;
    for (const auto& w : m->analysis.warnings) all += w + "\n";
    CHECK_THAT(all, Catch::Contains("lower {level}"));
}

TEST_CASE("the JSON report and the summary carry the drive-level check", "[impedance][distortion]") {
    app::ImpedanceRequest r;
    r.sweep_seconds = 1.0;
    auto result = app::run_impedance(r, nullptr);
    REQUIRE(result.ok());
    REQUIRE(result->analysis.distortion.has_value());
    const auto json = app::impedance_report_json(*result);
    const auto& d = json["impedance"]["distortion"];
    REQUIRE(d.is_object());
    CHECK(d["frequency_hz"].size() == result->analysis.distortion->frequency_hz.size());
    CHECK(d["h2_percent"].size() == d["frequency_hz"].size());
    CHECK(d["h3_percent"].size() == d["frequency_hz"].size());
    CHECK(d["h2_floor_percent"].size() == d["frequency_hz"].size());
    CHECK_THAT(app::impedance_summary_text(*result), Catch::Contains("current distortion H2 max"));
}
