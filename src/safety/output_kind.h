// What drives the R_ref divider, and the smallest load it may see.
//
// The load an output sees is R_ref + Z_DUT (in series; the inputs' own
// impedances, 10 kΩ to 1 MΩ, are in parallel and hardly matter). Minimums:
//   line       600 Ω   the classic line-level load; line drivers (op-amps,
//                      often with 50–100 Ω build-out resistors) are specified
//                      into 600 Ω at best, 10 kΩ typically
//   headphone   32 Ω   the lowest common headphone impedance
//   amplifier    2 Ω   what most power amplifiers tolerate (4 Ω rated, 2 Ω
//                      bridged-safe at low level)
// A speaker straight on a line or headphone output is the classic mistake:
// the output clips or current-limits, and some outputs are damaged by it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zb {

enum class OutputKind { line, headphone, amplifier };

// "line", "headphone", "amplifier" (the --output values and JSON strings).
std::string_view output_kind_name(OutputKind kind);
std::optional<OutputKind> parse_output_kind(std::string_view name);
// "line output", "headphone output", "power amplifier" (for messages).
std::string_view output_kind_label(OutputKind kind);

double minimum_load_ohm(OutputKind kind);

// The R_ref to recommend when the load is too low: the smallest common
// resistor value (E3 series: 1, 2.2, 4.7 × 10^n) that alone keeps the load
// 50 % above the output's minimum, so that even a shorted driver is safe:
// line 1 kΩ, headphone 100 Ω, amplifier 4.7 Ω.
double recommended_r_ref_ohm(OutputKind kind);

}  // namespace zb
