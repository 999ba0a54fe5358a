// Which audio interfaces RtAudio can reach, and turning the user's choice
// (API, input and output device NAME|INDEX, inputs A and B, the drive
// output, sample rate, buffer size) into a checked pair of devices, with
// one-line errors that name what is available.
//
// The input device records A and B, the output device plays the drive. They
// may be one device (one duplex stream) or two (a Pulse/PipeWire source and
// sink, a separate ADC and DAC: two streams, see duplex_stream.h). A job that
// only records (hum, the live spectrum) asks for no output at all.
//
// RtAudio (thestk/rtaudio 5.2, as Debian ships it) offers ALSA, PulseAudio
// and JACK on Linux. Under JACK a "device" is a JACK client with ports (e.g.
// "system", or "zbench-rig"); its channels are that client's ports in
// registration order, and its only sample rate is the server's.
//
// Channels are 1-based in every user-facing place (--in-channels 1,2) and
// 0-based inside AudioDeviceChoice.
//
// Threading: call from one thread at a time, never from an audio callback
// (probing opens and closes connections to the audio system).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace zb {

// The API names zbench accepts, those compiled into this RtAudio, in
// RtAudio's order of preference (jack, alsa, pulse).
std::vector<std::string> available_audio_apis();

struct AudioDeviceListing {
    unsigned index = 0;
    std::string name;
    unsigned input_channels = 0, output_channels = 0;
    std::vector<unsigned> sample_rates_hz;
    unsigned preferred_sample_rate_hz = 0;
    bool is_default_input = false, is_default_output = false;
    // False when RtAudio could not probe the device even after retries (a
    // busy JACK server refuses the probe's client): only the index, and the
    // name if RtAudio got that far, are known. Such a device is listed so
    // that it is not silently missing, and cannot be chosen.
    bool probed = true;
};

// Every device of one API. An API without a running server (JACK) or
// without devices lists nothing; an unknown API name is an error.
Result<std::vector<AudioDeviceListing>> list_audio_devices(const std::string& api);

struct AudioDeviceRequest {
    std::string api;     // "" = the first available API that has devices
    // Each a name (exact, else a unique case-insensitive part) or an index.
    // in_device/out_device default to `device` when empty.
    std::string device, in_device, out_device;
    bool needs_output = true;            // false: record only, no output stream
    std::vector<int> in_channels{1, 2};  // inputs A and B, 1-based
    int out_channel = 1;                 // the drive output, 1-based
    std::optional<unsigned> sample_rate_hz;  // default: 48000 if offered, else the device's preferred rate
    std::optional<unsigned> buffer_frames;   // default 256 (JACK: the server's period, always)
};

struct AudioDeviceChoice {
    std::string api;
    AudioDeviceListing input_device, output_device;
    bool has_output = true;  // false: record only (output_device unused)
    unsigned input_a = 0, input_b = 1, output = 0;  // 0-based channel indices
    unsigned sample_rate_hz = 48000;
    unsigned buffer_frames = 256;
    bool one_device() const { return !has_output || input_device.index == output_device.index; }
    // "zbench-rig (jack)", or "Monitor of Null Output -> Null Output (pulse)", for messages.
    std::string label() const;
};

// Checks the request against what the device offers. Errors are
// ErrorKind::device when the device or API is missing, general when an
// option is malformed.
Result<AudioDeviceChoice> resolve_audio_device(const AudioDeviceRequest& request);

}  // namespace zb
