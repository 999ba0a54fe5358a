#include "safety/dc_check.h"

#include <cmath>

#include "safety/format_number.h"

namespace zb {

std::vector<std::string> check_dc(double dc_a_fs, double dc_b_fs, std::optional<double> volts_per_fs, const DcLimits& limits) {
    std::vector<std::string> out;
    const char* names[] = {"A (drive node)", "B (across the DUT)"};
    const double dc[] = {dc_a_fs, dc_b_fs};
    for (int c = 0; c < 2; ++c) {
        const double fraction = std::abs(dc[c]);
        const bool over = volts_per_fs ? fraction * *volts_per_fs > limits.warn_volts : fraction > limits.warn_fs;
        if (!over) continue;
        const std::string amount = volts_per_fs ? format_number(1000.0 * dc[c] * *volts_per_fs) + " mV"
                                                : format_number(100.0 * dc[c]) + " % of full scale";
        const std::string limit = volts_per_fs ? format_number(1000.0 * limits.warn_volts) + " mV"
                                               : format_number(100.0 * limits.warn_fs) + " %";
        out.push_back(std::string("input ") + names[c] + " carries DC, " + amount + " (above " + limit +
                      "): DC through a voice coil makes no sound but heats it and pushes the cone off its rest "
                      "position, which shifts fs and Qms; check the output or amplifier for DC offset (healthy: under "
                      "50 mV), or the interface input for offset");
    }
    return out;
}

}  // namespace zb
