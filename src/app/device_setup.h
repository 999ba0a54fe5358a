// Which audio device a job runs on, and opening it: the virtual rig
// (device "sim", the default) with its scenario, or a real interface through
// RtAudio (when the build has it), with its channels, rate and buffer size.
//
// Errors (open_device): Failure::bad_setting for settings that contradict
// the device (real-interface settings on the rig and the reverse),
// Failure::bad_file for a bad scenario, Failure::device for a device that is
// missing or fails to open.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "calibration/profile_match.h"
#include "device/audio_device.h"
#include "rig/scenario.h"

namespace zb::app {

struct DeviceRequest {
    std::string device = "sim";  // "sim", or a NAME|INDEX from the device list
    std::string sim_scenario;    // a scenario file; empty: the default woofer
    bool sim_realtime = false;   // run the rig at real-time pace
    // Real interfaces only.
    std::string api;                  // jack, alsa or pulse; empty: the first with devices
    std::string in_channels = "1,2";  // inputs A,B, 1-based
    int out_channel = 1;              // the drive output, 1-based
    std::optional<unsigned> sample_rate_hz;
    std::optional<unsigned> buffer_frames;
    bool ignore_server_xruns = false;  // see RtAudioDeviceConfig::count_server_xruns

    bool is_rig() const { return device == "sim"; }
};

struct OpenedDevice {
    std::unique_ptr<AudioDevice> device;
    std::optional<Scenario> scenario;  // set for the virtual rig
    nlohmann::json description;        // for reports
    calibration::DeviceIdentity identity;  // what profiles are checked against
};

// Checks the request's settings against each other without opening anything.
void check_device_request(const DeviceRequest& request);
// A job that reads a file instead of a device: refuses device settings
// other than the default (`file_setting` names the file's setting).
void check_no_device(const DeviceRequest& request, const char* file_setting);
// Opens the device (throws JobFailure; call inside a job).
OpenedDevice open_device(const DeviceRequest& request);

}  // namespace zb::app
