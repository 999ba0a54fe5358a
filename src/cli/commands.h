// Each subcommand registers its options and its action here.
#pragma once

#include <CLI/CLI.hpp>

namespace zb::cli {

void register_impedance_command(CLI::App& app);
void register_advise_command(CLI::App& app);
void register_ts_command(CLI::App& app);
void register_hum_command(CLI::App& app);
void register_devices_command(CLI::App& app);
void register_calibrate_command(CLI::App& app);
void register_profiles_command(CLI::App& app);
void register_generate_command(CLI::App& app);

}  // namespace zb::cli
