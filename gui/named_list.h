// The rows of a named list (impedance curves, hum spectra): a colour swatch,
// a visibility box, the name (double-click to rename it, Enter to keep the
// new name, Escape to leave it) and a remove button. Items have `name`,
// `path`, `visible` and a colour that `colour_of` gives. UI thread only.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdio>
#include <string>

namespace zb::gui {

struct NamedListState {
    int renaming = -1;  // the row whose name is being edited
    char buf[128] = {};
};

enum class ListChange { none, visibility, renamed, removed, rename_refused };

// Draws the rows; says what the user changed (one change per frame).
template <class Set, class ColourOf>
ListChange named_list(Set& set, NamedListState& st, ColourOf colour_of) {
    ListChange change = ListChange::none;
    std::size_t remove = SIZE_MAX;
    auto& items = set.curves();
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto& c = items[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::ColorButton("##colour", ImGui::ColorConvertU32ToFloat4(colour_of(c)), ImGuiColorEditFlags_NoTooltip,
                           ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight()));
        ImGui::SameLine();
        if (ImGui::Checkbox("##visible", &c.visible)) change = ListChange::visibility;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("show or hide it");
        ImGui::SameLine();
        const float remove_x = ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() - ImGui::GetFrameHeight();
        const float name_w = remove_x - ImGui::GetCursorPosX() - ImGui::GetStyle().ItemSpacing.x;
        if (st.renaming == static_cast<int>(i)) {
            ImGui::SetNextItemWidth(name_w);
            if (!ImGui::IsAnyItemActive()) ImGui::SetKeyboardFocusHere();
            if (ImGui::InputText("##name", st.buf, sizeof st.buf, ImGuiInputTextFlags_EnterReturnsTrue)) {
                change = set.rename(i, st.buf) ? ListChange::renamed : ListChange::rename_refused;
                st.renaming = -1;
            } else if (ImGui::IsItemDeactivated() || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
                st.renaming = -1;
            }
        } else {
            ImGui::Selectable(c.name.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick, ImVec2(name_w, 0));
            if (ImGui::IsItemHovered()) {
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
                    st.renaming = static_cast<int>(i);
                    std::snprintf(st.buf, sizeof st.buf, "%s", c.name.c_str());
                }
                ImGui::SetTooltip("%s%sdouble-click to rename", c.path.c_str(), c.path.empty() ? "" : "\n");
            }
        }
        ImGui::SameLine(remove_x);
        if (ImGui::SmallButton("x")) remove = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove it from the list");
        ImGui::PopID();
    }
    if (remove != SIZE_MAX) {
        set.remove(remove);
        st.renaming = -1;
        change = ListChange::removed;
    }
    return change;
}

}  // namespace zb::gui
