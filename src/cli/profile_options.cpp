#include "cli/profile_options.h"

#include "calibration/profile_match.h"
#include "cli/exit_codes.h"

namespace zb::cli {

void add_profile_options(CLI::App& app, ProfileOptions& o, bool with_force) {
    app.add_option("--profile", o.profile, "Apply this calibration profile (see `zbench profiles list`)");
    add_profiles_dir_option(app, o.profiles_dir);
    if (with_force) app.add_flag("--force", o.force, "Apply a profile made for another device or sample rate anyway");
}

void add_profiles_dir_option(CLI::App& app, std::string& dir) {
    app.add_option("--profiles-dir", dir, "Where profiles live (default $XDG_CONFIG_HOME/zbench/profiles or ~/.config/zbench/profiles)");
}

calibration::ProfileStore open_profile_store(const std::string& dir) {
    if (!dir.empty()) return calibration::ProfileStore(dir);
    auto def = calibration::default_profiles_dir();
    if (!def) throw ExitError{kExitBadInput, def.message()};
    return calibration::ProfileStore(*def);
}

calibration::DeviceIdentity device_identity(const OpenedDevice& opened) {
    calibration::DeviceIdentity d;
    d.description = opened.device->description();
    d.sample_rate_hz = opened.device->sample_rate_hz();
    // A real interface (device_options.cpp) names its API and channel map
    // (1-based there, 0-based in the profile); the virtual rig has neither.
    const auto& j = opened.description;
    if (j.value("kind", "") == "rtaudio") {
        d.api = j.at("api").get<std::string>();
        d.channels.input_a = j.at("in_channels").at(0).get<int>() - 1;
        d.channels.input_b = j.at("in_channels").at(1).get<int>() - 1;
        d.channels.output = j.at("out_channel").get<int>() - 1;
    }
    return d;
}

std::optional<LoadedProfile> load_profile(const ProfileOptions& o, const calibration::DeviceIdentity* device) {
    if (o.profile.empty()) return std::nullopt;
    const auto store = open_profile_store(o.profiles_dir);
    auto profile = store.load(o.profile);
    if (!profile) throw ExitError{kExitBadInput, profile.message()};
    LoadedProfile out{o.profile, store.path_of(o.profile), std::move(*profile), false, {}};
    if (device) {
        if (auto st = calibration::check_profile_device(out.profile, o.profile, *device, o.force, out.warnings); !st)
            throw ExitError{kExitBadInput, st.message()};
        out.forced = !out.warnings.empty();
    }
    return out;
}

}  // namespace zb::cli
