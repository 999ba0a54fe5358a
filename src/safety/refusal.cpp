#include "safety/refusal.h"

namespace zb {

std::string_view refusal_name(Refusal r) {
    switch (r) {
        case Refusal::none: return "";
        case Refusal::level_too_high: return "level_too_high";
        case Refusal::dut_voltage: return "dut_voltage";
        case Refusal::clipped: return "clipped";
        case Refusal::no_signal_on_a: return "no_signal_on_a";
        case Refusal::inputs_swapped: return "inputs_swapped";
        case Refusal::no_current: return "no_current";
        case Refusal::shorted_dut: return "shorted_dut";
        case Refusal::load_too_low: return "load_too_low";
    }
    return "";
}

}  // namespace zb
