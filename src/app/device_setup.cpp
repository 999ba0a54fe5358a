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

void check_device_request(const DeviceRequest& o, DeviceUse use) {
    const bool records_only = use == DeviceUse::record_only;
    if (o.is_rig() || (records_only && o.input_name() == "sim")) {
        const char* real_only = !o.api.empty()           ? "api"
                                : o.sample_rate_hz       ? "sample_rate"
                                : o.buffer_frames        ? "buffer_frames"
                                : o.in_channels != "1,2" ? "in_channels"
                                : o.out_channel != 1     ? "out_channel"
                                : o.ignore_server_xruns  ? "ignore_server_xruns"
                                : !o.in_device.empty()   ? "in_device"
                                : !o.out_device.empty()  ? "out_device"
                                                         : nullptr;
        if (real_only)
            fail_setting(real_only, std::string("{") + real_only +
                                        "} applies to a real interface: pass {device} NAME|INDEX too (the device list names them; "
                                        "the virtual rig takes its settings from {sim_scenario})");
        return;
    }
    if (!o.sim_scenario.empty() || o.sim_realtime) {
        const char* which = o.sim_scenario.empty() ? "sim_realtime" : "sim_scenario";
        fail_setting(which, std::string("{") + which + "} applies to the virtual rig ({device} sim), not to a real interface");
    }
    if (!records_only && (o.input_name() == "sim" || o.output_name() == "sim")) {
        const char* which = o.input_name() == "sim" ? "in_device" : "out_device";
        fail_setting(which, std::string("{") + which +
                                "} is not set, so it is the virtual rig, while the other direction is a real interface: "
                                "give {in_device} and {out_device} both, or {device}");
    }
    parse_channels(o.in_channels);  // their count and range are checked against the device when it opens
}

void check_no_device(const DeviceRequest& o, const char* file_setting) {
    if (o.sim_realtime || !o.sim_scenario.empty() || !o.is_rig())
        fail_setting(file_setting, std::string("{") + file_setting + "} analyses a file; device settings do not apply to it");
}

OpenedDevice open_device(const DeviceRequest& o, DeviceUse use) {
    check_device_request(o, use);
    if (o.is_rig() || (use == DeviceUse::record_only && o.input_name() == "sim")) return open_sim(o);
#ifdef ZBENCH_HAVE_AUDIO
    AudioDeviceRequest request;
    request.api = o.api;
    request.device = o.device;
    request.in_device = o.in_device;
    request.out_device = o.out_device;
    request.needs_output = use == DeviceUse::play_and_record;
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
                          {"name", choice->one_device() ? choice->input_device.name
                                                        : choice->input_device.name + " -> " + choice->output_device.name},
                          {"in_device", {{"name", choice->input_device.name}, {"index", choice->input_device.index}}},
                          {"out_device", choice->has_output ? nlohmann::json{{"name", choice->output_device.name},
                                                                             {"index", choice->output_device.index}}
                                                            : nlohmann::json(nullptr)},
                          {"sample_rate_hz", (*device)->sample_rate_hz()},
                          {"buffer_frames", (*device)->buffer_frames()},
                          {"stream_latency_frames", (*device)->stream_latency_frames()},
                          {"in_channels", {choice->input_a + 1, choice->input_b + 1}},
                          {"out_channel", choice->has_output ? nlohmann::json(choice->output + 1) : nlohmann::json(nullptr)},
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
         "{device} " + o.input_name() + ": this build has no audio-interface support (ZBENCH_BUILD_AUDIO=OFF); use the virtual rig, sim");
#endif
}

std::vector<std::string> audio_apis() {
#ifdef ZBENCH_HAVE_AUDIO
    return available_audio_apis();
#else
    return {};
#endif
}

AppResult<std::vector<ApiDevices>> list_devices(const std::string& api) {
    return run_job([&] {
        std::vector<ApiDevices> out;
#ifdef ZBENCH_HAVE_AUDIO
        for (const auto& name : api.empty() ? available_audio_apis() : std::vector<std::string>{api}) {
            auto listed = list_audio_devices(name);
            if (!listed) fail_with(listed.error(), Failure::bad_setting);
            ApiDevices a{name, {}};
            for (const auto& d : *listed)
                a.devices.push_back({d.index, d.name, d.input_channels, d.output_channels, d.sample_rates_hz,
                                     d.is_default_input, d.is_default_output, d.probed});
            out.push_back(std::move(a));
        }
#else
        fail(Failure::device, "api", "this build has no audio-interface support (ZBENCH_BUILD_AUDIO=OFF); use the virtual rig, sim");
#endif
        return out;
    });
}

}  // namespace zb::app
