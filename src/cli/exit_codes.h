// Process exit codes of the zbench CLI (documented in README.md).
#pragma once

#include <string>

#include "util/result.h"

namespace zb::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;    // unexpected internal error
inline constexpr int kExitBadInput = 2;   // bad option, file, scenario or recording
inline constexpr int kExitDevice = 3;     // audio device missing, lost or failing
inline constexpr int kExitRefused = 4;    // a gear-safety check refused to play
inline constexpr int kExitMeasurement = 5;  // the measurement itself failed (clipping, no signal)
// The probe before every sweep refused (safety/probe_verdict.h); nothing but
// the 300 ms, -40 dBFS probe has played.
inline constexpr int kExitNoSignalA = 10;   // no signal on input A: output not connected or wrong channel
inline constexpr int kExitNoCurrent = 11;   // A = B: the DUT is open or R_ref is shorted
inline constexpr int kExitShortedDut = 12;  // B = 0: the DUT is shorted
inline constexpr int kExitLoadTooLow = 13;  // R_ref + |Z| below the output's minimum load
inline constexpr int kExitSwappedInputs = 14;  // B louder than A: inputs A and B swapped

// kExitDevice for a missing, lost or failing audio device, else `otherwise`.
inline int exit_code_for(const Error& error, int otherwise) {
    return error.kind == ErrorKind::device ? kExitDevice : otherwise;
}

// Thrown inside a command to leave with a one-line message and a code.
struct ExitError {
    int code;
    std::string message;
};

}  // namespace zb::cli
