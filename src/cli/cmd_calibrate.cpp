// zbench calibrate STEP --profile NAME: one guided calibration step, saved
// into a profile (calibration/). Each step prints its wiring first; on a real
// interface the user rewires and presses Enter, the virtual rig rewires
// itself. Then it measures, shows what it found, and saves the profile
// atomically.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/calibrate_job.h"
#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"

namespace zb::cli {

namespace {

using namespace zb::calibration;

struct CalibrateOptions {
    std::string step;
    app::CalibrateRequest request;
    bool yes = false;
    bool quiet = false;
};

bool stdin_is_terminal() { return ::isatty(0) == 1; }

double read_meter_volts() {
    std::printf("Voltmeter reading, volts RMS: ");
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) app::fail_setting("volts_rms", "sensitivity: no reading given; give {volts_rms} V");
    try {
        std::size_t used = 0;
        const double v = std::stod(line, &used);
        if (used == 0) throw std::invalid_argument("empty");
        return v;
    } catch (const std::exception&) {
        app::fail_setting("volts_rms", "sensitivity: \"" + line + "\" is not a voltage; give the reading in volts RMS, e.g. 0.775");
    }
}

void run(const CalibrateOptions& o) {
    const auto step = parse_step(o.step);
    if (!step) app::fail_setting("step", "calibrate: unknown step \"" + o.step + "\"; use loopback, channel-match, reference, short, open or sensitivity");
    app::CalibrateRequest request = o.request;
    request.step = *step;

    Progress progress(!o.quiet);
    app::CalibrateHooks hooks;
    // Each step prints its wiring first; the rig rewires itself, a person confirms.
    hooks.wired = [&](const std::string& instruction, bool rig_rewired) {
        std::printf("%s: %s\n", std::string(step_name(*step)).c_str(), instruction.c_str());
        if (rig_rewired) {
            std::printf("  (the virtual rig rewires itself)\n");
        } else if (stdin_is_terminal() && !o.yes) {
            std::printf("  Press Enter when it is wired (Ctrl-C to stop) ");
            std::fflush(stdout);
            std::string line;
            std::getline(std::cin, line);
        }
        std::fflush(stdout);
    };
    if (stdin_is_terminal()) hooks.read_volts = [&] {
        progress.finish();
        return read_meter_volts();
    };
    hooks.warning = [](const std::string& w) { print_warnings({w}); };
    hooks.progress = progress.callback();
    auto out = app::run_calibration_step(request, hooks);
    progress.finish();
    if (!out) exit_with(out.error());
    std::fputs(out->found.c_str(), stdout);
    std::printf("%s\n", out->corrections.c_str());
    std::printf("saved %s\n", out->saved_path.c_str());
}

}  // namespace

void register_calibrate_command(CLI::App& app) {
    auto o = std::make_shared<CalibrateOptions>();
    app::CalibrateRequest& r = o->request;
    auto* cmd = app.add_subcommand("calibrate", "Run one calibration step and save it into a profile");
    cmd->add_option("step", o->step, "loopback, channel-match, reference, short, open or sensitivity")->required();
    cmd->add_option("--profile", r.profile, "The profile to create or update (a name, e.g. scarlett-2i2)")->required();
    add_profiles_dir_option(*cmd, r.profiles_dir);
    add_device_options(*cmd, r.device);
    cmd->add_option("--r-ref", r.r_ref_ohm, "R_ref's nominal value in ohms (divider steps; default: the profile's, or the rig's)");
    cmd->add_option("--output", r.output_kind, "What drives R_ref: line, headphone or amplifier")
        ->check(CLI::IsMember({"line", "headphone", "amplifier"}));
    cmd->add_option("--level", r.level_dbfs, "Sweep level, dBFS peak (default -20); sensitivity: the tone's level (default -12)");
    cmd->add_option("--sweep-seconds", r.sweep_seconds, "Sweep length in seconds")->capture_default_str();
    cmd->add_option("--max-dut-volts", r.max_dut_volts, "Cap on the voltage across the DUT, V RMS")->capture_default_str();
    cmd->add_option("--known-ohms", r.known_ohms, "reference: the precision resistor's value in ohms");
    cmd->add_option("--volts-rms", r.volts_rms, "sensitivity: the voltmeter's reading in volts RMS (asked for on a terminal)");
    cmd->add_option("--frequency", r.frequency_hz, "sensitivity: the tone's frequency, Hz")->capture_default_str();
    cmd->add_option("--tone-seconds", r.tone_seconds, "sensitivity: how long the tone plays")->capture_default_str();
    cmd->add_flag("--yes", o->yes, "Do not wait for Enter after the wiring instruction");
    cmd->add_flag("-q,--quiet", o->quiet, "No progress bar");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
