#include "gui/app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <utility>

#include "app/output_files.h"
#include "app/profile_setup.h"
#include "gui/layout_check.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"

namespace zb::gui {

namespace {

constexpr const char* kOutputs[] = {"from profile/rig", "line", "headphone", "amplifier"};

void copy_to(char* buf, std::size_t size, const std::string& text) {
    std::snprintf(buf, size, "%s", text.c_str());
}

PlotAxisSetup frequency_axis() {
    return {"Frequency (Hz)", "Hz", {10.0, 20000.0, plot::AxisScale::log}, {2.0, 96000.0, plot::AxisScale::log}, 0.1};
}

}  // namespace

PlotWidget impedance_plot(bool log_magnitude) {
    const PlotAxisSetup magnitude = log_magnitude
                                        ? PlotAxisSetup{"|Z| (ohm)", "ohm", {1.0, 100.0, plot::AxisScale::log}, {1e-3, 1e7, plot::AxisScale::log}, 0.05}
                                        : PlotAxisSetup{"|Z| (ohm)", "ohm", {0.0, 50.0}, {-1000.0, 100000.0}, 0.01};
    return PlotWidget(frequency_axis(), magnitude, PlotAxisSetup{"phase (deg)", "deg", {-90.0, 90.0}, {-360.0, 360.0}, 1.0});
}

App::App(GuiOptions options)
    : options_(std::move(options)),
      impedance_plot_(impedance_plot(false)),
      residual_plot_(frequency_axis(), {"data - T/S model (% of |Z|)", "%", {-10.0, 10.0}, {-1000.0, 1000.0}, 0.1},
                     PlotAxisSetup{"", "%", {-10.0, 10.0}, {-1000.0, 1000.0}, 0.1}),
      hum_plot_({"Frequency (Hz)", "Hz", {10.0, 24000.0, plot::AxisScale::log}, {1.0, 200000.0, plot::AxisScale::log}, 0.05},
                {"level (dBFS per bin)", "dBFS", {-160.0, 0.0}, {-400.0, 50.0}, 1.0}, std::nullopt) {
    copy_to(scenario_buf_, sizeof scenario_buf_, options_.measure.device.sim_scenario);
    copy_to(profile_buf_, sizeof profile_buf_, options_.measure.profile.profile);
    copy_to(profiles_dir_buf_, sizeof profiles_dir_buf_, options_.measure.profile.profiles_dir);
    copy_to(device_buf_, sizeof device_buf_, options_.measure.device.device);
    copy_to(in_device_buf_, sizeof in_device_buf_, options_.measure.device.in_device);
    copy_to(out_device_buf_, sizeof out_device_buf_, options_.measure.device.out_device);
    r_ref_edit_ = options_.measure.r_ref_ohm.value_or(0.0);
    show_residual_ = options_.show_residual;
    ts_panel_.preset(options_.ts_free_air, options_.ts_masses);
    fmax_edit_ = options_.measure.fmax_hz.value_or(0.0);
    apis_ = app::audio_apis();
    for (std::size_t i = 0; i < apis_.size(); ++i)
        if (apis_[i] == options_.measure.device.api) api_index_ = static_cast<int>(i) + 1;
    copy_to(in_channels_buf_, sizeof in_channels_buf_, options_.measure.device.in_channels);
    out_channel_ = options_.measure.device.out_channel;
    sample_rate_hz_ = static_cast<int>(options_.measure.device.sample_rate_hz.value_or(0));
    buffer_frames_ = static_cast<int>(options_.measure.device.buffer_frames.value_or(0));
    for (int i = 1; i < 4; ++i)
        if (options_.measure.output_kind == kOutputs[i]) output_index_ = i;
    status(StatusLine::Kind::info, options_.measure.device.device == "sim" ? "ready: the virtual rig (no hardware needed)"
                                                                  : "ready: device " + options_.measure.device.device);
}

std::optional<std::pair<ImVec2, ImVec2>> App::plot_rect() const {
    const int frame = ImGui::GetFrameCount();
    if (impedance_plot_.drawn_frame() != frame) return std::nullopt;
    ImVec2 max = impedance_plot_.drawn_max();
    if (residual_plot_.drawn_frame() == frame) max = residual_plot_.drawn_max();
    return std::make_pair(impedance_plot_.drawn_min(), max);
}

void App::set_device(const std::string& device, const std::string& scenario) {
    copy_to(device_buf_, sizeof device_buf_, device);
    copy_to(scenario_buf_, sizeof scenario_buf_, scenario);
}

void App::status(StatusLine::Kind kind, std::string text) {
    status_.push_back({kind, std::move(text)});
    if (status_.size() > 200) status_.erase(status_.begin(), status_.begin() + 100);
}

GuiOptions App::current_options() {
    // The Setup panel's fields become the options a measurement runs with.
    options_.measure.device.device = device_buf_;
    options_.measure.device.in_device = in_device_buf_;
    options_.measure.device.out_device = out_device_buf_;
    // Each kind of device gets only its own settings (open_device refuses the other kind's).
    const bool rig = options_.measure.device.is_rig();
    const app::DeviceRequest defaults;
    options_.measure.device.sim_scenario = rig ? scenario_buf_ : "";
    options_.measure.device.api = !rig && api_index_ > 0 && api_index_ <= static_cast<int>(apis_.size()) ? apis_[api_index_ - 1] : "";
    options_.measure.device.in_channels = rig ? defaults.in_channels : in_channels_buf_;
    options_.measure.device.out_channel = rig ? defaults.out_channel : out_channel_;
    options_.measure.device.sample_rate_hz = !rig && sample_rate_hz_ > 0 ? std::optional<unsigned>(sample_rate_hz_) : std::nullopt;
    options_.measure.device.buffer_frames = !rig && buffer_frames_ > 0 ? std::optional<unsigned>(buffer_frames_) : std::nullopt;
    options_.measure.profile.profile = profile_buf_;
    options_.measure.profile.profiles_dir = profiles_dir_buf_;
    options_.measure.r_ref_ohm = r_ref_edit_ > 0.0 ? std::optional<double>(r_ref_edit_) : std::nullopt;
    options_.measure.fmax_hz = fmax_edit_ > 0.0 ? std::optional<double>(fmax_edit_) : std::nullopt;
    options_.measure.output_kind = output_index_ == 0 ? "" : kOutputs[output_index_];
    GuiOptions out = options_;
    out.measure.device.sim_realtime = rig && options_.measure.device.sim_realtime;
    out.measure.device.ignore_server_xruns = !rig && options_.measure.device.ignore_server_xruns;
    return out;
}

bool App::start(const std::string& what) {
    const GuiOptions snapshot = current_options();
    Worker::Job job;
    if (what == "impedance") {
        job = [request = impedance_request(snapshot)](const ProgressFn& progress, const app::CancelToken& cancel) {
            auto result = app::run_impedance(request, progress, cancel);
            if (!result) throw JobFailed{job_failure(result.error())};
            JobOutcome o;
            o.impedance = std::make_shared<const app::ImpedanceResult>(std::move(*result));
            return o;
        };
    } else if (what == "hum") {
        auto live = std::make_shared<LiveHumView>();
        job = [request = hum_request(snapshot), live](const ProgressFn& progress, const app::CancelToken& cancel) {
            app::HumHooks hooks;
            hooks.progress = progress;
            hooks.on_live = [live](const std::shared_ptr<LiveSpectrum>& spectrum, const std::vector<std::string>&) {
                std::lock_guard lock(live->mutex);
                live->spectrum = spectrum;
            };
            auto result = app::run_hum(request, hooks, cancel);
            if (!result) throw JobFailed{job_failure(result.error())};
            JobOutcome o;
            o.hum = std::make_shared<const HumView>(make_hum_view(std::move(*result)));
            return o;
        };
        if (!busy()) {
            hum_live_ = live;
            live_sequence_ = 0;
            ++live_generation_;
            live_freq_hz_.clear();
        }
    } else if (what == "calibrate") {
        // The wizard's shown step, saved into --profile (as `zbench calibrate STEP --profile NAME`).
        requested_tab_ = "calibration";
        return calibration_.run_step(*this, snapshot.measure.profile.profile);
    } else if (what == "generate") {
        requested_tab_ = "generator";
        return generator_.start(*this);
    } else if (what == "ts") {
        requested_tab_ = "impedance";
        std::vector<const NamedCurve*> curves;
        if (impedance_) curves.push_back(&current_curve_);
        for (const auto& o : overlays_.curves()) curves.push_back(&o);
        return ts_panel_.fit(*this, curves);
    } else if (what == "advise") {
        requested_tab_ = "advise";
        return advise_.start(*this);
    } else {
        return false;
    }
    if (!worker_.start(what, std::move(job))) {
        status(StatusLine::Kind::warning, "a measurement is running; wait for it to finish");
        return false;
    }
    status(StatusLine::Kind::info, what + ": started");
    requested_tab_ = what;
    return true;
}

void App::open_paths(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        if (app::lower_extension(path) == ".wav") {
            app::ImpedanceRequest request = impedance_request(current_options());
            request.device = {};
            request.from_wav = path;
            pending_wav_ = path;
            start_job("impedance", [request](const ProgressFn& progress, const app::CancelToken& cancel) {
                auto result = app::run_impedance(request, progress, cancel);
                if (!result) throw JobFailed{job_failure(result.error())};
                JobOutcome o;
                o.impedance = std::make_shared<const app::ImpedanceResult>(std::move(*result));
                return o;
            });
            requested_tab_ = "impedance";
        } else if (app::lower_extension(path) == ".json") {
            if (auto st = hum_set_.open_report(path); !st) {
                status(StatusLine::Kind::error, gui_text(st.message()));
                continue;
            }
            recent_.add(path);
            status(StatusLine::Kind::info, "opened hum report " + path);
            if (!hum_) after_name_ = hum_set_.curves().back().name;
            if (hum_set_.curves().size() >= 2 && !hum_) before_name_ = hum_set_.curves()[hum_set_.curves().size() - 2].name;
            compare_hum_pair();
            requested_tab_ = "hum";
        } else if (is_curve_file(path)) {
            if (auto st = overlays_.open_file(path); !st) {
                status(StatusLine::Kind::error, gui_text(st.message()));
                continue;
            }
            recent_.add(path);
            status(StatusLine::Kind::info, "opened " + path);
            if (!impedance_) on_new_impedance();
            requested_tab_ = "impedance";
        } else {
            status(StatusLine::Kind::error, path + ": not a curve (.zma, .txt, .csv, .dat), a recording (.wav) or a hum report (.json); open one of those");
        }
    }
}

