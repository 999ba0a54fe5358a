// Per-channel time-domain statistics of a hum recording: DC offset (the
// mean), AC RMS (about the mean), peak and samples at full scale.
//
// Units: fractions of full scale; rms_dbfs per AES17 (20·log10(r·√2)).
#pragma once

#include <cstddef>
#include <span>

namespace zb {

struct ChannelStats {
    double dc_fs = 0.0;    // signed mean
    double rms_fs = 0.0;   // RMS of x − mean
    double peak_fs = 0.0;  // max |x|
    std::size_t clipped = 0;  // samples at or beyond full scale (|x| >= 1 − 2^-15)

    double rms_dbfs() const;
};

ChannelStats channel_stats(std::span<const float> x);

}  // namespace zb
