// The diagnosis lists every cause it finds, with measured evidence, in order
// of audibility; inaudible hum is "negligible"; the words follow what was
// detected (measured frequencies, "rich in harmonics" only when it is, the
// record's real band).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "hum/audibility.h"
#include "hum/hum_analysis.h"
#include "hum/hum_report.h"
#include "rig/virtual_rig.h"
#include "support/hum_support.h"
#include "util/rng.h"

using namespace zb;

namespace {

const HumCause* cause(const Diagnosis& d, HumKind kind) {
    for (const auto& c : d.causes)
        if (c.kind == kind) return &c;
    return nullptr;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the hearing threshold follows ISO 226 and the monitoring gain", "[hum][diagnosis]") {
    CHECK(hearing_threshold_db_spl(1000.0) == Approx(2.4));
    CHECK(hearing_threshold_db_spl(50.0) == Approx(44.0));
    CHECK(hearing_threshold_db_spl(10.0) == Approx(78.5));     // below the table: its first value
    CHECK(hearing_threshold_db_spl(16000.0) == Approx(12.3));  // above: its last value
    // Halfway between 50 and 63 Hz in log-frequency.
    CHECK(hearing_threshold_db_spl(std::sqrt(50.0 * 63.0)) == Approx(0.5 * (44.0 + 37.5)));
    CHECK(audible_level_dbfs(1000.0) == Approx(2.4 - 105.0));
    const LineAtFrequency two[] = {{1000.0, audible_level_dbfs(1000.0)}, {50.0, audible_level_dbfs(50.0)}};
    CHECK(audibility_db(two) == Approx(10.0 * std::log10(2.0)));
}

TEST_CASE("buzz plus a high-frequency tone reports both, each with its evidence", "[hum][diagnosis][acceptance]") {
    Scenario s;
    s.seed = 100;
    s.input.noise_dbfs = -112.0;
    s.hum.mains_hz = 60.03;
    s.hum.harmonics = {{2, -52.0}, {1, -60.0}, {3, -64.0}};
    s.hum.tones = {{15625.0, -50.0}};
    const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
    REQUIRE(a.mains.found);
    for (const auto& c : a.channels) {
        const Diagnosis& d = c.diagnosis;
        INFO("channel " << c.name << ": " << d.text);
        const HumCause* hf = cause(d, HumKind::hf_noise);
        const HumCause* buzz = cause(d, HumKind::buzz);
        REQUIRE(hf);
        REQUIRE(buzz);
        CHECK_FALSE(hf->negligible);
        CHECK_FALSE(buzz->negligible);
        CHECK(hf->frequency_hz == Approx(15625.0).margin(0.5));
        CHECK(buzz->frequency_hz == Approx(2 * 60.03).margin(0.05));
        CHECK(buzz->level_dbfs == Approx(10 * std::log10(std::pow(10, -5.2) + std::pow(10, -6.0) + std::pow(10, -6.4))).margin(0.3));
        // Ordered by audibility: the tone is 42 dB over the threshold at 15.6
        // kHz, the buzz 30 dB over it at 120 Hz.
        CHECK(d.causes.front().kind == HumKind::hf_noise);
        CHECK(hf->audibility_db > buzz->audibility_db);
        CHECK(d.kind == HumKind::hf_noise);
        CHECK(std::find(d.flags.begin(), d.flags.end(), "off_comb_tone") == d.flags.end());
        // The words: both causes, the measured frequencies, and three
        // harmonics are not "rich in harmonics".
        CHECK(contains(d.text, "High-frequency noise"));
        CHECK(contains(d.text, "Buzz"));
        CHECK(contains(d.text, "a line at 15.6"));
        CHECK(contains(d.text, "2nd harmonic at 120.06 Hz"));
        CHECK_FALSE(contains(d.text, "rich in harmonics"));
        CHECK(contains(d.text, "Never lift the safety earth"));
    }
}

TEST_CASE("\"rich in harmonics\" only when many harmonics are detected", "[hum][diagnosis]") {
    Scenario s;
    s.seed = 101;
    s.input.noise_dbfs = -115.0;
    s.hum.mains_hz = 49.96;
    s.hum.harmonics.clear();
    for (int n = 1; n <= 12; ++n) s.hum.harmonics.push_back({n, -45.0 - 1.5 * n});
    const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
    const Diagnosis& d = a.channels[0].diagnosis;
    INFO(d.text);
    CHECK(d.kind == HumKind::buzz);
    CHECK(contains(d.text, "rich in harmonics"));
    CHECK(contains(d.text, "within 20 dB of the 49.96 Hz fundamental"));
}

TEST_CASE("hum below the threshold of hearing is negligible, with no remedies", "[hum][diagnosis][acceptance]") {
    // A total hum of -99.4 dBFS at 50 Hz: 38 dB under the threshold of
    // hearing at monitoring gain (-61 dBFS at 50 Hz), and its 3rd harmonic
    // 26 dB under it (-86 dBFS at 150 Hz), though they stand 26 dB and more
    // out of the noise floor.
    Scenario s;
    s.seed = 102;
    s.input.noise_dbfs = -125.0;
    s.hum.mains_hz = 50.0;
    s.hum.harmonics = {{1, -99.6}, {3, -112.0}};
    const HumAnalysis a = zbt::analyse_rig_hum(s, 5.0);
    REQUIRE(a.mains.found);
    for (const auto& c : a.channels) {
        const Diagnosis& d = c.diagnosis;
        INFO("channel " << c.name << ": " << d.text);
        REQUIRE(c.hum.total_hum_dbfs);
        CHECK(*c.hum.total_hum_dbfs == Approx(-99.4).margin(0.2));
        CHECK(d.kind == HumKind::negligible);
        const HumCause* loop = cause(d, HumKind::ground_loop);
        REQUIRE(loop);
        CHECK(loop->negligible);
        // Both lines against their thresholds: the 3rd harmonic, 12 dB
        // weaker, is the more audible at 150 Hz.
        const LineAtFrequency lines[] = {{50.0, -99.6}, {150.0, -112.0}};
        CHECK(loop->audibility_db == Approx(audibility_db(lines)).margin(0.3));
        CHECK(loop->audibility_db < -20.0);
        CHECK(contains(d.text, "Negligible"));
        CHECK_FALSE(contains(d.text, "balanced"));
        CHECK(d.flags.empty());
    }
    // The same hum 40 dB louder is a ground loop.
    s.hum.harmonics = {{1, -59.6}, {3, -72.0}};
    const HumAnalysis loud = zbt::analyse_rig_hum(s, 5.0);
    CHECK(loud.channels[0].diagnosis.kind == HumKind::ground_loop);
    CHECK(contains(loud.channels[0].diagnosis.text, "50.00 Hz mains fundamental"));
}

TEST_CASE("a DC offset is listed last, and the band text follows the record's band in the diagnosis and the summary", "[hum][diagnosis]") {
    Scenario s;
    s.seed = 103;
    s.input.noise_dbfs = -110.0;
    s.hum.harmonics = {{1, -50.0}};
    s.input.dc_volts = {0.02, 0.0};
    const HumAnalysis a = zbt::analyse_rig_hum(s, 3.0);
    const Diagnosis& d = a.channels[0].diagnosis;
    INFO(d.text);
    REQUIRE(d.causes.size() == 2);
    CHECK(d.causes[0].kind == HumKind::ground_loop);
    CHECK(d.causes[1].kind == HumKind::dc_offset);
    CHECK(d.kind == HumKind::ground_loop);

    // White noise only, at a 400 Hz sample rate: the band is 20-200 Hz.
    Rng rng(7);
    std::vector<float> x(4000);
    for (auto& v : x) v = static_cast<float>(1e-4 * rng.gaussian());
    const std::span<const float> channels[1] = {x};
    const std::string names[1] = {"1"};
    auto quiet = analyse_hum(channels, names, 400.0, {});
    REQUIRE(quiet);
    const Diagnosis& q = quiet->channels[0].diagnosis;
    INFO(q.text);
    CHECK(q.kind == HumKind::clean);
    CHECK(contains(q.text, "20 Hz-200 Hz"));
    CHECK_FALSE(contains(q.text, "0 kHz"));
    const std::string summary = hum_text_report(*quiet);
    INFO(summary);
    CHECK(contains(summary, "(20 Hz-200 Hz)"));
    CHECK(contains(summary, "no mains hum found"));
    CHECK_FALSE(contains(summary, "harmonics    n"));
    CHECK(band_text(20.0, 20000.0) == "20 Hz-20 kHz");
    CHECK(band_text(20.0, 22050.0) == "20 Hz-22.1 kHz");
}
