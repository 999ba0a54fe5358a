#include "gui/advise_panel.h"

#include <imgui.h>

#include "gui/app.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"
#include "gui/worker.h"

namespace zb::gui {

bool AdvisePanel::start(App& app) {
    // The Setup panel's device, R_ref, output and voltage cap; advise's own short sweep.
    const app::ImpedanceRequest setup = impedance_request(app.current_options());
    app::AdviseRequest request;
    request.measure = app::default_advise_measurement();
    request.measure.device = setup.device;
    request.measure.profile = setup.profile;
    request.measure.r_ref_ohm = setup.r_ref_ohm;
    request.measure.output_kind = setup.output_kind;
    request.measure.max_dut_volts = setup.max_dut_volts;
    return app.start_job("advise", [request](const ProgressFn& progress, const app::CancelToken& cancel) {
        auto result = app::run_advise(request, progress, cancel);
        if (!result) throw JobFailed{job_failure(result.error())};
        JobOutcome o;
        o.other = std::make_shared<const app::AdviseResult>(std::move(*result));
        return o;
    });
}

void AdvisePanel::take(const JobOutcome& outcome) {
    last_ = std::static_pointer_cast<const app::AdviseResult>(outcome.other);
}

void AdvisePanel::draw(App& app) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("What is on the drive output, and how to connect it: a short sweep (2 s, 20 Hz up) through the "
                           "Setup panel's device, R_ref and voltage cap. An open or shorted output is an answer here, not "
                           "a refusal.");
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(app.busy());
    if (ImGui::Button("Measure and advise")) start(app);
    ImGui::EndDisabled();
    if (!last_) return;
    const Advice& a = last_->advice;
    ImGui::Separator();
    ImGui::TextColored(theme::kHeading, "%s", a.summary.c_str());
    if (ImGui::BeginTable("advice", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit)) {
        auto row = [](const char* name, const char* fmt, double v) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name);
            ImGui::TableNextColumn();
            ImGui::Text(fmt, v);
        };
        if (a.nominal_ohm > 0.0) row("nominal", "%.3g ohm", a.nominal_ohm);
        row("median |Z|", "%.3g ohm", a.median_ohm);
        row("|Z| min", "%.3g ohm", a.z_min_ohm);
        row("|Z| max", "%.3g ohm", a.z_max_ohm);
        ImGui::EndTable();
    }
    if (a.needs_amplifier) ImGui::TextColored(theme::kWarning, "needs an amplifier between the interface and it");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(gui_text(a.advice).c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace zb::gui
