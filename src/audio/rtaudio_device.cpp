#include "audio/rtaudio_device.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "audio/jack_thread_guard.h"
#include "audio/pulse_device_watch.h"

namespace zb {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Watches the callback's frame counter from the worker thread. On JACK it
// also watches libjack's error count (jack_thread_guard.h): audio that stops
// after libjack reported an error means the server is gone.
class Watchdog {
public:
    Watchdog(double sample_rate_hz, const RtAudioDeviceConfig& config, const PulseDeviceWatch* pulse)
        : fs_(sample_rate_hz), start_timeout_s_(config.start_timeout_s), stall_s_(config.watchdog_s), start_(Clock::now()),
          last_change_(start_), jack_(config.device.api == "jack"), jack_errors_at_start_(jack_ ? jack_error_count() : 0),
          pulse_(pulse) {}

    // Empty while healthy, else what is wrong.
    std::string check(std::uint64_t frames) {
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        if (frames != last_frames_) {
            last_frames_ = frames;
            last_change_ = now;
        }
        std::ostringstream why;
        if (const std::string removed = pulse_ ? pulse_->removed() : std::string(); !removed.empty()) {
            why << "the " << removed << " was removed from the audio server; reconnect it and measure again";
            return why.str();
        }
        const double quiet_s = std::chrono::duration<double>(now - last_change_).count();
        if (jack_ && quiet_s > kJackLossQuiet_s && jack_error_count() != jack_errors_at_start_) {
            why << "the JACK server shut down or stopped responding: the device was lost";
        } else if (!flowing(frames) && elapsed > start_timeout_s_) {
            why << "the stream did not start (no audio within " << start_timeout_s_ << " s)";
        } else if (flowing(frames) && quiet_s > stall_s_) {
            why << "no audio for " << stall_s_ << " s: the device or its audio server was lost";
        } else if (static_cast<double>(frames) > 1.5 * elapsed * fs_ + fs_) {
            why << "the device delivered " << frames << " frames in " << elapsed
                << " s, far faster than its sample rate: it is failing";
        }
        return why.str();
    }

private:
    // The stream has started once 0.1 s of audio came. Before that only the
    // start timeout applies: a Pulse monitor source of an idle null sink
    // delivers its first block, then nothing for up to 2 s (the sink's idle
    // latency) until its latency follows the new recording stream.
    bool flowing(std::uint64_t frames) const { return static_cast<double>(frames) >= 0.1 * fs_; }
    static constexpr double kJackLossQuiet_s = 0.25;
    double fs_, start_timeout_s_, stall_s_;
    Clock::time_point start_, last_change_;
    std::uint64_t last_frames_ = 0;
    bool jack_;
    std::uint64_t jack_errors_at_start_;
    const PulseDeviceWatch* pulse_;
};

std::size_t count_full_scale(const std::vector<float>& x) {
    // A 24-bit converter saturates at 1 − 2^-23; a 16-bit one at 1 − 2^-15.
    constexpr float kFullScale = 1.0f - 0x1.0p-15f;
    return static_cast<std::size_t>(std::count_if(x.begin(), x.end(), [](float v) { return std::abs(v) >= kFullScale; }));
}

// Drains the input ring in blocks of `block_frames`, handing each full
// block of A and B to on_block (without one, blocks are dropped). The live
// modes (monitor, play_stream) read their input through it.
class BlockReader {
public:
    explicit BlockReader(std::size_t block_frames) : a_(block_frames), b_(block_frames) {}
    // False once on_block returned false (the rest stays in the ring).
    bool drain(SpscRing<StereoFrame>& ring, const AudioDevice::BlockFn& on_block) {
        for (;;) {
            auto r = ring.read_regions(a_.size() - filled_);
            if (r.size() == 0) return true;
            for (auto part : {r.first, r.second})
                for (const StereoFrame& f : part) {
                    a_[filled_] = f.a;
                    b_[filled_] = f.b;
                    ++filled_;
                }
            ring.commit_read(r.size());
            if (filled_ == a_.size()) {
                filled_ = 0;
                if (on_block && !on_block(a_, b_)) return false;
            }
        }
    }

private:
    std::vector<float> a_, b_;
    std::size_t filled_ = 0;
};

}  // namespace

RtAudioDevice::RtAudioDevice(const RtAudioDeviceConfig& config, std::unique_ptr<DuplexStream> stream)
    : config_(config), stream_(std::move(stream)) {
    const AudioDeviceChoice& d = config_.device;
    if (d.api == "pulse")
        pulse_watch_ = PulseDeviceWatch::start(d.input_device.name, d.has_output ? d.output_device.name : std::string());
}

RtAudioDevice::~RtAudioDevice() = default;


