// Soak benchmark: live hum monitoring through a real audio server for a long
// time at small buffers, counting the over/underruns zbench causes and
// watching its memory.
//
// Starts a private JACK server (dummy driver, synchronous mode, 64-frame
// periods by default; see tests/support/jack_server.h) and zbench-rig with
// a hum scenario, then monitors through RtAudioDevice::monitor(): every
// 1-second block of inputs A and B gets a mains-hum fit
// (measure/hum_removal.h). Prints one line per minute and a summary:
//   - xruns caused by zbench: its own ring over/underruns (the callback
//     found the input ring full or the output ring dry). Target 0.
//   - xruns the server reported: any client's, or the dummy driver waking
//     up late (the VM), counted separately; in synchronous mode they delay
//     a cycle but lose no audio.
//   - memory: resident set (VmRSS) and bytes in use on the heap
//     (mallinfo2), sampled each minute: flat means no growth per block.
//   - the mains frequency found in each block (the rig's is 49.95 Hz).
//
//   bench_soak [--seconds 600] [--period 64]
// Not run by CI (docs/benchmarks.md "Soak: live hum monitoring through JACK").
#include <malloc.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "audio/rtaudio_device.h"
#include "measure/hum_removal.h"
#include "rig/scenario.h"
#include "support/jack_server.h"

using namespace zb;
using Clock = std::chrono::steady_clock;

namespace {

long vm_rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

double heap_in_use_mib() { return static_cast<double>(mallinfo2().uordblks) / (1024.0 * 1024.0); }

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // a log file shows progress as it happens
    double seconds = 600.0;
    unsigned period = 64;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--period")) period = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    zbt::JackServer server(period);
    Scenario s = default_scenario();
    s.dut = ResistorDut{8.0};
    s.hum.mains_hz = 49.95;
    s.hum.harmonics = {{1, -70}, {3, -80}, {5, -90}};
    s.input.noise_dbfs = -105;
    const std::string scenario_file = server.log_dir() + "/soak.json";
    std::ofstream(scenario_file) << scenario_to_json(s).dump(2);
    zbt::Child rig({std::string(ZBENCH_BIN_DIR) + "/zbench-rig", "--sim-scenario", scenario_file},
                   server.log_dir() + "/rig.log");
    if (!server.wait_for_rig(rig, 30.0)) {
        std::fprintf(stderr, "bench_soak: zbench-rig did not start: %s\n", rig.log().c_str());
        return 1;
    }
    AudioDeviceRequest request;
    request.api = "jack";
    request.device = "zbench-rig";
    auto choice = resolve_audio_device(request);
    if (!choice) {
        std::fprintf(stderr, "bench_soak: %s\n", choice.message().c_str());
        return 1;
    }
    RtAudioDeviceConfig config;
    config.device = *choice;
    config.count_server_xruns = false;  // counted separately below
    auto device = RtAudioDevice::open(config);
    if (!device) {
        std::fprintf(stderr, "bench_soak: %s\n", device.message().c_str());
        return 1;
    }
    const double fs = (*device)->sample_rate_hz();
    std::printf("soak: %.0f s of live hum monitoring through JACK (dummy driver, synchronous, %u-frame periods, %.0f Hz), "
                "1 s blocks\n",
                seconds, (*device)->buffer_frames(), fs);
    std::printf("%7s %8s %12s %12s %10s %10s %14s %14s\n", "time_s", "blocks", "zbench_xruns", "server_xruns", "rss_kib",
                "heap_mib", "mains_min_hz", "mains_max_hz");

    const auto start = Clock::now();
    long blocks = 0, failed_fits = 0;
    double mains_min = 1e9, mains_max = -1e9, fit_ms_max = 0.0;
    long rss_first = -1, rss_last = -1;
    double heap_first = -1, heap_last = -1;
    double next_report_s = 0.0;
    auto report = [&](double t) {
        const StreamCounters c = (*device)->counters();
        const long rss = vm_rss_kib();
        const double heap = heap_in_use_mib();
        if (rss_first < 0 && blocks >= 10) {  // after the first blocks, once everything is allocated
            rss_first = rss;
            heap_first = heap;
        }
        rss_last = rss;
        heap_last = heap;
        std::printf("%7.0f %8ld %12llu %12llu %10ld %10.3f %14.5f %14.5f\n", t, blocks,
                    static_cast<unsigned long long>(c.zbench_xruns()), static_cast<unsigned long long>(c.device_xruns()),
                    rss, heap, mains_min, mains_max);
        std::fflush(stdout);
    };
    auto st = (*device)->monitor(static_cast<std::size_t>(fs), [&](std::span<const float> a, std::span<const float> b) {
        const auto t0 = Clock::now();
        const StridedView channels[2] = {StridedView::of(a), StridedView::of(b)};
        const Segment whole[1] = {{0, a.size()}};
        const HumFit fit = fit_hum(channels, fs, whole);
        fit_ms_max = std::max(fit_ms_max, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        ++blocks;
        if (fit.found) {
            mains_min = std::min(mains_min, fit.mains_hz);
            mains_max = std::max(mains_max, fit.mains_hz);
        } else {
            ++failed_fits;
        }
        const double t = std::chrono::duration<double>(Clock::now() - start).count();
        if (blocks == 10 || t >= next_report_s) {
            report(t);
            if (t >= next_report_s) next_report_s += 60.0;
        }
        return t < seconds;
    });
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (!st) {
        std::printf("soak: FAILED after %.0f s: %s\n", elapsed, st.message().c_str());
        return 1;
    }
    report(elapsed);
    const StreamCounters c = (*device)->counters();
    std::printf("summary: %.0f s, %ld blocks (%llu frames), xruns caused by zbench: %llu, reported by the server: %llu "
                "(%llu while starting)\n",
                elapsed, blocks, static_cast<unsigned long long>(c.frames),
                static_cast<unsigned long long>(c.zbench_xruns()), static_cast<unsigned long long>(c.device_xruns()),
                static_cast<unsigned long long>(c.settling_xruns));
    std::printf("summary: memory from block 10 to the end: VmRSS %ld -> %ld KiB (%+ld), heap in use %.3f -> %.3f MiB\n",
                rss_first, rss_last, rss_last - rss_first, heap_first, heap_last);
    std::printf("summary: mains %.5f .. %.5f Hz (rig 49.95 Hz), %ld blocks without a fit, slowest fit %.1f ms\n", mains_min,
                mains_max, failed_fits, fit_ms_max);
    const std::string rig_log = rig.log();
    const bool rig_behind = rig_log.find("fell behind") != std::string::npos;
    std::printf("summary: zbench-rig %s\n", rig_behind ? "fell behind (see its log below)" : "never fell behind");
    if (rig_behind) std::printf("%s", rig_log.c_str());
    return c.zbench_xruns() == 0 ? 0 : 2;
}
