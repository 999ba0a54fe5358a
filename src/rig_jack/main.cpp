// zbench-rig: the virtual rig as a JACK client, in real time.
//   zbench-rig [--sim-scenario F.json] [--name zbench-rig] [--server NAME] [-q]
// Then, for example: zbench impedance --api jack --device zbench-rig
// Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad option or scenario,
// 3 no JACK server, or the server shut down while running.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "rig/scenario.h"
#include "rig_jack/jack_rig.h"
#include "util/version.h"

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{std::string("zbench-rig ") + zb::version() + ": the zbench virtual rig as a real-time JACK client", "zbench-rig"};
    std::string scenario_file;
    zb::JackRigOptions options;
    bool quiet = false;
    app.add_option("--sim-scenario", scenario_file, "Virtual-rig scenario (JSON), as for zbench --sim-scenario; default: the built-in woofer");
    app.add_option("--name", options.client_name, "JACK client name, i.e. the RtAudio device name")->capture_default_str();
    app.add_option("--server", options.server_name, "JACK server name (default: $JACK_DEFAULT_SERVER or 'default')");
    app.add_option("--latency-blocks", options.latency_blocks, "Blocks of 1024 frames the worker may lag (rig latency)")
        ->check(CLI::Range(2, 32))
        ->capture_default_str();
    app.add_flag("-q,--quiet", quiet, "Print only problems");
    app.set_version_flag("--version", std::string("zbench-rig ") + zb::version());
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::fprintf(stderr, "zbench-rig: %s (see zbench-rig --help)\n", e.what());
        return 2;
    }

    zb::Scenario scenario = zb::default_scenario();
    if (scenario_file.empty()) {
        options.follow_server_rate = true;
    } else {
        auto loaded = zb::load_scenario(scenario_file);
        if (!loaded) {
            std::fprintf(stderr, "zbench-rig: %s\n", loaded.message().c_str());
            return 2;
        }
        scenario = std::move(*loaded);
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    auto started = zb::JackRig::start(scenario, options);
    if (!started) {
        std::fprintf(stderr, "zbench-rig: %s\n", started.message().c_str());
        return started.error().kind == zb::ErrorKind::device ? 3 : 2;
    }
    const zb::JackRig& rig = **started;
    if (!quiet) {
        std::printf("zbench-rig: %s as JACK client '%s' (%u Hz, period %u): ports drive -> a, b; response %.2f s "
                    "(truncation %.0f dB), latency %zu samples\n",
                    rig.rig().scenario().source.c_str(), rig.client_name().c_str(), rig.server_sample_rate_hz(),
                    rig.server_period_frames(), static_cast<double>(rig.rig().response_frames()) / rig.server_sample_rate_hz(),
                    rig.rig().truncation_level_db(), rig.latency_frames());
        std::fflush(stdout);
    }

    // Report problems as they appear; the audio runs on JACK's thread and the worker.
    zb::JackRigStats reported;
    int code = 0;
    while (!g_stop.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (rig.server_lost()) {
            std::fprintf(stderr, "zbench-rig: the JACK server shut down\n");
            code = 3;
            break;
        }
        const zb::JackRigStats s = rig.stats();
        if (s.underruns != reported.underruns || s.overruns != reported.overruns)
            std::fprintf(stderr, "zbench-rig: the simulation fell behind: %llu underruns, %llu overruns so far\n",
                         static_cast<unsigned long long>(s.underruns), static_cast<unsigned long long>(s.overruns));
        if (s.clipped > 0 && reported.clipped == 0)
            std::fprintf(stderr, "zbench-rig: inputs A/B clip at full scale (drive level too high for this scenario)\n");
        reported = s;
    }
    started->reset();
    return code;
}
