#include "gui/setting_labels.h"

#include "app/app_error.h"

namespace zb::gui {

std::string control_label(std::string_view setting) {
    struct Label {
        std::string_view setting, label;
    };
    // Every label here is the text of a control in the Setup panel, the
    // Impedance tab or the calibration wizard.
    static constexpr Label kLabels[] = {
        {"device", "\"Device\""},
        {"sim_scenario", "\"Rig scenario\""},
        {"sim_realtime", "real-time rig"},
        {"api", "\"API\""},
        {"in_channels", "\"Inputs A,B\""},
        {"out_channel", "\"Output\""},
        {"sample_rate", "\"Rate\""},
        {"buffer_frames", "\"Buffer\" size"},
        {"ignore_server_xruns", "ignoring the server's xruns"},
        {"r_ref", "\"R_ref\""},
        {"output", "\"What drives R_ref\" ="},
        {"level", "\"Sweep level\""},
        {"max_dut_volts", "\"Max volts on the driver\""},
        {"sweep_seconds", "\"Sweep length\""},
        {"target_uncertainty", "the target uncertainty (0.1 %; no GUI control yet)"},
        {"fmin", "\"Min frequency\""},
        {"fmax", "\"Max frequency\""},
        {"ppo", "\"Points per octave\""},
        {"smoothing", "\"Smoothing\""},
        {"profile", "\"Calibration profile\""},
        {"profiles_dir", "\"Profiles folder\""},
        {"force", "\"Apply to another device anyway\""},
        {"seconds", "\"Hum recording\" length"},
        {"known_ohms", "\"Known resistor\""},
        {"volts_rms", "\"Voltmeter reading\""},
        {"frequency", "\"Tone frequency\""},
        {"tone_seconds", "\"Tone length\""},
    };
    for (const auto& l : kLabels)
        if (l.setting == setting) return std::string(l.label);
    std::string quoted(1, '"');
    quoted.append(setting);
    quoted.push_back('"');
    return quoted;
}

std::string gui_text(std::string_view text) { return app::render_message(text, control_label); }

}  // namespace zb::gui
