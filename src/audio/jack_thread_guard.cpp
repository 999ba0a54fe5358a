#include "audio/jack_thread_guard.h"

#include <jack/jack.h>
#include <pthread.h>

#include <atomic>

namespace zb {

namespace {

std::atomic<std::uint64_t> g_jack_errors{0};

void guard_jack_error(const char*) {
    g_jack_errors.fetch_add(1, std::memory_order_relaxed);
    // Cannot fail for a valid type; libjack's messages stay silent: zbench
    // reports a lost device in one line of its own.
    pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, nullptr);
}

}  // namespace

void install_jack_thread_guard() {
    jack_set_error_function(&guard_jack_error);
}

std::uint64_t jack_error_count() { return g_jack_errors.load(std::memory_order_relaxed); }

}  // namespace zb
