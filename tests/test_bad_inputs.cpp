// The bad-input corpus (tests/data/bad/): every malformed file goes through
// the CLI command that reads such files, and each must fail the same way:
// a non-zero exit, exactly one line on stderr naming the file and saying
// what is wrong, and no output file (the outputs go to a temporary folder
// that must stay empty). docs/testing.md "Bad inputs" lists the cases.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "support/test_support.h"

namespace {

struct BadInput {
    std::string file;     // under tests/data/bad
    std::string command;  // zma, scenario, wav, hum, profile, import
    std::string problem;  // a phrase the one line must contain
};

// The argv that reads `path` as the command would, writing its outputs into `out`.
std::vector<std::string> command_line(const BadInput& c, const std::string& path, const zbt::TempDir& out) {
    const std::string bin = zbt::zbench_bin();
    if (c.command == "zma") return {bin, "ts", path, "--json", out.file("ts.json"), "-q"};
    if (c.command == "advise") return {bin, "advise", path, "--json", out.file("advice.json"), "-q"};
    if (c.command == "scenario")
        return {bin, "impedance", "--sim-scenario", path, "--out", out.file("z.zma"), "--json", out.file("z.json"), "-q"};
    if (c.command == "wav")
        return {bin, "impedance", "--from-wav", path, "--r-ref", "10", "--out", out.file("z.zma"), "--json", out.file("z.json"), "-q"};
    if (c.command == "hum") return {bin, "hum", "--from-wav", path, "--json", out.file("hum.json"), "-q"};
    if (c.command == "import") return {bin, "profiles", "import", path, "--name", "bad", "--profiles-dir", out.path()};
    FAIL("unknown command " << c.command);
    return {};
}

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

void check_rejected(const BadInput& c, const std::string& path, const std::vector<std::string>& argv, const zbt::TempDir& out,
                    const std::string& name_in_message) {
    const auto r = zbt::run_process(argv);
    INFO(c.file << " via " << c.command << ": exit " << r.exit_code << ", stderr: " << r.err);
    CHECK(r.exit_code > 0);
    CHECK(r.exit_code < 128);  // an error exit, not a signal
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.back() == '\n');
    CHECK_THAT(r.err, Catch::Contains(name_in_message));
    CHECK_THAT(r.err, Catch::Contains(c.problem, Catch::CaseSensitive::No));
    CHECK(out.list().empty());
    (void)path;
}

const std::vector<BadInput> kCases = {
    // Empty files and binary junk, through every reader.
    {"empty.zma", "zma", "no data rows"},
    {"empty.zma", "advise", "no data rows"},
    {"junk.zma", "zma", "binary"},
    {"empty.json", "scenario", "not valid JSON"},
    {"junk.json", "scenario", "not valid JSON"},
    {"empty.json", "import", "not valid JSON"},
    {"junk.json", "import", "not valid JSON"},
    {"empty.wav", "wav", "cannot read audio"},
    {"junk.wav", "wav", "cannot read audio"},
    {"empty.wav", "hum", "cannot read audio"},
    // Impedance tables.
    {"utf16.zma", "zma", "UTF-16"},
    {"utf16_no_bom.zma", "zma", "UTF-16"},
    {"descending.zma", "zma", "line 4: frequency 15 Hz is lower than the line before"},
    {"duplicate.zma", "zma", "line 4: frequency 20 Hz is repeated"},
    {"negative_magnitude.zma", "zma", "line 2: |Z| -7.5 ohm is negative"},
    {"missing_column.zma", "zma", "line 2: expected 3 columns"},
    {"negative_magnitude.zma", "advise", "is negative"},
    // Recordings.
    {"mono.wav", "wav", "has 1 channel; an impedance recording needs two"},
    {"zero_length.wav", "wav", "zero length"},
    {"zero_length.wav", "hum", "zero length"},
    {"rate_8k.wav", "wav", "sample rate 8000 Hz"},
    {"nan_sample.wav", "wav", "not a finite number"},
    {"nan_sample.wav", "hum", "not a finite number"},
    {"flac_claims_hours.flac", "wav", "could not be read"},  // a header claiming 5.8 h: no 8 GB allocation
    {"flac_claims_hours.flac", "hum", "could not be read"},
    // Scenarios.
    {"scenario_unknown_key.json", "scenario", "r_rev: unknown key"},
    {"scenario_negative_r_ref.json", "scenario", "r_ref: must be a number from 0"},
    {"scenario_nan.json", "scenario", "not valid JSON"},
    {"scenario_nan_string.json", "scenario", "dut.R: must be a number"},
    {"scenario_number_overflow.json", "scenario", "number overflow"},  // found by fuzz_scenario: was an uncaught exception
    // Profiles.
    {"profile_future_version.json", "import", "version"},
    {"profile_missing_field.json", "import", "steps.reference.known_ohm"},
};

}  // namespace

TEST_CASE("Every malformed input is refused with one line naming the file, and nothing is written", "[bad-input][cli]") {
    for (const auto& c : kCases) {
        SECTION(c.file + " via " + c.command) {
            const std::string path = zbt::test_data("bad/" + c.file);
            REQUIRE(std::filesystem::exists(path));
            zbt::TempDir out;
            check_rejected(c, path, command_line(c, path, out), out, path);
        }
    }
}

TEST_CASE("A malformed profile in the profiles folder is refused when applied", "[bad-input][cli]") {
    for (const std::string file : {"profile_future_version.json", "profile_missing_field.json", "empty.json", "junk.json"}) {
        SECTION(file) {
            zbt::TempDir profiles, out;
            const std::string stored = profiles.file("bench.json");
            std::filesystem::copy_file(zbt::test_data("bad/" + file), stored);
            const BadInput c{file, "profile", file.starts_with("profile_") ? "" : "not valid JSON"};
            const std::vector<std::string> argv = {zbt::zbench_bin(), "impedance", "--profile", "bench", "--profiles-dir",
                                                   profiles.path(), "--out", out.file("z.zma"), "--json", out.file("z.json"), "-q"};
            check_rejected(c, stored, argv, out, stored);
            CHECK(profiles.list() == std::vector<std::string>{"bench.json"});  // left as it was
        }
    }
}

TEST_CASE("A device or a folder given as an input file is refused, not read forever", "[bad-input][cli]") {
    zbt::TempDir folder, out;
    for (const std::string& path : {std::string("/dev/zero"), folder.path()}) {
        for (const std::string command : {"zma", "scenario"}) {
            const BadInput c{path, command, "not a regular file"};
            check_rejected(c, path, command_line(c, path, out), out, path);
        }
    }
}
