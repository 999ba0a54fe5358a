#include "gui/calibration_panel.h"

#include <imgui.h>

#include <cstdio>

#include "app/calibrate_job.h"
#include "gui/app.h"
#include "gui/theme.h"

namespace zb::gui {

namespace {

using calibration::Step;

// Steps in wizard order, then the measurement wiring (the driver in place).
constexpr int kPages = 7;

const char* page_title(int i) {
    static const char* titles[kPages] = {"1 Loopback", "2 Channel match", "3 Reference resistor", "4 Short leads",
                                         "5 Open leads", "6 Sensitivity", "Measure"};
    return titles[i];
}

}  // namespace

void CalibrationPanel::select(Step step) {
    for (int i = 0; i < 6; ++i)
        if (calibration::kAllSteps[i] == step) step_index_ = i;
}

void CalibrationPanel::draw(App& app) {
    for (int i = 0; i < kPages; ++i) {
        if (i) ImGui::SameLine();
        const bool current = i == step_index_;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(page_title(i))) {
            step_index_ = i;
            confirmed_ = false;
        }
        if (current) ImGui::PopStyleColor();
    }
    const bool is_step = step_index_ < 6;
    const std::optional<Step> step = is_step ? std::optional<Step>(calibration::kAllSteps[step_index_]) : std::nullopt;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x, height = theme::px(300.0f);
    draw_wiring(step, known_ohms_, p.x, p.y, width, height);
    ImGui::Dummy(ImVec2(width, height));
    ImGui::PushTextWrapPos(0.0f);
    if (step) ImGui::TextUnformatted(calibration::wiring_instruction(*step, known_ohms_).c_str());
    else
        ImGui::TextUnformatted("Measuring: the driver between node B and ground, R_ref between the output and node B; input A on "
                               "the output side of R_ref, input B across the driver. Set up and measure on the left.");
    ImGui::PopTextWrapPos();
    if (!step) return;

    ImGui::Separator();
    ImGui::SetNextItemWidth(theme::px(200));
    ImGui::InputText("profile name", profile_buf_, sizeof profile_buf_);
    if (*step == Step::reference) {
        ImGui::SetNextItemWidth(theme::px(200));
        ImGui::InputDouble("precision resistor, ohm", &known_ohms_, 0.1, 1.0, "%.4f");
    }
    if (*step == Step::sensitivity) {
        ImGui::SetNextItemWidth(theme::px(200));
        ImGui::InputDouble("voltmeter reading while the tone plays, V RMS", &volts_rms_, 0.01, 0.1, "%.4f");
    }
    const GuiOptions o = app.current_options();
    const bool rig = o.measure.device.is_rig();
    if (!rig) ImGui::Checkbox("It is wired as shown", &confirmed_);
    else ImGui::TextDisabled("The virtual rig rewires itself for each step.");
    ImGui::BeginDisabled(app.busy() || (!rig && !confirmed_));
    if (ImGui::Button("Run step")) run_step(app);
    ImGui::EndDisabled();
    if (last_) {
        ImGui::Separator();
        ImGui::TextColored(theme::kGood, "%s: saved into profile %s", std::string(calibration::step_name(last_->step)).c_str(),
                           last_->profile.c_str());
        ImGui::TextUnformatted(last_->found.c_str());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(last_->corrections.c_str());
        ImGui::PopTextWrapPos();
        ImGui::TextDisabled("%s", last_->saved_path.c_str());
    }
}

bool CalibrationPanel::run_step(App& gui, const std::string& profile) {
    if (step_index_ >= 6) return false;
    const Step step = calibration::kAllSteps[step_index_];
    if (!profile.empty()) std::snprintf(profile_buf_, sizeof profile_buf_, "%s", profile.c_str());
    const GuiOptions o = gui.current_options();
    app::CalibrateRequest r;
    r.step = step;
    r.profile = profile.empty() ? std::string(profile_buf_) : profile;
    r.profiles_dir = o.measure.profile.profiles_dir;
    r.device = o.measure.device;
    r.r_ref_ohm = o.measure.r_ref_ohm;
    r.output_kind = o.measure.output_kind;
    r.level_dbfs = o.measure.level_dbfs;
    // The automatic length (0) is the impedance measurement's; a
    // calibration step keeps its own default length then.
    if (o.measure.sweep_seconds > 0.0) r.sweep_seconds = o.measure.sweep_seconds;
    r.max_dut_volts = o.measure.max_dut_volts;
    if (step == Step::reference) r.known_ohms = known_ohms_;
    if (step == Step::sensitivity) r.volts_rms = volts_rms_;
    return gui.start_job("calibration", [r](const ProgressFn& progress, const app::CancelToken&) {
        auto result = std::make_shared<CalibrationJobResult>();
        app::CalibrateHooks hooks;
        hooks.wired = [&](const std::string& instruction, bool rewired) {
            result->instruction = instruction;
            result->rig_rewired = rewired;
        };
        hooks.progress = progress;
        auto out = app::run_calibration_step(r, hooks);
        if (!out) throw JobFailed{job_failure(out.error())};
        result->step = r.step;
        result->profile = r.profile;
        result->found = out->found;
        result->corrections = out->corrections;
        result->saved_path = out->saved_path;
        JobOutcome outcome;
        outcome.other = result;
        return outcome;
    });
}

void CalibrationPanel::take(const JobOutcome& outcome, App& app) {
    last_ = std::static_pointer_cast<const CalibrationJobResult>(outcome.other);
    app.status(StatusLine::Kind::info, "calibration: " + std::string(calibration::step_name(last_->step)) + " saved to " +
                                           last_->saved_path);
    if (step_index_ < 5) step_index_ += 1;  // on to the next step
}

}  // namespace zb::gui
