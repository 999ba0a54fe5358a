// Process exit codes of zbench and of zbench-gui's automation (--run), and
// the one place that maps the application layer's errors to them.
#pragma once

#include "app/app_error.h"

namespace zb::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;    // unexpected internal error
inline constexpr int kExitBadInput = 2;   // bad option, file, scenario or recording; an output that cannot be written
inline constexpr int kExitDevice = 3;     // audio device missing, lost or failing
inline constexpr int kExitRefused = 4;    // a gear-safety check refused to play
inline constexpr int kExitMeasurement = 5;  // the measurement itself failed (clipping, no signal)
// The probe before every sweep refused (safety/probe_verdict.h); nothing but
// the -40 dBFS probe has played (300 ms; again, 1.1 s, when its tones came late).
inline constexpr int kExitNoSignalA = 10;   // no signal on input A: output not connected or wrong channel
inline constexpr int kExitNoCurrent = 11;   // A = B: the DUT is open or R_ref is shorted
inline constexpr int kExitShortedDut = 12;  // B = 0: the DUT is shorted
inline constexpr int kExitLoadTooLow = 13;  // R_ref + |Z| below the output's minimum load
inline constexpr int kExitSwappedInputs = 14;  // B louder than A: inputs A and B swapped

inline constexpr int kExitCancelled = 130;   // cancelled (Ctrl-C), as a shell reports SIGINT

int exit_code_for(const AppError& error);

}  // namespace zb::app
