// The zbench CLI end to end, on the virtual rig: outputs, --from-wav, and the
// contract for bad input: one line on stderr naming the problem, a non-zero
// exit, and no output file.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "io/wav.h"
#include "io/zma.h"
#include "support/test_support.h"

TEST_CASE("zbench impedance writes the curve, the report and the recording", "[cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"impedance", "--out", dir.file("w.zma"), "--json", dir.file("w.json"), "--save-recording",
                     dir.file("w.wav")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Re (T/S fit)          6.2"));  // the default woofer: Re 6.2 ohm
    CHECK_THAT(r.out, Catch::Contains("|Z|max"));
    CHECK_THAT(r.out, Catch::Contains("nominal impedance"));
    CHECK(r.err.empty());  // no progress bar when stderr is not a terminal

    auto curve = zb::load_zma(dir.file("w.zma"));
    REQUIRE(curve.ok());
    CHECK(curve->size() == 528);
    const std::string zma = zbt::read_text(dir.file("w.zma"));
    CHECK(zma.rfind("* ", 0) == 0);
    CHECK(zma.find('\r') == std::string::npos);

    const auto json = nlohmann::json::parse(zbt::read_text(dir.file("w.json")));
    CHECK(json["impedance"]["frequency_hz"].size() == 528);
    CHECK(json["impedance"]["magnitude_ohm"].size() == 528);
    CHECK(json["impedance"]["phase_deg"].size() == 528);
    CHECK(json["device"]["kind"] == "sim");
    CHECK(json["device"]["scenario"]["r_ref"] == 10.0);
    CHECK(json["settings"]["r_ref_ohm"] == 10.0);
    CHECK(json["settings"]["output"]["kind"] == "amplifier");
    CHECK(json["settings"]["output"]["source"] == "scenario");
    CHECK(json["settings"]["level_dbfs"] == -20.0);
    CHECK(json["summary"]["z_max_frequency_hz"].get<double>() == Approx(38.5).epsilon(0.02));

    auto wav = zb::read_audio_file(dir.file("w.wav"));
    REQUIRE(wav.ok());
    CHECK(wav->channels.size() == 2);

    // The recording analysed offline gives the same curve.
    auto again = zbt::zbench({"impedance", "--from-wav", dir.file("w.wav"), "--out", dir.file("again.zma"), "--json", dir.file("again.json")});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(zbt::read_text(dir.file("again.zma")) == zma);
    const auto json2 = nlohmann::json::parse(zbt::read_text(dir.file("again.json")));
    CHECK(json2["device"]["kind"] == "wav");
    CHECK(json2["settings"]["output"]["source"] == "recording");

    auto csv = zbt::zbench({"impedance", "-q", "--out", dir.file("w.csv"), "--output", "amplifier", "--r-ref", "10"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.empty());
    CHECK(zbt::read_text(dir.file("w.csv")).rfind("frequency_hz,magnitude_ohm,phase_deg,magnitude_uncertainty_percent,phase_uncertainty_deg\n", 0) == 0);
}

TEST_CASE("bad input gets one line, a non-zero exit and no output file", "[cli]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("bad.json"), "{\"r_ref\": -3}");
    zbt::write_text(dir.file("broken.json"), "{\"r_ref\": ");
    zbt::write_text(dir.file("slow.json"), "{\"sample_rate\": 22050}");
    zbt::write_text(dir.file("badzma.zma"), "10 5 1\n10 6 2\n40 7 3\n");
    zbt::write_text(dir.file("zmadut.json"), "{\"dut\": {\"model\": \"zma\", \"file\": \"badzma.zma\"}}");
    zb::AudioFile mono;
    mono.sample_rate_hz = 48000;
    mono.channels = {std::vector<float>(48000, 0.0f)};
    REQUIRE(zb::write_wav_float(dir.file("mono.wav"), mono).ok());
    zb::AudioFile foreign;
    foreign.sample_rate_hz = 48000;
    foreign.channels = {std::vector<float>(48000, 0.0f), std::vector<float>(48000, 0.0f)};
    REQUIRE(zb::write_wav_float(dir.file("foreign.wav"), foreign).ok());
    zbt::write_text(dir.file("junk.wav"), "RIFF....junk");
    const auto before = dir.list();

    struct Case {
        std::vector<std::string> args;
        std::string needle;
    };
    const std::string out = dir.file("out.zma");
    const Case cases[] = {
        {{"--sim-scenario", dir.file("missing.json")}, "missing.json: cannot open"},
        {{"--sim-scenario", dir.file("bad.json")}, "bad.json: r_ref"},
        {{"--sim-scenario", dir.file("broken.json")}, "broken.json: not valid JSON"},
        {{"--sim-scenario", dir.file("slow.json")}, "22050 Hz"},
        {{"--sim-scenario", dir.file("zmadut.json")}, "badzma.zma: line 2"},
        {{"--r-ref", "0"}, "--r-ref"},
        {{"--r-ref", "-10"}, "--r-ref"},
        {{"--fmin", "2000", "--fmax", "1000"}, "--fmin 2000 Hz must be below --fmax"},
        {{"--fmax", "23000"}, "--fmax"},
        {{"--level", "3"}, "--level"},
        {{"--from-wav", dir.file("mono.wav")}, "mono.wav: has 1 channel"},
        {{"--from-wav", dir.file("foreign.wav")}, "foreign.wav: not a zbench recording"},
        {{"--from-wav", dir.file("junk.wav")}, "junk.wav: cannot read audio"},
        {{"--from-wav", dir.file("nothing.wav")}, "nothing.wav"},
        {{"--from-wav", dir.file("foreign.wav"), "--r-ref", "10"}, "no signal on input A"},
        {{"--device", "focusrite"}, "--device focusrite"},
        {{"--output", "speaker"}, "--output"},
        {{"--bogus"}, "--bogus"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"impedance", "--out", out, "--json", dir.file("out.json")};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = zbt::zbench(args);
        INFO("zbench impedance ... " << c.args.front() << " -> " << r.err);
        CHECK(r.exit_code != 0);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains(c.needle));
        CHECK(dir.list().size() == before.size());  // nothing written, no temporary left
    }
    auto ext = zbt::zbench({"impedance", "--out", dir.file("curve.xyz")});
    CHECK(ext.exit_code == 2);
    CHECK_THAT(ext.err, Catch::Contains("curve.xyz: unsupported file type; use .zma, .txt, .csv"));
    zbt::write_text(dir.file("plain"), "x");
    auto file_as_dir = zbt::zbench({"impedance", "--json", dir.file("plain/r.json")});
    CHECK(file_as_dir.exit_code == 2);
    CHECK_THAT(file_as_dir.err, Catch::Contains("plain is a file, not a folder"));
    CHECK(dir.list().size() == before.size() + 1);
    // A missing folder is created, as the profile store creates its own.
    auto nodir = zbt::zbench({"impedance", "-q", "--sweep-seconds", "0.5", "--json", dir.file("no/dir/r.json")});
    CHECK(nodir.exit_code == 0);
    CHECK(zbt::read_text(dir.file("no/dir/r.json")).size() > 100);
}