bool App::start_job(const std::string& name, Worker::Job job) {
    if (!worker_.start(name, std::move(job))) {
        status(StatusLine::Kind::warning, "a measurement is running; wait for it to finish");
        return false;
    }
    status(StatusLine::Kind::info, name + ": started");
    return true;
}

void App::poll_worker() {
    auto outcome = worker_.take();
    if (!outcome) return;
    ++finished_jobs_;
    if (outcome->name == "hum") hum_live_.reset();  // the live analyser stops with its last holder
    char secs[32];
    std::snprintf(secs, sizeof secs, " (%.1f s)", outcome->seconds);
    if (outcome->failure) {
        pending_wav_.clear();
        last_failure_ = outcome->failure;
        const bool refused = is_refusal(*outcome->failure);
        const bool cancelled = outcome->failure->error.kind == app::Failure::cancelled;
        status(cancelled ? StatusLine::Kind::info : StatusLine::Kind::error,
               outcome->name + (cancelled ? ": cancelled" : refused ? " refused: " + outcome->failure->message
                                                                    : " failed: " + outcome->failure->message));
        if (refused) dialog_ = outcome->failure;
        return;
    }
    last_failure_.reset();
    if (outcome->impedance) {
        if (impedance_) overlays_.add(impedance_name_, impedance_file_, impedance_->analysis.curve);
        impedance_file_ = std::exchange(pending_wav_, {});
        impedance_name_ = impedance_file_.empty() ? "run " + std::to_string(++impedance_runs_)
                                                  : std::filesystem::path(impedance_file_).stem().string();
        impedance_ = outcome->impedance;
        current_curve_ = {impedance_name_, impedance_file_, impedance_->analysis.curve, theme::kCurveA, theme::kCurveB, true};
        on_new_impedance();
        for (const auto& w : impedance_->warnings) status(StatusLine::Kind::warning, "impedance: " + gui_text(w));
        for (const auto& w : impedance_->analysis.warnings) status(StatusLine::Kind::warning, "impedance: " + gui_text(w));
    }
    if (outcome->hum) {
        if (hum_) hum_set_.add(hum_name_, "", hum_->snapshot, hum_->spectrum_hz, hum_->spectrum_dbfs[0]);
        hum_ = outcome->hum;
        on_new_hum();
        for (const auto& w : hum_->result.warnings) status(StatusLine::Kind::warning, "hum: " + gui_text(w));
        for (const auto& w : hum_->result.analysis.warnings) status(StatusLine::Kind::warning, "hum: " + gui_text(w));
    }
    if (outcome->other && outcome->name == "calibration") calibration_.take(*outcome, *this);
    if (outcome->other && outcome->name == "ts") ts_panel_.take(*outcome);
    if (outcome->other && outcome->name == "generator") generator_.take(*outcome);
    if (outcome->other && outcome->name == "advise") advise_.take(*outcome);
    if (outcome->other && outcome->name == "devices") {
        device_rows_ = *std::static_pointer_cast<const std::vector<app::DeviceRow>>(outcome->other);
        status(StatusLine::Kind::info, std::to_string(device_rows_.size()) + " device(s) found");
        return;
    }
    status(StatusLine::Kind::info, outcome->name + ": done" + secs);
}

