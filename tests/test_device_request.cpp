// The device request of the application layer (app/device_setup.h): the
// input and output devices apart, the rig refused as half of a pair, hum
// (record only) needing no output device, and each message naming the
// setting at fault.
#include <catch2/catch.hpp>

#include "app/device_setup.h"

namespace {

// The setting check_device_request blames, or "" when it accepts.
std::string blamed(const zb::app::DeviceRequest& r, zb::app::DeviceUse use = zb::app::DeviceUse::play_and_record) {
    auto result = zb::app::run_job([&] {
        zb::app::check_device_request(r, use);
        return 0;
    });
    return result ? std::string() : result.error().setting;
}

}  // namespace

TEST_CASE("device request: input and output devices apart", "[app][device]") {
    using zb::app::DeviceUse;
    zb::app::DeviceRequest r;
    CHECK(r.is_rig());
    CHECK(blamed(r).empty());

    r.in_device = "Monitor of Null Output";
    r.out_device = "Null Output";
    CHECK_FALSE(r.is_rig());
    CHECK(r.input_name() == "Monitor of Null Output");
    CHECK(r.output_name() == "Null Output");
    CHECK(blamed(r).empty());

    // Half a pair on the rig: the rig plays and records itself.
    r.out_device.clear();
    CHECK(blamed(r) == "out_device");
    // Recording only needs no output device at all.
    CHECK(blamed(r, DeviceUse::record_only).empty());
    // An output device on the rig, even for recording only, is a mistake.
    zb::app::DeviceRequest out_on_rig;
    out_on_rig.out_device = "Null Output";
    CHECK(blamed(out_on_rig, DeviceUse::record_only) == "out_device");
    r.in_device.clear();
    r.out_device = "Null Output";
    CHECK(blamed(r) == "in_device");

    // --device sets both.
    zb::app::DeviceRequest both;
    both.device = "Null Output";
    CHECK(both.input_name() == "Null Output");
    CHECK(both.output_name() == "Null Output");
    CHECK(blamed(both).empty());
    both.sim_scenario = "x.json";
    CHECK(blamed(both) == "sim_scenario");

    // Real-interface settings on the rig name themselves.
    zb::app::DeviceRequest rig;
    rig.api = "pulse";
    CHECK(blamed(rig) == "api");
}
