// Device options shared by every command that measures: which device (the
// virtual rig, `--device sim`, by default; or a real interface through
// RtAudio), its channels, rate and buffer size, and for the virtual rig,
// which scenario.
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
    // Real interfaces (RtAudio).
    std::string api;                  // jack, alsa or pulse
    std::string in_channels = "1,2";  // inputs A,B, 1-based
    int out_channel = 1;              // the drive output, 1-based
    std::optional<unsigned> sample_rate_hz;
    std::optional<unsigned> buffer_frames;
    bool ignore_server_xruns = false;  // see RtAudioDeviceConfig::count_server_xruns
};

void add_device_options(CLI::App& app, DeviceOptions& options);

struct OpenedDevice {
    std::unique_ptr<AudioDevice> device;
    std::optional<Scenario> scenario;  // set for the virtual rig
    nlohmann::json description;        // for reports
};

// Opens the device; throws ExitError with a one-line message on failure
// (kExitBadInput for a bad option, kExitDevice for a missing device).
OpenedDevice open_device(const DeviceOptions& options);

}  // namespace zb::cli
