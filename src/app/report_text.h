// The texts of a JSON report (warnings, diagnoses, advice) in a front end's
// words. The application layer's texts name settings through placeholders
// ("raise {level}"); a report written to a file renders them, as the
// front end that writes it does on screen: "--level" from the CLI, "Sweep
// level" from the GUI.
#pragma once

#include <nlohmann/json.hpp>

#include "app/app_error.h"

namespace zb::app {

// Renders every string under the text keys ("warnings", "notes", "text",
// "advice", "reason") anywhere in `report`; other strings (file names,
// units, keys) are left as they are.
void render_report_texts(nlohmann::json& report, const LabelFn& label);

}  // namespace zb::app
