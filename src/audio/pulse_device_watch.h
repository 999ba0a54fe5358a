// PulseDeviceWatch: notices when the PulseAudio (or PipeWire-Pulse) source
// or sink a measurement uses is removed from the server mid-stream.
//
// Why it is needed: when a device goes away (a USB interface unplugged, a
// module unloaded), the server does not end the streams on it; it moves
// them to its fallback source or sink, and the audio keeps flowing. RtAudio
// sees nothing, so the stream watchdog (rtaudio_device.h) sees nothing
// either, and a sweep would go on recording another device. This watch is
// a separate libpulse client (its own threaded main loop and context, on the
// server RtAudio uses: $PULSE_SERVER or the default) subscribed to the
// server's source and sink events: a "remove" event for the index of a
// watched device marks it removed. Devices are matched by description,
// which is the name RtAudio gives a Pulse device.
//
// Threading contract: start() and the destructor on the control thread;
// removed() from any thread; the subscription callback runs on libpulse's
// main-loop thread and only stores an atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

struct pa_threaded_mainloop;
struct pa_context;

namespace zb {

class PulseDeviceWatch {
public:
    // Watches the source and the sink with these descriptions (either may
    // be empty). Null if the server cannot be reached or neither device is
    // found; then only the stream watchdog applies.
    static std::unique_ptr<PulseDeviceWatch> start(const std::string& source_description, const std::string& sink_description);
    ~PulseDeviceWatch();
    PulseDeviceWatch(const PulseDeviceWatch&) = delete;
    PulseDeviceWatch& operator=(const PulseDeviceWatch&) = delete;

    // "input device 'NAME'" or "output device 'NAME'" once a watched device
    // was removed, else empty.
    std::string removed() const;

private:
    PulseDeviceWatch() = default;
    pa_threaded_mainloop* loop_ = nullptr;
    pa_context* context_ = nullptr;
    std::string source_description_, sink_description_;
    std::uint32_t source_index_ = UINT32_MAX, sink_index_ = UINT32_MAX;  // PA_INVALID_INDEX until found
    std::atomic<int> removed_{0};                                        // 1 source, 2 sink
};

}  // namespace zb
