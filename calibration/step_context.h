// What every calibration step needs to run: the device, the safety settings
// (what drives R_ref, level limits, volts), the user's R_ref, the sweep and
// the grid. Steps measure through the AudioDevice interface only, so the
// same code runs on the virtual rig and on a real interface.
//
// Threading: like AudioDevice, one thread at a time; progress is reported on
// that thread.
#pragma once

#include <string>
#include <string_view>

#include "device/audio_device.h"
#include "dsp/log_grid.h"
#include "safety/preflight.h"
#include "util/json_fields.h"

namespace zb::calibration {

struct StepContext {
    AudioDevice* device = nullptr;
    SafetyConfig safety;             // output kind, limits, volts; allow flags are set by each step
    double r_ref_nominal_ohm = 0.0;  // the value on the resistor's label (divider steps)
    double level_dbfs = -20.0;       // sweep peak level
    double sweep_seconds = 4.0;
    LogGridConfig grid;              // fmax: set from the device's sample rate
    ProgressFn progress;
};

// "2024-05-01T12:34:56Z", the time now.
std::string utc_timestamp_now();
// Checks that form (a profile's timestamps).
bool is_utc_timestamp(std::string_view text);
// Reads `key` as such a timestamp, or fails that field.
std::string read_utc_timestamp(JsonFields& fields, std::string_view key);

}  // namespace zb::calibration
