#include "cli/device_options.h"

#include <sstream>

#include "cli/exit_codes.h"
#include "device/sim_device.h"
#ifdef ZBENCH_HAVE_AUDIO
#include "audio/rtaudio_device.h"
#endif

namespace zb::cli {

void add_device_options(CLI::App& app, DeviceOptions& o) {
    app.add_option("--device", o.device, "Audio device: 'sim' (the built-in virtual rig) or a NAME|INDEX from 'zbench devices'")
        ->capture_default_str();
    app.add_option("--sim-scenario", o.sim_scenario, "Virtual-rig scenario (JSON); default: a 6.5\" woofer on an amplifier");
    app.add_flag("--sim-realtime", o.sim_realtime, "Run the virtual rig at real-time pace");
    app.add_option("--api", o.api, "Audio API of --device: jack, alsa or pulse (default: the first with devices)")
        ->check(CLI::IsMember({"jack", "alsa", "pulse"}));
    app.add_option("--in-channels", o.in_channels, "Inputs A,B of --device, 1-based")->capture_default_str();
    app.add_option("--out-channel", o.out_channel, "Output of --device that drives R_ref, 1-based")->capture_default_str();
    app.add_option("--sample-rate", o.sample_rate_hz, "Sample rate of --device, Hz (default 48000 if offered)");
    app.add_option("--buffer-frames", o.buffer_frames, "Buffer size of --device, frames (default 256; JACK: the server's)");
    app.add_flag("--ignore-server-xruns", o.ignore_server_xruns,
                 "Keep a sweep when only the audio server reports xruns (safe only with a JACK server in "
                 "synchronous mode without hardware, e.g. jackd -S -d dummy)");
}

namespace {

OpenedDevice open_sim(const DeviceOptions& o) {
    const char* real_only = !o.api.empty()                 ? "--api"
                            : o.sample_rate_hz             ? "--sample-rate"
                            : o.buffer_frames              ? "--buffer-frames"
                            : o.in_channels != "1,2"       ? "--in-channels"
                            : o.out_channel != 1           ? "--out-channel"
                            : o.ignore_server_xruns        ? "--ignore-server-xruns"
                                                           : nullptr;
    if (real_only)
        throw ExitError{kExitBadInput, std::string(real_only) +
                                           " applies to a real interface: pass --device NAME|INDEX too ('zbench devices' "
                                           "lists them; the virtual rig takes its settings from --sim-scenario)"};
    Scenario scenario = default_scenario();
    if (!o.sim_scenario.empty()) {
        auto loaded = load_scenario(o.sim_scenario);
        if (!loaded) throw ExitError{kExitBadInput, loaded.message()};
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
    return opened;
}

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
            throw ExitError{kExitBadInput, "--in-channels " + text + ": expected two channel numbers A,B such as 1,2"};
        channels.push_back(value);
    }
    return channels;
}

}  // namespace

OpenedDevice open_device(const DeviceOptions& o) {
    if (o.device == "sim") return open_sim(o);
    if (!o.sim_scenario.empty() || o.sim_realtime)
        throw ExitError{kExitBadInput, std::string(o.sim_scenario.empty() ? "--sim-realtime" : "--sim-scenario") +
                                           " applies to the virtual rig (--device sim), not to --device " + o.device};
#ifdef ZBENCH_HAVE_AUDIO
    AudioDeviceRequest request;
    request.api = o.api;
    request.device = o.device;
    request.in_channels = parse_channels(o.in_channels);
    request.out_channel = o.out_channel;
    request.sample_rate_hz = o.sample_rate_hz;
    request.buffer_frames = o.buffer_frames;
    auto choice = resolve_audio_device(request);
    if (!choice) throw ExitError{exit_code_for(choice.error(), kExitBadInput), choice.message()};
    RtAudioDeviceConfig config;
    config.device = *choice;
    config.count_server_xruns = !o.ignore_server_xruns;
    auto device = RtAudioDevice::open(config);
    if (!device) throw ExitError{exit_code_for(device.error(), kExitBadInput), device.message()};
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
    return opened;
#else
    throw ExitError{kExitDevice, "--device " + o.device +
                                     ": this build has no audio-interface support (ZBENCH_BUILD_AUDIO=OFF); use --device sim"};
#endif
}

}  // namespace zb::cli
