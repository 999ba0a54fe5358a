#include "io/sndfile_library.h"

#include <dlfcn.h>

#include <algorithm>
#include <mutex>

namespace zb {

namespace {

template <class F>
void resolve(void* handle, const char* name, F& out, std::string& missing) {
    out = reinterpret_cast<F>(dlsym(handle, name));
    if (!out && missing.empty()) missing = name;
}

}  // namespace

const SndfileLibrary* sndfile_library(std::string* why) {
    static SndfileLibrary lib;
    static std::string failure;
    static std::once_flag once;
    std::call_once(once, [] {
        void* h = dlopen(kSndfileSoname, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char* e = dlerror();
            failure = e ? e : "not found";
            std::replace_if(failure.begin(), failure.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
            return;
        }
        std::string missing;
        resolve(h, "sf_open_fd", lib.open_fd, missing);
        resolve(h, "sf_open_virtual", lib.open_virtual, missing);
        resolve(h, "sf_close", lib.close, missing);
        resolve(h, "sf_strerror", lib.strerror, missing);
        resolve(h, "sf_command", lib.command, missing);
        resolve(h, "sf_readf_float", lib.readf_float, missing);
        resolve(h, "sf_get_string", lib.get_string, missing);
        if (!missing.empty()) failure = std::string(kSndfileSoname) + " lacks " + missing;
    });
    if (!failure.empty()) {
        if (why) *why = failure;
        return nullptr;
    }
    return &lib;
}

}  // namespace zb
