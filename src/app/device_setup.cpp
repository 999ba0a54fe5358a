#include "app/device_setup.h"

#include <sstream>

#include "app/app_error.h"
#include "device/sim_device.h"
#ifdef ZBENCH_HAVE_AUDIO
#include "audio/rtaudio_device.h"
#endif

namespace zb::app {

namespace {

std::vector<int> parse_channels(const std::string& text) {
    std::vector<int> channels;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        int value = 0;
        try {
            value = std::stoi(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size())
            fail_setting("in_channels", "{in_channels} " + text + ": expected two channel numbers A,B such as 1,2");
        channels.push_back(value);
    }
    return channels;
}

OpenedDevice open_sim(const DeviceRequest& o) {
    Scenario scenario = default_scenario();
    if (!o.sim_scenario.empty()) {
        auto loaded = load_scenario(o.sim_scenario);
        if (!loaded) fail(Failure::bad_file, "sim_scenario", loaded.message());
        scenario = std::move(*loaded);
    }
    OpenedDevice opened;
    opened.description = {{"kind", "sim"},
                          {"name", "virtual rig"},
                          {"sample_rate_hz", scenario.sample_rate_hz},
                          {"scenario_file", o.sim_scenario.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.sim_scenario)},
                          {"scenario", scenario_to_json(scenario)}};
    opened.scenario = scenario;
    opened.device = std::make_unique<SimDevice>(std::move(scenario), SimDeviceOptions{o.sim_realtime});
    opened.identity.description = opened.device->description();
    opened.identity.sample_rate_hz = opened.device->sample_rate_hz();
    return opened;
}

}  // namespace

void check_device_request(const DeviceRequest& o) {
    if (o.is_rig()) {
        const char* real_only = !o.api.empty()           ? "api"
                                : o.sample_rate_hz       ? "sample_rate"
                                : o.buffer_frames        ? "buffer_frames"
                                : o.in_channels != "1,2" ? "in_channels"
                                : o.out_channel != 1     ? "out_channel"
                                : o.ignore_server_xruns  ? "ignore_server_xruns"
                                                         : nullptr;
        if (real_only)
            fail_setting(real_only, std::string("{") + real_only +
                                        "} applies to a real interface: pass {device} NAME|INDEX too (the device list names them; "
                                        "the virtual rig takes its settings from {sim_scenario})");
        return;
    }
    if (!o.sim_scenario.empty() || o.sim_realtime) {
        const char* which = o.sim_scenario.empty() ? "sim_realtime" : "sim_scenario";
        fail_setting(which, std::string("{") + which + "} applies to the virtual rig ({device} sim), not to {device} " + o.device);
    }
    parse_channels(o.in_channels);  // their count and range are checked against the device when it opens
}

void check_no_device(const DeviceRequest& o, const char* file_setting) {
    if (o.sim_realtime || !o.sim_scenario.empty() || !o.is_rig())
        fail_setting(file_setting, std::string("{") + file_setting + "} analyses a file; device settings do not apply to it");
}

OpenedDevice open_device(const DeviceRequest& o) {
    check_device_request(o);
    if (o.is_rig()) return open_sim(o);
#ifdef ZBENCH_HAVE_AUDIO
    AudioDeviceRequest request;
    request.api = o.api;
    request.device = o.device;
    request.in_channels = parse_channels(o.in_channels);
    request.out_channel = o.out_channel;
    request.sample_rate_hz = o.sample_rate_hz;
    request.buffer_frames = o.buffer_frames;
    auto choice = resolve_audio_device(request);
    if (!choice) fail_with(choice.error(), Failure::bad_setting);
    RtAudioDeviceConfig config;
    config.device = *choice;
    config.count_server_xruns = !o.ignore_server_xruns;
    auto device = RtAudioDevice::open(config);
    if (!device) fail_with(device.error(), Failure::bad_setting);
    OpenedDevice opened;
    opened.description = {{"kind", "rtaudio"},
                          {"api", choice->api},
                          {"name", choice->device.name},
                          {"index", choice->device.index},
                          {"sample_rate_hz", (*device)->sample_rate_hz()},
                          {"buffer_frames", (*device)->buffer_frames()},
                          {"stream_latency_frames", (*device)->stream_latency_frames()},
                          {"in_channels", {choice->input_a + 1, choice->input_b + 1}},
                          {"out_channel", choice->output + 1},
                          {"count_server_xruns", config.count_server_xruns}};
    opened.device = std::move(*device);
    opened.identity.description = opened.device->description();
    opened.identity.sample_rate_hz = opened.device->sample_rate_hz();
    opened.identity.api = choice->api;
    opened.identity.channels.input_a = static_cast<int>(choice->input_a);
    opened.identity.channels.input_b = static_cast<int>(choice->input_b);
    opened.identity.channels.output = static_cast<int>(choice->output);
    return opened;
#else
    fail(Failure::device, "device",
         "{device} " + o.device + ": this build has no audio-interface support (ZBENCH_BUILD_AUDIO=OFF); use the virtual rig, sim");
#endif
}

}  // namespace zb::app
