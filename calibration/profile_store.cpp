#include "calibration/profile_store.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "io/atomic_file.h"

namespace zb::calibration {

namespace fs = std::filesystem;

Result<std::string> default_profiles_dir(const GetEnv& getenv) {
    if (const char* xdg = getenv("XDG_CONFIG_HOME"); xdg && xdg[0] == '/')
        return (fs::path(xdg) / "zbench" / "profiles").string();
    if (const char* home = getenv("HOME"); home && home[0] != '\0')
        return (fs::path(home) / ".config" / "zbench" / "profiles").string();
    return make_error("profiles: neither XDG_CONFIG_HOME nor HOME is set, so there is no default place for profiles; "
                      "pass {profiles_dir} DIR");
}

Result<std::string> default_profiles_dir() {
    return default_profiles_dir([](const char* name) { return std::getenv(name); });
}

Status check_profile_name(std::string_view name) {
    bool ok = !name.empty() && name.size() <= 64 && name.front() != '.';
    for (char c : name)
        ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
    if (!ok)
        return make_error("{profile} \"", name,
                          "\": a profile name is 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' (e.g. scarlett-2i2)");
    return {};
}

Result<Profile> load_profile_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!fs::exists(path, ec)) return make_error(path, ": no such file");
        return make_error(path, ": cannot be read; check its permissions");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_profile_text(text.str(), path);
}

std::string ProfileStore::path_of(std::string_view name) const { return (fs::path(dir_) / (std::string(name) + ".json")).string(); }

bool ProfileStore::exists(std::string_view name) const {
    std::error_code ec;
    return fs::is_regular_file(path_of(name), ec);
}

Result<Profile> ProfileStore::load(std::string_view name) const {
    if (auto st = check_profile_name(name); !st) return st.error();
    if (!exists(name))
        return make_error("profile \"", name, "\" does not exist in ", dir_,
                          "; make it with `zbench calibrate STEP {profile} ", name, "` or see `zbench profiles list`");
    return load_profile_file(path_of(name));
}

void ProfileStore::remove_stale_temporaries(std::string_view name) const {
    // Left behind only by a save that was killed between creating and
    // renaming. Only those older than a minute go, so a save running in
    // another process at this moment keeps its file.
    std::error_code ec;
    const std::string prefix = std::string(name) + ".json.tmp.";
    const auto now = fs::file_time_type::clock::now();
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        const std::string file = entry.path().filename().string();
        if (file.rfind(prefix, 0) != 0 || file.size() != prefix.size() + 6) continue;
        std::error_code e;
        const auto modified = fs::last_write_time(entry.path(), e);
        if (!e && now - modified > std::chrono::minutes(1)) fs::remove(entry.path(), e);
    }
}

Status ProfileStore::save(std::string_view name, const Profile& profile) const {
    if (auto st = check_profile_name(name); !st) return st.error();
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return make_error(dir_, ": cannot create the profiles directory (", ec.message(), "); pass {profiles_dir} DIR");
    remove_stale_temporaries(name);
    return write_file_atomic(path_of(name), format_profile(profile), Durability::sync);
}

std::vector<std::string> ProfileStore::names() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        if (!entry.is_regular_file(ec) || entry.path().extension() != ".json") continue;
        const std::string stem = entry.path().stem().string();
        if (check_profile_name(stem)) out.push_back(stem);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Status ProfileStore::remove(std::string_view name) const {
    if (auto st = check_profile_name(name); !st) return st.error();
    if (!exists(name)) return make_error("profile \"", name, "\" does not exist in ", dir_, "; see `zbench profiles list`");
    std::error_code ec;
    if (!fs::remove(path_of(name), ec) || ec)
        return make_error(path_of(name), ": cannot delete (", ec.message(), ")");
    return {};
}

Status ProfileStore::export_to(std::string_view name, const std::string& file) const {
    auto profile = load(name);
    if (!profile) return profile.error();
    return write_file_atomic(file, format_profile(*profile), Durability::sync);
}

Status ProfileStore::import_from(const std::string& file, std::string_view name, bool overwrite) const {
    if (auto st = check_profile_name(name); !st) return st.error();
    auto profile = load_profile_file(file);
    if (!profile) return profile.error();
    if (exists(name) && !overwrite)
        return make_error("profile \"", name, "\" already exists in ", dir_,
                          "; pass {overwrite} to replace it, or {name} to import under another name");
    return save(name, *profile);
}

}  // namespace zb::calibration
