#include "gui/measurements.h"

#include <utility>

#include "app/plot_export.h"
#include "gui/setting_labels.h"

namespace zb::gui {

HumView make_hum_view(app::HumResult&& result) {
    HumView v;
    v.result = std::move(result);
    v.snapshot = snapshot_of(v.result.analysis);
    const auto& channels = v.result.analysis.channels;
    if (!channels.empty()) v.spectrum_hz = app::spectrum_frequency_hz(channels[0].spectrum);
    for (std::size_t c = 0; c < 2 && c < channels.size(); ++c) v.spectrum_dbfs[c] = app::spectrum_level_dbfs(channels[c].spectrum);
    return v;
}

JobFailure job_failure(const app::AppError& error) { return {error, gui_text(error.message)}; }

bool is_refusal(const JobFailure& f) { return f.error.kind == app::Failure::refused; }

app::ImpedanceRequest impedance_request(const GuiOptions& o) { return o.measure; }

app::HumRequest hum_request(const GuiOptions& o) {
    app::HumRequest r;
    r.device = o.measure.device;
    r.profile = o.measure.profile;
    r.seconds = o.hum_seconds;
    r.live = true;
    return r;
}

}  // namespace zb::gui
