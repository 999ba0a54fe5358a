#include "app/exit_codes.h"

namespace zb::app {

int exit_code_for(const AppError& e) {
    switch (e.kind) {
        case Failure::bad_setting:
        case Failure::bad_file:
        case Failure::cannot_write: return kExitBadInput;
        case Failure::device: return kExitDevice;
        case Failure::measurement: return kExitMeasurement;
        case Failure::cancelled: return kExitCancelled;
        case Failure::internal: return kExitFailure;
        case Failure::refused: break;
    }
    switch (e.refusal) {
        case Refusal::no_signal_on_a: return kExitNoSignalA;
        case Refusal::inputs_swapped: return kExitSwappedInputs;
        case Refusal::no_current: return kExitNoCurrent;
        case Refusal::shorted_dut: return kExitShortedDut;
        case Refusal::load_too_low: return kExitLoadTooLow;
        case Refusal::clipped: return kExitMeasurement;
        default: return kExitRefused;  // the level limit and the DUT voltage cap
    }
}

}  // namespace zb::app
