#include "app/report_text.h"

#include <array>
#include <string_view>

namespace zb::app {

namespace {

constexpr std::array<std::string_view, 5> kTextKeys = {"warnings", "notes", "text", "advice", "reason"};

bool is_text_key(const std::string& key) {
    for (std::string_view k : kTextKeys)
        if (key == k) return true;
    return false;
}

// Renders every string inside `value` (a text key's value: a string, or an array of them).
void render_all(nlohmann::json& value, const LabelFn& label) {
    if (value.is_string()) value = render_message(value.get<std::string>(), label);
    else if (value.is_array() || value.is_object())
        for (auto& v : value) render_all(v, label);
}

}  // namespace

void render_report_texts(nlohmann::json& report, const LabelFn& label) {
    if (report.is_object()) {
        for (auto it = report.begin(); it != report.end(); ++it) {
            if (is_text_key(it.key())) render_all(it.value(), label);
            else render_report_texts(it.value(), label);
        }
    } else if (report.is_array()) {
        for (auto& v : report) render_report_texts(v, label);
    }
}

}  // namespace zb::app
