// The parsers' fuzz entry points: one function per file format, each taking
// arbitrary bytes. The libFuzzer targets (tests/fuzz/fuzz_<name>.cpp) call
// them, and test_fuzz_regressions.cpp replays every input that once crashed
// or hung one of them (tests/data/fuzz-regressions/<name>/), so a fixed bug
// stays fixed in the normal (and sanitizer) test runs.
//
// Each function must return for any input. A crash, hang, leak, sanitizer
// report or escaping exception is a bug; so is a broken invariant, which the
// functions check and report with fuzz_check (abort with a message).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zb::fuzz {

// ZMA/FRD/CSV text tables (io/text_table.h, io/zma.h), degrees and radians.
void zma(std::string_view bytes);
// Scenario JSON (rig/scenario.h); a parsed scenario must survive a round trip.
void scenario(std::string_view bytes);
// Calibration profile JSON (calibration/profile.h); round trip as well.
void profile(std::string_view bytes);
// Audio files (io/wav.h: our WAV reader, else libsndfile), as the impedance (stereo) and
// hum (any channel count) readers take them, and the recording metadata.
void wav(std::string_view bytes);
// A `zbench hum --json` report as `zbench hum --compare` reads it (hum/compare.h).
void hum_compare(std::string_view bytes);

// The targets, by name, for the regression replay.
using Entry = void (*)(std::string_view);
struct Target {
    std::string name;
    Entry entry;
};
std::vector<Target> targets();

}  // namespace zb::fuzz
