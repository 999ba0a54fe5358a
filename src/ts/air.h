// Air properties used to turn a suspension compliance into an equivalent
// volume: Vas = ρ·c²·Sd²·Cms. Dry air at 20 °C and 101.325 kPa (ISO 2533 /
// the values Small and most T/S tools use): ρ = 1.204 kg/m³, c = 343 m/s,
// so ρ·c² = 1.4165e5 Pa.
#pragma once

namespace zb {

inline constexpr double kAirDensityKgM3 = 1.204;
inline constexpr double kSpeedOfSoundMS = 343.0;
inline constexpr double kAirRhoC2Pa = kAirDensityKgM3 * kSpeedOfSoundMS * kSpeedOfSoundMS;

}  // namespace zb
