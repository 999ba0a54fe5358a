#include "gui/ts_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/app.h"
#include "gui/layout_check.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"
#include "gui/worker.h"

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

// A combo of the curves' names; "" stands for none when `none` is given.
void curve_combo(const char* label, std::string& chosen, const std::vector<const NamedCurve*>& curves, const char* none) {
    const char* shown = chosen.empty() ? (none ? none : "") : chosen.c_str();
    ImGui::SetNextItemWidth(-1);
    const bool open = ImGui::BeginCombo(label, shown);
    layout::check_combo_preview(shown);
    if (!open) return;
    if (none && ImGui::Selectable(none, chosen.empty())) chosen.clear();
    for (const NamedCurve* c : curves)
        if (ImGui::Selectable(c->name.c_str(), chosen == c->name)) chosen = c->name;
    ImGui::EndCombo();
}

}  // namespace

void ts_table(const TsResult& ts) {
    if (!ts.free_air && !ts.vented_box) return;
    if (!ImGui::BeginTable("ts", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("f_high").x + theme::px(8.0f));
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("mm/N").x + theme::px(8.0f));
    auto row = [](const char* name, const std::string& value, const char* unit) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(unit);
    };
    // A vented box: its two resonances and the tuning between them (ts/vented_box.h).
    if (const auto& v = ts.vented_box) {
        row("f_low", v->low ? with_sigma(v->low->frequency_hz, 0.0) : "below " + with_sigma(v->curve_fmin_hz, 0.0), "Hz");
        row("fb", with_sigma(v->fb_hz, 0.0), "Hz");
        row("f_high", with_sigma(v->high.frequency_hz, 0.0), "Hz");
    }
    if (!ts.free_air) {
        ImGui::EndTable();
        return;
    }
    const ModelFit& f = ts.free_air->fit.chosen;
    const DriverParams& p = f.params;
    row("model", driver_model_name(p), "");
    row("Re", with_sigma(p.re_ohm, f.sigma(theta::kRe)), "ohm");
    row("fs", with_sigma(p.fs_hz, f.sigma(theta::kFs)), "Hz");
    row("Qms", with_sigma(p.qms, f.sigma(theta::kQms)), "");
    row("Qes", with_sigma(p.qes, f.qes_sigma()), "");
    row("Qts", with_sigma(p.qts(), f.qts_sigma()), "");
    if (ts.mechanical) {
        const MechanicalParams& m = *ts.mechanical;
        row("from", m.method, "");
        if (m.mms_kg) row("Mms", with_sigma(1e3 * m.mms_kg->value, 1e3 * m.mms_kg->sigma), "g");
        if (m.cms_m_per_n) row("Cms", with_sigma(1e3 * m.cms_m_per_n->value, 1e3 * m.cms_m_per_n->sigma), "mm/N");
        if (m.bl_tm) row("Bl", with_sigma(m.bl_tm->value, m.bl_tm->sigma), "T·m");
        if (m.vas_m3) row("Vas", with_sigma(1e3 * m.vas_m3->value, 1e3 * m.vas_m3->sigma), "L");
    }
    ImGui::EndTable();
}

namespace {
constexpr const char* kModels[] = {"auto", "lr2", "wright", "lr2-creep", "wright-creep"};
}

void TsPanel::preset(const std::string& free_air, const std::vector<app::AddedMassFile>& masses) {
    free_air_ = free_air;
    for (std::size_t i = 0; i < 2 && i < masses.size(); ++i) {
        mass_curve_[i] = masses[i].file;
        mass_g_[i] = masses[i].mass_g;
    }
}

void TsPanel::forget_missing(const std::vector<const NamedCurve*>& curves) {
    auto known = [&](const std::string& name) {
        return std::any_of(curves.begin(), curves.end(), [&](const NamedCurve* c) { return c->name == name; });
    };
    if (!known(free_air_)) free_air_ = curves.front()->name;
    for (auto* name : {&mass_curve_[0], &mass_curve_[1], &box_curve_})
        if (!name->empty() && !known(*name)) name->clear();
}

