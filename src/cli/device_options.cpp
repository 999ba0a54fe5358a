#include "cli/device_options.h"

#include "cli/exit_codes.h"
#include "device/sim_device.h"

namespace zb::cli {

void add_device_options(CLI::App& app, DeviceOptions& o) {
    app.add_option("--device", o.device, "Audio device; 'sim' is the built-in virtual rig")->capture_default_str();
    app.add_option("--sim-scenario", o.sim_scenario, "Virtual-rig scenario (JSON); default: a 6.5\" woofer on an amplifier");
    app.add_flag("--sim-realtime", o.sim_realtime, "Run the virtual rig at real-time pace");
}

OpenedDevice open_device(const DeviceOptions& o) {
    if (o.device != "sim")
        throw ExitError{kExitDevice, "--device " + o.device +
                                         ": unknown device; this build measures through the virtual rig only (--device sim)"};
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

}  // namespace zb::cli
