// The application layer (src/app) against the CLI over it: one request run
// through `zbench` and through the job's API directly, as the GUI calls it,
// gives the same result; every option error is refused before anything
// plays; messages name settings in each front end's words.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "app/exit_codes.h"
#include "app/hum_format.h"
#include "app/hum_job.h"
#include "app/impedance_format.h"
#include "app/impedance_job.h"
#include "app/report_text.h"
#include "app/ts_advise_format.h"
#include "app/ts_job.h"
#include "io/zma.h"
#include "support/test_support.h"

namespace {

const char* kL16 = "jcandy_speakertools/L16RNX_0g_242_27mV.zma";

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(zbt::read_text(path)); }

}  // namespace

TEST_CASE("impedance: the CLI and the app API give the same curve and T/S", "[app][impedance]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"impedance", "-q", "--json", dir.file("z.json"), "--ppo", "24", "--fmax", "5000", "--smoothing", "12"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto cli = read_json(dir.file("z.json"));

    zb::app::ImpedanceRequest request;
    request.points_per_octave = 24;
    request.fmax_hz = 5000.0;
    request.smoothing_fraction = 12;
    auto result = zb::app::run_impedance(request, nullptr);
    REQUIRE(result);
    const auto direct = zb::app::impedance_report_json(*result);
    // The virtual rig is deterministic: the same request measures the same curve.
    REQUIRE(cli["impedance"]["frequency_hz"].size() == result->analysis.curve.size());
    CHECK(cli["impedance"] == direct["impedance"]);
    CHECK(cli["settings"] == direct["settings"]);
    CHECK(cli["ts"]["Re"].get<double>() == direct["ts"]["Re"].get<double>());
    CHECK(cli["ts"]["fs"].get<double>() == direct["ts"]["fs"].get<double>());
    CHECK(direct["settings"]["fmax_hz"] == 5000.0);
    CHECK(direct["settings"]["points_per_octave"] == 24);
}

TEST_CASE("T/S: the CLI and the app API give the same parameters", "[app][ts]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"ts", zbt::reference_file(kL16), "--sd-cm2", "104", "-q", "--json", dir.file("ts.json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto cli = read_json(dir.file("ts.json"));

    zb::app::TsRequest request;
    request.free_air = zbt::reference_file(kL16);
    request.sd_cm2 = 104.0;
    auto result = zb::app::run_ts(request);
    REQUIRE(result);
    REQUIRE(result->ts.free_air);
    const auto direct = zb::app::ts_report_json(*result);
    CHECK(cli["ts"] == direct["ts"]);
    CHECK(cli["ts"]["Re"].get<double>() == result->ts.free_air->fit.chosen.params.re_ohm);
}

TEST_CASE("T/S: dual added mass from curves held in memory, as the GUI hands them over, equals the files", "[app][ts]") {
    const std::string dir = "jcandy_speakertools/";
    zb::app::TsRequest files;
    files.free_air = zbt::reference_file(dir + "L16RNX_0g_242_27mV.zma");
    files.added_mass = {{zbt::reference_file(dir + "L16RNX_8_017g_242_27mV.zma"), 8.017},
                        {zbt::reference_file(dir + "L16RNX_16_048g_242_27mV.zma"), 16.048}};
    files.sd_cm2 = 104.0;
    auto from_files = zb::app::run_ts(files);
    REQUIRE(from_files);

    zb::app::TsRequest held = files;
    auto curve = [](const std::string& path) {
        auto c = zb::load_zma(path);
        REQUIRE(c);
        return *c;
    };
    held.curves["free air"] = curve(files.free_air);
    held.curves["8 g"] = curve(files.added_mass[0].file);
    held.curves["16 g"] = curve(files.added_mass[1].file);
    held.free_air = "free air";
    held.added_mass = {{"8 g", 8.017}, {"16 g", 16.048}};
    auto from_memory = zb::app::run_ts(held);
    REQUIRE(from_memory);
    REQUIRE(from_memory->ts.mechanical);
    REQUIRE(from_files->ts.mechanical);
    CHECK(from_memory->ts.mechanical->method == "dual added mass");
    CHECK(from_memory->ts.mechanical->bl_tm->value == from_files->ts.mechanical->bl_tm->value);
    CHECK(from_memory->ts.mechanical->mms_kg->value == from_files->ts.mechanical->mms_kg->value);
    // A name the request does not hold is a file, and a missing one is an error naming it.
    held.added_mass[1].file = "missing 16 g.zma";
    auto missing = zb::app::run_ts(held);
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("missing 16 g.zma"));
}