void App::frame() {
    poll_worker();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("zbench", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoSavedSettings);
    // The status bar: the progress bar and the newest line, wrapped (a
    // scroll bar beyond three lines).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrap_px = vp->WorkSize.x - 4.0f * style.WindowPadding.x - 2.0f * style.ChildBorderSize;
    const float line_px = ImGui::GetTextLineHeight();
    const float text_px = status_.empty() ? line_px : ImGui::CalcTextSize(status_.back().text.c_str(), nullptr, false, wrap_px).y;
    const float status_height = ImGui::GetFrameHeightWithSpacing() + std::min(text_px, 3.0f * line_px) + 2.0f * style.WindowPadding.y;
    const float body = ImGui::GetContentRegionAvail().y - status_height - ImGui::GetStyle().ItemSpacing.y;
    const float setup_width = std::clamp(vp->WorkSize.x * 0.24f, theme::px(260.0f), theme::px(340.0f));

    ImGui::BeginChild("setup", ImVec2(setup_width, body), true);
    setup_panel();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("main", ImVec2(0, body), false);
    if (ImGui::BeginTabBar("tabs")) {
        struct Tab {
            const char* label;
            const char* key;  // as select_tab() and --tab name it
            std::function<void()> draw;
        };
        const Tab tabs[] = {{"Impedance", "impedance", [&] { impedance_panel(); }},
                            {"Hum", "hum", [&] { hum_panel(); }},
                            {"Generator", "generator", [&] { generator_.draw(*this); }},
                            {"Advise", "advise", [&] { advise_.draw(*this); }},
                            {"Calibration", "calibration", [&] { calibration_.draw(*this); }},
                            {"Profiles", "profiles", [&] { profiles_panel(); }}};
        for (const Tab& t : tabs) {
            if (!ImGui::BeginTabItem(t.label, nullptr, requested_tab_ == t.key ? ImGuiTabItemFlags_SetSelected : 0)) continue;
            t.draw();
            ImGui::EndTabItem();
        }
        requested_tab_.clear();
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    status_bar(status_height);
    refusal_dialog();
    file_dialogs();
    ImGui::End();
}

void App::setup_panel() {
    ImGui::TextColored(theme::kHeading, "Setup");
    ImGui::Separator();
    device_fields();
    // A path typed in, or chosen with the button at the end of its label's line.
    auto path_field = [this](const char* label, const char* id, const char* hint, char* buf, std::size_t size, BrowserUse use) {
        ImGui::TextUnformatted(label);
        const float button_w = ImGui::CalcTextSize("Browse...").x + 2.0f * ImGui::GetStyle().FramePadding.x;
        ImGui::SameLine(ImGui::GetContentRegionMax().x - button_w);
        ImGui::PushID(id);
        if (ImGui::SmallButton("Browse...")) {
            browser_use_ = use;
            if (use == BrowserUse::scenario) browser_.show(FileBrowser::Mode::open, "Open a rig scenario", {".json"});
            else browser_.show(FileBrowser::Mode::folder, "Choose the profiles folder", {});
        }
        ImGui::PopID();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint(id, hint, buf, size);
    };
    // The scenario configures the virtual rig only.
    app::DeviceRequest chosen;
    chosen.device = device_buf_;
    chosen.in_device = in_device_buf_;
    chosen.out_device = out_device_buf_;
    if (chosen.is_rig()) {
        path_field("Rig scenario (JSON)", "##scenario", "default woofer", scenario_buf_, sizeof scenario_buf_, BrowserUse::scenario);
    }
    ImGui::TextUnformatted("What drives R_ref");
    ImGui::SetNextItemWidth(-1);
    ImGui::Combo("##output", &output_index_, kOutputs, IM_ARRAYSIZE(kOutputs));
    layout::check_combo_preview(kOutputs[output_index_]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the calibration profile's, else the rig's; line for an interface without a profile");
    ImGui::TextUnformatted("R_ref, ohm");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputDouble("##rref", &r_ref_edit_, 0.0, 0.0, r_ref_edit_ > 0.0 ? "%.3f" : "from profile/rig");
    ImGui::TextUnformatted("Sweep level, dBFS peak");
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderScalar("##level", ImGuiDataType_Double, &options_.measure.level_dbfs, &theme::kLevelMin, &theme::kLevelMax, "%.1f dBFS");
    ImGui::TextUnformatted("Max volts on the driver, V RMS");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputDouble("##maxv", &options_.measure.max_dut_volts, 0.1, 1.0, "%.2f");
    if (ImGui::CollapsingHeader("Sweep and curve", layout::enabled() ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
        // The fields start after the longest label, so that none is clipped.
        const float field_x = ImGui::CalcTextSize("Smoothing, 1/N oct").x + 2.0f * ImGui::GetStyle().ItemSpacing.x;
        auto field = [field_x](const char* label, const char* id, double* value, const char* format) {
            ImGui::TextUnformatted(label);
            ImGui::SameLine(field_x);
            ImGui::SetNextItemWidth(-1);
            ImGui::InputDouble(id, value, 0.0, 0.0, format);
        };
        static constexpr const char* kStimuli[] = {"sweep", "stepped-sine"};
        ImGui::TextUnformatted("Stimulus");
        ImGui::SameLine(field_x);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::Combo("##stimulus", &stimulus_index_, kStimuli, IM_ARRAYSIZE(kStimuli)))
            options_.measure.stimulus = kStimuli[stimulus_index_];
        layout::check_combo_preview(kStimuli[stimulus_index_]);
        if (stimulus_index_ == 1) {
            ImGui::TextUnformatted("Steps per octave");
            ImGui::SameLine(field_x);
            ImGui::SetNextItemWidth(-1);
            ImGui::InputInt("##spo", &options_.measure.steps_per_octave, 0);
        }
        field("Sweep length, s", "##sweeps", &options_.measure.sweep_seconds, options_.measure.sweep_seconds > 0.0 ? "%.2f" : "auto");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("0: automatic, as long as the target uncertainty needs");
        if (options_.measure.sweep_seconds <= 0.0) {
            field("Target sigma, %", "##target", &options_.measure.target_uncertainty_percent, "%.3g");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("the worst 1-sigma uncertainty of |Z| the automatic sweep length aims at");
        }
        ImGui::TextUnformatted("Averages");
        ImGui::SameLine(field_x);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputInt("##averages", &options_.measure.averages, 0))
            options_.measure.averages = std::clamp(options_.measure.averages, 1, 64);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("sweeps played back to back and averaged: the noise falls as 1/sqrt(N)");
        field("Min frequency, Hz", "##fmin", &options_.measure.fmin_hz, "%.1f");
        field("Max frequency, Hz", "##fmax", &fmax_edit_, fmax_edit_ > 0.0 ? "%.0f" : "default");
        ImGui::TextUnformatted("Points per octave");
        ImGui::SameLine(field_x);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputInt("##ppo", &options_.measure.points_per_octave, 0);
        ImGui::TextUnformatted("Smoothing, 1/N oct");
        ImGui::SameLine(field_x);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputInt("##smooth", &options_.measure.smoothing_fraction, 0);
        ImGui::TextDisabled("(Smoothing 0 = off)");
    }
    ImGui::TextUnformatted("Calibration profile");
    profile_combo();
    ImGui::Checkbox("Apply to any device", &options_.measure.profile.force);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("use the profile even on an interface other than the one it was measured on");
    path_field("Profiles folder", "##profiles_dir", "default (XDG)", profiles_dir_buf_, sizeof profiles_dir_buf_, BrowserUse::profiles_dir);
    ImGui::TextUnformatted("Hum recording, seconds");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputDouble("##humsec", &options_.hum_seconds, 1.0, 5.0, "%.1f");
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::BeginDisabled(busy());
    if (ImGui::Button("Measure impedance", ImVec2(-1, 0))) start("impedance");
    if (ImGui::Button("Measure hum", ImVec2(-1, 0))) start("hum");
    ImGui::EndDisabled();
}

// The profiles in the Profiles folder, listed when the drop-down opens, and "none".
void App::profile_combo() {
    const char* shown = profile_buf_[0] ? profile_buf_ : "none";
    ImGui::SetNextItemWidth(-1);
    if (std::exchange(open_profile_list_, false)) ImGui::OpenPopupEx(ImHashStr("##ComboPopup", 0, ImGui::GetID("##profile")));
    const bool open = ImGui::BeginCombo("##profile", shown);
    layout::check_combo_preview(shown);
    if (!open) return;
    if (ImGui::IsWindowAppearing()) {
        profile_list_error_.clear();
        try {
            profile_names_ = app::open_profile_store(profiles_dir_buf_).names();
        } catch (const app::JobFailure& f) {
            profile_names_.clear();
            profile_list_error_ = gui_text(f.error.message);
        }
        profiles_loaded_ = false;  // the Profiles tab lists them again too
    }
    if (ImGui::Selectable("none", !profile_buf_[0])) profile_buf_[0] = '\0';
    for (const auto& name : profile_names_)
        if (ImGui::Selectable(name.c_str(), name == profile_buf_)) copy_to(profile_buf_, sizeof profile_buf_, name);
    if (!profile_list_error_.empty()) ImGui::TextColored(theme::kError, "%s", profile_list_error_.c_str());
    ImGui::EndCombo();
}

// A drop-down of the devices listed (opening it lists them the first time),
// with `first` standing for `first_value` ("sim", or "" for "same as
// Device"); a name given on the command line shows as it is.
void App::device_combo(const char* label, const char* id, char* buf, std::size_t size, const char* first,
                       const char* first_value, bool (*fits)(const app::DeviceRow&)) {
    const std::string current = buf;
    const std::string preview = current == first_value ? first : current;
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo(id, preview.c_str())) {
        if (device_rows_.empty()) {
            if (!busy() && !apis_.empty() && !devices_listed_) list_devices();
            const bool listing = busy() && worker_.name() == "devices";
            ImGui::TextDisabled("%s", apis_.empty()     ? "(no audio API in this build)"
                                      : listing         ? "listing audio interfaces..."
                                      : devices_listed_ ? "(no audio interface found)"
                                                        : "(listed when the running job ends)");
        }
        if (ImGui::Selectable(first, current == first_value)) copy_to(buf, size, first_value);
        for (std::size_t i = 0; i < device_rows_.size(); ++i) {
            const app::DeviceRow& d = device_rows_[i];
            if (!fits(d)) continue;
            char text[200];
            std::snprintf(text, sizeof text, "%s  (%u in, %u out)##%zu", d.name.c_str(), d.inputs, d.outputs, i);
            if (ImGui::Selectable(text, d.name == current)) copy_to(buf, size, d.name);
        }
        ImGui::EndCombo();
    }
    layout::check_combo_preview(preview.c_str());
}

