#include "support/fuzz_entries.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "calibration/profile.h"
#include "hum/compare.h"
#include "io/wav.h"
#include "io/zma.h"
#include "measure/recording_metadata.h"
#include "rig/scenario.h"
#include "util/json_fields.h"

namespace zb::fuzz {

namespace {

// A broken invariant: report it and abort, so libFuzzer saves the input.
void fuzz_check(bool ok, const char* what, const std::string& detail = {}) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s %s\n", what, detail.c_str());
    std::abort();
}

// An error must be one line naming the source.
void check_error_message(const std::string& message, const std::string& source) {
    fuzz_check(message.find('\n') == std::string::npos, "error message spans lines:", message);
    fuzz_check(message.find(source) != std::string::npos, "error message does not name the source:", message);
}

}  // namespace

void zma(std::string_view bytes) {
    const std::string source = "fuzz.zma";
    for (bool radians : {false, true}) {
        auto curve = parse_zma(bytes, source, ZmaReadOptions{radians});
        if (!curve) {
            check_error_message(curve.message(), source);
            continue;
        }
        fuzz_check(curve->size() >= 3, "a curve with fewer than 3 points was accepted");
        for (std::size_t i = 0; i < curve->size(); ++i) {
            fuzz_check(curve->frequency_hz[i] > 0.0 && std::isfinite(curve->frequency_hz[i]), "bad frequency accepted");
            fuzz_check(i == 0 || curve->frequency_hz[i] > curve->frequency_hz[i - 1], "frequencies not ascending");
            fuzz_check(curve->magnitude_ohm[i] >= 0.0 && std::isfinite(curve->magnitude_ohm[i]), "bad |Z| accepted");
            fuzz_check(std::abs(curve->phase_deg[i]) <= 360.0, "phase out of range accepted");
        }
    }
}

void scenario(std::string_view bytes) {
    const std::string source = "fuzz-scenario.json";
    auto json = parse_json_text(bytes, source);
    if (!json) return check_error_message(json.message(), source);
    // A directory that does not exist: relative ZMA paths fail cleanly.
    auto parsed = parse_scenario(*json, source, "/nonexistent-zbench-fuzz-dir");
    if (!parsed) return check_error_message(parsed.message(), source);
    const nlohmann::json again = scenario_to_json(*parsed);
    auto reparsed = parse_scenario(again, source, "/nonexistent-zbench-fuzz-dir");
    fuzz_check(bool(reparsed), "a parsed scenario does not parse again after scenario_to_json:",
               reparsed ? std::string() : reparsed.message());
    fuzz_check(scenario_to_json(*reparsed) == again, "scenario round trip changed it");
}

void profile(std::string_view bytes) {
    const std::string source = "fuzz-profile.json";
    auto parsed = calibration::parse_profile_text(bytes, source);
    if (!parsed) return check_error_message(parsed.message(), source);
    const std::string text = calibration::format_profile(*parsed);
    auto reparsed = calibration::parse_profile_text(text, source);
    fuzz_check(bool(reparsed), "a loaded profile does not load again after saving:",
               reparsed ? std::string() : reparsed.message());
    fuzz_check(calibration::format_profile(*reparsed) == text, "profile round trip changed it");
}

void wav(std::string_view bytes) {
    const std::string source = "fuzz.wav";
    // As `zbench impedance --from-wav` reads it.
    auto stereo = read_stereo_bytes(bytes, source, "two are needed", AudioReadLimits{44100.0, 384000.0});
    if (!stereo) {
        check_error_message(stereo.message(), source);
    } else {
        const auto& r = stereo->recording;
        fuzz_check(r.frames() > 0 && r.capacity() >= r.frames(), "an empty recording was accepted");
        for (std::size_t i = 0; i < r.frames(); ++i)
            fuzz_check(std::isfinite(r.a(i)) && std::isfinite(r.b(i)), "a non-finite sample was accepted");
        auto meta = parse_recording_metadata(stereo->comment, source);
        if (!meta) check_error_message(meta.message(), source);
    }
    // As `zbench hum --from-wav` reads it.
    auto audio = read_audio_bytes(bytes, source, AudioReadLimits{400.0, 192000.0});
    if (!audio) return check_error_message(audio.message(), source);
    fuzz_check(!audio->channels.empty() && audio->frames() > 0, "an empty file was accepted");
    for (const auto& c : audio->channels) {
        fuzz_check(c.size() == audio->frames(), "channels of different lengths");
        for (float v : c) fuzz_check(std::isfinite(v), "a non-finite sample was accepted");
    }
}

void hum_compare(std::string_view bytes) {
    const std::string source = "fuzz-hum.json";
    auto json = parse_json_text(bytes, source);
    if (!json) return check_error_message(json.message(), source);
    auto before = parse_hum_snapshot(*json, source);
    if (!before) return check_error_message(before.message(), source);
    // Against itself and against a fixed "after" (one channel, hum gone).
    HumSnapshot after;
    after.mains_hz = 50.0;
    HumSnapshotChannel channel;
    channel.name = "1";
    channel.noise_floor_dbfs = -120.0;
    channel.kind = "none";
    channel.harmonics = {{1, -125.0, false}, {3, -126.0, false}};
    after.channels.push_back(channel);
    for (const HumSnapshot* a : {&*before, &after}) {
        const HumComparison c = compare_hum(*before, source, *a);
        (void)comparison_to_json(c).dump();
    }
}

std::vector<Target> targets() {
    return {{"zma", zma}, {"scenario", scenario}, {"profile", profile}, {"wav", wav}, {"hum_compare", hum_compare}};
}

}  // namespace zb::fuzz
