// The desktop's own file dialog through the XDG desktop portal
// (org.freedesktop.portal.FileChooser on the D-Bus session bus, spoken with
// GIO's GDBus): OpenFile or SaveFile is called with a handle token, and the
// answer comes later as the Response signal of the request object, carrying
// the chosen file as a file:// URI. Nothing blocks: the call and the signal
// are dispatched by poll(), which the UI calls once per frame.
//
// No session bus, no portal on it, or an error reply: the request fails and
// the caller shows its own dialog instead (file_browser.h). No bus is started
// for this: without DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus there is
// no portal. UI thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zb::gui {

class PortalFileChooser {
public:
    enum class State { idle, waiting, chosen, cancelled, failed };

    PortalFileChooser();
    ~PortalFileChooser();
    PortalFileChooser(const PortalFileChooser&) = delete;
    PortalFileChooser& operator=(const PortalFileChooser&) = delete;

    // Sends the request; false at once when there is no session bus.
    // `extensions`: lower case with the dot (".zma"); `file_name` and
    // `folder` are the save dialog's suggestions. `directory`: OpenFile picks
    // a folder instead of a file (the portal's "directory" option).
    bool request(bool save, const std::string& title, const std::vector<std::string>& extensions, const std::string& file_name,
                 const std::string& folder, bool directory = false);
    // Dispatches what the bus delivered since the last call, never waiting.
    State poll();
    State state() const;
    // The chosen file (state chosen); the state returns to idle.
    std::string take();
    // Why the portal failed (state failed), for the status line.
    const std::string& error() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The portal's filter list for extensions: "*.zma" and "*.ZMA" globs.
std::vector<std::string> portal_globs(const std::vector<std::string>& extensions);

}  // namespace zb::gui
