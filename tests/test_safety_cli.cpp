// Gear safety end to end through the zbench CLI on the virtual rig: each
// refusal gives its own exit code and one-line message and writes nothing;
// the safe set-ups measure; `zbench advise` answers for files and the rig.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "io/zma.h"
#include "model/speaker_model.h"
#include "support/test_support.h"

TEST_CASE("each safety refusal has its exit code and message, and writes no file", "[safety][cli]") {
    zbt::TempDir dir;
    auto scenario = [&](const std::string& name, const std::string& json) {
        zbt::write_text(dir.file(name), json);
        return dir.file(name);
    };
    struct Case {
        std::string what;
        std::vector<std::string> args;
        int exit_code;
        std::vector<std::string> needles;
    };
    const Case cases[] = {
        {"no signal on input A", {"--sim-scenario", scenario("noa.json", R"({"input": {"gain_db": [-200, 0]}})")}, 10,
         {"no signal on input A", "check the output cable and channel"}},
        {"the DUT is open", {"--sim-scenario", scenario("open.json", R"({"dut": {"model": "open"}})")}, 11,
         {"inputs A and B read the same", "the DUT is open or R_ref is shorted", "connect the driver, or unshort R_ref"}},
        {"R_ref is shorted", {"--sim-scenario", scenario("rshort.json", R"({"r_ref": 0})"), "--r-ref", "10"}, 11,
         {"no current flows", "unshort R_ref"}},
        {"the DUT is shorted", {"--sim-scenario", scenario("short.json", R"({"dut": {"model": "short"}, "leads_ohm": 0.05})")}, 12,
         {"input B reads almost nothing", "the DUT is shorted; check the driver and leads"}},
        {"a speaker on a line output",
         {"--sim-scenario", scenario("line.json", R"({"output": "line", "source_impedance": 100, "r_ref": 10})")}, 13,
         {"load 16.7 ohm (R_ref 10 ohm + DUT", "below the line output's 600 ohm minimum: a speaker on a line output",
          "use a power amplifier", "raise R_ref to at least 1000 ohm for a low-level measurement"}},
        {"--output line overrides the rig's amplifier", {"--output", "line"}, 13, {"a speaker on a line output"}},
        {"a driver on a headphone output", {"--output", "headphone"}, 13,
         {"below the headphone output's 32 ohm minimum", "raise R_ref to at least 100 ohm"}},
        {"--level above -3 dBFS", {"--level", "-1"}, 4, {"--level -1 dBFS is above the -3 dBFS limit"}},
        {"--max-dut-volts out of reach",
         {"--sim-scenario", scenario("hot.json", R"({"full_scale_volts": 500})"), "--max-dut-volts", "0.01"}, 4,
         {"--max-dut-volts 0.01 V RMS would need the sweep at"}},
        {"a round trip of 0.95 s", {"--sim-scenario", scenario("late.json", R"({"input": {"latency_samples": 45600}})")}, 3,
         {"the probe's tones came back more than 0.85 s after they were played", "lower the audio server's latency"}},
        {"clipping during the sweep", {"--sim-scenario", scenario("hot_in.json", R"({"input": {"gain_db": [12, 12]}})"), "--level", "-6"},
         5, {"clipped during the sweep", "lower the level (--level)"}},
    };
    const auto before = dir.list();
    for (const auto& c : cases) {
        std::vector<std::string> args = {"impedance", "--out", dir.file("out.zma"), "--json", dir.file("out.json"),
                                         "--save-recording", dir.file("out.wav")};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = zbt::zbench(args);
        INFO(c.what << " -> exit " << r.exit_code << ": " << r.err);
        CHECK(r.exit_code == c.exit_code);
        CHECK(zbt::count_lines(r.err) == 1);
        for (const auto& needle : c.needles) CHECK_THAT(r.err, Catch::Contains(needle));
        CHECK(r.out.empty());
        CHECK(dir.list().size() == before.size());  // nothing written, no temporary left
    }
}

