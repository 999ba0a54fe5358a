// The Impedance tab: |Z| and phase on one plot (left and right axes), the
// previous run overlaid, the summary and free-air T/S table, and exports.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "gui/app.h"
#include "gui/theme.h"
#include "io/atomic_file.h"

namespace zb::gui {

namespace {

// The free-air T/S parameters from the report's JSON (ts/ts_report.h): the
// classic ones first, then whatever else the chosen model reports.
void ts_table(const nlohmann::json& ts) {
    if (!ts.is_object() || !ts.contains("units") || !ts["units"].is_object()) return;
    const auto& units = ts["units"];
    const nlohmann::json none;
    const auto& sigma = ts.contains("uncertainty") && ts["uncertainty"].is_object() ? ts["uncertainty"] : none;
    std::vector<std::string> keys = {"Re", "fs", "Qms", "Qes", "Qts", "EBP", "Mms", "Cms", "Bl", "Rms", "Vas"};
    for (const auto& [key, unit] : units.items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end() && key != "residual") keys.push_back(key);
    if (!ImGui::BeginTable("ts", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, 44.0f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthFixed, 36.0f);
    if (ts.contains("model") && ts["model"].is_string()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("model");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ts["model"].get<std::string>().c_str());
    }
    for (const auto& key : keys) {
        if (!ts.contains(key) || !ts[key].is_number()) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(key.c_str());
        ImGui::TableNextColumn();
        if (sigma.is_object() && sigma.contains(key) && sigma[key].is_number())
            ImGui::Text("%.4g +/- %.2g", ts[key].get<double>(), sigma[key].get<double>());
        else
            ImGui::Text("%.4g", ts[key].get<double>());
        ImGui::TableNextColumn();
        const std::string u = units.contains(key) && units[key].is_string() ? units[key].get<std::string>() : "";
        ImGui::TextUnformatted(u == "1" ? "" : u.c_str());
    }
    ImGui::EndTable();
}

}  // namespace

void App::on_new_impedance() {
    const auto& c = impedance_->analysis.curve;
    if (c.empty()) return;
    // Home view: the measured band, |Z| from 0 to a little above its peak.
    std::vector<double> mags(c.magnitude_ohm);
    if (impedance_overlay_) mags.insert(mags.end(), impedance_overlay_->analysis.curve.magnitude_ohm.begin(),
                                        impedance_overlay_->analysis.curve.magnitude_ohm.end());
    plot::AxisRange y = fit_linear_range(mags, 0.0, 1e5, 1.0);
    y.lo = 0.0;
    impedance_plot_.set_home({c.frequency_hz.front(), c.frequency_hz.back(), plot::AxisScale::log}, y,
                             plot::AxisRange{-90.0, 90.0});
}

void App::export_impedance(const char* kind) {
    if (!impedance_) return;
    const std::string ext = kind;
    const std::string path = export_path_ + "." + ext;
    const std::string& text = ext == "zma" ? impedance_->zma : ext == "csv" ? impedance_->csv : std::string();
    const std::string json = ext == "json" ? impedance_->report.dump(2) + "\n" : std::string();
    if (auto st = write_file_atomic(path, ext == "json" ? json : text); !st)
        status(StatusLine::Kind::error, st.message());
    else
        status(StatusLine::Kind::info, "wrote " + std::filesystem::absolute(path).string());
}

void App::impedance_panel() {
    const float side = 330.0f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    std::vector<PlotCurve> curves;
    if (impedance_overlay_ && show_overlay_) {
        const auto& o = impedance_overlay_->analysis.curve;
        curves.push_back({"|Z| previous", o.frequency_hz, o.magnitude_ohm, theme::kCurveOld, YAxis::left, 1.5f});
        curves.push_back({"phase previous", o.frequency_hz, o.phase_deg, theme::kCurveOld2, YAxis::right, 1.0f});
    }
    if (impedance_) {
        const auto& c = impedance_->analysis.curve;
        curves.push_back({"|Z|", c.frequency_hz, c.magnitude_ohm, theme::kCurveA, YAxis::left, 2.0f});
        curves.push_back({"phase", c.frequency_hz, c.phase_deg, theme::kCurveB, YAxis::right, 1.5f});
    }
    ImGui::BeginGroup();
    impedance_plot_.draw("##zplot", ImVec2(avail.x - side - 8, avail.y - 4), curves);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginChild("zside", ImVec2(side, avail.y - 4), true);
    if (!impedance_) {
        ImGui::TextWrapped("No measurement yet. Wire the driver through R_ref (see the Calibration tab for the diagram) "
                           "and press \"Measure impedance\". With no hardware the virtual rig measures its built-in woofer.");
    } else {
        const auto& s = impedance_->summary;
        const auto& c = impedance_->analysis.curve;
        ImGui::TextColored(theme::kHeading, "Summary");
        ImGui::Text("%zu points, %.4g Hz to %.5g Hz", c.size(), c.frequency_hz.front(), c.frequency_hz.back());
        ImGui::Text("R_ref %.4g ohm, %s output", impedance_->r_ref_ohm, impedance_->output_kind.c_str());
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
            if (ts.is_object() && ts.contains("Re") && ts["Re"].is_number()) row("Re (T/S fit)", "%.3f ohm", ts["Re"].get<double>());
            else row("Re (estimate)", "%.3f ohm", s.re_estimate_ohm);
            row(s.has_resonance ? "|Z|max (fs)" : "|Z|max", "%.2f ohm at %.2f Hz", s.z_max_ohm, s.z_max_frequency_hz);
            row("|Z|min", "%.2f ohm at %.0f Hz", s.z_min_ohm, s.z_min_frequency_hz);
            row("nominal", "%.3g ohm", s.nominal_ohm);
            ImGui::EndTable();
        }
        if (!impedance_->calibration.empty()) ImGui::TextWrapped("calibration: %s", impedance_->calibration.c_str());
        ImGui::Spacing();
        ImGui::TextColored(theme::kHeading, "Free-air T/S");
        ImGui::BeginChild("ts", ImVec2(0, ImGui::GetContentRegionAvail().y - 4 * ImGui::GetFrameHeightWithSpacing()), false);
        ts_table(impedance_->ts);
        ImGui::PushTextWrapPos(0.0f);
        const auto& warnings = impedance_->ts.contains("warnings") ? impedance_->ts["warnings"] : nlohmann::json::array();
        for (const auto& w : warnings)
            if (w.is_string()) ImGui::TextColored(theme::kWarning, "%s", w.get<std::string>().c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        ImGui::Checkbox("overlay the previous run", &show_overlay_);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##exportpath", export_buf_, sizeof export_buf_);
        export_path_ = export_buf_;
        if (ImGui::Button("Export ZMA")) export_impedance("zma");
        ImGui::SameLine();
        if (ImGui::Button("CSV")) export_impedance("csv");
        ImGui::SameLine();
        if (ImGui::Button("JSON report")) export_impedance("json");
    }
    ImGui::EndChild();
}

}  // namespace zb::gui
