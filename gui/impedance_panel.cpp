// The Impedance tab: |Z| and phase on one plot (left and right axes), the
// previous run overlaid, the summary and free-air T/S table, and exports.
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
    const std::string text = ext == "json" ? app::impedance_report_json(*impedance_).dump(2) + "\n"
                                           : app::impedance_curve_text(*impedance_, ext == "csv", "zbench-gui");
    if (auto st = write_file_atomic(path, text); !st)
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
        ImGui::BeginChild("ts", ImVec2(0, ImGui::GetContentRegionAvail().y - 4 * ImGui::GetFrameHeightWithSpacing()), false);
        if (impedance_->ts) {
            ts_table(*impedance_->ts);
            ImGui::PushTextWrapPos(0.0f);
            for (const auto& w : impedance_->ts->warnings) ImGui::TextColored(theme::kWarning, "%s", gui_text(w).c_str());
            ImGui::PopTextWrapPos();
        }
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
