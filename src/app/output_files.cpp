#include "app/output_files.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "app/app_error.h"
#include "io/atomic_file.h"

namespace zb::app {

std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

void OutputFiles::expect(const std::string& path, const std::string& setting, const std::vector<std::string>& extensions) {
    const std::string named = "{" + setting + "} " + path;
    if (path == kStandardOutput) {
        if (std::find(extensions.begin(), extensions.end(), ".wav") != extensions.end())
            fail_setting(setting, named + ": audio cannot go to standard output; give a .wav file name");
        if (!stdout_setting_.empty())
            fail_setting(setting, "{" + stdout_setting_ + "} and {" + setting + "} both name standard output (-); give one of them a file name");
        stdout_setting_ = setting;
        return;
    }
    if (std::filesystem::is_directory(path)) fail_setting(setting, named + ": is a directory; give a file name");
    const std::string ext = lower_extension(path);
    if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) {
        std::string list;
        for (const auto& e : extensions) list += (list.empty() ? "" : ", ") + e;
        fail_setting(setting, named + ": unsupported file type; use " + list);
    }
    // A missing folder is created when the files are written (as the profile
    // store creates its folder); only a file where a folder must be refuses.
    std::error_code ec;
    for (auto dir = std::filesystem::path(path).parent_path(); !dir.empty(); dir = dir.parent_path()) {
        if (std::filesystem::is_directory(dir, ec)) break;
        if (std::filesystem::exists(dir, ec)) fail_setting(setting, named + ": " + dir.string() + " is a file, not a folder");
        if (dir == dir.parent_path()) break;
    }
}

void OutputFiles::expect_curve(const std::string& path, const std::string& setting) {
    expect(path, setting, {".zma", ".txt", ".csv"});
}

bool OutputFiles::is_csv(const std::string& path) { return lower_extension(path) == ".csv"; }

void OutputFiles::add_text(const std::string& path, std::string contents) { files_.emplace_back(path, std::move(contents)); }

void OutputFiles::add_wav(const std::string& path, AudioFile audio) { files_.emplace_back(path, std::move(audio)); }

void OutputFiles::write_all() {
    for (const auto& [path, contents] : files_) {
        if (path == kStandardOutput) continue;
        std::error_code ec;
        if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty() && !std::filesystem::create_directories(dir, ec) && ec)
            fail(Failure::cannot_write, "", dir.string() + ": cannot create the folder (" + ec.message() + ")");
    }
    for (const auto& [path, contents] : files_) {
        if (path == kStandardOutput) continue;
        Status st = std::holds_alternative<std::string>(contents) ? write_file_atomic(path, std::get<std::string>(contents))
                                                                  : write_wav_float(path, std::get<AudioFile>(contents));
        if (!st) fail(Failure::cannot_write, "", st.message());
    }
    for (const auto& [path, contents] : files_) {
        if (path != kStandardOutput || !std::holds_alternative<std::string>(contents)) continue;
        const std::string& text = std::get<std::string>(contents);
        if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
            fail(Failure::cannot_write, "", "standard output: cannot write (" + std::string(std::strerror(errno)) + ")");
    }
    files_.clear();
}

}  // namespace zb::app
