// The Hum tab: the spectrum of inputs A and B with the mains harmonics
// marked, each input's diagnosis and remedies, and "set as baseline" with the
// change against that baseline (hum/compare.h, as `zbench hum --compare`).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/app.h"
#include "gui/theme.h"

namespace zb::gui {


void App::on_new_hum() {
    ++hum_revision_;
    const auto& a = hum_->result.analysis;
    if (hum_baseline_) hum_comparison_ = compare_hum(hum_baseline_->snapshot, "the baseline", hum_->snapshot);
    const double fmax = a.channels.empty() ? 20000.0 : a.channels[0].spectrum.frequency_hz(a.channels[0].spectrum.bins() - 1);
    double lo = 0.0;
    for (double v : hum_->spectrum_dbfs[0]) lo = std::min(lo, v);
    hum_plot_.set_home({10.0, std::min(fmax, 24000.0), plot::AxisScale::log}, {std::max(lo - 5.0, -200.0), 0.0}, std::nullopt);
}

// The live analyser's newest frame as curves, with the mains comb it sees;
// false when there is none (not recording, or no frame yet).
bool App::live_curves(std::vector<PlotCurve>& curves, std::vector<PlotMarker>& markers) {
    if (!hum_live_ || !busy()) return false;
    const auto spectrum = hum_live_->get();
    const auto frame = spectrum ? spectrum->latest() : nullptr;
    if (!frame || frame->channels.empty()) return false;
    if (frame->sequence != live_sequence_) {  // rebuild only when a new frame was published
        live_sequence_ = frame->sequence;
        live_mains_hz_ = frame->mains_hz;
        const std::size_t bins = frame->channels[0].power.size();
        live_freq_hz_.resize(bins > 0 ? bins - 1 : 0);
        for (std::size_t c = 0; c < 2; ++c) live_level_dbfs_[c].resize(live_freq_hz_.size());
        for (std::size_t k = 1; k < bins; ++k) {
            live_freq_hz_[k - 1] = static_cast<double>(k) * frame->bin_hz();
            for (std::size_t c = 0; c < 2 && c < frame->channels.size(); ++c)
                live_level_dbfs_[c][k - 1] = frame->level_dbfs(c, k);
        }
    }
    const std::uint64_t revision = live_generation_ << 32 | live_sequence_;  // unique per recording and frame
    curves.push_back({"B (live)", live_freq_hz_, live_level_dbfs_[1], theme::kCurveB, YAxis::left, 1.0f, revision});
    curves.push_back({"A (live)", live_freq_hz_, live_level_dbfs_[0], theme::kCurveA, YAxis::left, 1.0f, revision});
    if (live_mains_hz_)
        for (int n = 1; n <= 12; ++n)
            markers.push_back({n * *live_mains_hz_, theme::kMains, n <= 9 ? std::to_string(n) : std::string()});
    return true;
}

void App::hum_panel() {
    const float side = 380.0f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<PlotCurve> curves;
    std::vector<PlotMarker> markers;
    if (hum_baseline_)
        curves.push_back({"A baseline", hum_baseline_->spectrum_hz, hum_baseline_->spectrum_dbfs[0], theme::kCurveOld, YAxis::left,
                          1.0f, baseline_revision_});
    const bool live = live_curves(curves, markers);
    if (hum_ && !live) {
        const auto& a = hum_->result.analysis;
        if (a.channels.size() > 1)
            curves.push_back({"B", hum_->spectrum_hz, hum_->spectrum_dbfs[1], theme::kCurveB, YAxis::left, 1.0f, hum_revision_});
        curves.push_back({"A", hum_->spectrum_hz, hum_->spectrum_dbfs[0], theme::kCurveA, YAxis::left, 1.0f, hum_revision_});
        // Mains harmonics: a line at each one read (detected ones labelled).
        if (!a.channels.empty())
            for (const auto& h : a.channels[0].hum.harmonics) {
                if (!h.detected && h.n > 12) continue;
                char label[16];
                std::snprintf(label, sizeof label, "%d", h.n);
                markers.push_back({h.frequency_hz, h.detected ? theme::kMains : IM_COL32(255, 90, 90, 50),
                                   h.detected && h.n <= 9 ? label : ""});
            }
    }
    hum_plot_.draw("##humplot", ImVec2(avail.x - side - 8, avail.y - 4), curves, markers);
    ImGui::SameLine();
    ImGui::BeginChild("humside", ImVec2(side, avail.y - 4), true);
    if (live) {
        ImGui::TextColored(theme::kHeading, "Recording: live spectrum");
        if (live_mains_hz_) ImGui::Text("mains about %.2f Hz (spectral estimate)", *live_mains_hz_);
        ImGui::TextWrapped("The full analysis (mains to 0.001 Hz, diagnosis, remedies) follows when the recording ends.");
        ImGui::EndChild();
        return;
    }
    if (!hum_) {
        ImGui::TextWrapped("No recording yet. Leave the output silent, connect what hums, and press \"Measure hum\". "
                           "Then change one thing (a ground, a cable) with \"set as baseline\" and measure again.");
        ImGui::EndChild();
        return;
    }
    const auto& a = hum_->result.analysis;
    ImGui::TextColored(theme::kHeading, "Mains");
    if (a.mains.found)
        ImGui::Text("%.3f Hz (%.0f Hz grid)%s", a.mains.frequency_hz, a.mains.nominal_hz,
                    a.mains.phase_tracked ? ", phase-tracked" : "");
    else
        ImGui::TextUnformatted("none found: no hum stands out of the noise");
    for (const auto& c : a.channels) {
        ImGui::Separator();
        ImGui::TextColored(theme::kHeading, "Input %s: %s", c.name.c_str(), std::string(hum_kind_name(c.diagnosis.kind)).c_str());
        ImGui::Text("level %.1f dBFS RMS, noise floor %.1f dBFS", c.stats.rms_dbfs(), c.noise_floor_dbfs);
        if (c.hum.total_hum_dbfs && c.hum.total_hum_dbv)
            ImGui::Text("total hum %.1f dBFS (%.1f dBV)", *c.hum.total_hum_dbfs, *c.hum.total_hum_dbv);
        else if (c.hum.total_hum_dbfs)
            ImGui::Text("total hum %.1f dBFS", *c.hum.total_hum_dbfs);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(c.diagnosis.text.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    if (ImGui::Button("Set as baseline")) {
        hum_baseline_ = hum_;
        baseline_revision_ = hum_revision_ + 1000000;  // distinct from every result's
        hum_comparison_.reset();
        status(StatusLine::Kind::info, "hum: baseline set; change one thing and measure again");
    }
    if (hum_baseline_) {
        ImGui::SameLine();
        if (ImGui::Button("Clear baseline")) {
            hum_baseline_.reset();
            hum_comparison_.reset();
        }
    }
    if (hum_comparison_) {
        ImGui::TextColored(theme::kHeading, "Against the baseline");
        ImGui::PushTextWrapPos(0.0f);
        for (const auto& c : hum_comparison_->channels) ImGui::Text("%s: %s", c.name.c_str(), c.text.c_str());
        for (const auto& w : hum_comparison_->warnings) ImGui::TextColored(theme::kWarning, "%s", w.c_str());
        ImGui::PopTextWrapPos();
    } else if (hum_baseline_) {
        ImGui::TextDisabled("baseline set: the next recording is compared with it");
    }
    ImGui::EndChild();
}

}  // namespace zb::gui
