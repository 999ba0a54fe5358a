// DuplexStream: the RtAudio streams of one measurement, whose callbacks only
// move samples between the devices and two preallocated lock-free rings: one
// full-duplex stream when one device plays and records, an output stream and
// an input stream when they are two devices (each with its own callback
// thread and, possibly, its own sample clock), an input stream alone when
// nothing plays.
//
// The callbacks (RtAudio's threads, real-time under JACK):
//   - reads the drive channel's next block from the output ring (silence
//     when it runs dry: an underrun, unless the worker said the output is
//     finished);
//   - copies inputs A and B of the block into the input ring (an overrun
//     when it is full);
//   - counts input frames, underruns, overruns and the devices' own
//     over/underflow flags in atomics.
// It never locks, allocates, logs, throws or calls FFTW (the miniaudio and
// RtAudio callback rules). Everything is allocated in open().
//
// Threading contract: open(), prepare(), start(), stop() and the
// destructor belong to one control thread, which is also the worker that
// feeds output() and drains input() (the single producer of the first ring
// and single consumer of the second). counters() may be read from any
// thread. The RtAudio callbacks are the other side of the rings: the output
// (or duplex) callback consumes output(), the input (or duplex) callback
// produces input(), so each ring keeps one producer and one consumer.
//
// Streams whose device vanished (e.g. its JACK server died) must be
// abandon()ed instead of stopped: RtAudio's JACK backend then closes the
// stream on a thread of its own, and touching the RtAudio object again could
// race with it or block forever. And a device that only stalled may still
// call the callback later. So an abandoned stream deliberately leaks its
// RtAudio object and everything the callback touches (the rings and
// counters, ~1 MB): the process is about to report the loss anyway.
//
// While a stream is open, std::cerr is silenced: RtAudio 5.2 prints a
// multi-line notice on std::cerr when a JACK server shuts down, and zbench
// reports that loss in one line of its own (zbench itself writes through
// stdio, which this does not affect).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "audio/device_catalog.h"
#include "util/result.h"
#include "util/spsc_ring.h"

struct rtaudio;

namespace zb {

// The message of the last failed RtAudio call on `audio`, or `fallback`.
std::string rtaudio_message(::rtaudio* audio, const char* fallback);

struct StereoFrame {
    float a, b;  // inputs A and B
};

struct StreamCounters {
    std::uint64_t frames = 0;             // input frames the callbacks have processed
    std::uint64_t input_overruns = 0;     // callbacks that found the input ring full (zbench late)
    std::uint64_t output_underruns = 0;   // callbacks that found the output ring dry (zbench late)
    std::uint64_t device_overflows = 0;   // input overflows the audio system reported
    std::uint64_t device_underflows = 0;  // output underflows the audio system reported
    std::uint64_t settling_xruns = 0;     // reported while the stream settled (ignored)
    std::uint64_t zbench_xruns() const { return input_overruns + output_underruns; }
    std::uint64_t device_xruns() const { return device_overflows + device_underflows; }
    std::uint64_t total_xruns() const { return zbench_xruns() + device_xruns(); }
};

struct DuplexStreamConfig {
    AudioDeviceChoice device;
    std::string client_name = "zbench";  // the JACK client's name
    std::size_t ring_frames = 1u << 16;  // each direction (1.37 s at 48 kHz)
};

class DuplexStream {
public:
    static Result<std::unique_ptr<DuplexStream>> open(const DuplexStreamConfig& config);
    ~DuplexStream();
    DuplexStream(const DuplexStream&) = delete;
    DuplexStream& operator=(const DuplexStream&) = delete;

    const AudioDeviceChoice& device() const { return config_.device; }
    unsigned sample_rate_hz() const { return sample_rate_hz_; }
    unsigned buffer_frames() const { return buffer_frames_; }  // as granted by the device
    long stream_latency_frames() const { return stream_latency_frames_; }  // output + input

    // While stopped: empties both rings and zeroes the counters. The worker
    // may then prefill output() before start(). Over/underflows the audio
    // system reports in callbacks that start before `settle_frames` are not
    // counted: starting a stream (a JACK client's activation and port
    // connections, say) often reports one, and the pre-roll is there to
    // absorb it. zbench's own ring over/underruns always count.
    void prepare(std::uint64_t settle_frames);
    Status start();
    // Stops at once (RtAudio's abort: nothing is drained). Idempotent.
    void stop();
    // After a loss: never touches RtAudio again (see above).
    void abandon();
    bool abandoned() const { return abandoned_; }

    // The worker's ends of the rings.
    SpscRing<float>& output() { return shared_->output_ring; }
    SpscRing<StereoFrame>& input() { return shared_->input_ring; }
    // All output is in the ring: from now on a dry ring is silence, not an underrun.
    void finish_output() { shared_->output_finished.store(true, std::memory_order_release); }

    StreamCounters counters() const;

private:
    // Everything the callback touches, on the heap so that abandon() can
    // leak it together with the RtAudio object.
    struct Shared {
        explicit Shared(std::size_t ring_frames) : output_ring(ring_frames), input_ring(ring_frames) {}
        SpscRing<float> output_ring;
        SpscRing<StereoFrame> input_ring;
        unsigned input_channels = 0;            // opened (a contiguous range holding A and B)
        unsigned offset_a = 0, offset_b = 0;    // of A and B within that range
        std::uint64_t settle_frames = 0;        // written only while stopped
        std::atomic<bool> output_finished{false};
        std::atomic<std::uint64_t> frames{0}, input_overruns{0}, output_underruns{0};
        std::atomic<std::uint64_t> device_overflows{0}, device_underflows{0}, settling_xruns{0};
        int process(float* output, const float* input, unsigned int frames, unsigned int status);
        void play(float* output, unsigned int frames, unsigned int status);  // the output side only
    };

    explicit DuplexStream(const DuplexStreamConfig& config);
    Status open_streams();  // rtaudio_ and rtaudio_out_, from config_
    static int callback(void* output, void* input, unsigned int frames, double stream_time, unsigned int status,
                        void* user);
    static int output_callback(void* output, void* input, unsigned int frames, double stream_time, unsigned int status,
                               void* user);

    DuplexStreamConfig config_;
    ::rtaudio* rtaudio_ = nullptr;         // rtaudio_c.h's rtaudio_t: the duplex or input stream
    ::rtaudio* rtaudio_out_ = nullptr;     // the output stream when it is another device
    std::unique_ptr<Shared> shared_;
    unsigned sample_rate_hz_ = 0, buffer_frames_ = 0;
    long stream_latency_frames_ = 0;
    bool running_ = false, abandoned_ = false;
};

}  // namespace zb
