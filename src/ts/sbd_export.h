// The fitted driver as a Speakerbench datasheet ("SBD" JSON, J. Candy and C.
// Futtrup, Speakerbench documentation, "JSON Datafile Definitions":
// Thiele/Small Datasheet JSON file format; loudspeakerdatabase.com serves the
// same format). Only the documented keys are written, every value a string,
// spaces in strings replaced by underscores, as the format asks.
//
// The file is a "ts2" datasheet: the mechanical parameters (Re, Bl, Mms,
// Cms, Rms, Sd, l3) set the driver, and Speakerbench derives the rest; fs,
// the Q values and Vas are written as zbench reports them. The advanced-
// model keys (leb, rss, ke, le, c0, r0, f0, beta, lambda) are "0.0", as the
// format asks when that model is not used. Units as the format uses them:
// Ω, T·m, g, mm/N, kg/s, cm², mm, mH, Hz, litres, °C, hPa, %, m/s, kg/m³.
// l3 is the classical voice-coil inductance read at the +3 dB point: the
// frequency f3 where |Re + Zl| = √2·Re, l3 = Re/(2π·f3).
#pragma once

#include <string>

#include "ts/ts_analysis.h"
#include "util/result.h"

namespace zb {

struct SbdInfo {
    std::string brand = "unknown";
    std::string model;        // the driver's name
    std::string date_ddmmyyyy;
};

// Errors: a result without Mms, Cms, Bl and Rms (no added mass or box) or
// without Sd, which the format requires.
Result<std::string> format_sbd(const TsResult& result, const SbdInfo& info);

}  // namespace zb