Result<std::unique_ptr<RtAudioDevice>> RtAudioDevice::open(const RtAudioDeviceConfig& config) {
    DuplexStreamConfig sc;
    sc.device = config.device;
    sc.client_name = config.client_name;
    sc.ring_frames = config.ring_frames;
    auto stream = DuplexStream::open(sc);
    if (!stream) return stream.error();
    return std::unique_ptr<RtAudioDevice>(new RtAudioDevice(config, std::move(*stream)));
}

std::string RtAudioDevice::description() const {
    std::ostringstream o;
    const AudioDeviceChoice& d = config_.device;
    o << (d.one_device() ? d.input_device.name : d.input_device.name + " -> " + d.output_device.name) << " (" << d.api
      << ", " << stream_->sample_rate_hz() << " Hz, "
      << stream_->buffer_frames() << "-frame buffers)";
    return o.str();
}

Error RtAudioDevice::lost(const std::string& what) {
    stream_->abandon();
    return make_device_error(config_.device.label(), ": ", what);
}

Result<Capture> RtAudioDevice::play_record(std::span<const float> output, const ProgressFn& progress) {
    if (!config_.device.has_output)
        return make_error(config_.device.label(), ": opened for recording only; a measurement that plays needs {out_device}");
    return capture(output, output.size(), "sweep", progress);
}

Result<Capture> RtAudioDevice::record(std::size_t frames, const ProgressFn& progress) {
    return capture({}, frames, "record", progress);
}

Result<Capture> RtAudioDevice::capture(std::span<const float> stimulus, std::size_t frames, const char* stage,
                                       const ProgressFn& progress) {
    if (stream_->abandoned()) return make_device_error(config_.device.label(), ": the stream was lost earlier");
    const double fs = stream_->sample_rate_hz();
    const std::size_t pre = static_cast<std::size_t>(std::lround(config_.pre_roll_s * fs));
    const std::size_t comp = config_.latency_compensation_frames;
    const std::size_t post = comp + static_cast<std::size_t>(std::lround(config_.post_roll_s * fs));
    // Output: [pre zeros][stimulus][post zeros]; kept input: [begin, end).
    const std::size_t total_out = stimulus.empty() ? 0 : pre + stimulus.size() + post;
    const std::size_t begin = pre + comp, end = begin + frames;
    // Only captures that last past the stall point count (not the 300 ms
    // safety probe before each sweep).
    const bool stallable = static_cast<double>(frames) > (config_.stall_after_s + 0.2) * fs;
    const bool stall_this_time = stallable && captures_ < config_.stall_captures && config_.stall_s > 0.0;
    if (stallable) ++captures_;

    SpscRing<float>& out_ring = stream_->output();
    SpscRing<StereoFrame>& in_ring = stream_->input();
    std::size_t out_pos = 0, in_pos = 0;
    auto feed = [&] {
        while (out_pos < total_out) {
            auto r = out_ring.write_regions(total_out - out_pos);
            if (r.size() == 0) break;
            for (auto part : {r.first, r.second})
                for (float& v : part) {
                    const std::size_t i = out_pos++;
                    v = (i >= pre && i - pre < stimulus.size()) ? stimulus[i - pre] : 0.0f;
                }
            out_ring.commit_write(r.size());
        }
        if (out_pos == total_out) stream_->finish_output();
    };

    Capture cap;
    cap.sample_rate_hz = fs;
    cap.a.assign(frames, 0.0f);
    cap.b.assign(frames, 0.0f);
    // Xruns the system reports before the last two buffers of the pre-roll
    // cannot touch the stimulus or the kept input.
    const std::size_t guard = 2 * static_cast<std::size_t>(stream_->buffer_frames());
    stream_->prepare(pre > guard ? pre - guard : 0);
    feed();  // prefill before the first callback
    if (auto st = stream_->start(); !st) return st.error();
    // The progress callback may throw to cancel (app/cancel_token.h): the
    // stream stops before the exception leaves.
    auto report = [&](double fraction) {
        if (!progress) return;
        try {
            progress(fraction, stage);
        } catch (...) {
            stream_->stop();
            throw;
        }
    };
    report(0.0);

    Watchdog watchdog(stream_->sample_rate_hz(), config_, pulse_watch_.get());
    const auto started = Clock::now();
    auto last_progress = started;
    bool stalled = false;
    while (in_pos < end) {
        if (stall_this_time && !stalled && seconds_since(started) > config_.stall_after_s) {
            stalled = true;
            std::this_thread::sleep_for(std::chrono::duration<double>(config_.stall_s));
        }
        feed();
        // Drain: keep the frames in [begin, end).
        for (;;) {
            auto r = in_ring.read_regions(end - in_pos);
            if (r.size() == 0) break;
            for (auto part : {r.first, r.second})
                for (const StereoFrame& f : part) {
                    if (in_pos >= begin) {
                        cap.a[in_pos - begin] = f.a;
                        cap.b[in_pos - begin] = f.b;
                    }
                    ++in_pos;
                }
            in_ring.commit_read(r.size());
        }
        const StreamCounters c = stream_->counters();
        const std::uint64_t xruns = c.zbench_xruns() + (config_.count_server_xruns ? c.device_xruns() : 0);
        if (xruns > 0) {
            stream_->stop();
            cap.xruns = xruns;
            std::fill(cap.a.begin(), cap.a.end(), 0.0f);  // never half a recording
            std::fill(cap.b.begin(), cap.b.end(), 0.0f);
            return cap;
        }
        if (in_pos >= end) break;
        if (const std::string why = watchdog.check(c.frames); !why.empty()) return lost(why);
        if (progress && seconds_since(last_progress) > 0.05) {
            last_progress = Clock::now();
            report(in_pos <= begin ? 0.0 : static_cast<double>(in_pos - begin) / static_cast<double>(frames));
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(config_.poll_interval_s));
    }
    stream_->stop();
    if (!config_.count_server_xruns) cap.ignored_server_xruns = stream_->counters().device_xruns();
    cap.clipped_a = count_full_scale(cap.a);
    cap.clipped_b = count_full_scale(cap.b);
    if (progress) progress(1.0, stage);
    return cap;
}

