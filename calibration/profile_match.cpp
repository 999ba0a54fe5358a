#include "calibration/profile_match.h"

#include "safety/format_number.h"

namespace zb::calibration {

std::vector<std::string> profile_device_differences(const Profile& p, const DeviceIdentity& d) {
    std::vector<std::string> out;
    if (p.device.description != d.description)
        out.push_back("it was made on \"" + p.device.description + "\", this is \"" + d.description + "\"");
    if (p.device.sample_rate_hz != d.sample_rate_hz)
        out.push_back("it was made at " + format_number(p.device.sample_rate_hz) + " Hz, this runs at " +
                      format_number(d.sample_rate_hz) + " Hz");
    if (p.device.api && d.api && *p.device.api != *d.api)
        out.push_back("it was made through " + *p.device.api + ", this is " + *d.api);
    auto channel = [&](const std::optional<int>& a, const std::optional<int>& b, const char* what) {
        if (a && b && *a != *b)
            out.push_back(std::string("its ") + what + " was channel " + std::to_string(*a) + ", this uses channel " +
                          std::to_string(*b));
    };
    channel(p.device.channels.output, d.channels.output, "output");
    channel(p.device.channels.input_a, d.channels.input_a, "input A");
    channel(p.device.channels.input_b, d.channels.input_b, "input B");
    return out;
}

Status check_profile_device(const Profile& p, std::string_view name, const DeviceIdentity& d, bool force,
                            std::vector<std::string>& warnings) {
    const auto diffs = profile_device_differences(p, d);
    if (diffs.empty()) return {};
    if (!force)
        return make_error("profile \"", name, "\" is for another device or sample rate (", diffs.front(),
                          "); calibrate this set-up into its own profile, or pass {force} to apply it anyway");
    for (const auto& diff : diffs) warnings.push_back("profile \"" + std::string(name) + "\" forced: " + diff);
    return {};
}

}  // namespace zb::calibration
