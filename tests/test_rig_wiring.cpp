// The virtual rig's calibration wirings (rig/wiring.h) and the inputs'
// roll-offs: each does what it says, and the measurement wiring is the rig
// as it always was.
#include <catch2/catch.hpp>

#include <cmath>

#include "rig/virtual_rig.h"
#include "rig/wiring.h"
#include "util/units.h"

using namespace zb;

namespace {

std::vector<float> tone(double f_hz, std::size_t n = 48000) {
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(0.5 * std::sin(kTwoPi * f_hz * double(i) / 48000.0));
    return out;
}

// B/A at the tone's frequency (least squares over the steady part).
std::complex<double> ratio(const RigCapture& cap, double f_hz, std::size_t from = 4800) {
    std::complex<double> a = 0.0, b = 0.0;
    for (std::size_t i = from; i < cap.a.size(); ++i) {
        const auto e = std::polar(1.0, -kTwoPi * f_hz * double(i) / 48000.0);
        a += double(cap.a[i]) * e;
        b += double(cap.b[i]) * e;
    }
    return b / a;
}

Scenario quiet() {
    Scenario s;
    s.input.noise_dbfs = -300;
    s.hum = {};
    s.r_ref_ohm = 10.0;
    s.leads_ohm = 0.05;
    s.input.impedance_ohm = 20000.0;
    s.input.gain_db = {0.0, 0.8};
    s.dut = ResistorDut{6.0};
    return s;
}

}  // namespace

TEST_CASE("the measurement wiring is the rig as it always was", "[rig][wiring]") {
    Scenario s = default_scenario();
    VirtualRig plain(s), rewired(s);
    REQUIRE(rewired.rewire({WiringKind::leads_open, 0.0}).ok());
    REQUIRE(rewired.rewire({}).ok());
    plain.play_record(tone(100.0, 1000));  // both clocks move on alike
    rewired.play_record(tone(100.0, 1000));
    const auto x = plain.play_record(tone(1000.0));
    const auto y = rewired.play_record(tone(1000.0));
    CHECK(x.a == y.a);
    CHECK(x.b == y.b);
    CHECK(rewired.wiring() == WiringKind::measurement);
    CHECK(rewired.measurement_scenario().r_ref_ohm == s.r_ref_ohm);
}

TEST_CASE("each calibration wiring connects what it names", "[rig][wiring]") {
    const Scenario s = quiet();
    VirtualRig rig(s);
    const double g = db_to_gain(0.8);
    const double zin = 20000.0;

    REQUIRE(rig.rewire({WiringKind::inputs_on_drive, 0.0}).ok());  // channel match: B/A is the inputs' own ratio
    CHECK(std::abs(ratio(rig.play_record(tone(1000.0)), 1000.0) - g) < 1e-6);

    REQUIRE(rig.rewire({WiringKind::leads_open, 0.0}).ok());  // only input B hangs on node B
    CHECK(std::abs(ratio(rig.play_record(tone(1000.0)), 1000.0) - g * zin / (zin + 10.0)) < 1e-6);

    REQUIRE(rig.rewire({WiringKind::leads_shorted, 0.0}).ok());  // the leads ‖ input B
    const double zs = 0.05 * zin / (0.05 + zin);
    CHECK(std::abs(ratio(rig.play_record(tone(1000.0)), 1000.0) - g * zs / (zs + 10.0)) < 1e-6);

    REQUIRE(rig.rewire({WiringKind::resistor, 8.0}).ok());  // (leads + 8 ohm) ‖ input B
    const double zr = 8.05 * zin / (8.05 + zin);
    CHECK(std::abs(ratio(rig.play_record(tone(1000.0)), 1000.0) - g * zr / (zr + 10.0)) < 1e-6);
    CHECK_FALSE(rig.rewire({WiringKind::resistor, 0.0}).ok());

    REQUIRE(rig.rewire({WiringKind::loopback, 0.0}).ok());  // A on the output, B unconnected
    const auto lb = rig.play_record(tone(1000.0));
    double b2 = 0.0;
    for (float v : lb.b) b2 += double(v) * v;
    CHECK(std::sqrt(b2 / double(lb.b.size())) < 1e-7);
    CHECK(std::abs(ratio(lb, 1000.0)) < 1e-7);
}

TEST_CASE("the inputs' roll-offs make the channel mismatch move with frequency", "[rig][wiring]") {
    Scenario s = quiet();
    s.input.highpass_hz = {2.0, 3.0};
    s.input.lowpass_hz = {80000.0, 60000.0};
    VirtualRig rig(s);
    REQUIRE(rig.rewire({WiringKind::inputs_on_drive, 0.0}).ok());
    for (double f : {20.0, 1000.0, 15000.0}) {
        const std::complex<double> jf(0.0, f);
        const auto expected = db_to_gain(0.8) * (jf / (jf + 3.0)) / (1.0 + jf / 60000.0) / ((jf / (jf + 2.0)) / (1.0 + jf / 80000.0));
        const auto cap = rig.play_record(tone(f, 144000));
        INFO("f " << f);
        CHECK(std::abs(ratio(cap, f, 48000) / expected - 1.0) < 1e-5);  // after the 3 Hz corner's transient
    }
    // JSON round trip, and the defaults stay "none".
    auto back = parse_scenario(scenario_to_json(s), "t", ".");
    REQUIRE(back.ok());
    CHECK(back->input.highpass_hz == s.input.highpass_hz);
    CHECK(back->input.lowpass_hz == s.input.lowpass_hz);
    CHECK(default_scenario().input.highpass_hz == std::array<double, 2>{0.0, 0.0});
    auto bad = parse_scenario(nlohmann::json::parse(R"({"input": {"lowpass_hz": [50, 0]}})"), "t.json", ".");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.message(), Catch::Contains("input.lowpass_hz"));
}