TEST_CASE("an output named - goes to standard output, and the summary to standard error", "[cli]") {
    zbt::TempDir dir;
    const std::string curve = zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    auto ts = zbt::zbench({"ts", curve, "--json", "-", "--plot", dir.file("p.svg")});
    INFO(ts.err);
    REQUIRE(ts.exit_code == 0);
    const auto report = nlohmann::json::parse(ts.out);  // stdout holds the report and nothing else
    CHECK(report["ts"]["fs"].get<double>() == Approx(44.93).epsilon(1e-3));
    CHECK_THAT(ts.err, Catch::Contains("Thiele/Small parameters from"));
    CHECK(zbt::read_text(dir.file("p.svg")).find("<svg") != std::string::npos);
    // A curve on stdout is a ZMA that reads back.
    auto imp = zbt::zbench({"impedance", "-q", "--sweep-seconds", "0.5", "--out", "-"});
    REQUIRE(imp.exit_code == 0);
    auto zma = zb::parse_zma(imp.out, "stdout");
    REQUIRE(zma.ok());
    CHECK(zma->size() > 400);
    // One output at most, and never audio.
    const auto before = dir.list();
    auto both = zbt::zbench({"ts", curve, "--json", "-", "--plot", "-"});
    CHECK(both.exit_code == 2);
    CHECK_THAT(both.err, Catch::Contains("--json and --plot both name standard output"));
    CHECK(both.out.empty());
    auto wav = zbt::zbench({"impedance", "--save-recording", "-", "--json", dir.file("r.json")});
    CHECK(wav.exit_code == 2);
    CHECK_THAT(wav.err, Catch::Contains("--save-recording -: audio cannot go to standard output"));
    CHECK(dir.list() == before);
}

TEST_CASE("a mistyped option is named, with the option it most likely meant", "[cli]") {
    struct Case {
        std::vector<std::string> args;
        std::string line;
    };
    const Case cases[] = {
        {{"impedance", "--max-volts", "5"}, "zbench: impedance: unknown option --max-volts; did you mean --max-dut-volts? (see zbench impedance --help)"},
        {{"ts", "free.zma", "--sdcm2", "104"}, "zbench: ts: unknown option --sdcm2; did you mean --sd-cm2? (see zbench ts --help)"},
        {{"hum", "--secnds=3"}, "zbench: hum: unknown option --secnds; did you mean --seconds? (see zbench hum --help)"},
        {{"impedance", "--frobnicate"}, "zbench: impedance: unknown option --frobnicate (see zbench impedance --help)"},
    };
    for (const auto& c : cases) {
        auto r = zbt::zbench(c.args);
        INFO(c.args[1]);
        CHECK(r.exit_code == 2);
        CHECK(r.err == c.line + "\n");
    }
}

TEST_CASE("zbench --help and --version answer", "[cli]") {
    auto v = zbt::zbench({"--version"});
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("zbench"));
    auto h = zbt::zbench({"impedance", "--help"});
    CHECK(h.exit_code == 0);
    CHECK_THAT(h.out, Catch::Contains("--sim-scenario"));
    auto none = zbt::zbench({});
    CHECK(none.exit_code == 2);
}