// Device, then Input and Output device when they differ (PulseAudio and
// PipeWire), then the real-interface fields when the device is not the rig.
void App::device_fields() {
    const std::string before = device_buf_;
    device_combo("Device", "##device", device_buf_, sizeof device_buf_, "sim (the virtual rig)", "sim",
                 [](const app::DeviceRow& d) { return d.can_record() && d.can_play(); });
    if (before != device_buf_) in_device_buf_[0] = out_device_buf_[0] = '\0';
    device_combo("Input device", "##in_device", in_device_buf_, sizeof in_device_buf_, "same as Device", "",
                 [](const app::DeviceRow& d) { return d.can_record(); });
    device_combo("Output device", "##out_device", out_device_buf_, sizeof out_device_buf_, "same as Device", "",
                 [](const app::DeviceRow& d) { return d.can_play(); });
    if (std::string(device_buf_) == "sim" && !in_device_buf_[0] && !out_device_buf_[0]) return;
    std::vector<const char*> apis = {"API: first with devices"};
    for (const auto& a : apis_) apis.push_back(a.c_str());
    ImGui::SetNextItemWidth(-1);
    ImGui::Combo("##api", &api_index_, apis.data(), static_cast<int>(apis.size()));
    layout::check_combo_preview(apis[api_index_]);
    // Each field after its label; 0 shows as the value it stands for.
    const float field_x = ImGui::CalcTextSize("Output channel").x + 2.0f * ImGui::GetStyle().ItemSpacing.x;
    auto label = [field_x](const char* text) {
        ImGui::TextUnformatted(text);
        ImGui::SameLine(field_x);
        ImGui::SetNextItemWidth(-1);
    };
    label("Inputs A,B");
    ImGui::InputText("##inputs", in_channels_buf_, sizeof in_channels_buf_);
    label("Output channel");
    ImGui::InputInt("##output_channel", &out_channel_);
    label("Rate, Hz");
    ImGui::InputScalar("##rate", ImGuiDataType_S32, &sample_rate_hz_, nullptr, nullptr, sample_rate_hz_ > 0 ? "%d" : "48000");
    label("Buffer, frames");
    ImGui::InputScalar("##buffer", ImGuiDataType_S32, &buffer_frames_, nullptr, nullptr, buffer_frames_ > 0 ? "%d" : "default");
    // The API chosen above lists its own devices.
    if (!apis_.empty() && ImGui::Button("List audio interfaces again", ImVec2(-1, 0))) list_devices();
}

