// Level limits for the sweep.
//
//  - The sweep's peak level may not exceed −3 dBFS (--level): converters and
//    output stages misbehave near full scale, and inter-sample peaks of a
//    fast sweep can clip a DAC's reconstruction filter.
//  - --max-dut-volts (default 1 V RMS) caps the voltage across the DUT: it
//    protects tweeters (a few volts for seconds can burn a voice coil) and
//    keeps T/S measurements in the small-signal range.
//
// The DUT sees V_dut = V_drive·|T|, T = B/A (the divider, docs/hardware.md "Wiring"),
// V_drive = 10^(level/20)·output_volts_per_fs peak, i.e. /√2 RMS for the
// sweep's sine. The probe measures |T| at its tones only; an impedance peak
// between them (a driver's resonance is typically 5–15× Re) can raise |T|,
// so the bound is |T|max·10 (20 dB of headroom), at most 1 (a passive divider
// never puts more than the drive voltage across the DUT). If the bound
// exceeds the cap, the level is lowered to meet it (and says so); if that
// needs less than −60 dBFS, the sweep is refused.
//
// Volts need output_volts_per_fs: the peak voltage at the drive node for a
// 0 dBFS output. The virtual rig knows it (its full_scale_volts); for a real
// interface a calibration profile gives it. When it is unknown:
//  - line and headphone outputs: the hottest common interface outputs are
//    assumed, +24 dBu at full scale (12.3 V RMS, 17.4 V peak), so the cap
//    holds on any interface, at worst by lowering the level more than needed;
//  - power amplifiers: their gain is unknown, so the cap cannot be enforced;
//    the plan says so and front ends warn (turn the amplifier down).
#pragma once

#include <optional>
#include <string>

#include "safety/output_kind.h"
#include "util/result.h"

namespace zb {

struct LevelLimits {
    double max_level_dbfs = -3.0;
    double max_dut_volts_rms = 1.0;
    double min_level_dbfs = -60.0;  // below this the sweep has too little signal: refuse rather than cap
};

inline constexpr double kAssumedOutputVoltsPerFs = 17.4;  // +24 dBu RMS at full scale, in peak volts
inline constexpr double kDutPeakHeadroom = 10.0;          // on the probe's |T|max, for peaks between its tones

// --level above max_level_dbfs: a one-line error naming the option.
Status check_level(double level_dbfs, const LevelLimits& limits);

struct LevelRequest {
    double level_dbfs = -20.0;
    OutputKind output = OutputKind::line;
    std::optional<double> output_volts_per_fs;  // peak volts at the drive node at 0 dBFS
    double dut_fraction = 1.0;                  // the probe's max |B/A|
};

struct LevelPlan {
    double requested_level_dbfs = 0.0;
    double level_dbfs = 0.0;                      // what the sweep plays
    std::optional<double> volts_per_fs;           // used for the bound (given or assumed)
    std::string volts_source;                     // "given", "assumed +24 dBu output", "unknown"
    double dut_fraction_bound = 1.0;
    std::optional<double> dut_volts_rms_bound;    // at level_dbfs; unknown for an uncalibrated amplifier
    bool capped = false;
    std::string note;                             // why the level was lowered, or why the cap is not enforced
};

// Refuses (Refusal::level_too_high / dut_voltage in the caller) with a one-line error.
Result<LevelPlan> plan_level(const LevelRequest& request, const LevelLimits& limits);

}  // namespace zb
