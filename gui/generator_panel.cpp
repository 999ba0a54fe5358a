#include "gui/generator_panel.h"

#include <imgui.h>

#include "app/generate_format.h"
#include "gui/app.h"
#include "gui/layout_check.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"

namespace zb::gui {

namespace {

constexpr const char* kSignals[] = {"sine", "pink", "white", "sweep"};

}  // namespace

bool GeneratorPanel::start(App& gui) {
    const GuiOptions o = gui.current_options();
    app::GenerateRequest r;
    r.device = o.measure.device;
    if (!r.device.is_rig()) r.device.out_channel = out_channel_;
    r.signal = kSignals[signal_];
    r.frequency_hz = frequency_hz_;
    r.level_dbfs = level_dbfs_;
    r.seconds = seconds_;
    return gui.start_job("generator", [r](const ProgressFn& progress, const app::CancelToken& cancel) {
        auto result = app::run_generate(r, progress, cancel);
        if (!result) throw JobFailed{job_failure(result.error())};
        JobOutcome outcome;
        outcome.other = std::make_shared<const app::GenerateResult>(std::move(*result));
        return outcome;
    });
}

void GeneratorPanel::take(const JobOutcome& outcome) {
    last_ = std::static_pointer_cast<const app::GenerateResult>(outcome.other);
}

void GeneratorPanel::draw(App& gui) {
    ImGui::TextColored(theme::kHeading, "Signal generator");
    ImGui::TextDisabled("Plays on the Setup panel's device, through its drive output; Stop fades it out.");
    ImGui::Separator();
    ImGui::PushItemWidth(theme::px(220));
    ImGui::Combo("Signal", &signal_, kSignals, IM_ARRAYSIZE(kSignals));
    layout::check_combo_preview(kSignals[signal_]);
    ImGui::BeginDisabled(signal_ != 0);
    ImGui::InputDouble("Frequency, Hz", &frequency_hz_, 10.0, 100.0, "%.1f");
    ImGui::EndDisabled();
    ImGui::SliderScalar("Level, dBFS peak", ImGuiDataType_Double, &level_dbfs_, &theme::kLevelMin, &theme::kLevelMax, "%.1f dBFS");
    ImGui::InputDouble("Length, s (0 = until Stop)", &seconds_, 1.0, 10.0, "%.1f");
    const bool rig = gui.current_options().measure.device.is_rig();
    ImGui::BeginDisabled(rig);
    ImGui::InputInt("Output channel", &out_channel_);
    ImGui::EndDisabled();
    if (rig) ImGui::TextDisabled("(the virtual rig has one output)");
    ImGui::PopItemWidth();
    ImGui::Spacing();
    const bool playing = gui.busy() && gui.running_job() == "generator";
    ImGui::BeginDisabled(gui.busy());
    if (ImGui::Button("Start", ImVec2(theme::px(120), 0))) start(gui);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!playing);
    if (ImGui::Button("Stop", ImVec2(theme::px(120), 0))) gui.cancel_job();
    ImGui::EndDisabled();
    if (last_) {
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextUnformatted(gui_text(app::generate_summary_text(*last_)).c_str());
    }
}

}  // namespace zb::gui