TEST_CASE("safe set-ups measure: line output with R_ref 1 kohm, amplifier with R_ref 10 ohm", "[safety][cli]") {
    zbt::TempDir dir;
    // An 8 ohm driver (the rig's woofer: Re 6.2 ohm, fs 38.5 Hz) on a line
    // output (100 ohm source) through R_ref 1 kohm.
    zbt::write_text(dir.file("line.json"), R"({"output": "line", "source_impedance": 100, "r_ref": 1000})");
    auto line = zbt::zbench({"impedance", "-q", "--sim-scenario", dir.file("line.json"), "--out", dir.file("line.zma"), "--json",
                        dir.file("line_report.json")});
    INFO(line.err);
    REQUIRE(line.exit_code == 0);
    CHECK(line.err.empty());
    auto j = nlohmann::json::parse(zbt::read_text(dir.file("line_report.json")));
    CHECK(j["settings"]["output"]["kind"] == "line");
    CHECK(j["safety"]["refusal"].is_null());
    CHECK(j["safety"]["minimum_load_ohm"] == 600.0);
    CHECK(j["safety"]["load_min_ohm"].get<double>() == Approx(1006.7).epsilon(0.01));
    CHECK(j["safety"]["probe"]["tones"].size() == 8);
    CHECK(j["safety"]["level"]["applied_dbfs"] == -20.0);
    CHECK(j["safety"]["level"]["dut_volts_rms_bound"].get<double>() < 1.0);
    const zb::SpeakerParams woofer;
    auto curve = zb::load_zma(dir.file("line.zma"));
    REQUIRE(curve.ok());
    // R_ref 1 kohm leaves input B 40 dB below A: still within 1 % (the analysis warns below R_ref/100).
    const auto err = zbt::compare_curve(*curve, [&](double f) { return zb::speaker_impedance(woofer, f); }, 20, 20000);
    std::printf("line output, R_ref 1 kohm, woofer: |Z| error %.3f %%, phase %.3f deg\n", 100 * err.max_magnitude_rel,
                err.max_phase_deg);
    CHECK(err.max_magnitude_rel < 0.01);

    // The built-in default: an amplifier, R_ref 10 ohm, the woofer.
    auto amp = zbt::zbench({"impedance", "-q", "--json", dir.file("amp.json")});
    INFO(amp.err);
    REQUIRE(amp.exit_code == 0);
    j = nlohmann::json::parse(zbt::read_text(dir.file("amp.json")));
    CHECK(j["settings"]["output"]["kind"] == "amplifier");
    CHECK(j["safety"]["output"] == "amplifier");
    CHECK(j["safety"]["refusal"].is_null());
    CHECK(j["safety"]["load_min_ohm"].get<double>() == Approx(16.74).epsilon(0.01));
    CHECK(j["safety"]["minimum_load_ohm"] == 2.0);
}

