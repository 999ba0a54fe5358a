// zbench devices: list the audio interfaces RtAudio can reach (through the
// application layer's list_devices), with their inputs, outputs and sample
// rates, and what each can be used as: the input device (two inputs or more),
// the output device (one output or more), or both.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/device_setup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace zb::cli {

namespace {

struct DevicesOptions {
    std::string api;
};

std::string join_rates(const std::vector<unsigned>& rates) {
    std::string out;
    for (unsigned r : rates) {
        if (!out.empty()) out += ' ';
        out += std::to_string(r);
    }
    return out.empty() ? "-" : out;
}

const char* use_as(const app::DeviceRow& d) {
    return d.can_record() && d.can_play() ? "in, out" : d.can_record() ? "in" : d.can_play() ? "out" : "-";
}

void run(const DevicesOptions& o) {
    auto listed = app::list_devices(o.api);
    if (!listed) exit_with(listed.error());
    bool any = false;
    for (const auto& [api, devices] : *listed) {
        if (devices.empty()) {
            std::printf("%s: no devices%s\n", api.c_str(), api == "jack" ? " (no JACK server running?)" : "");
            continue;
        }
        any = true;
        std::size_t width = 4;
        for (const auto& d : devices) width = std::max(width, d.name.size());
        std::printf("%s:\n  %5s  %-*s  %6s  %7s  %s  %s\n", api.c_str(), "index", static_cast<int>(width), "name", "inputs",
                    "outputs", "sample rates (Hz)", "use as");
        for (const auto& d : devices) {
            if (!d.probed) {
                std::printf("  %5u  %-*s  could not be probed (a busy audio server?); run zbench devices again\n", d.index,
                            static_cast<int>(width), d.name.empty() ? "?" : d.name.c_str());
                continue;
            }
            std::printf("  %5u  %-*s  %6u  %7u  %s  %s%s\n", d.index, static_cast<int>(width), d.name.c_str(), d.inputs,
                        d.outputs, join_rates(d.sample_rates_hz).c_str(), use_as(d),
                        d.is_default_input || d.is_default_output ? "  (default)" : "");
        }
    }
    if (!any && !o.api.empty()) throw ExitError{kExitDevice, o.api + ": no audio devices found"};
    if (!any) std::printf("no audio devices found; the virtual rig (--device sim) is always available\n");
    else std::printf("choose with --device (in and out), or --in-device and --out-device apart\n");
}

}  // namespace

void register_devices_command(CLI::App& app) {
    auto o = std::make_shared<DevicesOptions>();
    auto* cmd = app.add_subcommand("devices", "List audio interfaces (inputs, outputs, sample rates) for --device, --in-device and --out-device");
    cmd->add_option("--api", o->api, "Only this audio API: jack, alsa or pulse")->check(CLI::IsMember({"jack", "alsa", "pulse"}));
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
