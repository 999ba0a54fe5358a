#include "app/profile_setup.h"

#include <cmath>

#include "app/app_error.h"
#include "calibration/profile_match.h"

namespace zb::app {

calibration::ProfileStore open_profile_store(const std::string& dir) {
    if (!dir.empty()) return calibration::ProfileStore(dir);
    auto def = calibration::default_profiles_dir();
    if (!def) fail(Failure::bad_setting, "profiles_dir", def.message());
    return calibration::ProfileStore(*def);
}

std::optional<LoadedProfile> load_profile(const ProfileRequest& o, const calibration::DeviceIdentity* device) {
    if (o.profile.empty()) return std::nullopt;
    const auto store = open_profile_store(o.profiles_dir);
    auto profile = store.load(o.profile);
    if (!profile) fail(Failure::bad_setting, "profile", profile.message());
    LoadedProfile out{o.profile, store.path_of(o.profile), std::move(*profile), false, {}};
    if (device) {
        if (auto st = calibration::check_profile_device(out.profile, o.profile, *device, o.force, out.warnings); !st)
            fail(Failure::bad_setting, "profile", st.message());
        out.forced = !out.warnings.empty();
    }
    return out;
}

void check_profile_rate(LoadedProfile& loaded, double fs, bool force, const std::string& what) {
    if (loaded.profile.device.sample_rate_hz == fs) return;
    const std::string diff = "it was made at " + std::to_string(std::llround(loaded.profile.device.sample_rate_hz)) + " Hz, " +
                             what + " is at " + std::to_string(std::llround(fs)) + " Hz";
    if (!force)
        fail(Failure::bad_setting, "profile",
             "{profile} \"" + loaded.name + "\" is for another sample rate (" + diff + "); use a profile for this rate, or {force}");
    loaded.warnings.push_back("profile \"" + loaded.name + "\" forced: " + diff);
    loaded.forced = true;
}

double r_ref_with_profile(const std::optional<LoadedProfile>& profile, const std::optional<double>& setting, double fallback) {
    if (!profile || !profile->profile.r_ref_nominal_ohm) return setting ? *setting : fallback;
    const double nominal = *profile->profile.r_ref_nominal_ohm;
    if (setting && std::abs(*setting / nominal - 1.0) > 1e-9)
        fail_setting("r_ref", "{r_ref} " + std::to_string(*setting) + ": profile \"" + profile->name +
                                  "\" was calibrated with R_ref " + std::to_string(nominal) +
                                  " ohm nominal; leave {r_ref} out, or calibrate the other resistor into its own profile");
    return nominal;
}

}  // namespace zb::app
