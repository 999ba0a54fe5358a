// `zbench ts` and the T/S part of `zbench impedance`, end to end: the table,
// the JSON object "ts" in SI units, and the bad-input contract (one line on
// stderr, exit 2, no output file).
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "io/zma.h"
#include "support/test_support.h"
#include "ts/driver_model.h"

namespace {

const char* kL16 = "jcandy_speakertools/L16RNX_0g_242_27mV.zma";
const char* kL16m8 = "jcandy_speakertools/L16RNX_8_017g_242_27mV.zma";
const char* kL16m16 = "jcandy_speakertools/L16RNX_16_048g_242_27mV.zma";

}  // namespace

TEST_CASE("zbench ts with dual added mass prints the table and writes the ts JSON in SI units", "[ts][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"ts", zbt::reference_file(kL16), "--added-mass-zma", zbt::reference_file(kL16m8), "--added-mass-g", "8.017",
                     "--added-mass-zma", zbt::reference_file(kL16m16), "--added-mass-g", "16.048", "--sd-cm2", "104", "--json",
                     dir.file("l16.json")});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    // The L16RNX's band up to 10·fs (446 Hz) is Wright's with creep by the Akaike criterion.
    for (const char* text : {"Wright inductance model with LOG creep, chosen by AIC on the band up to 10 x fs", "beta ", "Mms", " g\n", "mm/N", "litres", "cm^2 (given)", "T*m", "added mass: 8.017 g"})
        CHECK_THAT(r.out, Catch::Contains(text));

    const auto doc = nlohmann::json::parse(zbt::read_text(dir.file("l16.json")));
    CHECK(doc["kind"] == "ts");
    const auto& ts = doc["ts"];
    for (const char* key : {"Re", "fs", "Qms", "Qes", "Qts", "Mms", "Cms", "Bl", "Vas", "Sd", "EBP", "Krm", "Erm", "Kxm", "Exm", "creep_beta"}) {
        INFO(key);
        REQUIRE(ts.contains(key));
        CHECK(ts[key].is_number());
        CHECK(ts["units"].contains(key));
    }
    for (const char* key : {"Re", "fs", "Qms", "Qes", "Qts", "Mms", "Cms", "Bl", "Vas"}) {
        INFO(key);
        CHECK(ts["uncertainty"][key].is_number());
        CHECK(ts["uncertainty"][key].get<double>() > 0.0);
    }
    CHECK(ts["model"] == "wright");
    CHECK(ts["residual"].get<double>() > 0.0);
    CHECK(ts["residual"].get<double>() < 0.08);
    CHECK(ts["units"]["Mms"] == "kg");
    CHECK(ts["units"]["Vas"] == "m^3");
    CHECK(ts["units"]["Cms"] == "m/N");
    // SI: kilograms, cubic metres, square metres.
    CHECK(ts["Mms"].get<double>() == Approx(0.0149).epsilon(0.07));
    CHECK(ts["Sd"].get<double>() == Approx(0.0104));
    CHECK(ts["Vas"].get<double>() > 0.005);
    CHECK(ts["Vas"].get<double>() < 0.03);
    CHECK(ts["EBP"].get<double>() == Approx(ts["fs"].get<double>() / ts["Qes"].get<double>()));
    CHECK(ts["air"]["density_kg_m3"] == 1.204);
    CHECK(ts["air"]["speed_of_sound_m_s"] == 343.0);
    CHECK(ts["added_mass"]["curves"].size() == 2);
    CHECK(ts["fit"]["residuals"].contains("lr2"));
    CHECK(ts["fit"]["residuals"].contains("wright"));
    CHECK(ts["warnings"].empty());
}

