// zbench-rig: the virtual rig as a JACK client, in real time.
//   zbench-rig [--sim-scenario F.json] [--name zbench-rig] [--server NAME] [-q]
// Then, for example: zbench impedance --api jack --device zbench-rig
// Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad option or scenario,
// 3 no JACK server, or the server shut down while running.
#include <chrono>
#include <cstdio>
#include <thread>

#include "rig/realtime_rig_cli.h"
#include "rig_jack/jack_rig.h"

int main(int argc, char** argv) {
    zb::RigCommandLine cli("zbench-rig", "the zbench virtual rig as a real-time JACK client");
    zb::JackRigOptions options;
    CLI::App& app = cli.app();
    app.add_option("--name", options.client_name, "JACK client name, i.e. the RtAudio device name")->capture_default_str();
    app.add_option("--server", options.server_name, "JACK server name (default: $JACK_DEFAULT_SERVER or 'default')");
    app.add_option("--latency-blocks", options.latency_blocks, "Blocks of 1024 frames the worker may lag (rig latency)")
        ->check(CLI::Range(2, 32))
        ->capture_default_str();
    if (auto code = cli.parse(argc, argv)) return *code;
    auto scenario = cli.load_scenario();
    if (!scenario) return 2;
    // The built-in scenario runs at the server's rate; a file's rate must match it.
    options.follow_server_rate = cli.scenario_file.empty();
    zb::RigCommandLine::catch_stop_signals();

    auto started = zb::JackRig::start(std::move(*scenario), options);
    if (!started) {
        std::fprintf(stderr, "zbench-rig: %s\n", started.message().c_str());
        return started.error().kind == zb::ErrorKind::device ? 3 : 2;
    }
    const zb::JackRig& rig = **started;
    if (!cli.quiet) {
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
    while (!zb::RigCommandLine::stop_requested()) {
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
