// Whether a profile belongs to the device a command is about to use. A
// channel match, an input impedance or a volts-per-full-scale figure holds
// for one interface at one sample rate (the converters' filters change with
// the rate), so a profile made on another device or at another rate is
// refused, unless the user forces it (then the differences become warnings).
//
// Compared: the device's description and sample rate always; the audio API
// and each channel of the channel map only when both sides know them (the
// virtual rig and older profiles leave them null).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calibration/profile.h"

namespace zb::calibration {

// Each difference, as a phrase: "it was made on X, this is Y".
std::vector<std::string> profile_device_differences(const Profile& profile, const DeviceIdentity& current);

// An error naming the profile and the first difference, unless `force`;
// with `force` the differences are appended to `warnings`.
Status check_profile_device(const Profile& profile, std::string_view name, const DeviceIdentity& current, bool force,
                            std::vector<std::string>& warnings);

}  // namespace zb::calibration