TEST_CASE("zbench ts --model lr2 and --re report what was asked", "[ts][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"ts", zbt::reference_file(kL16), "--model", "lr2", "--re", "5.72", "--json", dir.file("lr2.json")});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("LR-2 inductance model, as asked"));
    CHECK_THAT(r.out, Catch::Contains("ohm (given)"));
    CHECK_THAT(r.out, Catch::Contains("mH"));
    CHECK_THAT(r.out, Catch::Contains("need --added-mass-zma"));
    const auto ts = nlohmann::json::parse(zbt::read_text(dir.file("lr2.json")))["ts"];
    CHECK(ts["model"] == "lr2");
    CHECK(ts["Re"].get<double>() == Approx(5.72));
    CHECK(ts["uncertainty"]["Re"] == 0.0);
    CHECK(ts["fit"]["re_fixed"] == true);
    for (const char* key : {"Le", "L2", "R2"}) CHECK(ts[key].is_number());
    CHECK_FALSE(ts.contains("Krm"));
    CHECK(ts["Mms"].is_null());
    CHECK(ts["Vas"].is_null());
}

TEST_CASE("zbench ts on a vented box reports fb and says it is not free air", "[ts][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"ts", zbt::reference_file("jonronen_speaker-measurements/Dayton DC160-8 and Vifa DX25TG59-04/Woofer.zma"), "--json",
                     dir.file("v.json")});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("fb"));
    CHECK_THAT(r.out, Catch::Contains("warning: not a driver in free air"));
    const auto ts = nlohmann::json::parse(zbt::read_text(dir.file("v.json")))["ts"];
    CHECK(ts["curve_shape"] == "vented_box");
    CHECK(ts["vented_box"]["fb"].get<double>() == Approx(43.0).epsilon(0.02));
    CHECK(ts["fs"].is_null());
    CHECK(ts["model"].is_null());
}

