// Replays, through the same entry functions as the libFuzzer targets
// (support/fuzz_entries.h), every input that once made a fuzz target crash,
// hang or break an invariant (tests/data/fuzz-regressions/<target>/), and
// the seed corpora (tests/fuzz/corpus/<target>/). A regression aborts this
// test (or, in the sanitizer build, is reported by ASan/UBSan).
#include <catch2/catch.hpp>

#include <filesystem>

#include "io/text_table.h"
#include "support/fuzz_entries.h"
#include "support/test_support.h"

namespace {

std::size_t replay_folder(const zb::fuzz::Target& target, const std::filesystem::path& dir) {
    std::size_t n = 0;
    if (!std::filesystem::is_directory(dir)) return n;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
        auto bytes = zb::read_file_bytes(entry.path().string());
        REQUIRE(bytes);
        INFO(target.name << ": " << entry.path().string());
        target.entry(*bytes);
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("Inputs that once broke a fuzz target, and the seed corpora, run cleanly", "[fuzz][formats]") {
    const std::filesystem::path data(zbt::test_data("fuzz-regressions"));
    const std::filesystem::path seeds = std::filesystem::path(zbt::test_data("")).parent_path().parent_path() / "fuzz" / "corpus";
    std::size_t total = 0;
    for (const auto& target : zb::fuzz::targets()) {
        const std::size_t n_seeds = replay_folder(target, seeds / target.name);
        CHECK(n_seeds > 0);  // every target has a seed corpus
        total += n_seeds + replay_folder(target, data / target.name);
    }
    CHECK(total > 0);
}

TEST_CASE("The fuzz entries survive the degenerate inputs", "[fuzz][formats]") {
    for (const auto& target : zb::fuzz::targets()) {
        INFO(target.name);
        for (std::string_view bytes : {std::string_view(), std::string_view("\0", 1), std::string_view("{}"),
                                       std::string_view("[]"), std::string_view("null"), std::string_view("1 2 3\n")})
            target.entry(bytes);
    }
}
