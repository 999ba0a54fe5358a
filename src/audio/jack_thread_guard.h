// install_jack_thread_guard(): keeps libjack from aborting zbench when the
// JACK server dies.
//
// What happens without it (reproduced; jack2 1.9.21, RtAudio 5.2): the
// server's death reaches the client's notification thread, which calls
// RtAudio's shutdown handler. That handler starts a thread that closes the
// stream and then prints a notice. Closing the client makes libjack cancel
// its own threads with pthread_cancel, and jack2 runs every thread it
// creates with PTHREAD_CANCEL_ASYNCHRONOUS. A thread cancelled that way
// while it is inside C++ code (the notice's iostream calls, libjack's own
// C++) is unwound from an instruction that is not a call site, and the C++
// personality routine answers with std::terminate: "terminate called
// without an active exception", exit 134. (jack2 issue #964 shows the same
// stack.) Whether it happens is a race, won on a fast machine.
//
// libjack reports the lost connection through its error function on that
// very notification thread ("JackSocketClientChannel read fail") before it
// calls the shutdown handler. The guard is that error function: it stays
// silent, as RtAudio's is, and switches the calling thread to deferred
// cancellation, so a cancel only takes effect at a cancellation point
// (where every C++ frame is at a call site and unwinds cleanly) or not at
// all, when the thread finishes its work and exits by itself.
//
// RtAudio's JACK API installs its own silent error function each time an
// RtAudio object is made for it, so call this after making one.
//
// The guard also counts libjack's errors. A stream that stops delivering
// audio right after libjack reported one has lost its server: RtAudioDevice
// says so after 0.25 s instead of waiting out its 1.5 s stall watchdog.
#pragma once

#include <cstdint>

namespace zb {

void install_jack_thread_guard();

// How many errors libjack has reported since the guard was first installed.
std::uint64_t jack_error_count();

}  // namespace zb