TEST_CASE("zbench ts reads the LS10-44 as radians by itself, says so in one line, and takes --phase-radians or --phase-degrees", "[ts][cli]") {
    const std::string file = zbt::reference_file("yankz12_audiolib-elac/test_impedance.txt");
    auto r = zbt::zbench({"ts", file});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("fs"));
    CHECK_THAT(r.out, !Catch::Contains("warning"));
    CHECK_THAT(r.err, Catch::Contains("phase read as radians"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    auto told = zbt::zbench({"ts", "--phase-radians", file});
    REQUIRE(told.exit_code == 0);
    CHECK(told.err.empty());
    CHECK(told.out == r.out);
    auto degrees = zbt::zbench({"ts", "--phase-degrees", file});
    INFO(degrees.out << degrees.err);
    CHECK(degrees.err.find("phase read as radians") == std::string::npos);
    CHECK(degrees.out != r.out);
    auto both = zbt::zbench({"ts", "--phase-degrees", "--phase-radians", file});
    CHECK(both.exit_code != 0);
}

TEST_CASE("zbench ts reads a CSV with a header row and a CRLF, comma, scientific-notation file alike", "[ts][cli]") {
    zbt::TempDir dir;
    auto curve = zb::load_zma(zbt::reference_file(kL16));
    REQUIRE(curve.ok());
    zbt::write_text(dir.file("l16.csv"), zb::format_impedance_csv(*curve));
    std::string crlf = "* exported by some tool\r\n";
    char buf[96];
    for (std::size_t i = 0; i < curve->size(); ++i) {
        std::snprintf(buf, sizeof buf, "%.9e,%.9e,%.9e\r\n", curve->frequency_hz[i], curve->magnitude_ohm[i], curve->phase_deg[i]);
        crlf += buf;
    }
    zbt::write_text(dir.file("l16_crlf.txt"), crlf);
    double fs[3] = {};
    const std::string files[3] = {zbt::reference_file(kL16), dir.file("l16.csv"), dir.file("l16_crlf.txt")};
    for (int k = 0; k < 3; ++k) {
        auto r = zbt::zbench({"ts", files[k], "-q", "--json", dir.file("out" + std::to_string(k) + ".json")});
        INFO(files[k] << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.empty());
        fs[k] = nlohmann::json::parse(zbt::read_text(dir.file("out" + std::to_string(k) + ".json")))["ts"]["fs"].get<double>();
    }
    CHECK(fs[1] == Approx(fs[0]).epsilon(1e-6));
    CHECK(fs[2] == Approx(fs[0]).epsilon(1e-6));
}

TEST_CASE("zbench ts bad input: one line, exit 2, no output file", "[ts][cli]") {
    zbt::TempDir dir;
    // A resistor, written as a ZMA.
    zb::ImpedanceCurve resistor;
    for (double f = 10; f < 20000; f *= 1.1) resistor.push_back(f, {8.0, 0.0});
    zbt::write_text(dir.file("r8.zma"), zb::format_zma(resistor, {"8 ohm"}));
    const std::string json = dir.file("out.json");
    const std::string free = zbt::reference_file(kL16);
    struct Case {
        std::vector<std::string> args;
        const char* expect;
    };
    const std::vector<Case> cases = {
        {{"ts", free, "--added-mass-zma", zbt::reference_file(kL16m8), "--json", json}, "--added-mass-g"},
        {{"ts", free, "--added-mass-zma", zbt::reference_file(kL16m8), "--added-mass-g", "-3", "--json", json}, "above 0"},
        {{"ts", free, "--box-zma", zbt::reference_file(kL16m8), "--json", json}, "--box-litres"},
        {{"ts", free, "--sd-cm2", "0", "--json", json}, "--sd-cm2"},
        {{"ts", free, "--re", "-1", "--json", json}, "--re"},
        {{"ts", dir.file("missing.zma"), "--json", json}, "missing.zma"},
        {{"ts", dir.file("r8.zma"), "--json", json}, "no impedance peak"},
        // The added mass raises fs: files swapped.
        {{"ts", zbt::reference_file(kL16m8), "--added-mass-zma", free, "--added-mass-g", "8.017", "--json", json}, "not below the free-air"},
        // A closed box that is the free-air curve itself.
        {{"ts", free, "--box-zma", free, "--box-litres", "10", "--json", json}, "not above free air"},
        {{"ts", free, "--model", "lr3", "--json", json}, "lr3"},
    };
    for (const Case& c : cases) {
        auto r = zbt::zbench(c.args);
        INFO(c.args[1] << " ... -> " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains(c.expect));
        CHECK_FALSE(std::filesystem::exists(json));
    }
}

TEST_CASE("zbench ts --re above the curve's minimum |Z| is refused naming --re and both values, not blamed on the curve", "[ts][cli]") {
    zbt::TempDir dir;
    const std::string json = dir.file("out.json");
    auto curve = zb::load_zma(zbt::reference_file(kL16));
    REQUIRE(curve.ok());
    const double floor_ohm = *std::min_element(curve->magnitude_ohm.begin(), curve->magnitude_ohm.end());
    REQUIRE(floor_ohm == Approx(6.297).epsilon(1e-3));
    auto r = zbt::zbench({"ts", zbt::reference_file(kL16), "--re", "100", "--json", json});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(zbt::count_lines(r.err) == 1);
    CHECK_THAT(r.err, Catch::Contains("--re 100 ohm lies above the minimum |Z|"));
    CHECK_THAT(r.err, Catch::Contains("(6.3 ohm)"));
    CHECK_THAT(r.err, !Catch::Contains("no impedance peak"));
    CHECK_FALSE(std::filesystem::exists(json));
    // Just below the floor is a (poor) Re, not an error.
    auto below = zbt::zbench({"ts", zbt::reference_file(kL16), "--re", "6.2", "--quiet"});
    INFO(below.err);
    CHECK(below.exit_code == 0);
}

TEST_CASE("zbench ts warns, naming the band, when the fitted fs lies outside the fit band, and when it fitted beyond --fmax",
          "[ts][cli]") {
    zbt::TempDir dir;
    auto warnings_of = [&](const std::vector<std::string>& band) {
        std::vector<std::string> args = {"ts", zbt::reference_file(kL16), "--json", dir.file("band.json")};
        args.insert(args.end(), band.begin(), band.end());
        auto r = zbt::zbench(args);
        INFO(band[0] << " " << band[1] << ": " << r.out << r.err);
        REQUIRE(r.exit_code == 0);
        const auto doc = nlohmann::json::parse(zbt::read_text(dir.file("band.json")));
        std::string all;
        for (const auto& w : doc["ts"]["warnings"]) all += w.get<std::string>() + "\n";
        CHECK(r.out.find("warning: ") != std::string::npos);
        return all;
    };
    // Above the resonance (fs 44.6 Hz): the resonance is extrapolated.
    const std::string high = warnings_of({"--fmin", "200"});
    CHECK_THAT(high, Catch::Contains("the fitted fs ("));
    CHECK_THAT(high, Catch::Contains("lies outside the fit band 202.6 to 20000 Hz"));
    CHECK_THAT(high, Catch::Contains("set --fmin and --fmax"));  // the report names settings as the CLI does
    // Below it: the resonance figures still come from the band up to 10 fs
    // (the last point below it, 438 Hz), and the warning says they went beyond --fmax.
    const std::string low = warnings_of({"--fmax", "30"});
    CHECK_THAT(low, !Catch::Contains("the fitted fs ("));
    CHECK_THAT(low, Catch::Contains("Re, fs, Qms and Qes were fitted on the curve up to 438.44 Hz (10 times fs)"));
    CHECK_THAT(low, Catch::Contains("beyond --fmax 30 Hz"));
    // The whole band: neither.
    auto full = zbt::zbench({"ts", zbt::reference_file(kL16)});
    REQUIRE(full.exit_code == 0);
    CHECK_THAT(full.out, !Catch::Contains("outside the fit band"));
    CHECK_THAT(full.out, !Catch::Contains("beyond --fmax"));
}

TEST_CASE("zbench impedance adds free-air T/S to its summary and JSON", "[ts][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"impedance", "--json", dir.file("w.json")});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("T/S (free air)"));
    const auto ts = nlohmann::json::parse(zbt::read_text(dir.file("w.json")))["ts"];
    // The built-in woofer: Re 6.2, fs 38.5, Qms 4.1, Qes 0.42, LR-2.
    CHECK(ts["model"] == "lr2");
    CHECK(ts["Re"].get<double>() == Approx(6.2).epsilon(0.005));
    CHECK(ts["fs"].get<double>() == Approx(38.5).epsilon(0.005));
    CHECK(ts["Qms"].get<double>() == Approx(4.1).epsilon(0.005));
    CHECK(ts["Qes"].get<double>() == Approx(0.42).epsilon(0.005));
    CHECK(ts["Le"].get<double>() == Approx(3.5e-4).epsilon(0.05));
    CHECK(ts["Mms"].is_null());

    // A resistor on the rig: no T/S, and the summary says so in one line.
    zbt::write_text(dir.file("r.json"), R"({"dut": {"model": "resistor", "R": 8}})");
    auto res = zbt::zbench({"impedance", "--sim-scenario", dir.file("r.json"), "--json", dir.file("r_out.json")});
    INFO(res.out << res.err);
    REQUIRE(res.exit_code == 0);
    CHECK_THAT(res.out, Catch::Contains("T/S                none (no resonance peak)"));
    const auto rts = nlohmann::json::parse(zbt::read_text(dir.file("r_out.json")))["ts"];
    CHECK(rts["curve_shape"] == "no_peak");
    CHECK(rts["fs"].is_null());
}

TEST_CASE("zbench ts --sbd writes a Speakerbench datasheet with the documented keys and the report's numbers", "[ts][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"ts", zbt::reference_file(kL16), "--added-mass-zma", zbt::reference_file(kL16m8), "--added-mass-g", "8.017",
                          "--added-mass-zma", zbt::reference_file(kL16m16), "--added-mass-g", "16.048", "--sd-cm2", "104", "-q", "--json",
                          dir.file("l16.json"), "--sbd", dir.file("SBD_l16.json")});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto ts = nlohmann::json::parse(zbt::read_text(dir.file("l16.json")))["ts"];
    const auto sbd = nlohmann::json::parse(zbt::read_text(dir.file("SBD_l16.json")));
    // The keys of Speakerbench's "Thiele/Small Datasheet JSON file format", no others.
    const std::vector<std::string> documented = {"manufacturer", "brand", "model", "provider", "date", "comments", "volt", "git",
                                                 "re", "leb", "rss", "ke", "le", "bl", "mms", "c0", "r0", "f0", "beta", "lambda",
                                                 "sd", "dd", "cms", "rms", "l3", "qms", "qes", "qts", "fs", "vas", "temp", "pres",
                                                 "ah", "cs", "rho", "xmax"};
    CHECK(sbd.size() == documented.size());
    for (const auto& key : documented) {
        INFO(key);
        REQUIRE(sbd.contains(key));
        CHECK(sbd[key].is_string());  // "In the SBD-file all numbers are stored as strings."
    }
    CHECK(sbd["comments"] == "ts2");
    CHECK(sbd["model"] == "L16RNX_0g_242_27mV");
    auto value = [&](const char* key) { return std::stod(sbd[key].get<std::string>()); };
    // The report's numbers in the datasheet's units (6 significant digits).
    CHECK(value("re") == Approx(ts["Re"].get<double>()).epsilon(1e-5));
    CHECK(value("fs") == Approx(ts["fs"].get<double>()).epsilon(1e-5));
    CHECK(value("qms") == Approx(ts["Qms"].get<double>()).epsilon(1e-5));
    CHECK(value("qes") == Approx(ts["Qes"].get<double>()).epsilon(1e-5));
    CHECK(value("qts") == Approx(ts["Qts"].get<double>()).epsilon(1e-5));
    CHECK(value("bl") == Approx(ts["Bl"].get<double>()).epsilon(1e-5));
    CHECK(value("mms") == Approx(ts["Mms"].get<double>() * 1e3).epsilon(1e-5));
    CHECK(value("cms") == Approx(ts["Cms"].get<double>() * 1e3).epsilon(1e-5));
    CHECK(value("rms") == Approx(ts["Rms"].get<double>()).epsilon(1e-5));
    CHECK(value("vas") == Approx(ts["Vas"].get<double>() * 1e3).epsilon(1e-5));
    CHECK(value("sd") == Approx(104.0).epsilon(1e-6));
    CHECK(value("dd") == Approx(115.07).epsilon(1e-3));  // 2·sqrt(Sd/pi)
    CHECK(value("l3") > 0.1);  // mH: the +3 dB point of a 6-ohm woofer's coil
    CHECK(value("l3") < 2.0);
    // Without Sd or without masses: one line, exit 2, no file.
    auto no_sd = zbt::zbench({"ts", zbt::reference_file(kL16), "--added-mass-zma", zbt::reference_file(kL16m8), "--added-mass-g", "8.017",
                              "--sbd", dir.file("SBD_x.json")});
    CHECK(no_sd.exit_code == 2);
    CHECK_THAT(no_sd.err, Catch::Contains("--sd-cm2"));
    CHECK_FALSE(std::filesystem::exists(dir.file("SBD_x.json")));
}

