// Test helper: holds a DuplexStream open on JACK's zbench-rig while the test
// kills the JACK server, with RtAudio's shutdown notice made slow. That
// turns the race described in src/audio/jack_thread_guard.h from one a fast
// machine sometimes loses into one every machine loses.
//
//   zbench_jack_loss_helper [--without-guard]
//
// Prints "streaming" once audio flows, then exits 0 when the stream has
// stalled for 0.5 s (the server is gone); 2 on a setup error. The notice
// (std::cerr, which RtAudio writes from libjack's notification thread) goes
// to a stream buffer that spins for 1.5 s inside a function that has C++
// cleanups, where an asynchronous cancel ends in std::terminate.
// --without-guard restores RtAudio's own silent libjack error function,
// which leaves cancellation asynchronous: the process then dies of
// std::terminate (exit 134), which shows that the test can fail.
#include <jack/jack.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <string>
#include <thread>

#include "audio/device_catalog.h"
#include "audio/duplex_stream.h"

namespace {

using Clock = std::chrono::steady_clock;

class SlowBuffer final : public std::streambuf {
protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        std::string text(s, static_cast<std::size_t>(n));  // a cleanup: this frame has an LSDA
        const auto until = Clock::now() + std::chrono::milliseconds(1500);
        volatile unsigned long sum = 0;
        for (unsigned long i = 1;; ++i) {
            sum = sum + i;  // no calls: most of the time is spent between call sites
            if ((i & 0xffffff) == 0 && Clock::now() > until) break;
        }
        text += '\n';
        return static_cast<std::streamsize>(text.size()) - 1;
    }
    int overflow(int c) override { return traits_type::not_eof(c); }
};

void silent(const char*) {}

}  // namespace

int main(int argc, char** argv) {
    const bool without_guard = argc > 1 && std::strcmp(argv[1], "--without-guard") == 0;
    zb::AudioDeviceRequest request;
    request.api = "jack";
    request.device = "zbench-rig";
    auto choice = zb::resolve_audio_device(request);
    if (!choice) {
        std::fprintf(stderr, "%s\n", choice.message().c_str());
        return 2;
    }
    zb::DuplexStreamConfig config;
    config.device = *choice;
    config.client_name = "zbench-loss-helper";
    auto stream = zb::DuplexStream::open(config);
    if (!stream) {
        std::fprintf(stderr, "%s\n", stream.message().c_str());
        return 2;
    }
    if (without_guard) jack_set_error_function(&silent);
    // Never destroyed: std::cerr is flushed once more at exit, and libjack's
    // thread may still be inside it then (as with duplex_stream.cpp's mute).
    std::cerr.rdbuf(new SlowBuffer);  // the stream muted std::cerr; this replaces the mute
    (*stream)->prepare(0);
    if (auto st = (*stream)->start(); !st) {
        std::fprintf(stderr, "%s\n", st.message().c_str());
        return 2;
    }
    // Nothing feeds the rings: the output is silence and the input ring
    // fills up, which the callback counts as overruns. Only frames matter.
    std::uint64_t last = 0;
    auto last_change = Clock::now();
    bool announced = false;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const std::uint64_t frames = (*stream)->counters().frames;
        if (frames != last) {
            last = frames;
            last_change = Clock::now();
            if (!announced && frames > 4800) {
                std::printf("streaming\n");
                std::fflush(stdout);
                announced = true;
            }
        } else if (announced && Clock::now() - last_change > std::chrono::milliseconds(500)) {
            break;
        }
    }
    (*stream)->abandon();  // as RtAudioDevice does when its server is lost
    std::printf("stream lost, no abort\n");
    std::fflush(stdout);
    return 0;
}
