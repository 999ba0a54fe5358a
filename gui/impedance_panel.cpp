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
#include "io/atomic_file.h"

namespace zb::gui {

namespace {

// "0.4495 +/- 0.0027": the uncertainty to two significant digits, the value
// to the same decimal place.
std::string with_sigma(double value, double sigma) {
    char buf[64];
    if (!(sigma > 0.0) || !std::isfinite(sigma)) {
        std::snprintf(buf, sizeof buf, "%.4g", value);
        return buf;
    }
    const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(sigma))), 0, 9);
    std::snprintf(buf, sizeof buf, "%.*f +/- %.*f", decimals, value, decimals, sigma);
    return buf;
}

// The free-air T/S parameters of the typed result (ts/ts_analysis.h), in
// the units people use.
void ts_table(const TsResult& ts) {
    if (!ts.free_air) return;
    const ModelFit& f = ts.free_air->fit.chosen;
    const DriverParams& p = f.params;
    if (!ImGui::BeginTable("ts", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("model").x + 8.0f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("ohm").x + 8.0f);
    auto row = [](const char* name, const std::string& value, const char* unit) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(unit);
    };
    row("model", std::string(inductance_model_name(p.model)), "");
    row("Re", with_sigma(p.re_ohm, f.sigma(theta::kRe)), "ohm");
    row("fs", with_sigma(p.fs_hz, f.sigma(theta::kFs)), "Hz");
    row("Qms", with_sigma(p.qms, f.sigma(theta::kQms)), "");
    row("Qes", with_sigma(p.qes, f.qes_sigma()), "");
    row("Qts", with_sigma(p.qts(), f.qts_sigma()), "");
    if (ts.mechanical) {
        const MechanicalParams& m = *ts.mechanical;
        if (m.mms_kg) row("Mms", with_sigma(1e3 * m.mms_kg->value, 1e3 * m.mms_kg->sigma), "g");
        if (m.cms_m_per_n) row("Cms", with_sigma(1e3 * m.cms_m_per_n->value, 1e3 * m.cms_m_per_n->sigma), "mm/N");
        if (m.bl_tm) row("Bl", with_sigma(m.bl_tm->value, m.bl_tm->sigma), "T·m");
        if (m.vas_m3) row("Vas", with_sigma(1e3 * m.vas_m3->value, 1e3 * m.vas_m3->sigma), "L");
    }
    ImGui::EndTable();
}

}  // namespace

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
    impedance_plot_.set_home({f_lo, f_hi, plot::AxisScale::log}, y, plot::AxisRange{-90.0, 90.0});
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
    if (impedance_) {
        const auto& c = impedance_->analysis.curve;
        curves.push_back({"|Z| " + impedance_name_, c.frequency_hz, c.magnitude_ohm, theme::kCurveA, YAxis::left, 2.0f});
        curves.push_back({"phase " + impedance_name_, c.frequency_hz, c.phase_deg, theme::kCurveB, YAxis::right, 1.5f});
    }
    ImGui::BeginGroup();
    impedance_plot_.draw("##zplot", ImVec2(avail.x - side - 8, avail.y - 4), curves);
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
        ImGui::TextColored(theme::kHeading, "Free-air T/S");
        ImGui::BeginChild("ts", ImVec2(0, ImGui::GetContentRegionAvail().y - 1.5f * ImGui::GetFrameHeightWithSpacing()), false);
        if (impedance_->ts) {
            ts_table(*impedance_->ts);
            ImGui::PushTextWrapPos(0.0f);
            for (const auto& w : impedance_->ts->warnings) ImGui::TextColored(theme::kWarning, "%s", gui_text(w).c_str());
            ImGui::PopTextWrapPos();
        }
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
