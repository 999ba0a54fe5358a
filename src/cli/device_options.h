// Device options shared by every command that measures: which device, and
// for the virtual rig, which scenario.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "device/audio_device.h"
#include "rig/scenario.h"

namespace zb::cli {

struct DeviceOptions {
    std::string device = "sim";
    std::string sim_scenario;
    bool sim_realtime = false;
};

void add_device_options(CLI::App& app, DeviceOptions& options);

struct OpenedDevice {
    std::unique_ptr<AudioDevice> device;
    std::optional<Scenario> scenario;  // set for the virtual rig
    nlohmann::json description;        // for reports
};

// Opens the device; throws ExitError with a one-line message on failure.
OpenedDevice open_device(const DeviceOptions& options);

}  // namespace zb::cli
