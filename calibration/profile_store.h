// Where calibration profiles live, and how they are saved.
//
// Location: NAME.json in --profiles-dir if given, else in
// $XDG_CONFIG_HOME/zbench/profiles, else ~/.config/zbench/profiles (the XDG
// Base Directory specification's default). The directory is created on the
// first save.
//
// Saves are atomic and durable (io/atomic_file.h, Durability::sync): the
// profile is written to a temporary file in the same directory, fsynced,
// renamed over NAME.json, and the directory is fsynced. A crash or a kill at
// any moment leaves either the previous profile or the new one, never a mix;
// at worst a stray "NAME.json.tmp.XXXXXX" remains, which list() ignores and
// the next save of that name removes.
//
// Names: 1 to 64 of A–Z a–z 0–9 . _ -, not starting with '.', so a name is
// always a plain file name in the directory.
//
// Threading: none shared; concurrent saves of one name from two processes
// each stay atomic (the last rename wins).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/profile.h"
#include "util/result.h"

namespace zb::calibration {

using GetEnv = std::function<const char*(const char*)>;

// $XDG_CONFIG_HOME/zbench/profiles or $HOME/.config/zbench/profiles; an error
// when neither variable is set (then --profiles-dir is needed).
Result<std::string> default_profiles_dir(const GetEnv& getenv);
Result<std::string> default_profiles_dir();

Status check_profile_name(std::string_view name);

// Reads and validates a profile file anywhere (import, tests).
Result<Profile> load_profile_file(const std::string& path);

class ProfileStore {
public:
    explicit ProfileStore(std::string directory) : dir_(std::move(directory)) {}
    const std::string& directory() const { return dir_; }

    std::string path_of(std::string_view name) const;
    bool exists(std::string_view name) const;
    // Errors name the file and field, or say the profile does not exist and how to make one.
    Result<Profile> load(std::string_view name) const;
    Status save(std::string_view name, const Profile& profile) const;
    std::vector<std::string> names() const;  // sorted; missing directory = none
    Status remove(std::string_view name) const;
    // Copies a validated profile to `file` (atomically).
    Status export_to(std::string_view name, const std::string& file) const;
    // Validates `file` and saves it as `name`; refuses to replace an existing
    // profile unless `overwrite`.
    Status import_from(const std::string& file, std::string_view name, bool overwrite) const;

private:
    void remove_stale_temporaries(std::string_view name) const;
    std::string dir_;
};

}  // namespace zb::calibration
