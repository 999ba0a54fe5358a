#include "audio/device_catalog.h"

#include <dlfcn.h>
#include <rtaudio/rtaudio_c.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <memory>
#include <sstream>
#include <thread>

#include "audio/jack_thread_guard.h"
#include "audio/duplex_stream.h"

namespace zb {

namespace {

// libasound prints "ALSA lib ...: cannot find card '0'" and the like on
// stderr while RtAudio probes cards that are absent. zbench reports what it
// finds itself, so those lines are silenced, through the handler hook of
// the libasound that librtaudio brings (looked up at run time: zbench does
// not link libasound itself, and an RtAudio built without ALSA has none).
void silent_alsa_handler(const char*, int, const char*, int, const char*, ...) {}

void silence_alsa_library() {
    using Handler = void (*)(const char*, int, const char*, int, const char*, ...);
    using SetHandler = int (*)(Handler);
    static bool done = false;
    if (done) return;
    done = true;
    if (auto set = reinterpret_cast<SetHandler>(dlsym(RTLD_DEFAULT, "snd_lib_error_set_handler"))) set(&silent_alsa_handler);
}

const std::vector<std::pair<std::string, rtaudio_api_t>>& supported_apis() {
    static const std::vector<std::pair<std::string, rtaudio_api_t>> apis = {
        {"jack", RTAUDIO_API_UNIX_JACK}, {"alsa", RTAUDIO_API_LINUX_ALSA}, {"pulse", RTAUDIO_API_LINUX_PULSE}};
    return apis;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += separator;
        out += s;
    }
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string device_names(const std::vector<AudioDeviceListing>& devices) {
    std::vector<std::string> names;
    for (const auto& d : devices)
        names.push_back(std::to_string(d.index) + (d.name.empty() ? "" : " '" + d.name + "'") +
                        (d.probed ? "" : " (could not be probed)"));
    return join(names, ", ");
}

std::string rates(const std::vector<unsigned>& rates_hz) {
    std::vector<std::string> items;
    for (unsigned r : rates_hz) items.push_back(std::to_string(r));
    return join(items, ", ");
}

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<std::string> available_audio_apis() {
    std::vector<std::string> names;
    const rtaudio_api_t* first = rtaudio_compiled_api();
    const std::vector<rtaudio_api_t> compiled(first, first + rtaudio_get_num_compiled_apis());
    for (const auto& [name, api] : supported_apis())
        if (std::find(compiled.begin(), compiled.end(), api) != compiled.end()) names.push_back(name);
    return names;
}

Result<std::vector<AudioDeviceListing>> list_audio_devices(const std::string& api_name) {
    const auto available = available_audio_apis();
    auto it = std::find_if(supported_apis().begin(), supported_apis().end(), [&](const auto& p) { return p.first == api_name; });
    if (it == supported_apis().end() || std::find(available.begin(), available.end(), api_name) == available.end())
        return make_error("{api} ", api_name, ": unknown audio API; this build offers ", join(available, ", "));
    std::vector<AudioDeviceListing> devices;
    if (it->second == RTAUDIO_API_LINUX_ALSA) silence_alsa_library();
    rtaudio_t rt = rtaudio_create(it->second);
    if (!rt) return make_device_error(api_name, ": cannot list devices: out of memory");
    if (rtaudio_error(rt)) {
        const std::string message = rtaudio_message(rt, "cannot start the audio API");
        rtaudio_destroy(rt);
        return make_device_error(api_name, ": cannot list devices: ", message);
    }
    rtaudio_show_warnings(rt, 0);
    install_jack_thread_guard();  // RtAudio's JACK API just replaced it
    // RtAudio's JACK API counts devices through a client of its own,
    // which a busy server sometimes refuses (e.g. right after another
    // client joined): the count is then 0. A running server always has
    // ports, so 0 is asked again twice.
    int count = rtaudio_device_count(rt);
    for (int retry = 0; retry < 2 && count == 0 && it->second == RTAUDIO_API_UNIX_JACK; ++retry) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        count = rtaudio_device_count(rt);
    }
    for (int i = 0; i < count; ++i) {
        // RtAudio's JACK API opens a client per probe, which a loaded
        // server sometimes refuses: ask again,
        // waiting longer each time, 1.55 s in all, before giving up.
        rtaudio_device_info_t info = rtaudio_get_device_info(rt, i);
        const bool jack = it->second == RTAUDIO_API_UNIX_JACK;
        for (int wait_ms = 50; !info.probed && jack && wait_ms <= 800; wait_ms *= 2) {
            std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
            info = rtaudio_get_device_info(rt, i);
        }
        if (!info.probed) {
            AudioDeviceListing d;
            d.index = static_cast<unsigned>(i);
            d.name.assign(info.name, strnlen(info.name, sizeof info.name));
            d.probed = false;
            devices.push_back(std::move(d));
            continue;
        }
        AudioDeviceListing d;
        d.index = static_cast<unsigned>(i);
        d.name.assign(info.name, strnlen(info.name, sizeof info.name));
        d.input_channels = info.input_channels;
        d.output_channels = info.output_channels;
        for (int rate : info.sample_rates)
            if (rate > 0) d.sample_rates_hz.push_back(static_cast<unsigned>(rate));
        std::sort(d.sample_rates_hz.begin(), d.sample_rates_hz.end());
        d.preferred_sample_rate_hz = info.preferred_sample_rate;
        d.is_default_input = info.is_default_input != 0;
        d.is_default_output = info.is_default_output != 0;
        devices.push_back(std::move(d));
    }
    rtaudio_destroy(rt);
    return devices;
}

std::string AudioDeviceChoice::label() const {
    if (one_device()) return input_device.name + " (" + api + ")";
    return input_device.name + " -> " + output_device.name + " (" + api + ")";
}

namespace {

// The device `text` names (an index, an exact name, or a unique part of a
// name); `setting` is the option that gave it, for messages.
Result<const AudioDeviceListing*> find_device(const std::vector<AudioDeviceListing>& devices, const std::string& text,
                                              const std::string& setting, const std::string& api) {
    const AudioDeviceListing* found = nullptr;
    if (all_digits(text)) {
        const unsigned index = static_cast<unsigned>(std::stoul(text));
        for (const auto& d : devices)
            if (d.index == index) found = &d;
    } else {
        for (const auto& d : devices)
            if (d.name == text) found = &d;
        if (!found) {
            std::vector<const AudioDeviceListing*> partial;
            for (const auto& d : devices)
                if (d.probed && lower(d.name).find(lower(text)) != std::string::npos) partial.push_back(&d);
            if (partial.size() == 1) found = partial[0];
            else if (partial.size() > 1)
                return make_error("{", setting, "} ", text, ": matches several ", api, " devices (", device_names(devices),
                                  "); give the full name or the index");
        }
    }
    if (!found)
        return make_device_error("{", setting, "} ", text, ": no such ", api, " device; available: ", device_names(devices));
    if (!found->probed)
        return make_device_error("{", setting, "} ", text, ": ", api, " device ", found->index,
                                 found->name.empty() ? "" : " '" + found->name + "'",
                                 " could not be probed (a busy audio server?); try again, or choose another device (",
                                 device_names(devices), ")");
    return found;
}

}  // namespace

Result<AudioDeviceChoice> resolve_audio_device(const AudioDeviceRequest& r) {
    if (r.in_channels.size() != 2)
        return make_error("{in_channels} needs two channels, A then B (e.g. 1,2); got ", r.in_channels.size());
    if (r.in_channels[0] < 1 || r.in_channels[1] < 1 || r.out_channel < 1)
        return make_error("{in_channels} and {out_channel} count from 1");
    if (r.in_channels[0] == r.in_channels[1])
        return make_error("{in_channels} ", r.in_channels[0], ",", r.in_channels[1], ": A and B must be two different inputs");
    if (r.buffer_frames && (*r.buffer_frames < 16 || *r.buffer_frames > 16384))
        return make_error("{buffer_frames} ", *r.buffer_frames, ": use 16 to 16384 frames");
    const bool split_in = !r.in_device.empty(), split_out = !r.out_device.empty() && r.needs_output;
    const std::string in_setting = split_in ? "in_device" : "device", out_setting = split_out ? "out_device" : "device";
    const std::string& in_text = split_in ? r.in_device : r.device;
    const std::string& out_text = split_out ? r.out_device : r.device;

    // The API: as given, else the first that has any device.
    std::string api = r.api;
    std::vector<AudioDeviceListing> devices;
    if (api.empty()) {
        for (const auto& candidate : available_audio_apis()) {
            auto listed = list_audio_devices(candidate);
            if (listed && std::any_of(listed->begin(), listed->end(), [](const auto& d) { return d.probed; })) {
                api = candidate;
                devices = std::move(*listed);
                break;
            }
        }
        if (api.empty())
            return make_device_error("{", in_setting, "} ", in_text, ": no audio device found through ",
                                     join(available_audio_apis(), ", "), " (is the interface connected, or JACK running?)");
    } else {
        auto listed = list_audio_devices(api);
        if (!listed) return listed.error();
        devices = std::move(*listed);
        if (devices.empty())
            return make_device_error("{api} ", api, ": no devices",
                                     api == "jack" ? " (is a JACK server running? start one with jackd or qjackctl)" : "");
    }

    AudioDeviceChoice c;
    c.api = api;
    c.has_output = r.needs_output;
    auto in = find_device(devices, in_text, in_setting, api);
    if (!in) return in.error();
    c.input_device = **in;
    const std::string in_label = c.input_device.name + " (" + api + ")";
    const int max_in = std::max(r.in_channels[0], r.in_channels[1]);
    if (c.input_device.input_channels < 2)
        return make_device_error("{", in_setting, "} ", in_label, " has ", c.input_device.input_channels, " input channel",
                                 c.input_device.input_channels == 1 ? "" : "s",
                                 "; zbench records two (A and B): choose another input device (", device_names(devices), ")");
    if (max_in > static_cast<int>(c.input_device.input_channels))
        return make_error("{in_channels} ", r.in_channels[0], ",", r.in_channels[1], ": ", in_label, " has ",
                          c.input_device.input_channels, " input channels (1 to ", c.input_device.input_channels, ")");
    c.input_a = static_cast<unsigned>(r.in_channels[0] - 1);
    c.input_b = static_cast<unsigned>(r.in_channels[1] - 1);

    std::vector<unsigned> offered = c.input_device.sample_rates_hz;
    if (r.needs_output) {
        auto out = find_device(devices, out_text, out_setting, api);
        if (!out) return out.error();
        c.output_device = **out;
        const std::string out_label = c.output_device.name + " (" + api + ")";
        if (c.output_device.output_channels < 1)
            return make_device_error("{", out_setting, "} ", out_label,
                                     " has no output channel to drive the measurement; choose another output device (",
                                     device_names(devices), ")");
        if (r.out_channel > static_cast<int>(c.output_device.output_channels))
            return make_error("{out_channel} ", r.out_channel, ": ", out_label, " has ", c.output_device.output_channels,
                              " output channel", c.output_device.output_channels == 1 ? "" : "s", " (1 to ",
                              c.output_device.output_channels, ")");
        c.output = static_cast<unsigned>(r.out_channel - 1);
        // Both streams run at one rate: only rates both devices offer.
        std::erase_if(offered, [&](unsigned rate) {
            const auto& o = c.output_device.sample_rates_hz;
            return std::find(o.begin(), o.end(), rate) == o.end();
        });
    }
    const std::string label = c.label();
    const auto offers = [&](unsigned rate) { return std::find(offered.begin(), offered.end(), rate) != offered.end(); };
    const unsigned preferred = c.input_device.preferred_sample_rate_hz;
    if (r.sample_rate_hz) {
        if (!offers(*r.sample_rate_hz)) {
            std::ostringstream msg;
            msg << "{sample_rate} " << *r.sample_rate_hz << ": " << label;
            if (offered.size() == 1) msg << " runs at " << offered[0] << " Hz only";
            else msg << " offers " << rates(offered) << " Hz";
            return make_error(msg.str());
        }
        c.sample_rate_hz = *r.sample_rate_hz;
    } else if (offers(48000)) {
        c.sample_rate_hz = 48000;
    } else if (preferred && offers(preferred)) {
        c.sample_rate_hz = preferred;
    } else if (!offered.empty()) {
        c.sample_rate_hz = offered.back();
    } else {
        return make_device_error(label, ": reports no sample rate it can run at",
                                 c.one_device() ? "" : " that both devices share");
    }
    c.buffer_frames = r.buffer_frames.value_or(256);
    return c;
}

}  // namespace zb