TEST_CASE("zbench ts reports eta0, SPL at 1 W/1 m and Mmd with Sd and Mms, and Le at 1 kHz for both models", "[ts][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"ts", zbt::reference_file(kL16), "--added-mass-zma", zbt::reference_file(kL16m8), "--added-mass-g", "8.017",
                          "--added-mass-zma", zbt::reference_file(kL16m16), "--added-mass-g", "16.048", "--sd-cm2", "104", "--json",
                          dir.file("l16.json")});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* text : {"eta0", "SPL", "Mmd", "L1k"}) CHECK_THAT(r.out, Catch::Contains(text));
    const auto ts = nlohmann::json::parse(zbt::read_text(dir.file("l16.json")))["ts"];
    const double rho = 1.204, c = 343.0, sd = 104e-4;
    const double bl = ts["Bl"].get<double>(), mms = ts["Mms"].get<double>(), re = ts["Re"].get<double>();
    // The formulas, from the report's own numbers.
    const double eta0 = rho * bl * bl * sd * sd / (2 * M_PI * c * re * mms * mms);
    CHECK(ts["eta0"].get<double>() == Approx(eta0).epsilon(1e-9));
    CHECK(ts["SPL_1W_1m"].get<double>() == Approx(112.16 + 10 * std::log10(eta0)).margin(0.01));
    // The same efficiency from fs, Vas and Qes (Small's other form), within
    // the few % by which the added-mass fs and the free-air fit differ.
    const double eta0_small = 4 * M_PI * M_PI / (c * c * c) * std::pow(ts["fs"].get<double>(), 3) * ts["Vas"].get<double>() / ts["Qes"].get<double>();
    CHECK(ts["eta0"].get<double>() == Approx(eta0_small).epsilon(0.05));
    // A 6.5-inch woofer: about 0.2 % and 85-87 dB (SEAS: 86.5 dB).
    CHECK(ts["SPL_1W_1m"].get<double>() > 84.0);
    CHECK(ts["SPL_1W_1m"].get<double>() < 88.0);
    const double a = std::sqrt(sd / M_PI);
    CHECK(ts["Mmd"].get<double>() == Approx(mms - 2 * 8.0 / 3.0 * rho * a * a * a).epsilon(1e-9));
    CHECK(ts["Mmd"].get<double>() < mms);
    CHECK(ts["fit"]["Le_1kHz"]["lr2"].get<double>() > 0.0);
    CHECK(ts["fit"]["Le_1kHz"]["wright"].get<double>() > 0.0);
    // The chosen candidate's key: the inductance model, "_creep" with creep.
    const std::string key = ts["model"].get<std::string>() + (ts["creep_beta"].is_null() ? "" : "_creep");
    CHECK(ts["Le_1kHz"].get<double>() == ts["fit"]["Le_1kHz"][key].get<double>());
    CHECK(ts["Le_1kHz"].get<double>() > 0.1e-3);  // H: 0.1-1.5 mH for this coil
    CHECK(ts["Le_1kHz"].get<double>() < 1.5e-3);
    // Without Sd: null.
    auto bare = zbt::zbench({"ts", zbt::reference_file(kL16), "-q", "--json", dir.file("bare.json")});
    REQUIRE(bare.exit_code == 0);
    const auto b = nlohmann::json::parse(zbt::read_text(dir.file("bare.json")))["ts"];
    CHECK(b["eta0"].is_null());
    CHECK(b["Mmd"].is_null());
    CHECK(b["Le_1kHz"].is_number());
}

