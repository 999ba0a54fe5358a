// zbench: measure impedance, Thiele/Small parameters and hum through an
// audio interface (or the built-in virtual rig). See `zbench --help`.
// Each subcommand maps its flags to a request of the application layer
// (src/app), runs the job, and writes the result through its formatters.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/unknown_option.h"
#include "util/version.h"

int main(int argc, char** argv) {
    using namespace zb::cli;
    CLI::App app{"zbench: speaker impedance, T/S parameters and hum, through an audio interface", "zbench"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("zbench ") + zb::version());
    register_impedance_command(app);
    register_advise_command(app);
    register_ts_command(app);
    register_hum_command(app);
    register_devices_command(app);
    register_calibrate_command(app);
    register_profiles_command(app);
    register_generate_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (const auto mistyped = unknown_option_message(app, argc, argv)) std::fprintf(stderr, "zbench: %s\n", mistyped->c_str());
        else std::fprintf(stderr, "zbench: %s (see zbench --help)\n", e.what());
        return kExitBadInput;
    } catch (const zb::app::JobFailure& f) {
        print_warnings(f.error.warnings);
        std::fprintf(stderr, "zbench: %s\n", cli_message(f.error).c_str());
        return exit_code_for(f.error);
    } catch (const ExitError& e) {
        std::fprintf(stderr, "zbench: %s\n", e.message.c_str());
        return e.code;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zbench: internal error: %s\n", e.what());
        return kExitFailure;
    }
    return kExitOk;
}
