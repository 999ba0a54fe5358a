// The Profiles tab: the calibration profiles in the store (list, show,
// delete), read through calibration/profile_store.h and described with the
// same text as `zbench profiles show` (app/profile_text.h).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/profile_setup.h"
#include "app/profile_text.h"
#include "gui/app.h"
#include "gui/setting_labels.h"
#include "gui/theme.h"

namespace zb::gui {

void App::profiles_panel() {
    const GuiOptions o = current_options();
    std::optional<calibration::ProfileStore> store;
    std::string store_error;
    try {
        store.emplace(app::open_profile_store(o.measure.profile.profiles_dir));
    } catch (const app::JobFailure& f) {
        store_error = gui_text(f.error.message);
    }
    if (!store) {
        ImGui::TextColored(theme::kError, "%s", store_error.c_str());
        return;
    }
    const bool refresh = ImGui::Button("Refresh");
    if (!profiles_loaded_ || refresh) {
        profile_names_ = store->names();
        profiles_loaded_ = true;
        profile_text_.clear();
        // Show the profile the Setup panel names, else the first one.
        if (std::find(profile_names_.begin(), profile_names_.end(), profile_selected_) == profile_names_.end()) {
            const bool named = std::find(profile_names_.begin(), profile_names_.end(), o.measure.profile.profile) != profile_names_.end();
            profile_selected_ = named ? o.measure.profile.profile : profile_names_.empty() ? std::string() : profile_names_.front();
        }
    }
    ImGui::SameLine();
    ImGui::TextDisabled("in %s", store->directory().c_str());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The list as wide as its longest name, up to 45 % of the tab.
    float list_px = theme::px(260);
    for (const auto& name : profile_names_) list_px = std::max(list_px, ImGui::CalcTextSize(name.c_str()).x);
    list_px = std::min(list_px + 2.0f * ImGui::GetStyle().WindowPadding.x + ImGui::GetStyle().ScrollbarSize, 0.45f * avail.x);
    ImGui::BeginChild("plist", ImVec2(list_px, avail.y - 4), true);
    if (profile_names_.empty())
        ImGui::TextWrapped("No profiles yet: run a step in the Calibration tab to make one.");
    for (const auto& name : profile_names_)
        if (ImGui::Selectable(name.c_str(), name == profile_selected_)) {
            profile_selected_ = name;
            profile_text_.clear();
        }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("pshow", ImVec2(0, avail.y - 4), true);
    if (!profile_selected_.empty()) {
        if (profile_text_.empty()) {
            auto p = store->load(profile_selected_);
            profile_text_ = p ? app::format_profile_text(profile_selected_, store->path_of(profile_selected_), *p)
                              : "INVALID: " + p.message();
        }
        ImGui::PushTextWrapPos(0.0f);  // long paths and lines wrap, never cut
        ImGui::TextUnformatted(profile_text_.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (ImGui::Button("Use in measurements")) {
            std::snprintf(profile_buf_, sizeof profile_buf_, "%s", profile_selected_.c_str());
            status(StatusLine::Kind::info, "profile " + profile_selected_ + " will be applied to the next impedance measurement");
        }
        ImGui::SameLine();
        if (ImGui::Button("Delete...")) ImGui::OpenPopup("Delete profile?");
        if (ImGui::BeginPopupModal("Delete profile?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::Text("Delete %s? This cannot be undone.", store->path_of(profile_selected_).c_str());
            if (ImGui::Button("Delete", ImVec2(theme::px(120), 0))) {
                if (auto st = store->remove(profile_selected_); !st) status(StatusLine::Kind::error, st.message());
                else status(StatusLine::Kind::info, "deleted profile " + profile_selected_);
                profile_selected_.clear();
                profiles_loaded_ = false;
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel", ImVec2(theme::px(120), 0))) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }
    ImGui::EndChild();
}

}  // namespace zb::gui
