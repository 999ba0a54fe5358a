// Level limits, the DUT-voltage cap, the DC warning, and the preflight as
// measure_impedance runs it before every sweep on the virtual rig.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "device/sim_device.h"
#include "measure/impedance_measurement.h"
#include "safety/dc_check.h"
#include "safety/level_limits.h"
#include "support/test_support.h"
#include "util/units.h"

using namespace zb;

namespace {

ImpedanceMeasurementConfig rig_config(const Scenario& s, double level_dbfs = -20.0) {
    ImpedanceMeasurementConfig c;
    c.level_dbfs = level_dbfs;
    c.sweep_seconds = 1.0;
    c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
    c.analysis.grid = {20.0, 20000.0, 24};
    c.safety = safety_config_for_rig(s);
    return c;
}

double peak_of(const std::vector<float>& x) {
    double p = 0.0;
    for (float v : x) p = std::max(p, double(std::abs(v)));
    return p;
}

}  // namespace

TEST_CASE("a sweep level above -3 dBFS is refused", "[safety][levels]") {
    CHECK(check_level(-3.0, LevelLimits{}).ok());
    CHECK(check_level(-20.0, LevelLimits{}).ok());
    auto st = check_level(-2.5, LevelLimits{});
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.message(), Catch::Contains("{level} -2.5 dBFS is above the -3 dBFS limit"));

    // And measure_impedance refuses it before playing anything.
    Scenario s = default_scenario();
    SimDevice device(s);
    SafetyReport report;
    auto m = measure_impedance(device, rig_config(s, 0.0), nullptr, &report);
    REQUIRE_FALSE(m.ok());
    CHECK(report.refusal == Refusal::level_too_high);
    CHECK_FALSE(report.probe.has_value());
}

TEST_CASE("the DUT-voltage cap lowers the level, or refuses, or says it cannot hold", "[safety][levels]") {
    LevelRequest q;
    // The rig's woofer on a 1 V amplifier at -20 dBFS: 71 mV at most, untouched.
    q.output = OutputKind::amplifier;
    q.output_volts_per_fs = 1.0;
    q.dut_fraction = 0.6;
    auto p = plan_level(q, LevelLimits{});
    REQUIRE(p.ok());
    CHECK_FALSE(p->capped);
    CHECK(p->level_dbfs == -20.0);
    CHECK(p->dut_fraction_bound == 1.0);
    CHECK(*p->dut_volts_rms_bound == Approx(0.1 / std::numbers::sqrt2));

    // A 20 V-peak amplifier at -10 dBFS would put 4.47 V on the DUT: lowered to -23.1 dBFS.
    q.output_volts_per_fs = 20.0;
    q.level_dbfs = -10.0;
    p = plan_level(q, LevelLimits{});
    REQUIRE(p.ok());
    CHECK(p->capped);
    CHECK(p->level_dbfs == Approx(-23.1));
    CHECK(*p->dut_volts_rms_bound <= 1.0);
    CHECK(*p->dut_volts_rms_bound > 0.98);
    CHECK_THAT(p->note, Catch::Contains("level lowered from -10 to -23.1 dBFS"));

    // A line output with R_ref 1 kohm and 8 ohm (|T| 0.008): no profile, so a
    // +24 dBu output is assumed; the bound 0.08 keeps -3 dBFS under 1 V.
    q = {};
    q.level_dbfs = -3.0;
    q.output = OutputKind::line;
    q.dut_fraction = 0.008;
    p = plan_level(q, LevelLimits{});
    REQUIRE(p.ok());
    CHECK_FALSE(p->capped);
    CHECK(p->volts_source == "assumed +24 dBu output");
    CHECK(*p->dut_volts_rms_bound == Approx(db_to_gain(-3.0) * 17.4 / std::numbers::sqrt2 * 0.08));

    // A 10 kohm line input on R_ref 1 kohm (|T| 0.91), same assumption: lowered.
    q.level_dbfs = -20.0;
    q.dut_fraction = 0.91;
    p = plan_level(q, LevelLimits{});
    REQUIRE(p.ok());
    CHECK(p->capped);
    CHECK(p->level_dbfs == Approx(-21.9));  // -21.8 would give 1.0001 V
    CHECK_THAT(p->note, Catch::Contains("assuming a +24 dBu output"));

    // An uncalibrated amplifier: the cap cannot hold, and the plan says so.
    q.output = OutputKind::amplifier;
    p = plan_level(q, LevelLimits{});
    REQUIRE(p.ok());
    CHECK_FALSE(p->dut_volts_rms_bound.has_value());
    CHECK(p->level_dbfs == -20.0);
    CHECK_THAT(p->note, Catch::Contains("{max_dut_volts} is not enforced"));

    // Too hot to cap within -60 dBFS: refused.
    q.output_volts_per_fs = 1000.0;
    LevelLimits tight;
    tight.max_dut_volts_rms = 0.01;
    p = plan_level(q, tight);
    REQUIRE_FALSE(p.ok());
    CHECK_THAT(p.message(), Catch::Contains("{max_dut_volts} 0.01 V RMS would need the sweep at"));
}

