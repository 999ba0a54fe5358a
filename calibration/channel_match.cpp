#include "calibration/channel_match.h"

#include <algorithm>
#include <cmath>

#include "calibration/curve_smoothing.h"
#include "calibration/divider_model.h"
#include "safety/format_number.h"
#include "util/units.h"

namespace zb::calibration {

Result<ChannelMatchStep> run_channel_match(const StepContext& ctx, SafetyReport* safety) {
    StepContext c = ctx;
    c.safety.channel_ratio = nullptr;  // this step measures it
    auto capture = measure_divider(c, {.allow_no_current = true, .allow_shorted_dut = false}, safety);
    if (!capture) return capture.error();
    const auto g = curve_at(capture->b_over_a, 1000.0);
    const double gain_db = gain_to_db(std::abs(g)), phase_deg = rad_to_deg(std::arg(g));
    if (std::abs(gain_db) > 3.0 || std::abs(phase_deg) > 30.0)
        return make_error("channel-match: input B reads ", format_number(gain_db), " dB and ", format_number(phase_deg),
                          " degrees from input A at 1 kHz; on one node they must agree within 3 dB and 30 degrees: "
                          "short R_ref so both inputs sit on the drive node, and disconnect the driver");
    return ChannelMatchStep{std::move(*capture)};
}

ComplexCurve channel_ratio(const ChannelMatchStep& step) {
    return smooth_log_polynomial(step.capture.b_over_a, kChannelMatchSmoothingOctaves, 2);
}

nlohmann::json channel_match_json(const ChannelMatchStep& step) { return divider_capture_json(step.capture); }

Result<ChannelMatchStep> read_channel_match(JsonFields& f) {
    auto capture = read_divider_capture(f);
    if (!capture) return capture.error();
    return ChannelMatchStep{std::move(*capture)};
}

}  // namespace zb::calibration