TEST_CASE("zbench ts --model wright-creep fits the creep term, --model wright does not", "[ts][cli]") {
    zbt::TempDir dir;
    auto with = zbt::zbench({"ts", zbt::reference_file(kL16), "--model", "wright-creep", "--json", dir.file("creep.json")});
    INFO(with.out << with.err);
    REQUIRE(with.exit_code == 0);
    CHECK_THAT(with.out, Catch::Contains("Wright inductance model with LOG creep, as asked"));
    const auto creep = nlohmann::json::parse(zbt::read_text(dir.file("creep.json")))["ts"];
    CHECK(creep["creep_beta"].is_number());
    // The plain Wright fit is only the creep fit's start: no T/S band residual
    // of its own, and the whole-band inductance residual is listed once.
    CHECK(creep["fit"]["residuals"]["wright"].is_null());
    CHECK(creep["fit"]["residuals"]["wright_creep"].is_number());
    CHECK_THAT(with.out, Catch::Contains("T/S band residual Wright + LOG creep "));
    CHECK_THAT(with.out, Catch::Contains("inductance fit residual Wright ") && !Catch::Contains("inductance fit residual Wright + LOG creep"));
    // The L16RNX's suspension creeps: the automatic choice is the same fit.
    auto automatic = zbt::zbench({"ts", zbt::reference_file(kL16), "--json", dir.file("auto.json")});
    REQUIRE(automatic.exit_code == 0);
    const auto chosen = nlohmann::json::parse(zbt::read_text(dir.file("auto.json")))["ts"];
    CHECK(chosen["fs"].get<double>() == Approx(creep["fs"].get<double>()).epsilon(1e-9));
    auto without = zbt::zbench({"ts", zbt::reference_file(kL16), "--model", "wright", "--json", dir.file("plain.json")});
    REQUIRE(without.exit_code == 0);
    const auto plain = nlohmann::json::parse(zbt::read_text(dir.file("plain.json")))["ts"];
    CHECK(plain["creep_beta"].is_null());
    CHECK(plain["fs"].get<double>() != Approx(creep["fs"].get<double>()).epsilon(1e-4));
}