TEST_CASE("hum: the CLI and the app API give the same analysis", "[app][hum]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"hum", "--seconds", "2", "-q", "--json", dir.file("hum.json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto cli = read_json(dir.file("hum.json"));

    zb::app::HumRequest request;
    request.seconds = 2.0;
    auto result = zb::app::run_hum(request, {});
    REQUIRE(result);
    const auto direct = zb::app::hum_report_json(*result, false);
    REQUIRE(result->analysis.mains.found);
    CHECK(cli["mains_hz"].get<double>() == result->analysis.mains.frequency_hz);
    CHECK(cli["channels"] == direct["channels"]);
}

TEST_CASE("every option error is refused before the probe plays, with exit 2, one line and no file", "[app][cli]") {
    const std::vector<std::vector<std::string>> bad = {
        {"--fmin", "1000", "--fmax", "100"}, {"--fmin", "0"},          {"--fmax", "30000"},     {"--ppo", "0"},
        {"--sweep-seconds", "0"},            {"--smoothing", "200"},   {"--r-ref", "-1"},       {"--max-dut-volts", "0"},
        {"--api", "jack"},                   {"--in-channels", "1,3"}, {"--out", "z.wav"},
    };
    for (const auto& args : bad) {
        zbt::TempDir dir;
        std::vector<std::string> argv = {"impedance", "--sim-realtime", "--json", dir.file("z.json")};
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = zbt::zbench(argv);
        INFO(args.front() << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains(args.front()));
        CHECK(dir.list().empty());
    }
    // Through the API: the job fails as a bad setting, naming it, and never
    // reports progress (the probe is the first thing that would).
    struct Case {
        const char* setting;
        void (*set)(zb::app::ImpedanceRequest&);
    };
    const Case cases[] = {
        {"fmin", [](zb::app::ImpedanceRequest& r) { r.fmin_hz = 0.0; }},
        {"fmax", [](zb::app::ImpedanceRequest& r) { r.fmax_hz = 30000.0; }},
        {"ppo", [](zb::app::ImpedanceRequest& r) { r.points_per_octave = 0; }},
        {"sweep_seconds", [](zb::app::ImpedanceRequest& r) { r.sweep_seconds = -1.0; }},  // 0 is automatic
        {"r_ref", [](zb::app::ImpedanceRequest& r) { r.r_ref_ohm = -1.0; }},
    };
    for (const auto& c : cases) {
        zb::app::ImpedanceRequest request;
        request.device.sim_realtime = true;
        c.set(request);
        int progress_calls = 0;
        auto result = zb::app::run_impedance(request, [&](double, std::string_view) { ++progress_calls; });
        INFO(c.setting);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == zb::app::Failure::bad_setting);
        CHECK(result.error().setting == c.setting);
        CHECK(zb::app::exit_code_for(result.error()) == 2);
        CHECK(progress_calls == 0);
    }
}

