// The Impedance tab: |Z| and phase on one plot (left and right axes), the
// overlays (earlier runs and opened files), the summary and free-air T/S
// table, opening files, and exports.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/hum_format.h"
#include "app/impedance_format.h"
#include "app/output_files.h"
#include "app/plot_export.h"
#include "gui/app.h"
#include "gui/fit_overlay.h"
#include "gui/named_list.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"
#include "gui/ts_panel.h"
#include "io/atomic_file.h"

namespace zb::gui {

void App::on_new_impedance() {
    // Home view: the band of every curve shown, |Z| from 0 to a little above the highest peak.
    std::vector<const ImpedanceCurve*> shown;
    if (impedance_) shown.push_back(&impedance_->analysis.curve);
    for (const auto& o : overlays_.curves())
        if (o.visible && !o.curve.empty()) shown.push_back(&o.curve);
    if (shown.empty()) return;
    const app::ImpedanceView v = app::impedance_home_view(shown, log_magnitude_);
    impedance_plot_.set_home(v.frequency, v.magnitude, v.phase);
}

// The T/S model over the curve it was fitted to, its residual and markers:
// from the T/S panel's newest fit while its free-air curve is listed, else
// from the measurement's own free-air fit.
void App::update_fit_overlay() {
    fit_curve_ = nullptr;
    fit_magnitude_ohm_.clear();
    residual_pct_.clear();
    fit_markers_.clear();
    const TsResult* ts = nullptr;
    if (const app::TsJobResult* r = ts_panel_.result()) {
        if (impedance_ && current_curve_.name == r->request.free_air) fit_curve_ = &current_curve_;
        for (const auto& o : overlays_.curves())
            if (o.name == r->request.free_air && o.visible) fit_curve_ = &o;
        if (fit_curve_) ts = &r->ts;
    }
    if (!fit_curve_ && impedance_ && impedance_->ts) {
        fit_curve_ = &current_curve_;
        ts = &*impedance_->ts;
    }
    if (!fit_curve_) return;
    const ImpedanceCurve& c = fit_curve_->curve;
    const DriverParams* params = ts->free_air ? &ts->free_air->fit.chosen.params : nullptr;
    if (params) {
        fit_magnitude_ohm_ = model_magnitude_ohm(*params, c.frequency_hz);
        residual_pct_ = residual_percent(c.magnitude_ohm, fit_magnitude_ohm_);
    }
    for (const auto& m : fit_markers(c, params, ts->vented_box ? &*ts->vented_box : nullptr))
        fit_markers_.push_back({m.value, theme::kMarker, m.label, m.kind == FitMarker::Kind::level});
    std::sort(fit_markers_.begin(), fit_markers_.end(), [](const PlotMarker& a, const PlotMarker& b) { return a.x < b.x; });
}

void App::export_impedance(const std::string& path) {
    if (!impedance_) return;
    const std::string ext = app::lower_extension(path);
    if (ext == ".wav") {  // inputs A and B as recorded, as `zbench impedance --save-recording` writes them
        auto written = app::run_job([&] {
            app::OutputFiles out;
            out.add_wav(path, app::impedance_recording(*impedance_));
            out.write_all();
            return true;
        });
        if (!written) status(StatusLine::Kind::error, gui_text(written.error().message));
        else status(StatusLine::Kind::info, "wrote " + std::filesystem::absolute(path).string());
        return;
    }
    const std::string text = ext == ".json" ? gui_report(app::impedance_report_json(*impedance_))
                                            : app::impedance_curve_text(*impedance_, ext == ".csv", "zbench-gui");
    if (auto st = write_file_atomic(path, text); !st)
        status(StatusLine::Kind::error, st.message());
    else
        status(StatusLine::Kind::info, "wrote " + std::filesystem::absolute(path).string());
}

Status App::export_plot_svg(const std::string& path) {
    auto hex = [](ImU32 c) {
        char b[8];
        std::snprintf(b, sizeof b, "#%02x%02x%02x", c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
        return std::string(b);
    };
    std::vector<app::ImpedanceTrace> traces;
    for (const auto& o : overlays_.curves())
        if (o.visible) traces.push_back({o.name, &o.curve, hex(o.magnitude_colour), hex(o.phase_colour)});
    if (impedance_) traces.push_back({impedance_name_, &impedance_->analysis.curve, hex(theme::kCurveA), hex(theme::kCurveB)});
    update_fit_overlay();
    std::vector<app::ModelTrace> models;
    if (show_fit_ && fit_curve_ && fit_magnitude_ohm_.size() == fit_curve_->curve.size())
        models.push_back({fit_curve_->name, fit_curve_->curve.frequency_hz, fit_magnitude_ohm_});
    if (traces.empty()) return make_error(path, ": no curve to plot; open or measure one first");
    const app::ImpedanceView view{impedance_plot_.x_view(), impedance_plot_.y_left_view(), *impedance_plot_.y_right_view()};
    return write_file_atomic(path, app::impedance_svg(traces, models, view));
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
        case BrowserUse::scenario: std::snprintf(scenario_buf_, sizeof scenario_buf_, "%s", chosen->c_str()); break;
        case BrowserUse::profiles_dir:
            std::snprintf(profiles_dir_buf_, sizeof profiles_dir_buf_, "%s", chosen->c_str());
            profiles_loaded_ = false;  // the Profiles tab lists the new folder
            break;
        case BrowserUse::export_zma:
        case BrowserUse::export_csv:
        case BrowserUse::export_json:
        case BrowserUse::export_wav: export_impedance(*chosen); break;
        case BrowserUse::export_hum:
            if (!hum_) break;
            // With its spectrum, so that the report can be opened and overlaid later.
            if (auto st = write_file_atomic(*chosen, gui_report(app::hum_report_json(hum_->result, true))); !st)
                status(StatusLine::Kind::error, st.message());
            else
                status(StatusLine::Kind::info, "wrote " + std::filesystem::absolute(*chosen).string());
            break;
    }
}

// The overlays; a rename to a taken or blank name is refused in the status line.
void App::curve_list() {
    switch (named_list(overlays_, overlay_rows_, [](const NamedCurve& c) { return c.magnitude_colour; })) {
        case ListChange::visibility:
        case ListChange::removed: on_new_impedance(); break;
        case ListChange::rename_refused: status(StatusLine::Kind::error, "another curve has that name, or it is blank; type another"); break;
        default: break;
    }
}

// |Z| and phase with the overlays, the T/S model, markers and the ±2σ band;
// under them, when asked for, the residual of the fit.
void App::impedance_plots(ImVec2 size) {
    update_fit_overlay();
    std::vector<PlotCurve> curves;
    std::vector<PlotBand> bands;
    for (const auto& o : overlays_.curves()) {
        if (!o.visible) continue;
        curves.push_back({"|Z| " + o.name, o.curve.frequency_hz, o.curve.magnitude_ohm, o.magnitude_colour, YAxis::left, 1.5f});
        curves.push_back({"phase " + o.name, o.curve.frequency_hz, o.curve.phase_deg, o.phase_colour, YAxis::right, 1.0f, 0, false});
    }
    // The model first, so that the data are drawn over it.
    if (show_fit_ && fit_curve_ && fit_magnitude_ohm_.size() == fit_curve_->curve.size())
        curves.push_back({"T/S model (" + fit_curve_->name + ")", fit_curve_->curve.frequency_hz, fit_magnitude_ohm_, theme::kFit,
                          YAxis::left, 3.0f});
    Band mag_band, phase_band;
    if (impedance_) {
        const auto& a = impedance_->analysis;
        const auto& c = a.curve;
        if (show_band_ && a.magnitude_uncertainty_percent.size() == c.size()) {
            mag_band = uncertainty_band(c.magnitude_ohm, a.magnitude_uncertainty_percent, 2.0, true);
            bands.push_back({c.frequency_hz, mag_band.lo, mag_band.hi, theme::kBandA, YAxis::left});
        }
        if (show_band_ && a.phase_uncertainty_deg.size() == c.size()) {
            phase_band = uncertainty_band(c.phase_deg, a.phase_uncertainty_deg, 2.0, false);
            bands.push_back({c.frequency_hz, phase_band.lo, phase_band.hi, theme::kBandB, YAxis::right});
        }
        curves.push_back({"|Z| " + impedance_name_, c.frequency_hz, c.magnitude_ohm, theme::kCurveA, YAxis::left, 2.0f});
        curves.push_back({"phase " + impedance_name_, c.frequency_hz, c.phase_deg, theme::kCurveB, YAxis::right, 1.5f});
    }
    const std::span<const PlotMarker> markers = show_fit_ ? std::span<const PlotMarker>(fit_markers_) : std::span<const PlotMarker>();
    const bool residual = show_residual_ && !residual_pct_.empty();
    const float residual_h = residual ? std::max(theme::px(110.0f), size.y * 0.28f) : 0.0f;
    impedance_plot_.draw("##zplot", ImVec2(size.x, size.y - residual_h), curves, markers, bands);
    if (!residual) return;
    residual_plot_.set_x_view(impedance_plot_.x_view());
    const PlotCurve r{"residual " + fit_curve_->name, fit_curve_->curve.frequency_hz, residual_pct_, theme::kCurveA, YAxis::left, 1.5f};
    residual_plot_.draw("##residual", ImVec2(size.x, residual_h - ImGui::GetStyle().ItemSpacing.y), std::span<const PlotCurve>(&r, 1));
}

void App::impedance_panel() {
    const float side = theme::px(330.0f);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginGroup();
    impedance_plots(ImVec2(avail.x - side - ImGui::GetStyle().ItemSpacing.x, avail.y - 4 - ImGui::GetFrameHeightWithSpacing()));
    if (ImGui::Checkbox("log |Z|", &log_magnitude_)) {
        impedance_plot_ = impedance_plot(log_magnitude_);
        on_new_impedance();
    }
    ImGui::SameLine();
    ImGui::Checkbox("fit, markers", &show_fit_);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the T/S model over the curve it was fitted to, and markers at fs, Re, Zmax and fb");
    ImGui::SameLine();
    ImGui::Checkbox("residual", &show_residual_);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the measured |Z| minus the T/S model's, in %% of the measured |Z|");
    ImGui::SameLine();
    ImGui::Checkbox("2-sigma band", &show_band_);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the measurement's uncertainty from the noise: |Z| and phase +/- 2 standard deviations");
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
        save("JSON...", BrowserUse::export_json, ".json");
        if (impedance_->capture) {
            ImGui::SameLine();
            save("WAV...", BrowserUse::export_wav, ".wav");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("the recording of inputs A and B, to analyse again later");
        }
    }
    ImGui::EndChild();
}

}  // namespace zb::gui
