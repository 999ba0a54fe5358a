// zbench: measure impedance, Thiele/Small parameters and hum through an
// audio interface (or the built-in virtual rig). See `zbench --help`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>
#include <exception>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
    using namespace zb::cli;
    CLI::App app{"zbench " ZBENCH_VERSION ": speaker impedance, T/S parameters and hum, through an audio interface"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "zbench " ZBENCH_VERSION);
    // Building every subcommand's options, validators and help takes ~1 ms,
    // a tenth of an impedance analysis: when argv[1] names a subcommand,
    // only that one is built. Anything else (--help, a typo) gets them all.
    struct Command {
        const char* name;
        void (*add)(CLI::App&);
    };
    static constexpr Command kCommands[] = {
        {"impedance", register_impedance_command}, {"advise", register_advise_command},
        {"ts", register_ts_command},               {"hum", register_hum_command},
        {"devices", register_devices_command},     {"calibrate", register_calibrate_command},
        {"profiles", register_profiles_command},
    };
    const Command* named = nullptr;
    for (const auto& c : kCommands)
        if (argc > 1 && std::strcmp(argv[1], c.name) == 0) named = &c;
    if (named) named->add(app);
    else
        for (const auto& c : kCommands) c.add(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "zbench: %s (see zbench --help)\n", e.what());
        return kExitBadInput;
    } catch (const ExitError& e) {
        std::fprintf(stderr, "zbench: %s\n", e.message.c_str());
        return e.code;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zbench: internal error: %s\n", e.what());
        return kExitFailure;
    }
    return kExitOk;
}