TEST_CASE("on the rig, the capped sweep keeps the DUT under --max-dut-volts", "[safety][levels]") {
    Scenario s = default_scenario();
    s.full_scale_volts = 20.0;  // a hot amplifier: 20 V peak at full scale
    s.dut = ResistorDut{8.0};
    SimDevice device(s);
    auto config = rig_config(s, -6.0);
    auto m = measure_impedance(device, config, nullptr);
    REQUIRE(m.ok());
    REQUIRE(m->safety.level.has_value());
    CHECK(m->safety.level->capped);
    CHECK(m->sweep.config.level_dbfs == m->safety.level->level_dbfs);
    CHECK(m->sweep.config.level_dbfs < -20.0);
    // Input B records the voltage across the DUT: its peak, as RMS of a sine.
    const double dut_volts_rms = peak_of(m->capture.b) * s.full_scale_volts / std::numbers::sqrt2;
    std::printf("capped sweep: %.1f dBFS, DUT %.3f V RMS (bound %.3f)\n", m->sweep.config.level_dbfs, dut_volts_rms,
                *m->safety.level->dut_volts_rms_bound);
    CHECK(dut_volts_rms <= 1.0);
    CHECK(dut_volts_rms > 0.3);  // not needlessly low: 8/18 of the 1 V bound
    CHECK_FALSE(m->safety.warnings.empty());
    const auto err = zbt::compare_curve(m->analysis.curve, [](double) { return std::complex<double>(8.0); }, 20, 20000);
    CHECK(err.max_magnitude_rel < 0.005);
}

TEST_CASE("DC on the inputs gets a warning that says why it harms", "[safety][dc]") {
    CHECK(check_dc(0.0, 0.0, 1.0, DcLimits{}).empty());
    CHECK(check_dc(0.04, -0.04, 1.0, DcLimits{}).empty());
    auto w = check_dc(0.2, -0.12, 1.0, DcLimits{});
    REQUIRE(w.size() == 2);
    CHECK_THAT(w[0], Catch::Contains("input A (drive node) carries DC, 200 mV (above 50 mV)") && Catch::Contains("heats"));
    CHECK_THAT(w[1], Catch::Contains("input B (across the DUT) carries DC, -120 mV") && Catch::Contains("shifts fs and Qms"));
    // Volts unknown: 1 % of full scale.
    CHECK(check_dc(0.009, 0.0, std::nullopt, DcLimits{}).empty());
    CHECK_THAT(check_dc(0.02, 0.0, std::nullopt, DcLimits{}).at(0), Catch::Contains("2 % of full scale"));

    // On the rig: 150 mV of DC on both inputs, the measurement still in spec.
    Scenario s = default_scenario();
    s.input.dc_volts = {0.15, 0.15};
    SimDevice device(s);
    auto m = measure_impedance(device, rig_config(s), nullptr);
    INFO((m.ok() ? std::string() : m.message()));
    REQUIRE(m.ok());
    REQUIRE(m->safety.warnings.size() == 2);
    CHECK_THAT(m->safety.warnings[0], Catch::Contains("150 mV"));
    REQUIRE(m->safety.probe.has_value());
    CHECK(m->safety.probe->dc_a_fs == Approx(0.15).margin(1e-4));
    const auto err = zbt::compare_curve(m->analysis.curve, [&](double f) { return dut_impedance(s.dut, f); }, 20, 20000);
    CHECK(err.max_magnitude_rel < 0.01);
}

TEST_CASE("clipping during the sweep aborts before any analysis", "[safety][levels]") {
    Scenario s = default_scenario();
    s.input.gain_db = {12.0, 12.0};
    SimDevice device(s);
    SafetyReport report;
    auto m = measure_impedance(device, rig_config(s, -6.0), nullptr, &report);
    REQUIRE_FALSE(m.ok());
    CHECK(report.refusal == Refusal::clipped);
    CHECK_THAT(m.message(), Catch::Contains("clipped during the sweep") && Catch::Contains("lower the level ({level})"));
}

TEST_CASE("measure_impedance refuses on the probe's verdict and plays no sweep", "[safety][probe]") {
    Scenario s = default_scenario();
    s.output_kind = "line";
    s.source_impedance_ohm = 100.0;
    SimDevice device(s);
    SafetyReport report;
    auto m = measure_impedance(device, rig_config(s), nullptr, &report);
    REQUIRE_FALSE(m.ok());
    CHECK(report.refusal == Refusal::load_too_low);
    CHECK(m.message() == report.message);
    REQUIRE(report.probe.has_value());
    // Only the probe played: the rig's clock advanced by its 300 ms, no more.
    CHECK(report.probe->duration_s == Approx(0.3));
}
