#include "gui/file_browser.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <utility>

#include "gui/theme.h"
#include "io/atomic_file.h"

namespace zb::gui {

namespace fs = std::filesystem;

namespace {

fs::path config_folder() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "zbench";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".config" / "zbench";
    return {};
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

RecentFiles::RecentFiles() {
    const fs::path folder = config_folder();
    if (folder.empty()) return;
    file_ = folder / "recent-files";
    std::ifstream in(file_);
    for (std::string line; std::getline(in, line) && paths_.size() < kMax;)
        if (!line.empty()) paths_.push_back(line);
}

void RecentFiles::add(const std::string& path) {
    const std::string absolute = fs::absolute(path).lexically_normal().string();
    paths_.erase(std::remove(paths_.begin(), paths_.end(), absolute), paths_.end());
    paths_.insert(paths_.begin(), absolute);
    if (paths_.size() > kMax) paths_.resize(kMax);
    if (file_.empty()) return;
    std::error_code ec;
    fs::create_directories(file_.parent_path(), ec);
    std::string text;
    for (const auto& p : paths_) text += p + "\n";
    (void)write_file_atomic(file_.string(), text);  // a list that cannot be saved is only not remembered
}

void FileBrowser::show(Mode mode, std::string title, std::vector<std::string> extensions, std::string file_name, bool ask_portal) {
    mode_ = mode;
    title_ = std::move(title);
    extensions_ = std::move(extensions);
    std::snprintf(name_buf_, sizeof name_buf_, "%s", file_name.c_str());
    error_.clear();
    overwrite_.clear();
    portal_waiting_ = ask_portal && portal_.request(mode == Mode::save, title_, extensions_, file_name, folder_.string(), mode == Mode::folder);
    if (!portal_waiting_) show_own();
}

void FileBrowser::show_own() {
    shown_ = open_requested_ = true;
    list_folder();
}

// The portal's answer, once it has come. A portal that fails (none on the
// bus) hands over to the ImGui dialog.
std::optional<std::string> FileBrowser::poll_portal(RecentFiles& recent) {
    switch (portal_.poll()) {
        case PortalFileChooser::State::waiting: return std::nullopt;
        case PortalFileChooser::State::failed:
            portal_waiting_ = false;
            show_own();
            return std::nullopt;
        case PortalFileChooser::State::chosen: break;
        default: portal_waiting_ = false; return std::nullopt;
    }
    portal_waiting_ = false;
    fs::path path = portal_.take();
    if (mode_ == Mode::folder) {
        folder_ = path;
        return path.string();  // folders are not recent files
    }
    if (mode_ == Mode::save && !extensions_.empty() && path.extension().empty()) {
        path += extensions_.front();
        std::error_code ec;
        if (fs::exists(path, ec)) {  // the desktop asked about the name without the extension: ask again here
            folder_ = path.parent_path();
            std::snprintf(name_buf_, sizeof name_buf_, "%s", path.filename().string().c_str());
            overwrite_ = path.string();
            show_own();
            return std::nullopt;
        }
    }
    folder_ = path.parent_path();
    recent.add(path.string());
    return path.string();
}

std::string FileBrowser::extension_list() const {
    if (mode_ == Mode::folder) return "folders: open one, then Choose";
    if (extensions_.empty()) return "all files";
    std::string list = "files:";
    for (const auto& x : extensions_) list += " " + x;
    return list;
}

void FileBrowser::list_folder() {
    entries_.clear();
    std::error_code ec;
    for (fs::directory_iterator it(folder_, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        const bool dir = it->is_directory(ec);
        const std::string ext = lower(it->path().extension().string());
        if (mode_ == Mode::folder && !dir) continue;
        if (dir || extensions_.empty() || std::find(extensions_.begin(), extensions_.end(), ext) != extensions_.end())
            entries_.push_back(*it);
    }
    if (ec) error_ = folder_.string() + ": " + ec.message();
    std::sort(entries_.begin(), entries_.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
        std::error_code e;
        const bool da = a.is_directory(e), db = b.is_directory(e);
        if (da != db) return da;
        return lower(a.path().filename().string()) < lower(b.path().filename().string());
    });
}

std::optional<std::string> FileBrowser::accept(const fs::path& typed) {
    fs::path path = typed.is_absolute() ? typed : folder_ / typed;
    std::error_code ec;
    if (mode_ == Mode::folder) {
        if (!fs::is_directory(path, ec)) {
            error_ = path.string() + ": no such folder";
            return std::nullopt;
        }
        folder_ = fs::absolute(path).lexically_normal();
        shown_ = false;
        ImGui::CloseCurrentPopup();
        return folder_.string();
    }
    if (fs::is_directory(path, ec)) {
        folder_ = fs::absolute(path).lexically_normal();
        name_buf_[0] = '\0';
        list_folder();
        return std::nullopt;
    }
    if (mode_ == Mode::open && !fs::exists(path, ec)) {
        error_ = path.string() + ": no such file";
        return std::nullopt;
    }
    if (mode_ == Mode::save) {
        if (!extensions_.empty() && path.extension().empty()) path += extensions_.front();
        if (!fs::is_directory(path.parent_path(), ec)) {
            error_ = path.parent_path().string() + ": no such folder";
            return std::nullopt;
        }
        if (fs::exists(path, ec) && overwrite_ != path.string()) {
            overwrite_ = path.string();
            return std::nullopt;
        }
    }
    shown_ = false;
    ImGui::CloseCurrentPopup();
    return path.string();
}

std::optional<std::string> FileBrowser::draw(RecentFiles& recent) {
    if (portal_waiting_) return poll_portal(recent);
    if (!shown_) return std::nullopt;
    if (open_requested_) {
        ImGui::OpenPopup(title_.c_str());
        open_requested_ = false;
    }
    const ImVec2 size(std::min(theme::px(720.0f), ImGui::GetIO().DisplaySize.x - 40.0f), std::min(theme::px(520.0f), ImGui::GetIO().DisplaySize.y - 40.0f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    bool open = true;
    if (!ImGui::BeginPopupModal(title_.c_str(), &open)) {
        shown_ = open;
        return std::nullopt;
    }
    std::optional<std::string> chosen;
    if (std::exchange(close_requested_, false)) {
        shown_ = false;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return std::nullopt;
    }
    if (ImGui::Button("Up")) {
        folder_ = folder_.parent_path();
        list_folder();
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(folder_.string().c_str());
    const float footer = 3.0f * ImGui::GetFrameHeightWithSpacing() + (overwrite_.empty() ? 0.0f : ImGui::GetFrameHeightWithSpacing());
    const float recent_w = recent.paths().empty() || mode_ == Mode::folder ? 0.0f : ImGui::GetContentRegionAvail().x * 0.38f;
    ImGui::BeginChild("entries", ImVec2(ImGui::GetContentRegionAvail().x - recent_w, -footer), true);
    for (const auto& e : entries_) {
        std::error_code ec;
        const bool dir = e.is_directory(ec);
        const std::string label = e.path().filename().string() + (dir ? "/" : "");
        if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) {
            if (!dir) std::snprintf(name_buf_, sizeof name_buf_, "%s", e.path().filename().string().c_str());
            if (dir && mode_ == Mode::folder) {
                folder_ = e.path();
                name_buf_[0] = '\0';
                list_folder();
                break;
            }
            if (dir || ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) chosen = accept(e.path());
        }
    }
    ImGui::EndChild();
    if (recent_w > 0.0f) {
        ImGui::SameLine();
        ImGui::BeginChild("recent", ImVec2(0, -footer), true);
        ImGui::TextColored(theme::kHeading, "Recent");
        for (const auto& p : recent.paths()) {
            if (ImGui::Selectable(fs::path(p).filename().string().c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) {
                std::snprintf(name_buf_, sizeof name_buf_, "%s", p.c_str());
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) chosen = accept(p);
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.c_str());
        }
        ImGui::EndChild();
    }
    const char* name_label = mode_ == Mode::folder ? "Folder" : "File name";
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(name_label).x - ImGui::GetStyle().ItemSpacing.x);
    const bool enter = ImGui::InputText(name_label, name_buf_, sizeof name_buf_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (!error_.empty()) ImGui::TextColored(theme::kError, "%s", error_.c_str());
    else ImGui::TextDisabled("%s", extension_list().c_str());
    if (!overwrite_.empty()) {
        ImGui::TextColored(theme::kWarning, "%s exists. Replace it?", fs::path(overwrite_).filename().string().c_str());
        if (ImGui::Button("Replace")) chosen = accept(overwrite_);
        ImGui::SameLine();
        if (ImGui::Button("Keep it")) overwrite_.clear();
    } else {
        const char* action = mode_ == Mode::open ? "Open" : mode_ == Mode::save ? "Save" : "Choose";
        if (ImGui::Button(action) || (enter && name_buf_[0] != '\0')) {
            error_.clear();
            if (name_buf_[0] != '\0') chosen = accept(name_buf_);
            else if (mode_ == Mode::folder) chosen = accept(folder_);
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
        shown_ = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    if (chosen && mode_ != Mode::folder) recent.add(*chosen);
    return chosen;
}

}  // namespace zb::gui
