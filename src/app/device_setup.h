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

#include "app/app_error.h"
#include "calibration/profile_match.h"
#include "device/audio_device.h"
#include "rig/scenario.h"

namespace zb::app {

struct DeviceRequest {
    std::string device = "sim";  // "sim", or a NAME|INDEX from the device list
    // Real interfaces: the device that records A and B and the one that
    // plays the drive, when they differ (empty: `device`).
    std::string in_device, out_device;
    std::string sim_scenario;    // a scenario file; empty: the default woofer
    bool sim_realtime = false;   // run the rig at real-time pace
    // Real interfaces only.
    std::string api;                  // jack, alsa or pulse; empty: the first with devices
    std::string in_channels = "1,2";  // inputs A,B, 1-based
    int out_channel = 1;              // the drive output, 1-based
    std::optional<unsigned> sample_rate_hz;
    std::optional<unsigned> buffer_frames;
    bool ignore_server_xruns = false;  // see RtAudioDeviceConfig::count_server_xruns

    const std::string& input_name() const { return in_device.empty() ? device : in_device; }
    const std::string& output_name() const { return out_device.empty() ? device : out_device; }
    bool is_rig() const { return input_name() == "sim" && output_name() == "sim"; }
};

// What a job does with the device: hum and the live spectrum only record,
// and then need no output (a Pulse source, say, has none).
enum class DeviceUse { play_and_record, record_only };

struct OpenedDevice {
    std::unique_ptr<AudioDevice> device;
    std::optional<Scenario> scenario;  // set for the virtual rig
    nlohmann::json description;        // for reports
    calibration::DeviceIdentity identity;  // what profiles are checked against
};

// Checks the request's settings against each other without opening anything.
void check_device_request(const DeviceRequest& request, DeviceUse use = DeviceUse::play_and_record);
// A job that reads a file instead of a device: refuses device settings
// other than the default (`file_setting` names the file's setting).
void check_no_device(const DeviceRequest& request, const char* file_setting);
// Opens the device (throws JobFailure; call inside a job).
OpenedDevice open_device(const DeviceRequest& request, DeviceUse use = DeviceUse::play_and_record);

// One device of one audio API, as the device pickers show it: inputs and
// outputs separately, so that a user can choose the input device (two
// inputs or more) and the output device (one output or more) apart.
struct DeviceRow {
    unsigned index = 0;
    std::string name;
    unsigned inputs = 0, outputs = 0;
    std::vector<unsigned> sample_rates_hz;
    bool is_default_input = false, is_default_output = false;
    bool probed = true;  // false: the audio server refused the probe; only index and name are known
    bool can_record() const { return probed && inputs >= 2; }
    bool can_play() const { return probed && outputs >= 1; }
};

struct ApiDevices {
    std::string api;
    std::vector<DeviceRow> devices;  // empty: no server running, or no device
};

// The audio APIs this build offers (empty without audio-interface support).
std::vector<std::string> audio_apis();
// Every device of `api`, or of each API when it is empty.
// Failure::bad_setting for an unknown API, Failure::device when an API
// cannot be reached or the build has no audio-interface support.
AppResult<std::vector<ApiDevices>> list_devices(const std::string& api);

}  // namespace zb::app
