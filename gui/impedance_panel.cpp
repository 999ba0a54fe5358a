// The Impedance tab: |Z| and phase on one plot (left and right axes), the
// overlays (earlier runs and opened files), the summary and free-air T/S
// table, opening files, and exports.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/impedance_format.h"
#include "gui/app.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"
#include "gui/ts_panel.h"
#include "io/atomic_file.h"
#include "ts/driver_model.h"

namespace zb::gui {

void App::on_new_impedance() {
    // Home view: the band of every curve shown, |Z| from 0 to a little above the highest peak.
    std::vector<double> mags;
    double f_lo = INFINITY, f_hi = 0.0;
    auto include = [&](const ImpedanceCurve& c) {
        if (c.empty()) return;
        mags.insert(mags.end(), c.magnitude_ohm.begin(), c.magnitude_ohm.end());
        f_lo = std::min(f_lo, c.frequency_hz.front());
        f_hi = std::max(f_hi, c.frequency_hz.back());
    };
    if (impedance_) include(impedance_->analysis.curve);
    for (const auto& o : overlays_.curves())
        if (o.visible) include(o.curve);
    if (mags.empty()) return;
    plot::AxisRange y = fit_linear_range(mags, 0.0, 1e5, 1.0);
    y.lo = 0.0;
    if (log_magnitude_) {
        const auto [lo, hi] = std::minmax_element(mags.begin(), mags.end());
        y = {std::max(1e-3, *lo / 1.25), std::max(*hi * 1.25, 2.0 * std::max(1e-3, *lo)), plot::AxisScale::log};
    }
    impedance_plot_.set_home({f_lo, f_hi, plot::AxisScale::log}, y, plot::AxisRange{-90.0, 90.0});
    // The T/S model over the measured curve, to see where it follows the data.
    fit_magnitude_ohm_.clear();
    if (impedance_ && impedance_->ts && impedance_->ts->free_air)
        for (double f : impedance_->analysis.curve.frequency_hz)
            fit_magnitude_ohm_.push_back(std::abs(driver_impedance(impedance_->ts->free_air->fit.chosen.params, f)));
}

void App::export_impedance(const std::string& path) {
    if (!impedance_) return;
    const std::string ext = std::filesystem::path(path).extension().string();
    const std::string text = ext == ".json" ? app::impedance_report_json(*impedance_).dump(2) + "\n"
                                            : app::impedance_curve_text(*impedance_, ext == ".csv", "zbench-gui");
    if (auto st = write_file_atomic(path, text); !st)
        status(StatusLine::Kind::error, st.message());
    else
        status(StatusLine::Kind::info, "wrote " + std::filesystem::absolute(path).string());
}

// T/S from any of the curves shown (added mass needs two or three of them).
void App::ts_section() {
    if (!ImGui::CollapsingHeader("T/S from curves: added mass, box", ImGuiTreeNodeFlags_DefaultOpen)) return;
    std::vector<const NamedCurve*> curves;
    if (impedance_) curves.push_back(&current_curve_);
    for (const auto& o : overlays_.curves()) curves.push_back(&o);
    ts_panel_.draw(*this, curves);
}

void App::file_dialogs() {
    const auto chosen = browser_.draw(recent_);
    if (!chosen) return;
    switch (browser_use_) {
        case BrowserUse::open: open_paths({*chosen}); break;
        case BrowserUse::export_zma:
        case BrowserUse::export_csv:
        case BrowserUse::export_json: export_impedance(*chosen); break;
    }
}

// The overlays: a colour swatch, a visibility box, the name (editable on
// double-click is not needed: names come from files and runs) and a remove button.
void App::curve_list() {
    std::size_t remove = SIZE_MAX;
    auto& curves = overlays_.curves();
    for (std::size_t i = 0; i < curves.size(); ++i) {
        NamedCurve& c = curves[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::ColorButton("##colour", ImGui::ColorConvertU32ToFloat4(c.magnitude_colour), ImGuiColorEditFlags_NoTooltip,
                           ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight()));
        ImGui::SameLine();
        if (ImGui::Checkbox("##visible", &c.visible)) on_new_impedance();
        ImGui::SameLine();
        ImGui::TextUnformatted(c.name.c_str());
        if (!c.path.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.path.c_str());
        ImGui::SameLine(ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() - ImGui::GetFrameHeight() -
                        ImGui::GetStyle().ItemSpacing.x);
        if (ImGui::SmallButton("x")) remove = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove this overlay");
        ImGui::PopID();
    }
    if (remove != SIZE_MAX) {
        overlays_.remove(remove);
        on_new_impedance();
    }
}

void App::impedance_panel() {
    const float side = 330.0f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<PlotCurve> curves;
    for (const auto& o : overlays_.curves()) {
        if (!o.visible) continue;
        curves.push_back({"|Z| " + o.name, o.curve.frequency_hz, o.curve.magnitude_ohm, o.magnitude_colour, YAxis::left, 1.5f});
        curves.push_back({"phase " + o.name, o.curve.frequency_hz, o.curve.phase_deg, o.phase_colour, YAxis::right, 1.0f});
    }
    std::vector<PlotMarker> markers;
    if (impedance_) {
        const auto& c = impedance_->analysis.curve;
        // The model first, so that the data are drawn over it.
        if (show_fit_ && fit_magnitude_ohm_.size() == c.size()) {
            curves.push_back({"T/S model", c.frequency_hz, fit_magnitude_ohm_, theme::kFit, YAxis::left, 3.0f});
            const DriverParams& p = impedance_->ts->free_air->fit.chosen.params;
            char label[64];
            std::snprintf(label, sizeof label, "fs %.1f Hz", p.fs_hz);
            markers.push_back({p.fs_hz, theme::kMarker, label});
        }
        curves.push_back({"|Z| " + impedance_name_, c.frequency_hz, c.magnitude_ohm, theme::kCurveA, YAxis::left, 2.0f});
        curves.push_back({"phase " + impedance_name_, c.frequency_hz, c.phase_deg, theme::kCurveB, YAxis::right, 1.5f});
        const auto& s = impedance_->summary;
        if (show_fit_ && s.z_min_frequency_hz > 0.0) {
            char label[64];
            std::snprintf(label, sizeof label, "Zmin %.1f ohm", s.z_min_ohm);
            markers.push_back({s.z_min_frequency_hz, theme::kMarker, label});
        }
    }
    ImGui::BeginGroup();
    impedance_plot_.draw("##zplot", ImVec2(avail.x - side - 8, avail.y - 4 - ImGui::GetFrameHeightWithSpacing()), curves, markers);
    if (ImGui::Checkbox("log |Z|", &log_magnitude_)) {
        impedance_plot_ = impedance_plot(log_magnitude_);
        on_new_impedance();
    }
    ImGui::SameLine();
    ImGui::Checkbox("T/S model and markers", &show_fit_);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginChild("zside", ImVec2(side, avail.y - 4), true);
    if (ImGui::Button("Open curve or recording...")) {
        browser_use_ = BrowserUse::open;
        browser_.show(FileBrowser::Mode::open, "Open an impedance curve or a recording", {".zma", ".txt", ".csv", ".dat", ".wav"});
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("ZMA, TXT or CSV curves from REW, DATS, LIMP, WT Pro, VituixCAD or XSim are "
                                                  "overlaid; a WAV recording is analysed again. Files can also be dropped on the window.");
    if (!overlays_.curves().empty()) {
        ImGui::TextColored(theme::kHeading, "Overlays");
        curve_list();
        ImGui::Separator();
    }
    if (!impedance_ && !overlays_.curves().empty()) ts_section();
    if (!impedance_) {
        ImGui::TextWrapped("No measurement yet. Wire the driver through R_ref (see the Calibration tab for the diagram) "
                           "and press \"Measure impedance\". With no hardware the virtual rig measures its built-in woofer.");
    } else {
        const auto& s = impedance_->summary;
        const auto& c = impedance_->analysis.curve;
        ImGui::TextColored(theme::kHeading, "Summary");
        ImGui::Text("%zu points, %.4g Hz to %.5g Hz", c.size(), c.frequency_hz.front(), c.frequency_hz.back());
        ImGui::Text("R_ref %.4g ohm, %s output", impedance_->setup.r_ref_nominal_ohm,
                    std::string(output_kind_name(impedance_->setup.output)).c_str());
        if (ImGui::BeginTable("zsum", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            auto row = [](const char* name, const char* fmt, double a, double b = 0.0) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(name);
                ImGui::TableNextColumn();
                ImGui::Text(fmt, a, b);
            };
            // As `zbench impedance`: the T/S fit's Re when there is one, else the coarse estimate.
            const auto& ts = impedance_->ts;
            if (ts && ts->free_air) row("Re (T/S fit)", "%.3f ohm", ts->free_air->fit.chosen.params.re_ohm);
            else row("Re (estimate)", "%.3f ohm", s.re_estimate_ohm);
            row(s.has_resonance ? "|Z|max (fs)" : "|Z|max", "%.2f ohm at %.2f Hz", s.z_max_ohm, s.z_max_frequency_hz);
            row("|Z|min", "%.2f ohm at %.0f Hz", s.z_min_ohm, s.z_min_frequency_hz);
            row("nominal", "%.3g ohm", s.nominal_ohm);
            ImGui::EndTable();
        }
        if (const auto& p = impedance_->profile)
            ImGui::TextWrapped("calibration: %s",
                               calibration::describe_corrections(p->name, impedance_->corrections, p->profile).c_str());
        ImGui::Spacing();
        ImGui::BeginChild("ts", ImVec2(0, ImGui::GetContentRegionAvail().y - 1.5f * ImGui::GetFrameHeightWithSpacing()), false);
        ImGui::TextColored(theme::kHeading, "Free-air T/S");
        if (impedance_->ts) {
            ts_table(*impedance_->ts);
            ImGui::PushTextWrapPos(0.0f);
            for (const auto& w : impedance_->ts->warnings) ImGui::TextColored(theme::kWarning, "%s", gui_text(w).c_str());
            ImGui::PopTextWrapPos();
        }
        ts_section();
        ImGui::EndChild();
        auto save = [&](const char* label, BrowserUse use, const char* ext) {
            if (ImGui::Button(label)) {
                browser_use_ = use;
                browser_.show(FileBrowser::Mode::save, "Export the measurement", {ext}, impedance_name_ + ext);
            }
        };
        ImGui::TextUnformatted("Export");
        ImGui::SameLine();
        save("ZMA...", BrowserUse::export_zma, ".zma");
        ImGui::SameLine();
        save("CSV...", BrowserUse::export_csv, ".csv");
        ImGui::SameLine();
        save("JSON report...", BrowserUse::export_json, ".json");
    }
    ImGui::EndChild();
}

}  // namespace zb::gui
