// zbench hum end to end: the report's keys, dBV with a sensitivity, WAV input
// at 400 Hz to 192 kHz, --track, --compare, and the bad-input contract (one
// line, non-zero exit, no output file).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

#include "io/wav.h"
#include "support/test_support.h"
#include "util/units.h"

namespace {

const char* const kScenario = R"({"seed": 7, "dut": {"model": "open"}, "full_scale_volts": 2.0,
  "input": {"noise_dbfs": -112, "dc_volts": [0.02, 0.0]},
  "hum": {"mains_hz": 60.02, "harmonics": [{"n": 1, "dbfs": -85}, {"n": 2, "dbfs": -78}, {"n": 3, "dbfs": -92}],
          "tones": [{"frequency_hz": 15625, "dbfs": -104}]}})";

// A WAV of a 50 Hz hum plus its third harmonic at `fs`.
void write_hum_wav(const std::string& path, double fs, double seconds) {
    zb::AudioFile audio;
    audio.sample_rate_hz = fs;
    audio.channels.resize(1);
    const auto n = static_cast<std::size_t>(fs * seconds);
    for (std::size_t t = 0; t < n; ++t) {
        const double time = static_cast<double>(t) / fs;
        audio.channels[0].push_back(static_cast<float>(0.1 * std::sin(zb::kTwoPi * 50.01 * time) + 0.01 * std::sin(zb::kTwoPi * 150.03 * time + 1)));
    }
    REQUIRE(zb::write_wav_float(path, audio));
}

}  // namespace

