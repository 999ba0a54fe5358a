// Before/after comparison, through the JSON report as the CLI does it.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "hum/compare.h"
#include "hum/hum_report.h"
#include "rig/virtual_rig.h"
#include "support/test_support.h"
#include "util/rng.h"

using namespace zb;

namespace {

HumAnalysis measure(const Scenario& s) {
    VirtualRig rig(s);
    const auto cap = rig.record(static_cast<std::size_t>(5 * s.sample_rate_hz));
    const std::span<const float> channels[2] = {cap.a, cap.b};
    const std::string names[2] = {"A", "B"};
    auto a = analyse_hum(channels, names, s.sample_rate_hz, {});
    REQUIRE(a);
    return std::move(*a);
}

// What `zbench hum --json` writes, read back as --compare reads it.
HumSnapshot through_json(const HumAnalysis& a) {
    const auto text = hum_report(a, {}, {}).dump(2);
    auto json = nlohmann::json::parse(text);
    auto snap = parse_hum_snapshot(json, "before.json");
    REQUIRE(snap);
    return *snap;
}

}  // namespace

TEST_CASE("comparison reports the change per harmonic and in total", "[hum][compare]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int trial = 0; trial < 3; ++trial) {
        Scenario before;
        before.seed = seed + trial;
        before.input.noise_dbfs = -115;
        before.hum.mains_hz = 50.0 + 0.2 * (rng.uniform() - 0.5);
        const double l1 = -70 - 10 * rng.uniform(), l3 = l1 - 6;
        before.hum.harmonics = {{1, l1}, {3, l3}};
        Scenario after = before;
        after.seed = seed + 50 + trial;
        const double drop = 5 + 20 * rng.uniform();
        after.hum.harmonics = {{1, l1 - drop}, {3, l3 - drop}};
        INFO("trial " << trial << ": hum " << l1 << " dBFS, lowered by " << drop << " dB");
        const HumComparison c = compare_hum(through_json(measure(before)), "before.json", snapshot_of(measure(after)));
        REQUIRE(c.channels.size() == 2);
        for (const auto& ch : c.channels) {
            REQUIRE(ch.total_change_db);
            CHECK(ch.total_bound == "exact");
            CHECK(*ch.total_change_db == Approx(-drop).margin(0.3));
            REQUIRE(ch.harmonics.size() == 2);
            for (const auto& h : ch.harmonics) CHECK(h.change_db == Approx(-drop).margin(0.3));
            CHECK(ch.text.find("hum -") == 0);
            CHECK(ch.text.find("dB after the change") != std::string::npos);
        }
    }
}

TEST_CASE("comparison with the hum gone gives a bound", "[hum][compare]") {
    Scenario before;
    before.input.noise_dbfs = -110;
    before.hum.harmonics = {{1, -80.0}};
    Scenario after = before;
    after.hum.harmonics.clear();
    const HumComparison c = compare_hum(through_json(measure(before)), "before.json", snapshot_of(measure(after)));
    REQUIRE(c.channels.size() == 2);
    const auto& ch = c.channels[0];
    REQUIRE(ch.total_change_db);
    CHECK(ch.total_bound == "at_most");
    CHECK(*ch.total_change_db < -40.0);  // the noise in the fundamental's band is ~−134 dBFS
    CHECK(ch.text.find("down by at least") != std::string::npos);
}

TEST_CASE("a malformed BEFORE report is refused naming the field", "[hum][compare]") {
    auto bad = nlohmann::json::parse(R"({"channels": [{"name": "A", "total_hum_dbfs": -80, "noise_floor_dbfs": -110,
                                          "harmonics": [{"n": 1, "level_dbfs": "loud", "detected": true}]}]})");
    auto r = parse_hum_snapshot(bad, "before.json");
    REQUIRE_FALSE(r);
    CHECK(r.message() == "before.json: channels[0].harmonics[0].level_dbfs: missing or not a number; give a report written by the hum measurement as JSON");
    auto none = parse_hum_snapshot(nlohmann::json::parse(R"({"mains_hz": 50})"), "x.json");
    REQUIRE_FALSE(none);
    CHECK(none.message().find("x.json: channels: missing or empty") == 0);
}
