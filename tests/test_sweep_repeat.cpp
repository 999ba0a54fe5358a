// A sweep with buffer over/underruns is never analysed: measure_impedance
// repeats it once, then gives up with a device error. Exercised with a device
// that reports xruns on demand (the JACK tests do it with a real stream).
#include <catch2/catch.hpp>

#include "device/sim_device.h"
#include "measure/impedance_measurement.h"

using namespace zb;

namespace {

// The virtual rig, except that the first `failing` captures come back with
// xruns and garbage, like a real device that lost buffers.
class FlakyDevice final : public AudioDevice {
public:
    FlakyDevice(int failing, std::uint64_t ignored = 0) : sim_(default_scenario()), failing_(failing), ignored_(ignored) {}
    std::string description() const override { return "flaky device"; }
    double sample_rate_hz() const override { return sim_.sample_rate_hz(); }
    Result<Capture> play_record(std::span<const float> output, const ProgressFn& p) override {
        if (output.size() < sim_.sample_rate_hz()) return sim_.play_record(output, p);  // the 300 ms safety probe
        ++calls;
        auto c = sim_.play_record(output, p);
        if (c && calls <= failing_) {
            c->xruns = 3;
            std::fill(c->b.begin(), c->b.end(), 0.25f);  // what a corrupt capture could hold
        }
        if (c) c->ignored_server_xruns = ignored_;
        return c;
    }
    Result<Capture> record(std::size_t frames, const ProgressFn& p) override { return sim_.record(frames, p); }
    int calls = 0;  // sweeps, not probes

private:
    SimDevice sim_;
    int failing_;
    std::uint64_t ignored_;
};

ImpedanceMeasurementConfig config() {
    ImpedanceMeasurementConfig c;
    c.analysis.r_ref_nominal_ohm = 10.0;
    c.analysis.grid = {10.0, 20000.0, 24};
    c.safety = safety_config_for_rig(default_scenario());
    return c;
}

}  // namespace

TEST_CASE("a clean sweep is measured once", "[xruns]") {
    FlakyDevice device(0);
    auto m = measure_impedance(device, config(), nullptr);
    REQUIRE(m.ok());
    CHECK(device.calls == 1);
    CHECK(m->analysis.warnings.empty());
}

TEST_CASE("a sweep with xruns is repeated once and the repeat is what gets analysed", "[xruns]") {
    FlakyDevice device(1);
    std::vector<std::string> stages;
    auto m = measure_impedance(device, config(), [&](double, std::string_view s) { stages.emplace_back(s); });
    REQUIRE(m.ok());
    CHECK(device.calls == 2);
    REQUIRE_FALSE(m->analysis.warnings.empty());
    CHECK(m->analysis.warnings[0] == "3 buffer over/underruns during the first sweep: it was discarded and repeated");
    CHECK(std::find(stages.begin(), stages.end(), "sweep (repeat)") != stages.end());
    CHECK(m->capture.xruns == 0);
    // The curve comes from the clean repeat: the default woofer's Re.
    CHECK(m->analysis.curve.magnitude_ohm.front() == Approx(std::abs(dut_impedance(default_scenario().dut, 10.0))).epsilon(0.01));
}

TEST_CASE("xruns in the sweep and in its repeat fail the measurement as a device error", "[xruns]") {
    FlakyDevice device(2);
    auto m = measure_impedance(device, config(), nullptr);
    REQUIRE_FALSE(m.ok());
    CHECK(device.calls == 2);
    CHECK(m.error().kind == ErrorKind::device);
    CHECK(m.message() ==
          "flaky device: 3 buffer over/underruns during the sweep and 3 again when it was repeated; close other audio "
          "programs or use larger buffers ({buffer_frames})");
}

TEST_CASE("server xruns the device was told to ignore are reported as a warning", "[xruns]") {
    FlakyDevice device(0, 5);
    auto m = measure_impedance(device, config(), nullptr);
    REQUIRE(m.ok());
    REQUIRE(m->analysis.warnings.size() == 1);
    CHECK_THAT(m->analysis.warnings[0], Catch::Contains("reported 5 over/underrun(s) during the sweep, ignored as asked"));
}
