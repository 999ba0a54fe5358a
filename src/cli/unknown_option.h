// When CLI11 refuses arguments it did not expect, the likeliest cause is a
// mistyped option ("--max-volts" for "--max-dut-volts"): name it, and the
// chosen subcommand's nearest option, instead of listing the leftovers.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace zb::cli {

// "impedance: unknown option --max-volts; did you mean --max-dut-volts? (see
// zbench impedance --help)" for the first argument that names no option of
// the subcommand it follows; nullopt when there is none.
std::optional<std::string> unknown_option_message(CLI::App& app, int argc, char** argv);

}  // namespace zb::cli
