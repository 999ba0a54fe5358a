// Power ratios in decibels: 10·log10 and its inverse. util/units.h holds the
// amplitude conversions (20·log10); these are their power counterparts, used
// for spectra (mean squares per bin), SNRs and detection thresholds.
//
// Units: dimensionless power ratios, dB.
#pragma once

#include <cmath>

namespace zb {

inline double power_ratio_to_db(double ratio) { return 10.0 * std::log10(ratio); }
inline double db_to_power_ratio(double db) { return std::pow(10.0, db / 10.0); }

}  // namespace zb
