// Collects a job's output files and writes them only once everything has
// succeeded, each one atomically (temporary file, fsync, rename). A failed
// job therefore leaves no partial or corrupted file behind. The path "-" is
// standard output (one text output at most), written after every file.
// Errors: throws JobFailure (app/app_error.h): bad_setting from expect(),
// cannot_write from write_all().
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "io/wav.h"

namespace zb::app {

// A path's extension in lower case, with the dot (".zma"); "" when none.
std::string lower_extension(const std::string& path);

class OutputFiles {
public:
    static constexpr const char* kStandardOutput = "-";
    // Checks, before measuring, that `path` (given by `setting`) is not a
    // folder, has one of `extensions`, and that no file stands where its
    // folders go. Missing folders are created by write_all(), the way the
    // profile store creates its folder.
    void expect(const std::string& path, const std::string& setting, const std::vector<std::string>& extensions);
    void expect_curve(const std::string& path, const std::string& setting);  // .zma, .txt or .csv
    static bool is_csv(const std::string& path);
    // An expected output goes to standard output: the front end's own text
    // must then go elsewhere.
    bool to_standard_output() const { return !stdout_setting_.empty(); }

    void add_text(const std::string& path, std::string contents);
    void add_wav(const std::string& path, AudioFile audio);
    void write_all();

private:
    std::vector<std::pair<std::string, std::variant<std::string, AudioFile>>> files_;
    std::string stdout_setting_;  // the setting whose output is standard output
};

}  // namespace zb::app