TEST_CASE("messages name settings in each front end's words", "[app]") {
    zb::app::ImpedanceRequest request;
    request.fmax_hz = 30000.0;
    auto result = zb::app::run_impedance(request, nullptr);
    REQUIRE_FALSE(result);
    const std::string& message = result.error().message;
    CHECK(message.find("--") == std::string::npos);
    const auto gui = zb::app::render_message(message, [](std::string_view s) { return s == "fmax" ? "\"Max frequency\"" : "?"; });
    CHECK_THAT(gui, Catch::StartsWith("\"Max frequency\" 30000 Hz"));
    CHECK(zb::app::render_message("a {} b {x-y} {ok}", [](std::string_view s) { std::string out = "<";
        out.append(s);
        return out + ">"; }) ==
          "a {} b {x-y} <ok>");
}

TEST_CASE("a report's texts are rendered in the front end's words, its other strings kept", "[app]") {
    nlohmann::json report = {{"warnings", {"raise {level}", "no setting"}},
                             {"ts", {{"warnings", {"set {fmin}"}}, {"model", "{fmin}"}}},
                             {"channels", {{{"diagnosis", {{"text", "lower {level}"}}}}}},
                             {"inputs", {{"file", "/tmp/{level}.zma"}}}};
    zb::app::render_report_texts(report, [](std::string_view s) { return "--" + std::string(s); });
    CHECK(report["warnings"][0] == "raise --level");
    CHECK(report["warnings"][1] == "no setting");
    CHECK(report["ts"]["warnings"][0] == "set --fmin");
    CHECK(report["ts"]["model"] == "{fmin}");
    CHECK(report["channels"][0]["diagnosis"]["text"] == "lower --level");
    CHECK(report["inputs"]["file"] == "/tmp/{level}.zma");
}

TEST_CASE("a cancelled hum recording stops and says so", "[app][hum]") {
    zb::app::HumRequest request;
    request.seconds = 30.0;
    request.live = true;
    zb::app::CancelToken cancel;
    int blocks = 0;
    zb::app::HumHooks hooks;
    hooks.progress = [&](double, std::string_view stage) {
        if (stage == "recording" && ++blocks == 3) cancel.cancel();
    };
    auto result = zb::app::run_hum(request, hooks, cancel);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == zb::app::Failure::cancelled);
    CHECK(blocks == 3);  // 0.3 s recorded of 30 s
}

TEST_CASE("Ctrl-C cancels a measurement: exit 130, one line, no file", "[app][cli]") {
    zbt::TempDir dir;
    // SIGINT 0.5 s into a real-time measurement (probe 0.3 s, then a 1 s
    // sweep): the sweep stops, and zbench leaves.
    std::ostringstream script;
    script << "'" << zbt::zbench_bin() << "' impedance --sim-realtime --sweep-seconds 1 --json '" << dir.file("z.json")
           << "' & pid=$!; sleep 0.5; kill -INT $pid; wait $pid; echo rc=$?";
    auto r = zbt::run_process({"/bin/sh", "-c", script.str()});
    INFO(r.out << r.err);
    CHECK_THAT(r.out, Catch::Contains("rc=130"));
    CHECK(r.err == "zbench: cancelled (Ctrl-C); no file was written\n");
    CHECK(dir.list().empty());
}

TEST_CASE("cancelling stops a sweep under way: it never reaches its end", "[app][impedance]") {
    // A 20 s real-time sweep on the rig, cancelled as soon as the sweep
    // reports progress: the job ends cancelled, and the sweep's progress
    // never reached 1 (the whole sweep was not played).
    zb::app::ImpedanceRequest request;
    request.device.sim_realtime = true;
    request.sweep_seconds = 20.0;
    zb::app::CancelToken cancel;
    double sweep_progress = 0.0;
    const zb::ProgressFn progress = [&](double fraction, std::string_view stage) {
        if (stage != "sweep") return;
        sweep_progress = std::max(sweep_progress, fraction);
        if (fraction > 0.0) cancel.cancel();
    };
    auto result = zb::app::run_impedance(request, progress, cancel);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == zb::app::Failure::cancelled);
    INFO("the sweep got to " << sweep_progress);
    CHECK(sweep_progress > 0.0);
    CHECK(sweep_progress < 0.5);
}
