#include "audio/jack_thread_guard.h"

#include <jack/jack.h>
#include <pthread.h>

namespace zb {

namespace {

void guard_jack_error(const char*) {
    // Cannot fail for a valid type; libjack's messages stay silent: zbench
    // reports a lost device in one line of its own.
    pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, nullptr);
}

}  // namespace

void install_jack_thread_guard() { jack_set_error_function(&guard_jack_error); }

}  // namespace zb
