// The command-line set-up the real-time rigs share (zbench-rig on JACK,
// zbench-pulse-rig on Pulse): --sim-scenario, -q/--quiet and --version;
// parse errors reported in one line with exit code 2; the scenario loaded
// (the built-in woofer without --sim-scenario); SIGINT and SIGTERM turned
// into a stop flag the rig's loop polls. Header-only: only the two rig
// programs include it (they link CLI11, the core does not).
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>

#include "rig/scenario.h"
#include "util/version.h"

namespace zb {

class RigCommandLine {
public:
    RigCommandLine(std::string program, const std::string& description)
        : program_(std::move(program)), app_(program_ + " " + version() + ": " + description, program_) {
        app_.add_option("--sim-scenario", scenario_file, "Virtual-rig scenario (JSON), as for zbench --sim-scenario; default: the built-in woofer");
        app_.add_flag("-q,--quiet", quiet, "Print only problems");
        app_.set_version_flag("--version", program_ + " " + version());
    }

    // For the rig's own options.
    CLI::App& app() { return app_; }

    // The exit code to return now (--help, --version: 0; a bad option: 2),
    // or nothing to go on.
    std::optional<int> parse(int argc, char** argv) {
        try {
            app_.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            if (e.get_exit_code() == 0) return app_.exit(e);
            std::fprintf(stderr, "%s: %s (see %s --help)\n", program_.c_str(), e.what(), program_.c_str());
            return 2;
        }
        return std::nullopt;
    }

    // The scenario, or nothing after saying why (exit code 2).
    std::optional<Scenario> load_scenario() const {
        if (scenario_file.empty()) return default_scenario();
        auto loaded = zb::load_scenario(scenario_file);
        if (!loaded) {
            std::fprintf(stderr, "%s: %s\n", program_.c_str(), loaded.message().c_str());
            return std::nullopt;
        }
        return std::move(*loaded);
    }

    // SIGINT and SIGTERM set stop_requested().
    static void catch_stop_signals() {
        std::signal(SIGINT, &on_signal);
        std::signal(SIGTERM, &on_signal);
    }
    static bool stop_requested() { return stop_.load(); }

    std::string scenario_file;
    bool quiet = false;

private:
    static void on_signal(int) { stop_.store(true); }
    static inline std::atomic<bool> stop_{false};
    std::string program_;
    CLI::App app_;
};

}  // namespace zb
