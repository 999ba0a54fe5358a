// Calibration profiles as jobs use them: which profile (by name, in the
// default store or another folder), loading it and checking it against the
// device before anything plays (calibration/profile_match.h), and the R_ref
// a profile fixes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calibration/profile.h"
#include "calibration/profile_store.h"

namespace zb::app {

struct ProfileRequest {
    std::string profile;       // empty: no profile
    std::string profiles_dir;  // empty: the XDG default
    bool force = false;        // apply a profile made for another device or rate
};

struct LoadedProfile {
    std::string name, file;
    calibration::Profile profile;
    bool forced = false;                // force was needed
    std::vector<std::string> warnings;  // what force overrode
};

// The store in `profiles_dir`, else the XDG default (throws JobFailure).
calibration::ProfileStore open_profile_store(const std::string& profiles_dir);

// nullopt without a profile. Loads and validates it and, when `device` is
// given, checks it against the device (throws JobFailure, bad_setting).
std::optional<LoadedProfile> load_profile(const ProfileRequest& request, const calibration::DeviceIdentity* device);

// Against a recording's sample rate instead of a device: refused unless
// `force`, which adds a warning.
void check_profile_rate(LoadedProfile& loaded, double sample_rate_hz, bool force, const std::string& what);

// A profile holds one R_ref: the setting must agree with it, or be left out.
// Without a profile (or one without R_ref): the setting, else `fallback`.
double r_ref_with_profile(const std::optional<LoadedProfile>& profile, const std::optional<double>& setting, double fallback);

}  // namespace zb::app
