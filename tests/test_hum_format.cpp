// Hum reports read back through the application layer (app/hum_format.h):
// reports that `zbench hum --json --spectrum` wrote on the virtual rig, with
// a known hum before and after a change, give their harmonics, spectra and
// the before/after change in dB; broken files fail naming the file and field.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "app/hum_format.h"
#include "hum/compare.h"
#include "support/test_support.h"

namespace {

// The rig's hum: 50 Hz mains, the fundamental at `fundamental_dbfs`, the third 8 dB under it.
std::string scenario(double fundamental_dbfs) {
    return R"({"seed": 5, "hum": {"mains_hz": 50.0, "harmonics": [{"n": 1, "dbfs": )" + std::to_string(fundamental_dbfs) +
           R"(}, {"n": 3, "dbfs": )" + std::to_string(fundamental_dbfs - 8.0) + "}]}}";
}

zb::app::HumReport measure(zbt::TempDir& dir, const std::string& name, double fundamental_dbfs) {
    zbt::write_text(dir.file(name + ".json.rig"), scenario(fundamental_dbfs));
    const auto r = zbt::zbench({"hum", "--seconds", "3", "-q", "--sim-scenario", dir.file(name + ".json.rig"), "--spectrum", "--json",
                                dir.file(name + ".json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto report = zb::app::load_hum_report(dir.file(name + ".json"));
    INFO((report ? "" : report.error().message));
    REQUIRE(report);
    return *report;
}

const zb::HarmonicChange* harmonic(const zb::ChannelComparison& c, int n) {
    const auto it = std::find_if(c.harmonics.begin(), c.harmonics.end(), [&](const zb::HarmonicChange& h) { return h.n == n; });
    return it == c.harmonics.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("A hum report reads back with its spectrum, and two give the change per harmonic", "[app][hum]") {
    zbt::TempDir dir;
    const auto before = measure(dir, "before", -70.0);
    const auto after = measure(dir, "after", -82.0);

    REQUIRE(before.snapshot.mains_hz);
    CHECK(*before.snapshot.mains_hz == Approx(50.0).margin(0.01));
    REQUIRE_FALSE(before.spectra.empty());
    const auto& sp = before.spectra.front();
    CHECK(sp.channel == before.snapshot.channels.front().name);
    REQUIRE(sp.frequency_hz.size() == sp.level_dbfs.size());
    REQUIRE(sp.frequency_hz.size() > 300u);  // 48 bands per octave from 10 Hz up
    CHECK(std::is_sorted(sp.frequency_hz.begin(), sp.frequency_hz.end()));
    // The spectrum's strongest line below 1 kHz is the mains fundamental.
    std::size_t peak = 0;
    for (std::size_t i = 0; i < sp.frequency_hz.size() && sp.frequency_hz[i] < 1000.0; ++i)
        if (sp.level_dbfs[i] > sp.level_dbfs[peak]) peak = i;
    CHECK(sp.frequency_hz[peak] == Approx(50.0).margin(0.5));

    // The rig's hum fell by 12 dB at each harmonic. The tolerance: the
    // reading of a tone 30 dB or more over the noise is good to well under
    // 0.5 dB (hum/hum_analysis.h).
    const zb::HumComparison delta = zb::compare_hum(before.snapshot, "before", after.snapshot);
    REQUIRE_FALSE(delta.channels.empty());
    for (int n : {1, 3}) {
        INFO("harmonic " << n);
        const auto* h = harmonic(delta.channels.front(), n);
        REQUIRE(h);
        CHECK(h->bound == "exact");
        CHECK(h->change_db == Approx(-12.0).margin(0.5));
    }
}

TEST_CASE("A broken hum report fails naming the file and what is wrong", "[app][hum]") {
    zbt::TempDir dir;
    const auto missing = zb::app::load_hum_report(dir.file("none.json"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == zb::app::Failure::bad_file);
    CHECK_THAT(missing.error().message, Catch::Contains("none.json"));

    zbt::write_text(dir.file("empty.json"), R"({"channels": []})");
    const auto empty = zb::app::load_hum_report(dir.file("empty.json"));
    REQUIRE_FALSE(empty);
    CHECK_THAT(empty.error().message, Catch::Contains("empty.json") && Catch::Contains("channels"));

    zbt::write_text(dir.file("spectrum.json"), R"({"channels": [{"name": "A", "total_hum_dbfs": null, "noise_floor_dbfs": -120,
        "harmonics": [], "spectrum": {"frequency_hz": [50, 100]}}]})");
    const auto no_levels = zb::app::load_hum_report(dir.file("spectrum.json"));
    REQUIRE_FALSE(no_levels);
    CHECK_THAT(no_levels.error().message, Catch::Contains("spectrum.level_dbfs"));
}
