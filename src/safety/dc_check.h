// DC on the inputs. Input A sits on the drive node and input B across the
// DUT, so DC there usually means DC from the output or the amplifier flowing
// through R_ref and the driver. DC through a voice coil makes no sound but
// heats the coil (P = V²/Re: 0.5 V on 4 Ω is 62 mW, continuously), and it
// pushes the cone off its rest position, where the suspension is stiffer and
// Bl smaller, which shifts fs and Qms and skews T/S results. A healthy
// amplifier has under ~50 mV of offset. (An interface's own ADC offset shows
// the same way; the warning says both.) The measurement itself is not
// affected: the analysis removes DC with the hum fit.
//
// Threshold: 50 mV when the inputs' volts per full scale are known
// (calibration or the virtual rig), else 1 % of full scale (−40 dB; 87 mV on
// a +18 dBu interface).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zb {

struct DcLimits {
    double warn_volts = 0.05;
    double warn_fs = 0.01;
};

// One warning line per input above the threshold.
std::vector<std::string> check_dc(double dc_a_fs, double dc_b_fs, std::optional<double> input_volts_per_fs,
                                  const DcLimits& limits);

}  // namespace zb
