#include "audio/duplex_stream.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>

#include <rtaudio/rtaudio_c.h>

#include "audio/jack_thread_guard.h"

namespace zb {

namespace {

// A streambuf that swallows everything, for std::cerr while RtAudio runs.
class NullBuffer final : public std::streambuf {
protected:
    int overflow(int c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// Never destroyed: after an abandoned stream std::cerr keeps pointing at it
// until exit, when the iostreams flush std::cerr once more.
NullBuffer* const g_null_buffer = new NullBuffer;
std::streambuf* g_saved_cerr = nullptr;
int g_cerr_mutes = 0;

void mute_cerr() {
    if (g_cerr_mutes++ == 0) g_saved_cerr = std::cerr.rdbuf(g_null_buffer);
}

void unmute_cerr() {
    if (g_cerr_mutes > 0 && --g_cerr_mutes == 0) std::cerr.rdbuf(g_saved_cerr);
}

}  // namespace

std::string rtaudio_message(::rtaudio* audio, const char* fallback) {
    const char* e = audio ? rtaudio_error(audio) : nullptr;
    return e && *e ? std::string(e) : std::string(fallback);
}

DuplexStream::DuplexStream(const DuplexStreamConfig& config)
    : config_(config), shared_(std::make_unique<Shared>(config.ring_frames)) {}

namespace {

constexpr unsigned kPulsePeriods = 8;

// One RtAudio stream (output, input or both): the handle, or why it failed.
struct Opened {
    rtaudio_t rt = nullptr;
    std::string failure;
};

Opened open_rtaudio(rtaudio_api_t api, rtaudio_stream_parameters_t* out, rtaudio_stream_parameters_t* in, unsigned rate,
                    unsigned* buffer, rtaudio_cb_t callback, void* user, const std::string& client_name) {
    Opened o;
    // Real-time scheduling for RtAudio's own callback thread (ALSA, Pulse)
    // when the system allows it; JACK's thread is real-time already.
    for (bool realtime : {true, false}) {
        rtaudio_t rt = rtaudio_create(api);
        if (!rt || rtaudio_error(rt)) {
            o.failure = rtaudio_message(rt, "cannot start the audio API");
            if (rt) rtaudio_destroy(rt);
            continue;
        }
        rtaudio_show_warnings(rt, 0);
        install_jack_thread_guard();  // see jack_thread_guard.h
        rtaudio_stream_options_t options{};
        std::snprintf(options.name, sizeof options.name, "%s", client_name.c_str());
        if (realtime) {
            options.flags |= RTAUDIO_FLAGS_SCHEDULE_REALTIME;
            options.priority = 70;
        }
        // Pulse: RtAudio sizes a playback stream's server buffer from this
        // many periods; left to the server it is larger, and the round trip
        // with it (through the tests' Pulse rig: 0.07-0.09 s with 8 periods
        // of 256 frames, 0.14-0.17 s without).
        if (api == RTAUDIO_API_LINUX_PULSE) options.num_buffers = kPulsePeriods;
        unsigned granted = *buffer;
        rtaudio_open_stream(rt, out, in, RTAUDIO_FORMAT_FLOAT32, rate, &granted, callback, user, &options, nullptr);
        if (rtaudio_error(rt) || !rtaudio_is_stream_open(rt)) {
            o.failure = rtaudio_message(rt, "the stream did not open");
            rtaudio_destroy(rt);
            continue;
        }
        *buffer = granted;
        o.rt = rt;
        o.failure.clear();
        break;
    }
    return o;
}

void close_rtaudio(rtaudio_t rt) {
    if (!rt) return;
    if (rtaudio_is_stream_running(rt)) rtaudio_abort_stream(rt);
    if (rtaudio_is_stream_open(rt)) rtaudio_close_stream(rt);
    rtaudio_destroy(rt);
}

}  // namespace

Result<std::unique_ptr<DuplexStream>> DuplexStream::open(const DuplexStreamConfig& config) {
    const AudioDeviceChoice& d = config.device;
    const rtaudio_api_t api = rtaudio_compiled_api_by_name(d.api.c_str());
    if (api == RTAUDIO_API_UNSPECIFIED) return make_device_error(d.api, ": this RtAudio has no such API");
    std::unique_ptr<DuplexStream> s(new DuplexStream(config));

    // Inputs: the contiguous range of device channels that holds A and B.
    const unsigned first_in = std::min(d.input_a, d.input_b);
    Shared& sh = *s->shared_;
    sh.input_channels = std::max(d.input_a, d.input_b) - first_in + 1;
    sh.offset_a = d.input_a - first_in;
    sh.offset_b = d.input_b - first_in;
    mute_cerr();
    if (auto st = s->open_streams(); !st) {
        unmute_cerr();
        return st.error();
    }
    const unsigned out_rate = s->rtaudio_out_ ? rtaudio_get_stream_sample_rate(s->rtaudio_out_) : s->sample_rate_hz_;
    if (s->sample_rate_hz_ != d.sample_rate_hz || out_rate != d.sample_rate_hz) {
        // Some systems quietly resample or round; a measurement needs the rate
        // it asked for. (The destructor closes the streams.)
        const unsigned got = s->sample_rate_hz_ != d.sample_rate_hz ? s->sample_rate_hz_ : out_rate;
        return make_device_error(d.label(), ": opened at ", got, " Hz instead of ", d.sample_rate_hz,
                                 " Hz; give {sample_rate} ", got);
    }
    return s;
}

Status DuplexStream::open_streams() {
    const AudioDeviceChoice& d = config_.device;
    const rtaudio_api_t api = rtaudio_compiled_api_by_name(d.api.c_str());
    const Shared& sh = *shared_;
    const unsigned first_in = std::min(d.input_a, d.input_b);
    rtaudio_stream_parameters_t in_params{d.input_device.index, sh.input_channels, first_in};
    rtaudio_stream_parameters_t out_params{d.output_device.index, 1, d.output};
    // One duplex stream on one device; on two, the output stream opens first
    // (its callback only plays), then the input stream.
    const bool duplex = d.has_output && d.one_device();
    unsigned buffer = d.buffer_frames;
    Opened out;
    if (d.has_output && !duplex)
        out = open_rtaudio(api, &out_params, nullptr, d.sample_rate_hz, &buffer, &DuplexStream::output_callback,
                           shared_.get(), config_.client_name);
    const bool out_ok = duplex || !d.has_output || out.rt;
    Opened in;
    if (out_ok) {
        buffer = d.buffer_frames;
        in = open_rtaudio(api, duplex ? &out_params : nullptr, &in_params, d.sample_rate_hz, &buffer, &DuplexStream::callback,
                          shared_.get(), config_.client_name);
    }
    if (!in.rt) {
        close_rtaudio(out.rt);
        const std::string& failure = out_ok ? in.failure : out.failure;
        const std::string what = duplex ? "a duplex stream" : !out_ok ? "the output stream" : "the input stream";
        return make_device_error(out_ok ? d.input_device.name + " (" + d.api + ")" : d.output_device.name + " (" + d.api + ")",
                                 ": cannot open ", what, " at ", d.sample_rate_hz, " Hz: ", failure);
    }
    rtaudio_ = in.rt;
    rtaudio_out_ = out.rt;
    buffer_frames_ = buffer;
    sample_rate_hz_ = rtaudio_get_stream_sample_rate(in.rt);
    stream_latency_frames_ = rtaudio_get_stream_latency(in.rt) + (out.rt ? rtaudio_get_stream_latency(out.rt) : 0);
    return {};
}

DuplexStream::~DuplexStream() {
    if (abandoned_) {
        // See the header: deliberately leaked; cerr stays muted.
        rtaudio_ = nullptr;
        rtaudio_out_ = nullptr;
        (void)shared_.release();
        return;
    }
    if (rtaudio_) {
        stop();
        close_rtaudio(rtaudio_out_);
        close_rtaudio(rtaudio_);
        rtaudio_ = rtaudio_out_ = nullptr;
        unmute_cerr();
    }
}

void DuplexStream::prepare(std::uint64_t settle_frames) {
    Shared& sh = *shared_;
    sh.settle_frames = settle_frames;
    sh.output_ring.reset();
    sh.input_ring.reset();
    sh.output_finished.store(false, std::memory_order_relaxed);
    for (auto* c : {&sh.frames, &sh.input_overruns, &sh.output_underruns, &sh.device_overflows, &sh.device_underflows,
                    &sh.settling_xruns})
        c->store(0, std::memory_order_relaxed);
}

Status DuplexStream::start() {
    if (abandoned_) return make_device_error(config_.device.label(), ": the stream was lost");
    // RtAudio's Pulse API keeps a stopped record stream connected, and the
    // server keeps recording into it: the next start would first deliver
    // seconds of old input, as if the latency had grown by the pause (or by
    // the time since open()). So a Pulse stream starts fresh each time.
    if (config_.device.api == "pulse") {
        close_rtaudio(rtaudio_out_);
        close_rtaudio(rtaudio_);
        rtaudio_ = rtaudio_out_ = nullptr;
        if (auto st = open_streams(); !st) {
            abandoned_ = true;  // nothing left to stop or close
            return st.error();
        }
    }
    // The input first, then the output: the recording never starts after
    // the stimulus (the analysis looks for a delay of zero or more).
    for (rtaudio_t rt : {rtaudio_, rtaudio_out_}) {
        if (!rt) continue;
        rtaudio_start_stream(rt);
        if (rtaudio_error(rt)) {
            stop();
            running_ = false;
            return make_device_error(config_.device.label(), ": cannot start the stream: ",
                                     rtaudio_message(rt, "unknown error"));
        }
        running_ = true;
    }
    return {};
}

void DuplexStream::stop() {
    if (!running_ || abandoned_) return;
    running_ = false;
    // abortStream, never stopStream: RtAudio's JACK stopStream waits for
    // the callback to drain the output, which never happens if the server is
    // gone. (An error here leaves nothing to undo.)
    for (rtaudio_t rt : {rtaudio_, rtaudio_out_})
        if (rt && rtaudio_is_stream_running(rt)) rtaudio_abort_stream(rt);
}

void DuplexStream::abandon() {
    abandoned_ = true;
    running_ = false;
}

StreamCounters DuplexStream::counters() const {
    const Shared& sh = *shared_;
    StreamCounters c;
    c.frames = sh.frames.load(std::memory_order_acquire);
    c.input_overruns = sh.input_overruns.load(std::memory_order_relaxed);
    c.output_underruns = sh.output_underruns.load(std::memory_order_relaxed);
    c.device_overflows = sh.device_overflows.load(std::memory_order_relaxed);
    c.device_underflows = sh.device_underflows.load(std::memory_order_relaxed);
    c.settling_xruns = sh.settling_xruns.load(std::memory_order_relaxed);
    return c;
}

int DuplexStream::callback(void* output, void* input, unsigned int frames, double, unsigned int status, void* user) {
    return static_cast<Shared*>(user)->process(static_cast<float*>(output), static_cast<const float*>(input), frames,
                                               status);
}

int DuplexStream::output_callback(void* output, void*, unsigned int frames, double, unsigned int status, void* user) {
    static_cast<Shared*>(user)->play(static_cast<float*>(output), frames, status);
    return 0;
}

// The real-time side. Only ring copies and relaxed atomic counters.
void DuplexStream::Shared::play(float* out, unsigned int n, unsigned int status) {
    if (status & RTAUDIO_STATUS_OUTPUT_UNDERFLOW) {
        if (frames.load(std::memory_order_relaxed) < settle_frames) settling_xruns.fetch_add(1, std::memory_order_relaxed);
        else device_underflows.fetch_add(1, std::memory_order_relaxed);
    }
    // Read the flag before the ring: if the worker had finished by then,
    // everything it wrote is already visible, so a short read is the end
    // of the output, not a late worker.
    const bool finished = output_finished.load(std::memory_order_acquire);
    const auto r = output_ring.read_regions(n);
    if (!r.first.empty()) std::memcpy(out, r.first.data(), r.first.size_bytes());
    if (!r.second.empty()) std::memcpy(out + r.first.size(), r.second.data(), r.second.size_bytes());
    output_ring.commit_read(r.size());
    if (r.size() < n) {
        std::memset(out + r.size(), 0, (n - r.size()) * sizeof(float));
        if (!finished) output_underruns.fetch_add(1, std::memory_order_relaxed);
    }
}

int DuplexStream::Shared::process(float* out, const float* in, unsigned int n, unsigned int status) {
    if (status) {
        if (frames.load(std::memory_order_relaxed) < settle_frames) {
            settling_xruns.fetch_add(1, std::memory_order_relaxed);
        } else {
            if (status & RTAUDIO_STATUS_INPUT_OVERFLOW) device_overflows.fetch_add(1, std::memory_order_relaxed);
            if (status & RTAUDIO_STATUS_OUTPUT_UNDERFLOW) device_underflows.fetch_add(1, std::memory_order_relaxed);
        }
    }
    if (out) play(out, n, 0);  // status counted above
    if (in) {
        const auto w = input_ring.write_regions(n);
        const unsigned stride = input_channels;
        std::size_t i = 0;
        for (auto part : {w.first, w.second})
            for (StereoFrame& f : part) {
                f.a = in[i * stride + offset_a];
                f.b = in[i * stride + offset_b];
                ++i;
            }
        input_ring.commit_write(w.size());
        if (w.size() < n) input_overruns.fetch_add(1, std::memory_order_relaxed);
    }
    frames.fetch_add(n, std::memory_order_release);
    return 0;
}

}  // namespace zb
