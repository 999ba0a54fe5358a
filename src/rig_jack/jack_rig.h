// JackRig: the virtual rig (rig/realtime_rig.h) as a JACK client, so that
// zbench can measure it through a real audio server. Ports, in registration
// order (which is how RtAudio numbers a JACK device's channels):
//   drive  (input)   the interface output driving R_ref    = RtAudio output channel 1
//   a      (output)  input A, the drive node               = RtAudio input channel 1
//   b      (output)  input B, between R_ref and the DUT    = RtAudio input channel 2
// Through RtAudio's JACK API the client appears as a device named after the
// client ("zbench-rig" by default).
//
// Real-time structure (the same rule as zbench's own engine): the JACK
// process callback only copies the drive into one lock-free ring and the A/B
// outputs from another, and counts over/underruns in atomics. A worker
// thread runs the rig block by block (partitioned FFT convolution, then the
// impairments) between the rings. The output ring is primed with
// `latency_blocks` blocks of the rig's output for a silent drive, which
// gives the worker that much time to keep up. The rig's latency is fixed:
// drive frame t reappears at frame t + latency_frames(). If the worker ever
// falls behind, the callback outputs silence, counts an underrun and later
// skips the same number of frames, so the latency stays exact afterwards.
//
// Threading contract: start(), stats(), server_lost() and the destructor
// belong to one control thread; the process and shutdown callbacks run on
// JACK's threads, the rig on the worker.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "rig/realtime_rig.h"
#include "util/result.h"
#include "util/spsc_ring.h"

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;

namespace zb {

struct JackRigOptions {
    std::string client_name = "zbench-rig";
    std::string server_name;  // empty: $JACK_DEFAULT_SERVER, else "default"
    std::size_t latency_blocks = 6;
    // Run the scenario at the server's rate (for the built-in scenario);
    // otherwise a scenario whose sample_rate differs is an error.
    bool follow_server_rate = false;
    RealtimeRigConfig rig;
};

struct JackRigStats {
    std::uint64_t frames = 0;      // processed by the JACK callback
    std::uint64_t underruns = 0;   // callbacks the worker had not prepared output for
    std::uint64_t overruns = 0;    // callbacks whose drive did not fit the ring
    std::uint64_t server_xruns = 0;  // xruns the JACK server reported (any client's)
    std::size_t clipped = 0;       // samples of A or B at full scale
};

class JackRig {
public:
    // Connects to the server, builds the rig, registers the ports and
    // activates. Errors name the server or the scenario field.
    static Result<std::unique_ptr<JackRig>> start(Scenario scenario, const JackRigOptions& options);
    ~JackRig();
    JackRig(const JackRig&) = delete;
    JackRig& operator=(const JackRig&) = delete;

    unsigned server_sample_rate_hz() const { return sample_rate_hz_; }
    unsigned server_period_frames() const { return period_frames_; }
    std::size_t latency_frames() const { return latency_frames_; }
    const RealtimeRig& rig() const { return *rig_; }
    JackRigStats stats() const;
    bool server_lost() const { return server_lost_.load(std::memory_order_acquire); }
    std::string client_name() const { return client_name_; }

private:
    JackRig() = default;
    static int process_callback(std::uint32_t frames, void* self);
    static int xrun_callback(void* self);
    static void shutdown_callback(void* self);
    int process(std::uint32_t frames);
    void worker();

    std::unique_ptr<RealtimeRig> rig_;
    std::size_t block_ = 0;
    jack_client_t* client_ = nullptr;
    jack_port_t* drive_port_ = nullptr;
    jack_port_t* a_port_ = nullptr;
    jack_port_t* b_port_ = nullptr;
    std::string client_name_;
    unsigned sample_rate_hz_ = 0, period_frames_ = 0;
    std::size_t latency_frames_ = 0;

    struct Pair {
        float a, b;
    };
    SpscRing<float> drive_ring_{1u << 16};
    SpscRing<Pair> out_ring_{1u << 16};
    std::uint64_t debt_ = 0;  // frames to skip after an underrun (callback only)
    std::atomic<std::uint64_t> frames_{0}, underruns_{0}, overruns_{0}, server_xruns_{0};
    std::atomic<std::size_t> clipped_{0};
    std::atomic<bool> stop_{false}, server_lost_{false};
    std::thread worker_;
};

}  // namespace zb
