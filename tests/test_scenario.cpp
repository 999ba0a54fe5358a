// Scenario files: the documented keys, defaults and field-named errors.
#include <catch2/catch.hpp>

#include "rig/scenario.h"
#include "support/test_support.h"
#include "util/json_fields.h"

using namespace zb;

namespace {
Result<Scenario> parse_text(const std::string& text) {
    auto j = parse_json_text(text, "rig.json");
    if (!j) return j.error();
    return parse_scenario(*j, "rig.json", ".");
}
}  // namespace

TEST_CASE("the example scenario from the issue parses with every key", "[scenario]") {
    auto s = parse_text(R"({ "sample_rate": 96000, "seed": 7, "full_scale_volts": 2.5, "source_impedance": 100,
        "r_ref": 22.0, "leads_ohm": 0.05,
        "dut": {"model": "speaker", "Re": 6.2, "Le": 3.5e-4, "L2": 8e-4, "R2": 4.0, "fs": 38.5, "Qms": 4.1, "Qes": 0.42},
        "input": {"impedance": 1e6, "gain_db": [0.5, -0.25], "noise_dbfs": -110, "dc_volts": [0.001, 0.0], "latency_samples": 1234},
        "hum": {"mains_hz": 60.0, "harmonics": [{"n": 1, "dbfs": -80}, {"n": 3, "dbfs": -95}]} })");
    REQUIRE(s.ok());
    CHECK(s->sample_rate_hz == 96000);
    CHECK(s->seed == 7);
    CHECK(s->full_scale_volts == 2.5);
    CHECK(s->source_impedance_ohm == 100);
    CHECK(s->r_ref_ohm == 22);
    CHECK(s->leads_ohm == 0.05);
    REQUIRE(std::holds_alternative<SpeakerDut>(s->dut));
    CHECK(std::get<SpeakerDut>(s->dut).params.qms == 4.1);
    CHECK(s->input.gain_db[1] == -0.25);
    CHECK(s->input.dc_volts[0] == 0.001);
    CHECK(s->input.latency_samples == 1234);
    CHECK(s->hum.mains_hz == 60);
    REQUIRE(s->hum.harmonics.size() == 2);
    CHECK(s->hum.harmonics[1].n == 3);
    CHECK(s->hum.harmonics[1].level_dbfs == -95);
}

TEST_CASE("every DUT model parses", "[scenario]") {
    CHECK(std::holds_alternative<ResistorDut>(parse_text(R"({"dut": {"model": "resistor", "R": 8.0}})")->dut));
    CHECK(std::holds_alternative<OpenDut>(parse_text(R"({"dut": {"model": "open"}})")->dut));
    CHECK(std::holds_alternative<ShortDut>(parse_text(R"({"dut": {"model": "short"}})")->dut));
    const std::string zma = zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    auto s = parse_text(R"({"dut": {"model": "zma", "file": ")" + zma + R"("}})");
    REQUIRE(s.ok());
    REQUIRE(std::holds_alternative<CurveDut>(s->dut));
    CHECK(std::get<CurveDut>(s->dut).curve.size() == 386);
}

TEST_CASE("the built-in default is a woofer on an amplifier with R_ref 10 ohm at 48 kHz", "[scenario]") {
    const Scenario s = default_scenario();
    CHECK(s.sample_rate_hz == 48000);
    CHECK(s.r_ref_ohm == 10);
    CHECK(s.output_kind == "amplifier");
    CHECK(std::holds_alternative<SpeakerDut>(s.dut));
    // Round trip through JSON gives the same scenario.
    auto again = parse_scenario(scenario_to_json(s), "x", ".");
    REQUIRE(again.ok());
    CHECK(scenario_to_json(*again) == scenario_to_json(s));
}

TEST_CASE("scenario errors name the file and the field", "[scenario]") {
    struct Case {
        std::string text, needle;
    };
    const Case cases[] = {
        {R"({"r_ref": -5})", "rig.json: r_ref: must be a number from 0"},
        {R"({"r_rev": 10})", "rig.json: r_rev: unknown key"},
        {R"({"input": {"noise_dbfs": "NaN"}})", "rig.json: input.noise_dbfs: must be a number"},
        {R"({"input": {"gain_db": [1]}})", "rig.json: input.gain_db: must be 2 numbers"},
        {R"({"dut": {"model": "horn"}})", "rig.json: dut.model: \"horn\" is not one of"},
        {R"({"dut": {"model": "speaker", "Qms": 0}})", "rig.json: dut.Qms"},
        {R"({"dut": {"model": "zma", "file": "/nonexistent.zma"}})", "rig.json: dut.file: /nonexistent.zma: cannot open"},
        {R"({"hum": {"harmonics": [{"n": 0, "dbfs": -80}]}})", "rig.json: hum.harmonics[0].n"},
        {R"({"sample_rate": 4000})", "rig.json: sample_rate"},
        {R"({"sample_rate": 48000,})", "rig.json: not valid JSON"},
        {R"([1, 2])", "rig.json: top level: must be a JSON object"},
    };
    for (const auto& c : cases) {
        auto s = parse_text(c.text);
        INFO(c.text);
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.message(), Catch::Contains(c.needle));
        CHECK(s.message().find('\n') == std::string::npos);
    }
}

TEST_CASE("a scenario file loads and resolves a zma next to it", "[scenario]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("d.zma"), "* test\n10 6 0\n100 20 10\n1000 7 40\n");
    zbt::write_text(dir.file("rig.json"), R"({"dut": {"model": "zma", "file": "d.zma"}})");
    auto s = load_scenario(dir.file("rig.json"));
    REQUIRE(s.ok());
    CHECK(std::get<CurveDut>(s->dut).curve.size() == 3);
    auto missing = load_scenario(dir.file("none.json"));
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.message(), Catch::Contains("none.json: cannot open"));
}
