#include "safety/level_limits.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "safety/format_number.h"
#include "util/units.h"

namespace zb {

Status check_level(double level_dbfs, const LevelLimits& limits) {
    if (!(level_dbfs <= limits.max_level_dbfs))
        return make_setting_error("level", "{level} ", format_number(level_dbfs), " dBFS is above the ", format_number(limits.max_level_dbfs),
                                  " dBFS limit (near full scale outputs distort and sweeps clip); use {level} ",
                                  format_number(limits.max_level_dbfs), " or lower (the default is -20)");
    return {};
}

Result<LevelPlan> plan_level(const LevelRequest& q, const LevelLimits& limits) {
    if (auto st = check_level(q.level_dbfs, limits); !st) return st.error();
    LevelPlan plan;
    plan.requested_level_dbfs = q.level_dbfs;
    plan.level_dbfs = q.level_dbfs;
    plan.dut_fraction_bound = std::clamp(kDutPeakHeadroom * q.dut_fraction, 0.0, 1.0);
    if (q.output_volts_per_fs) {
        plan.volts_per_fs = *q.output_volts_per_fs;
        plan.volts_source = "given";
    } else if (q.output != OutputKind::amplifier) {
        plan.volts_per_fs = kAssumedOutputVoltsPerFs;
        plan.volts_source = "assumed +24 dBu output";
    } else {
        plan.volts_source = "unknown";
        plan.note = "{max_dut_volts} is not enforced: the amplifier's gain is unknown (no calibration profile gives the "
                    "volts per full scale); keep its volume low";
        return plan;
    }
    auto dut_volts = [&](double level_dbfs) {
        return dbfs_to_peak_fs(level_dbfs) * *plan.volts_per_fs / std::numbers::sqrt2 * plan.dut_fraction_bound;
    };
    const double v = dut_volts(q.level_dbfs);
    if (v > limits.max_dut_volts_rms) {
        // Lower by whole tenths of a dB until the bound is met.
        const double capped = std::floor(10.0 * (q.level_dbfs + gain_to_db(limits.max_dut_volts_rms / v))) / 10.0;
        if (capped < limits.min_level_dbfs)
            return make_setting_error("max_dut_volts", "{max_dut_volts} ", format_number(limits.max_dut_volts_rms), " V RMS would need the sweep at ",
                              format_number(capped), " dBFS, below the ", format_number(limits.min_level_dbfs),
                              " dBFS floor: the drive is too hot for this load (", format_number(*plan.volts_per_fs),
                              " V peak at full scale); turn the output or amplifier down, or raise {max_dut_volts}");
        plan.level_dbfs = capped;
        plan.capped = true;
        plan.note = "level lowered from " + format_number(q.level_dbfs) + " to " + format_number(capped) +
                    " dBFS so that the DUT sees at most " + format_number(limits.max_dut_volts_rms) +
                    " V RMS ({max_dut_volts})" +
                    (q.output_volts_per_fs ? "" : ", assuming a +24 dBu output (no calibration profile)");
    }
    plan.dut_volts_rms_bound = dut_volts(plan.level_dbfs);
    return plan;
}

}  // namespace zb