Status RtAudioDevice::monitor(std::size_t block_frames, const BlockFn& on_block) {
    if (stream_->abandoned()) return make_device_error(config_.device.label(), ": the stream was lost earlier");
    if (block_frames == 0) return make_error("monitor: block size must be positive");
    monitor_xruns_ = 0;
    BlockReader reader(block_frames);
    stream_->prepare(static_cast<std::uint64_t>(config_.pre_roll_s * stream_->sample_rate_hz()));
    stream_->finish_output();  // silent output: a dry output ring is not an underrun
    if (auto st = stream_->start(); !st) return st.error();
    Watchdog watchdog(stream_->sample_rate_hz(), config_, pulse_watch_.get());
    for (;;) {
        if (!reader.drain(stream_->input(), on_block)) {
            stream_->stop();
            const StreamCounters c = stream_->counters();
            monitor_xruns_ = c.zbench_xruns() + (config_.count_server_xruns ? c.device_xruns() : 0);
            return {};
        }
        if (const std::string why = watchdog.check(stream_->counters().frames); !why.empty()) return lost(why);
        std::this_thread::sleep_for(std::chrono::duration<double>(config_.poll_interval_s));
    }
}

Status RtAudioDevice::play_stream(std::size_t block_frames, const FillFn& fill, const BlockFn& on_input) {
    if (stream_->abandoned()) return make_device_error(config_.device.label(), ": the stream was lost earlier");
    if (block_frames == 0) return make_error("play: block size must be positive");
    monitor_xruns_ = 0;
    const double fs = stream_->sample_rate_hz();
    const std::uint64_t lead = std::min<std::uint64_t>(4 * std::max<std::uint64_t>(block_frames, stream_->buffer_frames()),
                                                       config_.ring_frames / 2);
    const auto tail = static_cast<std::uint64_t>(std::lround(config_.post_roll_s * fs));
    BlockReader reader(block_frames);
    std::uint64_t fed = 0;
    bool ended = false;
    SpscRing<float>& out_ring = stream_->output();
    auto feed = [&] {
        while (!ended && fed < stream_->counters().frames + lead) {
            auto r = out_ring.write_regions(std::min<std::uint64_t>(block_frames, stream_->counters().frames + lead - fed));
            if (r.size() == 0) return;
            std::size_t n = 0;
            for (auto part : {r.first, r.second}) {
                if (part.empty() || ended) continue;
                const std::size_t got = fill(part);
                n += got;
                ended = got < part.size();
            }
            out_ring.commit_write(n);
            fed += n;
        }
        if (ended) stream_->finish_output();
    };
    // The audio system's over/underflows while the stream starts are not counted (duplex_stream.h).
    stream_->prepare(static_cast<std::uint64_t>(config_.pre_roll_s * fs));
    feed();
    if (auto st = stream_->start(); !st) return st.error();
    Watchdog watchdog(stream_->sample_rate_hz(), config_, pulse_watch_.get());
    for (;;) {
        feed();
        if (!reader.drain(stream_->input(), on_input)) {
            stream_->stop();
            return {};
        }
        const StreamCounters c = stream_->counters();
        monitor_xruns_ = c.zbench_xruns() + (config_.count_server_xruns ? c.device_xruns() : 0);
        if (ended && c.frames >= fed + tail) {
            stream_->stop();
            return {};
        }
        if (const std::string why = watchdog.check(c.frames); !why.empty()) return lost(why);
        std::this_thread::sleep_for(std::chrono::duration<double>(config_.poll_interval_s));
    }
}

}  // namespace zb
