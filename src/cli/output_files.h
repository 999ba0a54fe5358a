// Collects a command's output files and writes them only once everything has
// succeeded, each one atomically (temporary file, fsync, rename). A failed
// command therefore leaves no partial or corrupted file behind.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "io/wav.h"

namespace zb::cli {

class OutputFiles {
public:
    // Checks the extension and that the directory exists, before measuring.
    void expect(const std::string& path, const std::string& option, const std::vector<std::string>& extensions);
    void expect_curve(const std::string& path, const std::string& option);  // .zma, .txt or .csv
    static bool is_csv(const std::string& path);

    void add_text(const std::string& path, std::string contents);
    void add_wav(const std::string& path, AudioFile audio);
    void write_all();

private:
    std::vector<std::pair<std::string, std::variant<std::string, AudioFile>>> files_;
};

}  // namespace zb::cli
