// zbench-pulse-rig: the virtual rig (rig/realtime_rig.h) as a PulseAudio
// client, so that zbench can measure it through a Pulse (or PipeWire-Pulse)
// server with separate input and output devices:
//   zbench plays the drive on sink D  ->  the rig records D's monitor source,
//   runs the divider block by block, and plays inputs A (left) and B (right)
//   on sink AB  ->  zbench records AB's monitor source.
//   zbench-pulse-rig --drive-sink D --ab-sink AB [--sim-scenario F.json] [-q]
//   zbench impedance --api pulse --out-device D --in-device "Monitor of AB"
// (device names as `zbench devices --api pulse` shows them: the sinks'
// descriptions).
//
// One thread, blocking reads and writes (libpulse-simple): each read of one
// block of the drive paces the loop on the drive sink's clock; the playback
// stream is primed with `prime_blocks` blocks of the rig's answer to
// silence, so that a late block never starves sink AB. The rig's latency
// stays whatever the two streams' buffers make it; zbench finds it.
//
// What limits it is scheduling, not arithmetic: one 1024-frame block of the
// divider takes about 0.1 ms (partitioned convolution, rig/realtime_rig.h)
// against a 21 ms period, but on a loaded 2-CPU machine a normal-priority
// rig was seen to wait up to 110 ms between blocks. So the loop runs at
// SCHED_FIFO priority when the system allows it (libpulse's own threads,
// created afterwards, inherit it), and the default lead of 8 blocks
// (0.17 s) outlasts such a wait: Pulse latency is large anyway, and zbench
// finds the delay.
//
// Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad option or scenario, 3 no
// server, or the server went away while running.
#include <pulse/error.h>
#include <pulse/simple.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "rig/realtime_rig.h"
#include "rig/realtime_rig_cli.h"

