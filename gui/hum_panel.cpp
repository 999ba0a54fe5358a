// The Hum tab: the spectrum of inputs A and B with the mains harmonics
// marked, each input's diagnosis and remedies, the earlier recordings and
// opened hum reports as named overlays, and the change between two of them
// per mains harmonic (hum/compare.h, as `zbench hum --compare`).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/app.h"
#include "gui/layout_check.h"
#include "gui/named_list.h"
#include "gui/theme.h"

namespace zb::gui {


void App::on_new_hum() {
    ++hum_revision_;
    // The newest becomes "after", the one it replaces "before".
    after_name_ = hum_name_ = "hum " + std::to_string(++hum_runs_);
    if (!hum_set_.curves().empty()) before_name_ = hum_set_.curves().back().name;
    compare_hum_pair();
    const auto& a = hum_->result.analysis;
    const double fmax = a.channels.empty() ? 20000.0 : a.channels[0].spectrum.frequency_hz(a.channels[0].spectrum.bins() - 1);
    double lo = 0.0;
    for (double v : hum_->spectrum_dbfs[0]) lo = std::min(lo, v);
    hum_plot_.set_home({10.0, std::min(fmax, 24000.0), plot::AxisScale::log}, {std::max(lo - 5.0, -200.0), 0.0}, std::nullopt);
}

// The comparison of the two chosen spectra (before, after), when both are there.
void App::compare_hum_pair() {
    hum_comparison_.reset();
    auto find = [&](const std::string& name) -> const HumSnapshot* {
        if (hum_ && name == hum_name_) return &hum_->snapshot;
        for (const auto& h : hum_set_.curves())
            if (h.name == name) return &h.snapshot;
        return nullptr;
    };
    const HumSnapshot *before = find(before_name_), *after = find(after_name_);
    if (before && after && before != after) hum_comparison_ = compare_hum(*before, before_name_, *after);
}

// Per input: each mains harmonic's level before and after, and the change.
void App::hum_comparison_table() {
    std::vector<const char*> names;
    if (hum_) names.push_back(hum_name_.c_str());
    for (const auto& h : hum_set_.curves()) names.push_back(h.name.c_str());
    if (names.size() < 2) return;
    ImGui::TextColored(theme::kHeading, "Before and after");
    auto pick = [&](const char* label, std::string& chosen) {
        ImGui::TextUnformatted(label);
        ImGui::SameLine(ImGui::CalcTextSize("before ").x + ImGui::GetStyle().ItemSpacing.x);
        ImGui::SetNextItemWidth(-1);
        const bool open = ImGui::BeginCombo(label[0] == 'b' ? "##before" : "##after", chosen.empty() ? "none" : chosen.c_str());
        layout::check_combo_preview(chosen.empty() ? "none" : chosen.c_str());
        if (!open) return;
        for (const char* n : names)
            if (ImGui::Selectable(n, chosen == n)) {
                chosen = n;
                compare_hum_pair();
            }
        ImGui::EndCombo();
    };
    pick("before", before_name_);
    pick("after", after_name_);
    if (!hum_comparison_) {
        ImGui::TextDisabled("choose two different spectra");
        return;
    }
    for (const auto& c : hum_comparison_->channels) {
        ImGui::PushID(c.name.c_str());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::Text("%s: %s", c.name.c_str(), c.text.c_str());
        ImGui::PopTextWrapPos();
        if (!c.harmonics.empty() && ImGui::BeginTable("delta", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn("n");
            ImGui::TableSetupColumn("before, dBFS");
            ImGui::TableSetupColumn("after, dBFS");
            ImGui::TableSetupColumn("change, dB");
            ImGui::TableHeadersRow();
            for (const auto& h : c.harmonics) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%d", h.n);
                ImGui::TableNextColumn();
                ImGui::Text(h.before_detected ? "%.1f" : "<%.1f", h.before_dbfs);
                ImGui::TableNextColumn();
                ImGui::Text(h.after_detected ? "%.1f" : "<%.1f", h.after_dbfs);
                ImGui::TableNextColumn();
                // A side that is a noise bound makes the change a bound too.
                ImGui::Text(h.bound == "at_most" ? "<=%+.1f" : h.bound == "at_least" ? ">=%+.1f" : "%+.1f", h.change_db);
            }
            ImGui::EndTable();
        }
        ImGui::PopID();
    }
    ImGui::PushTextWrapPos(0.0f);
    for (const auto& w : hum_comparison_->warnings) ImGui::TextColored(theme::kWarning, "%s", w.c_str());
    ImGui::PopTextWrapPos();
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
    const float side = theme::px(380.0f);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<PlotCurve> curves;
    std::vector<PlotMarker> markers;
    for (const auto& h : hum_set_.curves())
        if (h.visible && !h.frequency_hz.empty())
            curves.push_back({h.name, h.frequency_hz, h.level_dbfs, h.colour, YAxis::left, 1.0f, h.revision});
    const bool live = live_curves(curves, markers);
    if (hum_ && !live) {
        const auto& a = hum_->result.analysis;
        if (a.channels.size() > 1)
            curves.push_back({hum_name_ + " B", hum_->spectrum_hz, hum_->spectrum_dbfs[1], theme::kCurveB, YAxis::left, 1.0f, hum_revision_});
        curves.push_back({hum_name_ + " A", hum_->spectrum_hz, hum_->spectrum_dbfs[0], theme::kCurveA, YAxis::left, 1.0f, hum_revision_});
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
    hum_plot_.draw("##humplot", ImVec2(avail.x - side - ImGui::GetStyle().ItemSpacing.x, avail.y - 4), curves, markers);
    ImGui::SameLine();
    ImGui::BeginChild("humside", ImVec2(side, avail.y - 4), true);
    if (live) {
        ImGui::TextColored(theme::kHeading, "Recording: live spectrum");
        if (live_mains_hz_) ImGui::Text("mains about %.2f Hz (spectral estimate)", *live_mains_hz_);
        ImGui::TextWrapped("The full analysis (mains to 0.001 Hz, diagnosis, remedies) follows when the recording ends.");
        ImGui::EndChild();
        return;
    }
    if (ImGui::Button("Open hum report...")) {
        browser_use_ = BrowserUse::open;
        browser_.show(FileBrowser::Mode::open, "Open a hum report", {".json"});
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("a JSON report of `zbench hum --json` (with --spectrum for its curve)");
    if (!hum_set_.curves().empty()) {
        ImGui::TextColored(theme::kHeading, "Earlier and opened");
        switch (named_list(hum_set_, hum_rows_, [](const NamedHum& h) { return h.colour; })) {
            case ListChange::removed:
            case ListChange::renamed:
                if (!hum_set_.curves().empty() && before_name_ != hum_name_) before_name_ = hum_set_.curves().back().name;
                compare_hum_pair();
                break;
            case ListChange::rename_refused: status(StatusLine::Kind::error, "another spectrum has that name, or it is blank; type another"); break;
            default: break;
        }
        ImGui::Separator();
    }
    if (!hum_) {
        ImGui::TextWrapped("No recording yet. Leave the output silent, connect what hums, and press \"Measure hum\". "
                           "Then change one thing (a ground, a cable) and measure again: the two are compared here.");
        hum_comparison_table();
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
    if (ImGui::Button("Save report...")) {
        browser_use_ = BrowserUse::export_hum;
        browser_.show(FileBrowser::Mode::save, "Save the hum report", {".json"}, hum_name_ + ".json");
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the JSON report of `zbench hum --json --spectrum`, to open and compare later");
    ImGui::Separator();
    hum_comparison_table();
    ImGui::EndChild();
}

}  // namespace zb::gui
