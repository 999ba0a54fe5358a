// zbench-gui's file dialog: the desktop's own through the XDG desktop portal
// when one answers (portal_file_chooser.h), else a modal drawn with Dear
// ImGui that lists a folder (folders first, then the files with the wanted
// extensions), takes a typed path, remembers the folder and the recent files,
// and in save mode asks before overwriting. The ImGui dialog needs no desktop
// service, so it works the same under any window manager, Xvfb included.
// UI thread only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gui/portal_file_chooser.h"

namespace zb::gui {

// The last files opened or saved, newest first, kept in
// $XDG_CONFIG_HOME/zbench/recent-files (~/.config when unset).
class RecentFiles {
public:
    static constexpr std::size_t kMax = 10;
    RecentFiles();
    void add(const std::string& path);
    const std::vector<std::string>& paths() const { return paths_; }

private:
    std::filesystem::path file_;
    std::vector<std::string> paths_;
};

class FileBrowser {
public:
    enum class Mode { open, save, folder };
    // Shows the dialog from the next draw(). `extensions` filter the list
    // (lower case, with the dot; empty: every file); in save mode the first
    // one is added to a typed name that has none. Folder mode lists folders
    // only and chooses the one shown (or a typed one).
    // `ask_portal` false: the ImGui dialog even when a portal answers.
    void show(Mode mode, std::string title, std::vector<std::string> extensions, std::string file_name = {}, bool ask_portal = true);
    // Closes the ImGui dialog at the next draw(), choosing nothing.
    void close() { close_requested_ = shown_; }
    // Draws the dialog while it is shown (or polls the portal's); returns the
    // chosen path once.
    std::optional<std::string> draw(RecentFiles& recent);
    bool shown() const { return shown_ || portal_waiting_; }

private:
    void show_own();
    std::optional<std::string> poll_portal(RecentFiles& recent);
    void list_folder();
    std::string extension_list() const;
    std::optional<std::string> accept(const std::filesystem::path& path);

    Mode mode_ = Mode::open;
    std::string title_;
    std::vector<std::string> extensions_;
    std::filesystem::path folder_ = std::filesystem::current_path();
    std::vector<std::filesystem::directory_entry> entries_;
    std::string error_;
    char name_buf_[1024] = {};
    std::string overwrite_;  // a path waiting for "replace it?"
    bool shown_ = false, open_requested_ = false, close_requested_ = false;
    PortalFileChooser portal_;
    bool portal_waiting_ = false;
};

}  // namespace zb::gui