TEST_CASE("zbench hum measures the rig and writes the report the issue specifies", "[hum][cli]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("rig.json"), kScenario);
    auto r = zbt::zbench({"hum", "--sim-scenario", dir.file("rig.json"), "--json", dir.file("hum.json"), "--full-scale-volts", "2"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());  // no live display off a terminal
    CHECK_THAT(r.out, Catch::Contains("Input A: buzz"));
    CHECK_THAT(r.out, Catch::Contains("60.02"));
    const auto j = nlohmann::json::parse(zbt::read_text(dir.file("hum.json")));
    CHECK(j["mains_hz"].get<double>() == Approx(60.02).margin(0.01));
    CHECK(j["mains_nominal_hz"] == 60.0);
    REQUIRE(j["channels"].size() == 2);
    const auto& a = j["channels"][0];
    for (const char* key : {"rms_dbfs", "dc_offset_fs", "dc_offset_v", "noise_floor_dbfs", "harmonics", "total_hum_dbfs", "diagnosis"})
        CHECK(a.contains(key));
    CHECK(a["dc_offset_fs"].get<double>() == Approx(0.01).margin(1e-5));  // 20 mV of 2 V full scale
    CHECK(a["dc_offset_v"].get<double>() == Approx(0.02).margin(2e-5));
    CHECK(a["diagnosis"]["kind"] == "buzz");
    CHECK(a["diagnosis"]["flags"] == nlohmann::json::array({"dc_offset"}));
    CHECK(j["channels"][1]["diagnosis"]["flags"].empty());
    CHECK_THAT(a["diagnosis"]["text"].get<std::string>(), Catch::Contains("balanced TRS or XLR"));
    CHECK_THAT(a["diagnosis"]["text"].get<std::string>(), Catch::Contains("Never lift the safety earth"));
    const auto& h2 = a["harmonics"][1];
    CHECK(h2["n"] == 2);
    CHECK(h2["frequency_hz"].get<double>() == Approx(120.04).margin(0.02));
    CHECK(h2["level_dbfs"].get<double>() == Approx(-78).margin(0.1));
    CHECK(h2["level_dbv"].get<double>() == Approx(-78 + 20 * std::log10(2 / std::sqrt(2.0))).margin(0.1));
    CHECK(a["harmonics"].size() == 40);
    bool tone = false;
    for (const auto& p : a["peaks"]) tone = tone || (std::abs(p["frequency_hz"].get<double>() - 15625) < 0.5 && p["mains_harmonic"].is_null());
    CHECK(tone);
    CHECK_FALSE(a.contains("spectrum"));
}

TEST_CASE("zbench hum --compare reports the change, and --spectrum adds the spectrum", "[hum][cli]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("before.json"), R"({"dut": {"model": "open"}, "hum": {"harmonics": [{"n": 1, "dbfs": -80}]}})");
    zbt::write_text(dir.file("after.json"), R"({"dut": {"model": "open"}, "seed": 2, "hum": {"harmonics": [{"n": 1, "dbfs": -98.4}]}})");
    REQUIRE(zbt::zbench({"hum", "--sim-scenario", dir.file("before.json"), "--json", dir.file("b.json"), "-q"}).exit_code == 0);
    auto r = zbt::zbench({"hum", "--sim-scenario", dir.file("after.json"), "--compare", dir.file("b.json"), "--json", dir.file("a.json"),
                     "--spectrum", "--channels", "B"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("B: hum -18.4 dB after the change"));
    const auto j = nlohmann::json::parse(zbt::read_text(dir.file("a.json")));
    REQUIRE(j["channels"].size() == 1);
    CHECK(j["channels"][0]["name"] == "B");
    CHECK(j["comparison"]["channels"][0]["total_hum_change_db"].get<double>() == Approx(-18.4).margin(0.1));
    const auto& spectrum = j["channels"][0]["spectrum"];
    CHECK(spectrum["frequency_hz"].size() > 400);
    CHECK(spectrum["level_dbfs"].size() == spectrum["frequency_hz"].size());
    double at50 = -400;
    for (std::size_t i = 0; i < spectrum["frequency_hz"].size(); ++i)
        if (std::abs(spectrum["frequency_hz"][i].get<double>() - 50) < 2) at50 = std::max(at50, spectrum["level_dbfs"][i].get<double>());
    CHECK(at50 == Approx(-98.4).margin(0.1));
}

TEST_CASE("zbench hum --from-wav reads 400 Hz to 192 kHz, and --track follows a real mains recording", "[hum][cli]") {
    zbt::TempDir dir;
    for (double fs : {400.0, 44100.0, 192000.0}) {
        write_hum_wav(dir.file("h.wav"), fs, 6.0);
        auto r = zbt::zbench({"hum", "--from-wav", dir.file("h.wav"), "--json", dir.file("h.json"), "-q"});
        INFO(fs << " Hz: " << r.err);
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(zbt::read_text(dir.file("h.json")));
        CHECK(j["mains_hz"].get<double>() == Approx(50.01).margin(0.001));
        CHECK(j["channels"][0]["name"] == "1");
        CHECK(j["channels"][0]["harmonics"][2]["level_dbfs"].get<double>() == Approx(-40).margin(0.05));
    }
    const std::string enf = zbt::reference_file("cjxyyzs_ENF-SAH-Dataset/ref_01.wav");
    auto r = zbt::zbench({"hum", "--from-wav", enf, "--track", "--seconds", "60", "--json", dir.file("enf.json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Mains frequency, interval by interval"));
    const auto j = nlohmann::json::parse(zbt::read_text(dir.file("enf.json")));
    REQUIRE(j["track"].size() == 60);
    CHECK(j["duration_s"].get<double>() == Approx(60.0));
    for (const auto& p : j["track"]) CHECK(p["frequency_hz"].get<double>() == Approx(50.0).margin(0.06));
}

TEST_CASE("zbench hum: bad input gets one line, a non-zero exit and no output file", "[hum][cli]") {
    zbt::TempDir dir;
    write_hum_wav(dir.file("slow.wav"), 300.0, 4.0);
    write_hum_wav(dir.file("fast.wav"), 200000.0, 1.5);
    write_hum_wav(dir.file("short.wav"), 48000.0, 0.5);
    zbt::write_text(dir.file("bad.json"), R"({"channels": [{"name": "A"}]})");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--from-wav", dir.file("slow.wav")}, "slow.wav"},
        {{"--from-wav", dir.file("fast.wav")}, "fast.wav"},
        {{"--from-wav", dir.file("short.wav")}, "at least 1 s"},
        {{"--from-wav", dir.file("missing.wav")}, "missing.wav"},
        {{"--seconds", "0.5"}, "--seconds"},
        {{"--channels", "C"}, "--channels"},
        {{"--full-scale-volts", "-1"}, "--full-scale-volts"},
        {{"--compare", dir.file("bad.json")}, "bad.json: channels[0].total_hum_dbfs"},
        {{"--compare", dir.file("nothing.json")}, "nothing.json"},
        {{"--device", "focusrite"}, "--device focusrite"},
    };
    const auto before = dir.list();
    for (const auto& [args, expected] : cases) {
        std::vector<std::string> argv = {"hum", "--json", dir.file("out.json")};
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = zbt::zbench(argv);
        INFO(args.front() << " " << args.back() << ": " << r.err);
        CHECK(r.exit_code >= 2);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains(expected));
        CHECK(dir.list().size() == before.size());  // no report, no temporary left
    }
}
