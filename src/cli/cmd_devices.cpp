// zbench devices: list the audio interfaces RtAudio can reach, with their
// channel counts and sample rates, for --api and --device.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#ifdef ZBENCH_HAVE_AUDIO
#include "audio/device_catalog.h"
#endif

namespace zb::cli {

namespace {

struct DevicesOptions {
    std::string api;
};

#ifdef ZBENCH_HAVE_AUDIO
std::string join_rates(const std::vector<unsigned>& rates) {
    std::string out;
    for (unsigned r : rates) {
        if (!out.empty()) out += ' ';
        out += std::to_string(r);
    }
    return out.empty() ? "-" : out;
}
#endif

void run(const DevicesOptions& o) {
#ifdef ZBENCH_HAVE_AUDIO
    const std::vector<std::string> apis = o.api.empty() ? available_audio_apis() : std::vector<std::string>{o.api};
    bool any = false;
    for (const auto& api : apis) {
        auto devices = list_audio_devices(api);
        if (!devices) throw ExitError{devices.error().kind == ErrorKind::device ? kExitDevice : kExitBadInput, cli_text(devices.message())};
        if (devices->empty()) {
            std::printf("%s: no devices%s\n", api.c_str(), api == "jack" ? " (no JACK server running?)" : "");
            continue;
        }
        any = true;
        std::size_t width = 4;
        for (const auto& d : *devices) width = std::max(width, d.name.size());
        std::printf("%s:\n  %5s  %-*s  %6s  %7s  %s\n", api.c_str(), "index", static_cast<int>(width), "name", "inputs",
                    "outputs", "sample rates (Hz)");
        for (const auto& d : *devices) {
            if (!d.probed) {
                std::printf("  %5u  %-*s  could not be probed (a busy audio server?); run zbench devices again\n",
                            d.index, static_cast<int>(width), d.name.empty() ? "?" : d.name.c_str());
                continue;
            }
            std::printf("  %5u  %-*s  %6u  %7u  %s%s\n", d.index, static_cast<int>(width), d.name.c_str(), d.input_channels,
                        d.output_channels, join_rates(d.sample_rates_hz).c_str(),
                        d.is_default_input || d.is_default_output ? "  (default)" : "");
        }
    }
    if (!any && !o.api.empty()) throw ExitError{kExitDevice, o.api + ": no audio devices found"};
    if (!any) std::printf("no audio devices found; the virtual rig (--device sim) is always available\n");
#else
    (void)o;
    throw ExitError{kExitDevice, "this build has no audio-interface support (ZBENCH_BUILD_AUDIO=OFF); use --device sim"};
#endif
}

}  // namespace

void register_devices_command(CLI::App& app) {
    auto o = std::make_shared<DevicesOptions>();
    auto* cmd = app.add_subcommand("devices", "List audio interfaces (channels, sample rates) for --api and --device");
    cmd->add_option("--api", o->api, "Only this audio API: jack, alsa or pulse")->check(CLI::IsMember({"jack", "alsa", "pulse"}));
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