int main(int argc, char** argv) {
    zb::RigCommandLine cli("zbench-pulse-rig", "the zbench virtual rig as a PulseAudio client");
    std::string drive_sink, ab_sink;
    int prime_blocks = 8, max_queue_blocks = 8;
    CLI::App& app = cli.app();
    app.add_option("--drive-sink", drive_sink, "Sink zbench plays the drive on (its monitor is recorded)")->required();
    app.add_option("--ab-sink", ab_sink, "Sink the rig plays inputs A (left) and B (right) on")->required();
    app.add_option("--prime-blocks", prime_blocks, "Blocks of 1024 frames played ahead")->check(CLI::Range(1, 32))->capture_default_str();
    app.add_option("--max-queue-blocks", max_queue_blocks, "Blocks of the drive queued before the rig drops silent ones")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    if (auto code = cli.parse(argc, argv)) return *code;
    auto loaded = cli.load_scenario();
    if (!loaded) return 2;
    const zb::Scenario& scenario = *loaded;
    auto rig = zb::RealtimeRig::create(scenario);
    if (!rig) {
        std::fprintf(stderr, "zbench-pulse-rig: %s\n", rig.message().c_str());
        return 2;
    }
    const std::size_t block = (*rig)->block_frames();
    const auto rate = static_cast<std::uint32_t>(scenario.sample_rate_hz);
    const pa_sample_spec mono{PA_SAMPLE_FLOAT32LE, rate, 1}, stereo{PA_SAMPLE_FLOAT32LE, rate, 2};
    // Small fragments for the drive, so each read returns as soon as a block is there.
    pa_buffer_attr record_attr{static_cast<std::uint32_t>(-1), 0, 0, 0, static_cast<std::uint32_t>(block * sizeof(float))};
    const std::uint32_t ahead = static_cast<std::uint32_t>((prime_blocks + 1) * block * 2 * sizeof(float));
    pa_buffer_attr play_attr{static_cast<std::uint32_t>(-1), ahead, static_cast<std::uint32_t>(-1), static_cast<std::uint32_t>(-1), 0};
    sched_param priority{};
    priority.sched_priority = 10;
    const bool realtime = pthread_setschedparam(pthread_self(), SCHED_FIFO, &priority) == 0;
    int error = 0;
    const std::string monitor = drive_sink + ".monitor";
    pa_simple* in = pa_simple_new(nullptr, "zbench-pulse-rig", PA_STREAM_RECORD, monitor.c_str(), "drive", &mono, nullptr,
                                  &record_attr, &error);
    pa_simple* out = in ? pa_simple_new(nullptr, "zbench-pulse-rig", PA_STREAM_PLAYBACK, ab_sink.c_str(), "inputs A and B",
                                        &stereo, nullptr, &play_attr, &error)
                        : nullptr;
    if (!in || !out) {
        std::fprintf(stderr, "zbench-pulse-rig: cannot connect to the PulseAudio server or its sinks '%s', '%s': %s\n",
                     drive_sink.c_str(), ab_sink.c_str(), pa_strerror(error));
        if (in) pa_simple_free(in);
        return 3;
    }
    zb::RigCommandLine::catch_stop_signals();

    std::vector<float> drive(block, 0.0f), a(block), b(block), ab(2 * block);
    auto run_block = [&] {
        (*rig)->process(drive.data(), a.data(), b.data());
        for (std::size_t i = 0; i < block; ++i) {
            ab[2 * i] = a[i];
            ab[2 * i + 1] = b[i];
        }
        return pa_simple_write(out, ab.data(), ab.size() * sizeof(float), &error) >= 0;
    };
    // The record stream queues whatever the rig has not read yet, and a
    // queue never shrinks by itself: the monitor of an idle sink (between
    // zbench's recordings) delivers up to 2 s at once, and a stall of the
    // server ends in a burst; either would stay as extra latency. Beyond
    // `max_queue_blocks` blocks queued, blocks of exact silence (zbench's
    // pre-roll and silences, an idle sink) are dropped: that only shortens
    // a silence, and the rig's own clock (hum, noise) goes on seamlessly. A
    // block with any drive in it is never dropped, so a sweep stays whole.
    // Only blocks that were already there are dropped (the read did not
    // wait): the reported latency includes the source's own, and dropping
    // blocks that still had to arrive would starve sink AB instead.
    const pa_usec_t block_us = static_cast<pa_usec_t>(1e6 * static_cast<double>(block) / rate);
    std::uint64_t dropped = 0, reported = 0, blocks = 0;
    bool ok = true;
    for (int k = 0; k < prime_blocks && ok; ++k) ok = run_block();
    while (ok && !zb::RigCommandLine::stop_requested()) {
        const auto asked = std::chrono::steady_clock::now();
        ok = pa_simple_read(in, drive.data(), drive.size() * sizeof(float), &error) >= 0;
        const bool waited = std::chrono::steady_clock::now() - asked > std::chrono::microseconds(block_us / 4);
        const pa_usec_t queued_us = ok ? pa_simple_get_latency(in, &error) : 0;
        const bool silent = std::all_of(drive.begin(), drive.end(), [](float v) { return v == 0.0f; });
        if (ok && silent && !waited && queued_us != static_cast<pa_usec_t>(-1) &&
            queued_us > static_cast<pa_usec_t>(max_queue_blocks) * block_us) {
            ++dropped;
            continue;
        }
        ok = ok && run_block();
        // Ready once the drive flows: the monitor of an idle null sink
        // delivers its first block only after the sink's idle latency (up
        // to 2 s).
        if (ok && !cli.quiet && ++blocks == static_cast<std::uint64_t>(rate / 2 / block + 1)) {
            std::printf("zbench-pulse-rig: %s, %u Hz: drive from '%s', inputs A, B to '%s'%s\n", scenario.source.c_str(), rate,
                        monitor.c_str(), ab_sink.c_str(), realtime ? "" : " (no real-time priority: may fall behind under load)");
            std::fflush(stdout);
        }
        if (dropped != reported && !cli.quiet) {
            std::printf("zbench-pulse-rig: %llu silent blocks of queued drive dropped so far\n", static_cast<unsigned long long>(dropped));
            std::fflush(stdout);
            reported = dropped;
        }
    }
    if (!ok) std::fprintf(stderr, "zbench-pulse-rig: the PulseAudio server went away: %s\n", pa_strerror(error));
    pa_simple_free(out);
    pa_simple_free(in);
    return ok ? 0 : 3;
}
