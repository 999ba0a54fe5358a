#include "cli/device_options.h"

namespace zb::cli {

void add_device_options(CLI::App& app, app::DeviceRequest& o) {
    app.add_option("--device", o.device, "Audio device: 'sim' (the built-in virtual rig) or a NAME|INDEX from 'zbench devices'")
        ->capture_default_str();
    app.add_option("--in-device", o.in_device, "Real interface that records inputs A and B, NAME|INDEX (default: --device)");
    app.add_option("--out-device", o.out_device, "Real interface that plays the drive, NAME|INDEX (default: --device)");
    app.add_option("--sim-scenario", o.sim_scenario, "Virtual-rig scenario (JSON); default: a 6.5\" woofer on an amplifier");
    app.add_flag("--sim-realtime", o.sim_realtime, "Run the virtual rig at real-time pace");
    app.add_option("--api", o.api, "Audio API of the devices: jack, alsa or pulse (default: the first with devices)")
        ->check(CLI::IsMember({"jack", "alsa", "pulse"}));
    app.add_option("--in-channels", o.in_channels, "Inputs A,B of the input device, 1-based")->capture_default_str();
    app.add_option("--out-channel", o.out_channel, "Output of the output device that drives R_ref, 1-based")->capture_default_str();
    app.add_option("--sample-rate", o.sample_rate_hz, "Sample rate of the devices, Hz (default 48000 if offered)");
    app.add_option("--buffer-frames", o.buffer_frames, "Buffer size of the devices, frames (default 256; JACK: the server's)");
    app.add_flag("--ignore-server-xruns", o.ignore_server_xruns,
                 "Keep a sweep when only the audio server reports xruns (safe only with a JACK server in "
                 "synchronous mode without hardware, e.g. jackd -S -d dummy)");
}

void add_profile_options(CLI::App& app, app::ProfileRequest& o, bool with_force) {
    app.add_option("--profile", o.profile, "Apply this calibration profile (see `zbench profiles list`)");
    add_profiles_dir_option(app, o.profiles_dir);
    if (with_force) app.add_flag("--force", o.force, "Apply a profile made for another device or sample rate anyway");
}

void add_profiles_dir_option(CLI::App& app, std::string& dir) {
    app.add_option("--profiles-dir", dir, "Where profiles live (default $XDG_CONFIG_HOME/zbench/profiles or ~/.config/zbench/profiles)");
}

void add_quiet_flag(CLI::App& app, bool& quiet, const char* what) { app.add_flag("-q,--quiet", quiet, what); }

}  // namespace zb::cli
