// The virtual rig: each impairment does what the scenario says.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "dsp/fft.h"
#include "rig/virtual_rig.h"
#include "util/units.h"

using namespace zb;

namespace {

Scenario quiet_scenario() {
    Scenario s;
    s.input.noise_dbfs = -300;
    s.hum = {};
    s.input.impedance_ohm = INFINITY;
    s.dut = ResistorDut{8.0};
    return s;
}

double rms(const std::vector<float>& x, std::size_t from = 0) {
    double s = 0;
    for (std::size_t i = from; i < x.size(); ++i) s += double(x[i]) * x[i];
    return std::sqrt(s / double(x.size() - from));
}

}  // namespace

TEST_CASE("a known resistor on the rig gives its value", "[rig]") {
    Scenario s = quiet_scenario();
    s.r_ref_ohm = 10;
    VirtualRig rig(s);
    std::vector<float> out(48000);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<float>(0.5 * std::sin(kTwoPi * 1000.0 * i / 48000));
    const auto cap = rig.play_record(out);
    // After the start-up, B/A at 1 kHz = 8/18 for a resistor.
    double num = 0, den = 0;
    for (std::size_t i = 1000; i < out.size(); ++i) {
        num += double(cap.b[i]) * cap.a[i];
        den += double(cap.a[i]) * cap.a[i];
    }
    CHECK(num / den == Approx(8.0 / 18.0).epsilon(1e-5));
    CHECK(cap.clipped_a == 0);
}

TEST_CASE("noise, DC, gain error and latency are what the scenario says", "[rig]") {
    Scenario s = quiet_scenario();
    s.input.noise_dbfs = -60;
    s.input.dc_volts = {0.01, -0.02};
    s.full_scale_volts = 2.0;
    VirtualRig rig(s);
    const auto cap = rig.record(200000);
    const double mean_a = std::accumulate(cap.a.begin(), cap.a.end(), 0.0) / cap.a.size();
    const double mean_b = std::accumulate(cap.b.begin(), cap.b.end(), 0.0) / cap.b.size();
    CHECK(mean_a == Approx(0.005).margin(1e-5));
    CHECK(mean_b == Approx(-0.01).margin(1e-5));
    std::vector<float> ac(cap.a);
    for (auto& v : ac) v -= static_cast<float>(mean_a);
    CHECK(rms_fs_to_dbfs(rms(ac)) == Approx(-60).margin(0.05));

    Scenario t = quiet_scenario();
    t.input.latency_samples = 1500;
    t.input.gain_db = {0.0, 6.0};
    t.r_ref_ohm = 0;  // both inputs on the drive node
    t.source_impedance_ohm = 0;
    VirtualRig rig2(t);
    std::vector<float> out(20000, 0.0f);
    out[100] = 0.5f;
    const auto cap2 = rig2.play_record(out);
    const auto peak = std::max_element(cap2.a.begin(), cap2.a.end(), [](float x, float y) { return std::abs(x) < std::abs(y); });
    CHECK(peak - cap2.a.begin() == 1600);
    CHECK(cap2.a[1600] == Approx(0.5).epsilon(1e-5));
    CHECK(cap2.b[1600] == Approx(0.5 * db_to_gain(6.0)).epsilon(1e-5));
}

TEST_CASE("hum harmonics appear on both inputs at their dBFS levels", "[rig]") {
    Scenario s = quiet_scenario();
    s.hum.mains_hz = 50;
    s.hum.harmonics = {{1, -40}, {3, -52}};
    s.hum.tones = {{15625, -60}};
    VirtualRig rig(s);
    const std::size_t n = 48000;  // 1 s: every line sits on a bin
    const auto cap = rig.record(n);
    fft::RealFft<double> fft(n);
    std::vector<double> x(cap.a.begin(), cap.a.end());
    std::vector<std::complex<double>> X(fft.bins());
    fft.forward(x.data(), X.data());
    auto level = [&](std::size_t bin) { return peak_fs_to_dbfs(2.0 * std::abs(X[bin]) / n); };
    CHECK(level(50) == Approx(-40).margin(0.01));
    CHECK(level(150) == Approx(-52).margin(0.01));
    CHECK(level(15625) == Approx(-60).margin(0.01));
    CHECK(level(100) < -130);
    for (std::size_t i = 0; i < n; ++i) REQUIRE(cap.a[i] == cap.b[i]);
}

TEST_CASE("the converter clips at full scale and quantises to 24 bits", "[rig]") {
    Scenario s = quiet_scenario();
    s.r_ref_ohm = 0;
    s.source_impedance_ohm = 0;
    s.input.gain_db = {6.0, 0.0};
    VirtualRig rig(s);
    std::vector<float> out(4800);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<float>(0.9 * std::sin(kTwoPi * 100.0 * i / 48000));
    const auto cap = rig.play_record(out);
    CHECK(cap.clipped_a > 0);
    CHECK(cap.clipped_b == 0);
    for (float v : cap.b) {
        const double scaled = double(v) * 8388608.0;
        REQUIRE(scaled == std::round(scaled));
    }
}

TEST_CASE("the same seed gives the same capture, the clock keeps noise fresh", "[rig]") {
    Scenario s;
    VirtualRig r1(s), r2(s);
    const auto a = r1.record(1000), b = r2.record(1000);
    CHECK(a.a == b.a);
    const auto c = r1.record(1000);
    CHECK(c.a != a.a);
}
