#include "gui/measurements.h"

#include <algorithm>
#include <cmath>

#include "gui/setting_labels.h"
#include "util/units.h"

namespace zb::gui {

HumView make_hum_view(app::HumResult&& result) {
    HumView v;
    v.result = std::move(result);
    v.snapshot = snapshot_of(v.result.analysis);
    // dBFS per bin from the Welch mean square (hum/welch.h: a sine on a bin
    // reads its mean square A²/2, i.e. 10·log10(2·P) = 20·log10(A) dBFS).
    const auto& channels = v.result.analysis.channels;
    for (std::size_t c = 0; c < 2 && c < channels.size(); ++c) {
        const WelchSpectrum& w = channels[c].spectrum;
        for (std::size_t k = 1; k < w.bins(); ++k) {
            if (c == 0) v.spectrum_hz.push_back(w.frequency_hz(static_cast<double>(k)));
            v.spectrum_dbfs[c].push_back(power_ratio_to_db(std::max(2.0 * w.power[k], 1e-30)));
        }
    }
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
