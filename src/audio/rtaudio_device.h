// RtAudioDevice: a real audio interface (through RtAudio: ALSA, PulseAudio
// or JACK) behind the AudioDevice interface, plus live monitoring.
//
// play_record() plays pre-roll silence (default 0.25 s, so the stream and
// the converters settle), the stimulus, then post-roll silence, and records
// inputs A and B throughout; it returns the frames aligned with the stimulus,
// shifted by `latency_compensation_frames` when a calibration profile knows
// the round-trip latency (otherwise the analysis finds the delay, which the
// stimulus's own silences leave room for). record() does the same with a
// silent output.
//
// Health checks, on the worker thread every few milliseconds:
//   - over/underruns (of zbench's rings, or reported by the audio system
//     unless count_server_xruns is off) end the capture at once with
//     Capture::xruns > 0: such data is never returned as a measurement
//     (measure_impedance repeats the sweep once);
//   - no audio for `watchdog_s` (default 1.5 s) after the stream has
//     started means the device or its server is gone: the stream is
//     abandoned (see duplex_stream.h) and an ErrorKind::device error
//     returned, so a measurement stops within ~1.5 s of the loss. (A
//     non-real-time JACK server on a loaded 2-CPU VM was seen to stall
//     for 0.6 s; a working interface never pauses for 1.5 s.) On JACK,
//     audio that stops for 0.25 s after libjack reported an error is the
//     server's death, reported as such at once (jack_thread_guard.h).
//   - audio not flowing (0.1 s of it) within `start_timeout_s`, or a device clock running
//     more than 1.5× faster than the wall clock (a device in an error loop),
//     are device errors too.
//   - on Pulse, a source or sink removed from the server (the server would
//     quietly move the streams to another device) is a device error at once
//     (pulse_device_watch.h).
//
// Threading contract: like every AudioDevice, one thread at a time drives it;
// that thread is the worker that feeds and drains the stream's rings and
// receives the progress and monitor callbacks. The audio callback runs on
// RtAudio's thread and touches only the rings and atomic counters
// (duplex_stream.h).
#pragma once

#include <functional>
#include <memory>
#include <span>

#include "audio/duplex_stream.h"
#include "audio/pulse_device_watch.h"
#include "device/audio_device.h"

namespace zb {

struct RtAudioDeviceConfig {
    AudioDeviceChoice device;
    std::string client_name = "zbench";
    std::size_t ring_frames = 1u << 16;
    double pre_roll_s = 0.25;
    double post_roll_s = 0.1;
    std::size_t latency_compensation_frames = 0;
    double watchdog_s = 1.5;
    double start_timeout_s = 3.0;
    double poll_interval_s = 0.004;
    // Over/underruns the audio system reports (RtAudio's status flags; under
    // JACK, any xrun anywhere on the server) invalidate a capture unless
    // this is false. zbench's own ring over/underruns always do. Only safe
    // where a reported xrun cannot mean lost audio: a JACK server in
    // synchronous mode (-S) without hardware, such as the dummy driver the
    // tests use, where it only means a late cycle.
    bool count_server_xruns = true;
    // For tests only: on each of the first `stall_captures` captures longer
    // than stall_after_s + 0.2 s (so not the safety probe) the worker stops feeding and draining for `stall_s`, `stall_after_s` into
    // the capture, forcing over/underruns when the rings are small.
    int stall_captures = 0;
    double stall_s = 0.0;
    double stall_after_s = 0.3;
};

class RtAudioDevice final : public AudioDevice {
public:
    static Result<std::unique_ptr<RtAudioDevice>> open(const RtAudioDeviceConfig& config);
    ~RtAudioDevice() override;

    std::string description() const override;
    double sample_rate_hz() const override { return stream_->sample_rate_hz(); }
    Result<Capture> play_record(std::span<const float> output, const ProgressFn& progress) override;
    Result<Capture> record(std::size_t frames, const ProgressFn& progress) override;

    // Live monitoring with a silent output, streaming without a stop:
    // consecutive blocks of A and B, `block_frames` each, until on_block
    // returns false. Over/underruns do not stop it (counters() and
    // monitor_xruns() tell); a lost device does.
    Status monitor(std::size_t block_frames, const BlockFn& on_block) override;
    // Streams without a stop, keeping about four blocks (at least four
    // device buffers) queued, so a fade-out asked for in fill() is heard
    // that soon.
    Status play_stream(std::size_t block_frames, const FillFn& fill, const BlockFn& on_input) override;

    // Of the current or last run.
    StreamCounters counters() const { return stream_->counters(); }
    const AudioDeviceChoice& choice() const { return config_.device; }
    unsigned buffer_frames() const { return stream_->buffer_frames(); }
    long stream_latency_frames() const { return stream_->stream_latency_frames(); }

private:
    RtAudioDevice(const RtAudioDeviceConfig& config, std::unique_ptr<DuplexStream> stream);
    Result<Capture> capture(std::span<const float> stimulus, std::size_t frames, const char* stage,
                            const ProgressFn& progress);
    Error lost(const std::string& what);

    RtAudioDeviceConfig config_;
    std::unique_ptr<DuplexStream> stream_;
    std::unique_ptr<PulseDeviceWatch> pulse_watch_;  // Pulse only: a device removed mid-stream
    int captures_ = 0;
};

}  // namespace zb