bool TsPanel::fit(App& app, const std::vector<const NamedCurve*>& curves) {
    if (curves.empty() || app.busy()) return false;
    forget_missing(curves);
    app::TsRequest request;
    request.free_air = free_air_;
    for (int i = 0; i < 2; ++i)
        if (!mass_curve_[i].empty()) request.added_mass.push_back({mass_curve_[i], mass_g_[i]});
    if (!box_curve_.empty()) {
        request.box_file = box_curve_;
        request.box_litres = box_litres_;
    }
    if (sd_cm2_ > 0.0) request.sd_cm2 = sd_cm2_;
    if (re_ohm_ > 0.0) request.re_ohm = re_ohm_;
    request.model = kModels[model_];
    for (const NamedCurve* c : curves) request.curves[c->name] = c->curve;
    return app.start_job("ts", [request](const ProgressFn&, const app::CancelToken&) {
        auto result = app::run_ts(request);
        if (!result) throw JobFailed{job_failure(result.error())};
        JobOutcome o;
        o.other = std::make_shared<const app::TsJobResult>(std::move(*result));
        return o;
    });
}

void TsPanel::draw(App& app, const std::vector<const NamedCurve*>& curves) {
    if (curves.empty()) return;
    forget_missing(curves);
    ImGui::TextUnformatted("Free air, or a vented box (two peaks: fb)");
    curve_combo("##free_air", free_air_, curves, nullptr);
    for (int i = 0; i < 2; ++i) {
        ImGui::PushID(i);
        ImGui::Text("Added mass %d", i + 1);
        curve_combo("##mass_curve", mass_curve_[i], curves, "none");
        if (!mass_curve_[i].empty()) {
            ImGui::SetNextItemWidth(-ImGui::CalcTextSize("grams").x - ImGui::GetStyle().ItemSpacing.x);
            ImGui::InputDouble("grams", &mass_g_[i], 0.5, 1.0, "%.3f");
        }
        ImGui::PopID();
    }
    ImGui::TextUnformatted("Closed box");
    curve_combo("##box_curve", box_curve_, curves, "none");
    if (!box_curve_.empty()) {
        ImGui::SetNextItemWidth(-ImGui::CalcTextSize("litres").x - ImGui::GetStyle().ItemSpacing.x);
        ImGui::InputDouble("litres", &box_litres_, 0.5, 1.0, "%.2f");
    }
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Re, ohm (0: fit)").x - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputDouble("Sd, cm2", &sd_cm2_, 0.0, 0.0, sd_cm2_ > 0.0 ? "%.1f" : "not given");
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Re, ohm (0: fit)").x - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputDouble("Re, ohm (0: fit)", &re_ohm_, 0.0, 0.0, re_ohm_ > 0.0 ? "%.3f" : "fit");
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Re, ohm (0: fit)").x - ImGui::GetStyle().ItemSpacing.x);
    ImGui::Combo("Model", &model_, kModels, IM_ARRAYSIZE(kModels));
    layout::check_combo_preview(kModels[model_]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the voice coil's inductance model: LR-2, Wright, or the better by AIC (auto)");
    if (ImGui::Button("Fit T/S")) fit(app, curves);
    if (!last_) return;
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s%s", last_->request.free_air.c_str(), last_->request.added_mass.empty() ? "" : " + added mass",
                        last_->request.box_file.empty() ? "" : " + closed box");
    ts_table(last_->ts);
    ImGui::PushTextWrapPos(0.0f);
    for (const auto& w : last_->ts.warnings) ImGui::TextColored(theme::kWarning, "%s", gui_text(w).c_str());
    ImGui::PopTextWrapPos();
}

void TsPanel::take(const JobOutcome& outcome) {
    last_ = std::static_pointer_cast<const app::TsJobResult>(outcome.other);
}

}  // namespace zb::gui
