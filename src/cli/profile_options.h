// Calibration-profile options shared by every command that can apply a
// profile (impedance, hum): --profile NAME, --profiles-dir DIR,
// --force. A profile is checked against the device before anything plays
// (calibration/profile_match.h); a mismatch is refused with exit code 2
// unless --force.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "calibration/profile_store.h"
#include "cli/device_options.h"

namespace zb::cli {

struct ProfileOptions {
    std::string profile;       // empty: no profile
    std::string profiles_dir;  // empty: the XDG default
    bool force = false;
};

// --profile, --profiles-dir, and --force when `with_force`.
void add_profile_options(CLI::App& app, ProfileOptions& options, bool with_force);
// Only --profiles-dir (the profiles command).
void add_profiles_dir_option(CLI::App& app, std::string& profiles_dir);

// The store at --profiles-dir, else the XDG default; throws ExitError.
calibration::ProfileStore open_profile_store(const std::string& profiles_dir);

// What the device reports about itself: for a real interface also its API
// and channel map; the virtual rig has neither.
calibration::DeviceIdentity device_identity(const OpenedDevice& opened);

struct LoadedProfile {
    std::string name, file;
    calibration::Profile profile;
    bool forced = false;                // --force was needed
    std::vector<std::string> warnings;  // what --force overrode
};

// nullopt without --profile. Loads and validates the profile and, when
// `device` is given, checks it against the device; throws ExitError (code 2)
// with one line on any failure.
std::optional<LoadedProfile> load_profile(const ProfileOptions& options, const calibration::DeviceIdentity* device);

}  // namespace zb::cli
