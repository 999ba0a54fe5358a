// RtAudio's C API (rtaudio_c.h), loaded with dlopen on first use.
//
// zbench does not link librtaudio: it pulls in libjack, libasound and
// libpulse, and through libpulse about twenty more libraries (D-Bus, X11,
// systemd, libgcrypt...), whose loading took ~7 ms of every zbench start
// on the development VM (`zbench --version`: 16.5 ms linked, 9.3 ms now),
// even for an analysis of a WAV file. Only a command that uses a real audio
// device loads them now.
//
// The library is loaded with RTLD_GLOBAL, so that its libjack and libasound
// are found by dlsym(RTLD_DEFAULT, ...) (jack_thread_guard.cpp and the ALSA
// message silencer in device_catalog.cpp). It stays loaded until exit.
#pragma once

#include <rtaudio/rtaudio_c.h>

#include <string>

namespace zb {

// The functions zbench uses, with rtaudio_c.h's signatures.
struct RtAudioLibrary {
    decltype(&rtaudio_get_num_compiled_apis) get_num_compiled_apis;
    decltype(&rtaudio_compiled_api) compiled_api;
    decltype(&rtaudio_compiled_api_by_name) compiled_api_by_name;
    decltype(&rtaudio_error) error;
    decltype(&rtaudio_create) create;
    decltype(&rtaudio_destroy) destroy;
    decltype(&rtaudio_device_count) device_count;
    decltype(&rtaudio_get_device_info) get_device_info;
    decltype(&rtaudio_open_stream) open_stream;
    decltype(&rtaudio_close_stream) close_stream;
    decltype(&rtaudio_start_stream) start_stream;
    decltype(&rtaudio_abort_stream) abort_stream;
    decltype(&rtaudio_is_stream_open) is_stream_open;
    decltype(&rtaudio_is_stream_running) is_stream_running;
    decltype(&rtaudio_get_stream_latency) get_stream_latency;
    decltype(&rtaudio_get_stream_sample_rate) get_stream_sample_rate;
    decltype(&rtaudio_show_warnings) show_warnings;

    // The message of the last failed call on `audio`, or `fallback`.
    std::string message(rtaudio_t audio, const char* fallback) const {
        const char* e = audio ? error(audio) : nullptr;
        return e && *e ? std::string(e) : std::string(fallback);
    }
};

// The loaded library, or nullptr with *why set (one line: what is missing
// and which Debian package provides it).
const RtAudioLibrary* rtaudio_library(std::string* why);

}  // namespace zb