// Lists the chosen API's devices (every API's when none is chosen) on the
// worker: probing ALSA or PulseAudio can take a while.
void App::list_devices() {
    devices_listed_ = true;
    const GuiOptions o = current_options();
    const std::string api = o.measure.device.api;
    start_job("devices", [api](const ProgressFn&, const app::CancelToken&) {
        auto rows = std::make_shared<std::vector<app::DeviceRow>>();
        // An API that cannot be reached lists nothing; the others still do.
        for (const auto& a : api.empty() ? app::audio_apis() : std::vector<std::string>{api})
            if (auto listed = app::list_devices(a))
                for (const auto& group : *listed) rows->insert(rows->end(), group.devices.begin(), group.devices.end());
        JobOutcome outcome;
        outcome.other = rows;
        return outcome;
    });
}

void App::status_bar(float height) {
    ImGui::BeginChild("status", ImVec2(0, height), true);
    if (busy()) {
        char overlay[160];
        std::snprintf(overlay, sizeof overlay, "%s: %s %.0f %%", worker_.name().c_str(), worker_.stage().c_str(),
                      100.0 * worker_.progress());
        const float cancel_width = ImGui::CalcTextSize("Cancel").x + 2.0f * ImGui::GetStyle().FramePadding.x;
        ImGui::ProgressBar(static_cast<float>(worker_.progress()), ImVec2(-cancel_width - ImGui::GetStyle().ItemSpacing.x, 0), overlay);
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) worker_.cancel();
    } else {
        ImGui::ProgressBar(0.0f, ImVec2(-1, 0), "idle");
    }
    // The newest line, coloured by kind; the tooltip holds the last ten.
    if (!status_.empty()) {
        const auto& s = status_.back();
        const ImVec4 colour = s.kind == StatusLine::Kind::error     ? theme::kError
                              : s.kind == StatusLine::Kind::warning ? theme::kWarning
                                                                    : theme::kText;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(colour, "%s", s.text.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            for (std::size_t i = status_.size() > 10 ? status_.size() - 10 : 0; i < status_.size(); ++i)
                ImGui::TextUnformatted(status_[i].text.c_str());
            ImGui::EndTooltip();
        }
    }
    ImGui::EndChild();
}

void App::refusal_dialog() {
    if (dialog_) {
        ImGui::OpenPopup("Refused for safety");
    }
    ImGui::SetNextWindowSize(ImVec2(theme::px(560), 0));
    if (ImGui::BeginPopupModal("Refused for safety", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        if (dialog_) {
            ImGui::TextColored(theme::kError, "%s", std::string(theme::refusal_title(dialog_->error.refusal)).c_str());
            ImGui::Separator();
            ImGui::PushTextWrapPos(theme::px(540));
            ImGui::TextUnformatted(dialog_->message.c_str());
            ImGui::PopTextWrapPos();
        }
        if (ImGui::Button("OK", ImVec2(theme::px(120), 0))) {
            dialog_.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace zb::gui
