// zbench through PulseAudio, with the input and output devices apart: each
// test starts its own server (support/pulse_server.h: null sinks, a private
// runtime folder) and, for measurements, zbench-pulse-rig, which records the
// drive from one null sink's monitor and plays inputs A and B on another's.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "audio/rtaudio_device.h"
#include "io/zma.h"
#include "measure/impedance_measurement.h"
#include "support/pulse_server.h"
#include "support/random_scenario.h"
#include "support/test_support.h"

using namespace zb;

namespace {

using Clock = std::chrono::steady_clock;

// zbench plays on "zbench-drive" and records "Monitor of zbench-ab".
const std::vector<std::pair<std::string, std::string>> kRigSinks = {{"zb_drive", "zbench-drive"}, {"zb_ab", "zbench-ab"}};
const std::vector<std::string> kRigDevices = {"--api", "pulse", "--out-device", "zbench-drive", "--in-device", "Monitor of zbench-ab"};

std::unique_ptr<zbt::Child> start_rig(const Scenario& scenario, const zbt::TempDir& dir, const std::string& name = "rig") {
    const std::string file = dir.file(name + ".json");
    zbt::write_text(file, scenario_to_json(scenario).dump(2));
    auto rig = std::make_unique<zbt::Child>(std::vector<std::string>{zbt::zbench_bin("zbench-pulse-rig"), "--sim-scenario", file,
                                                                     "--drive-sink", "zb_drive", "--ab-sink", "zb_ab"},
                                            dir.file(name + ".log"));
    // Ready once it has printed its start-up line (after the drive flows).
    const auto start = Clock::now();
    while (rig->log().find("Hz: drive from") == std::string::npos && rig->running() &&
           Clock::now() - start < std::chrono::seconds(20))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    INFO(rig->log());
    REQUIRE(rig->running());
    return rig;
}

std::vector<std::string> impedance_args(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"impedance"};
    args.insert(args.end(), kRigDevices.begin(), kRigDevices.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

TEST_CASE("a bare Pulse null sink: hum records its monitor, impedance refuses the loopback", "[pulse][acceptance]") {
    zbt::PulseServer server;
    const auto listed = zbt::zbench({"devices", "--api", "pulse"});
    INFO(listed.out << listed.err);
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Catch::Contains("Monitor of Null Output") && Catch::Contains("Null Output"));

    // Recording only: a source with no output is enough.
    const auto hum = zbt::zbench({"hum", "--api", "pulse", "--device", "Monitor of Null Output", "--seconds", "2"});
    INFO(hum.out << hum.err);
    CHECK(hum.exit_code == 0);
    CHECK_THAT(hum.out, Catch::Contains("2.0 s at 48000 Hz") && Catch::Contains("Input A") && Catch::Contains("Input B"));

    // The sink's own monitor records the drive on both inputs: A = B, no
    // current through R_ref. The probe plays, records and refuses.
    zbt::TempDir dir;
    const auto z = zbt::zbench({"impedance", "--api", "pulse", "--in-device", "Monitor of Null Output", "--out-device", "Null Output",
                                "--r-ref", "10", "--output", "amplifier", "--out", dir.file("z.zma")});
    INFO(z.out << z.err);
    CHECK((z.exit_code == 11 || z.exit_code == 12));
    CHECK_THAT(z.err, Catch::Contains("probe:") && Catch::Contains("inputs A and B read the same"));
    CHECK(dir.list().empty());
}

TEST_CASE("random DUTs measured through Pulse with separate devices are within 1 % and 1 degree", "[pulse][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    zbt::PulseServer server(kRigSinks);
    zbt::TempDir dir;
    for (int i = 0; i < 2; ++i) {
        Scenario s = zbt::random_scenario(rng, i == 1);
        INFO("case " << i << ": " << zbt::describe(s));
        auto rig = start_rig(s, dir, "rig" + std::to_string(i));
        const std::string zma = dir.file("z" + std::to_string(i) + ".zma"), json = dir.file("z" + std::to_string(i) + ".json");
        const auto r = zbt::zbench(impedance_args({"--output", "amplifier", "--r-ref", std::to_string(s.r_ref_ohm), "--sweep-seconds",
                                                   "2", "--out", zma, "--json", json, "-q"}));
        INFO(r.err << rig->log());
        REQUIRE(r.exit_code == 0);
        auto curve = load_zma(zma);
        REQUIRE(curve.ok());
        const auto err = zbt::compare_curve(*curve, [&](double f) { return dut_impedance(s.dut, f); }, 20.0, 20000.0);
        INFO("|Z| error " << 100 * err.max_magnitude_rel << " % at " << err.max_magnitude_at_hz << " Hz, phase error "
                          << err.max_phase_deg << " deg at " << err.max_phase_at_hz << " Hz");
        CHECK(err.max_magnitude_rel < 0.01);
        CHECK(err.max_phase_deg < 1.0);
        std::printf("  through Pulse: |Z| error %.4f %% at %.1f Hz, phase error %.4f deg at %.1f Hz\n", 100 * err.max_magnitude_rel,
                    err.max_magnitude_at_hz, err.max_phase_deg, err.max_phase_at_hz);
        const auto report = nlohmann::json::parse(zbt::read_text(json));
        std::printf("  through Pulse: the probe heard a %.3f s round trip%s; the sweep's delay %.0f samples\n",
                    report["safety"]["probe"]["latency_s"].get<double>(), report["safety"]["probe_late"].get<bool>() ? " (played again)" : "",
                    report["diagnostics"]["latency_samples"].get<double>());
        CHECK(report["device"]["api"] == "pulse");
        CHECK(report["device"]["in_device"]["name"] == "Monitor of zbench-ab");
        CHECK(report["device"]["out_device"]["name"] == "zbench-drive");
    }
}

TEST_CASE("losing the Pulse server mid-sweep stops zbench within about 1 s, non-zero, no output", "[pulse][acceptance]") {
    zbt::PulseServer server(kRigSinks);
    zbt::TempDir dir;
    auto rig = start_rig(default_scenario(), dir);
    const std::string out = dir.file("lost.zma"), json = dir.file("lost.json");
    zbt::Child measuring([&] {
        std::vector<std::string> argv = {zbt::zbench_bin()};
        for (auto& a : impedance_args({"--output", "amplifier", "--r-ref", "10", "--sweep-seconds", "20", "--out", out, "--json", json}))
            argv.push_back(a);
        return argv;
    }(), dir.file("zbench.log"));
    // Past the probe and into the sweep.
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    REQUIRE(measuring.running());
    const auto killed = Clock::now();
    server.kill_now();
    const int code = measuring.wait(10.0);
    const double stop_s = std::chrono::duration<double>(Clock::now() - killed).count();
    const std::string log = measuring.log();
    INFO("zbench output: " << log);
    std::printf("  zbench stopped %.2f s after the Pulse server was killed, exit %d: %s", stop_s, code, log.c_str());
    CHECK(code == 3);
    CHECK(stop_s < 1.7);
    CHECK_THAT(log, Catch::Contains("(pulse)"));
    for (const auto& f : dir.list()) CHECK(f.rfind("lost.", 0) != 0);  // no output file, not even a partial one
    CHECK(rig->wait(5.0) == 3);
}

// The server does not end the streams of a removed device: it moves them to
// another one, so zbench has to notice the removal itself.
TEST_CASE("an input device that disappears mid-sweep stops zbench with a device error and no output", "[pulse]") {
    zbt::PulseServer server(kRigSinks);
    zbt::TempDir dir;
    auto rig = start_rig(default_scenario(), dir);
    const std::string out = dir.file("gone.zma");
    zbt::Child measuring([&] {
        std::vector<std::string> argv = {zbt::zbench_bin()};
        for (auto& a : impedance_args({"--output", "amplifier", "--r-ref", "10", "--sweep-seconds", "20", "--out", out}))
            argv.push_back(a);
        return argv;
    }(), dir.file("zbench.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    REQUIRE(measuring.running());
    // Unloading the AB sink removes the input device zbench records.
    const auto modules = server.pactl({"list", "short", "modules"});
    std::string id;
    for (std::size_t at = modules.out.find("sink_name=zb_ab"); at != std::string::npos;) {
        const std::size_t line = modules.out.rfind('\n', at);
        id = modules.out.substr(line == std::string::npos ? 0 : line + 1);
        id = id.substr(0, id.find('\t'));
        break;
    }
    REQUIRE_FALSE(id.empty());
    const auto removed = Clock::now();
    CHECK(server.pactl({"unload-module", id}).exit_code == 0);
    const int code = measuring.wait(10.0);
    const double stop_s = std::chrono::duration<double>(Clock::now() - removed).count();
    const std::string log = measuring.log();
    INFO("zbench output: " << log);
    std::printf("  zbench stopped %.2f s after its input device was removed, exit %d: %s", stop_s, code, log.c_str());
    CHECK(code == 3);
    CHECK(stop_s < 2.0);
    CHECK_THAT(log, Catch::Contains("(pulse)") && Catch::Contains("the input device 'Monitor of zbench-ab' was removed"));
    CHECK(dir.list().size() == 3);  // rig.json, rig.log, zbench.log
    for (const auto& f : dir.list()) CHECK(f.rfind("gone.", 0) != 0);
}

TEST_CASE("zbench's own buffer over/underruns through Pulse repeat the sweep once, then fail", "[pulse]") {
    // A worker that stalls longer than its small rings last forces real
    // over/underruns in zbench's engine, with two Pulse streams.
    zbt::PulseServer server(kRigSinks);
    zbt::TempDir dir;
    Scenario s = default_scenario();
    auto rig = start_rig(s, dir);
    AudioDeviceRequest request;
    request.api = "pulse";
    request.in_device = "Monitor of zbench-ab";
    request.out_device = "zbench-drive";
    auto choice = resolve_audio_device(request);
    INFO((choice.ok() ? std::string() : choice.message()));
    REQUIRE(choice.ok());
    CHECK_FALSE(choice->one_device());
    RtAudioDeviceConfig config;
    config.device = *choice;
    config.ring_frames = 8192;  // 0.17 s
    config.stall_s = 0.6;
    config.count_server_xruns = false;  // only zbench's own, for a deterministic test
    config.stall_captures = 2;
    auto device = RtAudioDevice::open(config);
    REQUIRE(device.ok());
    ImpedanceMeasurementConfig mc;
    mc.analysis.r_ref_nominal_ohm = 10.0;
    mc.analysis.grid = {10.0, 20000.0, 48};
    mc.safety.output = OutputKind::amplifier;
    mc.sweep_seconds = 2.0;
    auto m = measure_impedance(**device, mc, nullptr);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().kind == ErrorKind::device);
    CHECK_THAT(m.message(), Catch::Contains("again when it was repeated"));
}
