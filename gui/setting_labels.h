// The GUI's words for the application layer's settings: each control's
// label, so that a message from a job names the control to change
// ("Max frequency", not the CLI's "--fmax").
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace zb::gui {

std::string control_label(std::string_view setting);
// A job's text with every "{setting}" replaced by its control's label.
std::string gui_text(std::string_view text);
// A JSON report as zbench-gui saves it: its texts with each setting named by
// its control, two-space indented, with a final newline.
std::string gui_report(nlohmann::json report);

}  // namespace zb::gui
