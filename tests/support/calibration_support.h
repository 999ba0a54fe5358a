// Helpers for the calibration tests: the "badly set-up rig" of the
// acceptance criteria, random speakers, and running calibration steps
// through the library on a SimDevice (which rewires itself per step).
#pragma once

#include <initializer_list>
#include <string>

#include "calibration/profile.h"
#include "device/sim_device.h"
#include "measure/impedance_measurement.h"
#include "util/rng.h"

namespace zbt {

inline constexpr double kNominalRRefOhm = 10.0;

// Channel gain mismatch 0.5-1 dB (either sign), true R_ref 2-4 % off its
// nominal 10 ohm (either way), leads 0.05 ohm, input impedance 20 kohm,
// noise -112 dBFS; plus what any bench has: hum at -100 dBFS with
// harmonics, a random latency, an amplifier output, and inputs whose
// coupling and anti-alias roll-offs differ (a frequency-dependent mismatch).
zb::Scenario badly_set_up_rig(zb::Rng& rng);
zb::SpeakerParams random_speaker(zb::Rng& rng);
std::string describe_rig(const zb::Scenario& s);

zb::calibration::StepContext step_context(zb::SimDevice& device, double nominal_r_ref_ohm);

// Runs `steps` in order through the library, rewiring the rig for each and
// back to the measurement afterwards. Reference uses `known_ohm`; sensitivity
// needs `volts_rms`. Stops at the first error.
zb::Result<zb::calibration::Profile> calibrate(zb::SimDevice& device, double nominal_r_ref_ohm,
                                               std::initializer_list<zb::calibration::Step> steps, double known_ohm = 8.0,
                                               double volts_rms = 0.0, zb::calibration::Profile profile = {});

// One impedance measurement of the rig as wired for measurement, with the
// profile's corrections when given.
zb::Result<zb::ImpedanceMeasurement> measure(zb::SimDevice& device, double nominal_r_ref_ohm,
                                             const zb::calibration::Profile* profile);

}  // namespace zbt
