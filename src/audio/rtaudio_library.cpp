#include "audio/rtaudio_library.h"

#include <dlfcn.h>

#include <mutex>

namespace zb {

namespace {

constexpr const char* kSoname = "librtaudio.so.6";

template <class F>
bool resolve(void* handle, const char* name, F& out, std::string& missing) {
    out = reinterpret_cast<F>(dlsym(handle, name));
    if (!out && missing.empty()) missing = name;
    return out != nullptr;
}

}  // namespace

const RtAudioLibrary* rtaudio_library(std::string* why) {
    static RtAudioLibrary lib;
    static std::string failure;
    static std::once_flag once;
    std::call_once(once, [] {
        void* h = dlopen(kSoname, RTLD_NOW | RTLD_GLOBAL);
        if (!h) {
            const char* e = dlerror();
            failure = std::string("audio devices need ") + kSoname + " (Debian package librtaudio6): " + (e ? e : "not found");
            return;
        }
        std::string missing;
        resolve(h, "rtaudio_get_num_compiled_apis", lib.get_num_compiled_apis, missing);
        resolve(h, "rtaudio_compiled_api", lib.compiled_api, missing);
        resolve(h, "rtaudio_compiled_api_by_name", lib.compiled_api_by_name, missing);
        resolve(h, "rtaudio_error", lib.error, missing);
        resolve(h, "rtaudio_create", lib.create, missing);
        resolve(h, "rtaudio_destroy", lib.destroy, missing);
        resolve(h, "rtaudio_device_count", lib.device_count, missing);
        resolve(h, "rtaudio_get_device_info", lib.get_device_info, missing);
        resolve(h, "rtaudio_open_stream", lib.open_stream, missing);
        resolve(h, "rtaudio_close_stream", lib.close_stream, missing);
        resolve(h, "rtaudio_start_stream", lib.start_stream, missing);
        resolve(h, "rtaudio_abort_stream", lib.abort_stream, missing);
        resolve(h, "rtaudio_is_stream_open", lib.is_stream_open, missing);
        resolve(h, "rtaudio_is_stream_running", lib.is_stream_running, missing);
        resolve(h, "rtaudio_get_stream_latency", lib.get_stream_latency, missing);
        resolve(h, "rtaudio_get_stream_sample_rate", lib.get_stream_sample_rate, missing);
        resolve(h, "rtaudio_show_warnings", lib.show_warnings, missing);
        if (!missing.empty()) failure = std::string(kSoname) + " lacks " + missing + "; zbench needs RtAudio 5.2's C API";
    });
    if (!failure.empty()) {
        if (why) *why = failure;
        return nullptr;
    }
    return &lib;
}

}  // namespace zb