TEST_CASE("a long round trip is measured, not blamed on the wiring", "[safety][cli]") {
    // A desktop audio server can take 0.2 s or more to bring the sound back:
    // the 300 ms probe then hears its tones cut off or not at all, and plays
    // again with room for 0.85 s; above 0.25 s the automatic first sweep keeps
    // its full silences (0.5 s and 1 s). A short round trip plays the probe once.
    zbt::TempDir dir;
    const zb::SpeakerParams woofer;
    struct Case {
        int latency_samples;
        bool late;
        double audio_s;  // probe(s), the 1 s sweep and its silences
    };
    for (const Case c : {Case{2000, false, 0.3 + 1.5}, Case{7200, false, 0.3 + 1.5}, Case{9600, true, 0.3 + 1.1 + 1.5},
                         Case{14400, true, 0.3 + 1.1 + 2.5}, Case{38400, true, 0.3 + 1.1 + 2.5}}) {
        const std::string scenario = dir.file("late.json"), zma = dir.file("late.zma"), json = dir.file("late_report.json");
        zbt::write_text(scenario, R"({"input": {"latency_samples": )" + std::to_string(c.latency_samples) + "}}");
        auto r = zbt::zbench({"impedance", "-q", "--sim-scenario", scenario, "--out", zma, "--json", json});
        INFO("latency " << c.latency_samples << " samples: exit " << r.exit_code << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(zbt::read_text(json));
        CHECK(j["safety"]["probe_late"] == c.late);
        // 0.15 s: the tones run past the 300 ms probe's end, but a whole window of them was heard, and the
        // latency it reports is a lower bound.
        const double latency_s = c.latency_samples / 48000.0, heard_s = j["safety"]["probe"]["latency_s"].get<double>();
        if (c.latency_samples == 7200)
            CHECK((heard_s > 0.1 && heard_s <= latency_s));
        else
            CHECK(heard_s == Approx(latency_s).margin(0.01));
        CHECK(j["settings"]["sweep_choice"]["audio_played_s"].get<double>() == Approx(c.audio_s).margin(0.01));
        auto curve = zb::load_zma(zma);
        REQUIRE(curve.ok());
        const auto err = zbt::compare_curve(*curve, [&](double f) { return zb::speaker_impedance(woofer, f); }, 20, 20000);
        CHECK(err.max_magnitude_rel < 0.001);
        CHECK(err.max_phase_deg < 0.1);
    }
}

TEST_CASE("zbench advise classifies curve files and what is on the rig", "[safety][cli][advisor]") {
    zbt::TempDir dir;
    // From files: a real speaker, a 10 kohm line input, 300 ohm headphones.
    auto speaker = zbt::zbench({"advise", zbt::reference_file("jonronen_speaker-measurements/Sealed SIG120 DX25TG59/Woofer.zma"),
                           "--json", dir.file("speaker.json")});
    INFO(speaker.err);
    REQUIRE(speaker.exit_code == 0);
    CHECK_THAT(speaker.out, Catch::Contains("a passive speaker, nominal 4 ohm"));
    auto j = nlohmann::json::parse(zbt::read_text(dir.file("speaker.json")));
    CHECK(j["kind"] == "passive_speaker");
    CHECK(j["nominal_ohm"] == 4.0);
    CHECK(j["needs_amplifier"] == true);
    CHECK_THAT(j["advice"].get<std::string>(), Catch::Contains("speaker wire"));

    zb::ImpedanceCurve line, phones;
    zb::SpeakerParams hp;
    hp.re_ohm = 290;
    hp.le_h = 2e-3;
    hp.l2_h = 0;
    hp.fs_hz = 100;
    hp.qms = 2;
    hp.qes = 2.5;
    for (double f = 10; f <= 20000; f *= std::pow(2.0, 1.0 / 12)) {
        line.push_back(f, 1.0 / (1.0 / 10e3 + std::complex<double>(0, zb::kTwoPi * f * 220e-12)));
        phones.push_back(f, zb::speaker_impedance(hp, f));
    }
    zbt::write_text(dir.file("line.zma"), zb::format_zma(line, {"10 kohm line input"}));
    zbt::write_text(dir.file("phones.csv"), zb::format_impedance_csv(phones));
    auto l = zbt::zbench({"advise", dir.file("line.zma"), "--json", dir.file("line.json")});
    REQUIRE(l.exit_code == 0);
    j = nlohmann::json::parse(zbt::read_text(dir.file("line.json")));
    CHECK(j["kind"] == "line_input");
    CHECK(j["needs_amplifier"] == false);
    CHECK(j["nominal_ohm"].get<double>() == Approx(10e3).epsilon(0.01));
    CHECK_THAT(j["advice"].get<std::string>(), Catch::Contains("balanced TRS or XLR") && Catch::Contains("3.5 mm TRS to dual-TS"));
    auto p = zbt::zbench({"advise", dir.file("phones.csv"), "--json", dir.file("phones.json")});
    REQUIRE(p.exit_code == 0);
    j = nlohmann::json::parse(zbt::read_text(dir.file("phones.json")));
    CHECK(j["kind"] == "headphones");
    CHECK(j["nominal_ohm"].get<double>() == Approx(300).epsilon(0.05));

    // Measured on the rig: the default woofer, a 10 kohm line input on a line
    // output through 1 kohm, 300 ohm headphones on a headphone output, an
    // open and a short (allowed here: they are answers, not wiring faults).
    zbt::write_text(dir.file("phones.zma"), zb::format_zma(phones, {"300 ohm headphones"}));
    zbt::write_text(dir.file("rig_line.json"),
                    R"({"output": "line", "source_impedance": 100, "r_ref": 1000, "dut": {"model": "resistor", "R": 10000}})");
    zbt::write_text(dir.file("rig_phones.json"),
                    R"({"output": "headphone", "source_impedance": 10, "r_ref": 100, "dut": {"model": "zma", "file": "phones.zma"}})");
    zbt::write_text(dir.file("rig_open.json"), R"({"dut": {"model": "open"}})");
    zbt::write_text(dir.file("rig_short.json"), R"({"dut": {"model": "short"}, "leads_ohm": 0.05})");
    struct RigCase {
        std::vector<std::string> args;
        std::string kind;
        bool needs_amplifier;
    };
    const RigCase rig[] = {
        {{}, "passive_speaker", true},
        {{"--sim-scenario", dir.file("rig_line.json")}, "line_input", false},
        {{"--sim-scenario", dir.file("rig_phones.json")}, "headphones", false},
        {{"--sim-scenario", dir.file("rig_open.json")}, "open", false},
        {{"--sim-scenario", dir.file("rig_short.json")}, "short", false},
    };
    for (const auto& c : rig) {
        std::vector<std::string> args = {"advise", "-q", "--json", dir.file("rig.json")};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = zbt::zbench(args);
        INFO((c.args.empty() ? std::string("default rig") : c.args.back()) << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        j = nlohmann::json::parse(zbt::read_text(dir.file("rig.json")));
        std::printf("advise on the rig %-16s -> %-16s nominal %.4g ohm\n",
                    c.args.empty() ? "default" : c.args.back().substr(c.args.back().rfind('/') + 1).c_str(),
                    j["kind"].get<std::string>().c_str(), j["nominal_ohm"].get<double>());
        CHECK(j["kind"] == c.kind);
        CHECK(j["needs_amplifier"] == c.needs_amplifier);
        CHECK(j["source"]["kind"] == "device");
        CHECK(j["safety"]["refusal"].is_null());
    }

    // The load check still guards advise: the woofer on a line output is refused.
    auto refused = zbt::zbench({"advise", "--output", "line", "--json", dir.file("no.json")});
    CHECK(refused.exit_code == 13);
    CHECK_THAT(refused.err, Catch::Contains("a speaker on a line output"));
    auto both = zbt::zbench({"advise", dir.file("line.zma"), "--sim-scenario", dir.file("rig_open.json")});
    CHECK(both.exit_code == 2);
    auto missing = zbt::zbench({"advise", dir.file("nothing.zma")});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("nothing.zma"));
}
