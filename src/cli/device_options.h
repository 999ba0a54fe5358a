// The device and profile options every measuring command shares, mapped onto
// the application layer's requests (app/device_setup.h, app/profile_setup.h).
#pragma once

#include <CLI/CLI.hpp>

#include "app/device_setup.h"
#include "app/profile_setup.h"

namespace zb::cli {

void add_device_options(CLI::App& app, app::DeviceRequest& device);
// --profile, --profiles-dir, and --force when `with_force`.
void add_profile_options(CLI::App& app, app::ProfileRequest& profile, bool with_force);
// Only --profiles-dir (the profiles and calibrate commands).
void add_profiles_dir_option(CLI::App& app, std::string& profiles_dir);
// -q/--quiet.
void add_quiet_flag(CLI::App& app, bool& quiet, const char* what);

}  // namespace zb::cli
