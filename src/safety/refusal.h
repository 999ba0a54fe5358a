// Why zbench refused to play a sweep (or aborted one). Each has its own
// message and, in the CLI, its own exit code (app/exit_codes.h, docs/user-guide.md "Exit codes").
#pragma once

#include <string_view>

namespace zb {

enum class Refusal {
    none,
    level_too_high,  // --level above the limit (−3 dBFS)
    dut_voltage,     // --max-dut-volts cannot be met at any usable level
    clipped,         // an input clipped (probe or sweep): lower the level
    no_signal_on_a,  // output not connected, or the wrong channel
    inputs_swapped,  // B louder than A: A and B swapped
    no_current,      // A ≈ B: DUT open or R_ref shorted
    shorted_dut,     // B ≈ 0: DUT shorted
    load_too_low,    // R_ref + |Z| below the output's minimum
};

// "no_signal_on_a", ... (JSON); "" for none.
std::string_view refusal_name(Refusal refusal);

}  // namespace zb
