#include "rig_jack/jack_rig.h"

#include <jack/jack.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace zb {

namespace {
// libjack prints its own diagnostics ("Cannot connect to server socket...")
// on stderr; zbench-rig says what went wrong in one line instead.
void silent_jack_message(const char*) {}
}  // namespace

Result<std::unique_ptr<JackRig>> JackRig::start(Scenario scenario, const JackRigOptions& options) {
    jack_set_error_function(&silent_jack_message);
    jack_set_info_function(&silent_jack_message);
    std::unique_ptr<JackRig> r(new JackRig());
    int open_options = JackNoStartServer | JackUseExactName;
    if (!options.server_name.empty()) open_options |= JackServerName;
    jack_status_t status{};
    r->client_ = options.server_name.empty()
                     ? jack_client_open(options.client_name.c_str(), static_cast<jack_options_t>(open_options), &status)
                     : jack_client_open(options.client_name.c_str(), static_cast<jack_options_t>(open_options), &status,
                                        options.server_name.c_str());
    if (!r->client_) {
        const char* env = std::getenv("JACK_DEFAULT_SERVER");
        const std::string server = !options.server_name.empty() ? options.server_name : (env ? env : "default");
        if (status & JackNameNotUnique)
            return make_device_error("JACK server '", server, "' already has a client named '", options.client_name,
                                     "'; stop the other zbench-rig or pass --name");
        return make_device_error("cannot connect to the JACK server '", server,
                                 "' (is it running? start it with jackd, or set JACK_DEFAULT_SERVER)");
    }
    r->client_name_ = jack_get_client_name(r->client_);
    r->sample_rate_hz_ = jack_get_sample_rate(r->client_);
    r->period_frames_ = jack_get_buffer_size(r->client_);
    if (options.follow_server_rate) {
        scenario.sample_rate_hz = r->sample_rate_hz_;
    } else if (scenario.sample_rate_hz != static_cast<double>(r->sample_rate_hz_)) {
        return make_error(scenario.source, ": sample_rate is ", scenario.sample_rate_hz, " Hz but the JACK server runs at ",
                          r->sample_rate_hz_, " Hz; set \"sample_rate\": ", r->sample_rate_hz_, " in the scenario");
    }

    auto rig = RealtimeRig::create(scenario, options.rig);
    if (!rig) return rig.error();
    r->rig_ = std::move(*rig);
    r->block_ = r->rig_->block_frames();
    r->latency_frames_ = options.latency_blocks * r->block_ + r->rig_->latency_frames();
    if ((options.latency_blocks + 2) * r->block_ + 2 * r->period_frames_ > r->out_ring_.capacity())
        return make_error("--latency-blocks ", options.latency_blocks, ": too many for the rig's buffers");

    // Prime the output with the rig's answer to a silent drive.
    std::vector<float> zeros(r->block_, 0.0f), a(r->block_), b(r->block_);
    std::vector<Pair> pairs(r->block_);
    for (std::size_t k = 0; k < options.latency_blocks; ++k) {
        r->rig_->process(zeros.data(), a.data(), b.data());
        for (std::size_t i = 0; i < r->block_; ++i) pairs[i] = {a[i], b[i]};
        r->out_ring_.write(pairs);
    }

    r->drive_port_ = jack_port_register(r->client_, "drive", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    r->a_port_ = jack_port_register(r->client_, "a", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    r->b_port_ = jack_port_register(r->client_, "b", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    if (!r->drive_port_ || !r->a_port_ || !r->b_port_)
        return make_device_error("JACK client '", r->client_name_, "': cannot register its ports");
    jack_set_process_callback(r->client_, &JackRig::process_callback, r.get());
    jack_set_xrun_callback(r->client_, &JackRig::xrun_callback, r.get());
    jack_on_shutdown(r->client_, &JackRig::shutdown_callback, r.get());
    r->worker_ = std::thread([p = r.get()] { p->worker(); });
    if (jack_activate(r->client_) != 0)
        return make_device_error("JACK client '", r->client_name_, "': the server refused to activate it");
    return r;
}

JackRig::~JackRig() {
    stop_.store(true, std::memory_order_release);
    if (worker_.joinable()) worker_.join();
    if (client_) {
        if (!server_lost()) jack_deactivate(client_);
        jack_client_close(client_);
    }
}

JackRigStats JackRig::stats() const {
    JackRigStats s;
    s.frames = frames_.load(std::memory_order_relaxed);
    s.underruns = underruns_.load(std::memory_order_relaxed);
    s.overruns = overruns_.load(std::memory_order_relaxed);
    s.server_xruns = server_xruns_.load(std::memory_order_relaxed);
    s.clipped = clipped_.load(std::memory_order_relaxed);
    return s;
}

int JackRig::process_callback(jack_nframes_t frames, void* self) { return static_cast<JackRig*>(self)->process(frames); }

int JackRig::xrun_callback(void* self) {
    static_cast<JackRig*>(self)->server_xruns_.fetch_add(1, std::memory_order_relaxed);
    return 0;
}

void JackRig::shutdown_callback(void* self) { static_cast<JackRig*>(self)->server_lost_.store(true, std::memory_order_release); }

// JACK's real-time thread: ring copies and atomic counters only.
int JackRig::process(jack_nframes_t n) {
    const auto* drive = static_cast<const float*>(jack_port_get_buffer(drive_port_, n));
    auto* a = static_cast<float*>(jack_port_get_buffer(a_port_, n));
    auto* b = static_cast<float*>(jack_port_get_buffer(b_port_, n));
    if (drive_ring_.write(std::span<const float>(drive, n)) < n) overruns_.fetch_add(1, std::memory_order_relaxed);

    if (debt_ > 0) debt_ -= out_ring_.discard(debt_);  // catch up after an underrun: latency stays exact
    const auto r = out_ring_.read_regions(debt_ > 0 ? 0 : n);
    std::size_t i = 0;
    for (auto part : {r.first, r.second})
        for (const Pair& p : part) {
            a[i] = p.a;
            b[i] = p.b;
            ++i;
        }
    out_ring_.commit_read(r.size());
    if (i < n) {
        std::memset(a + i, 0, (n - i) * sizeof(float));
        std::memset(b + i, 0, (n - i) * sizeof(float));
        underruns_.fetch_add(1, std::memory_order_relaxed);
        debt_ += n - i;
    }
    frames_.fetch_add(n, std::memory_order_relaxed);
    return 0;
}

// The worker: whole blocks from the drive ring through the rig.
void JackRig::worker() {
    std::vector<float> drive(block_), a(block_), b(block_);
    std::vector<Pair> pairs(block_);
    while (!stop_.load(std::memory_order_acquire)) {
        if (drive_ring_.readable() < block_ || out_ring_.writable() < block_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        drive_ring_.read(drive);
        rig_->process(drive.data(), a.data(), b.data());
        for (std::size_t i = 0; i < block_; ++i) pairs[i] = {a[i], b[i]};
        out_ring_.write(pairs);
        clipped_.store(rig_->clipped_a() + rig_->clipped_b(), std::memory_order_relaxed);
    }
}

}  // namespace zb
