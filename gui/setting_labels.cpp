#include "gui/setting_labels.h"

#include "app/app_error.h"
#include "app/report_text.h"

namespace zb::gui {

std::string control_label(std::string_view setting) {
    struct Label {
        std::string_view setting, label;
    };
    // Every label here is the text of a control in the Setup panel, the
    // Impedance tab (with its T/S panel) or the calibration wizard.
    static constexpr Label kLabels[] = {
        {"device", "\"Device\""},
        {"in_device", "\"Input device\""},
        {"out_device", "\"Output device\""},
        {"sim_scenario", "\"Rig scenario\""},
        {"sim_realtime", "real-time rig"},
        {"api", "\"API\""},
        {"in_channels", "\"Inputs A,B\""},
        {"out_channel", "\"Output channel\""},
        {"sample_rate", "\"Rate\""},
        {"buffer_frames", "\"Buffer\" size"},
        {"ignore_server_xruns", "ignoring the server's xruns"},
        {"r_ref", "\"R_ref\""},
        {"output", "\"What drives R_ref\" ="},
        {"level", "\"Sweep level\""},
        {"max_dut_volts", "\"Max volts on the driver\""},
        {"sweep_seconds", "\"Sweep length\""},
        {"averages", "\"Averages\""},
        {"target_uncertainty", "\"Target sigma\""},
        {"fmin", "\"Min frequency\""},
        {"fmax", "\"Max frequency\""},
        {"ppo", "\"Points per octave\""},
        {"smoothing", "\"Smoothing\""},
        {"profile", "\"Calibration profile\""},
        {"profiles_dir", "\"Profiles folder\""},
        {"force", "\"Apply to any device\""},
        {"seconds", "\"Hum recording\" length"},
        {"known_ohms", "\"Known resistor\""},
        {"volts_rms", "\"Voltmeter reading\""},
        {"frequency", "\"Tone frequency\""},
        {"tone_seconds", "\"Tone length\""},
        {"free_air", "the T/S panel's \"Free air\" curve"},
        {"added_mass_zma", "an \"Added mass\" curve"},
        {"added_mass_g", "the added mass's \"grams\""},
        {"box_zma", "the \"Closed box\" curve"},
        {"box_litres", "the closed box's \"litres\""},
        {"sd_cm2", "\"Sd, cm2\""},
        {"re", "\"Re, ohm\""},
        {"model", "the T/S panel's \"Model\""},
        {"stimulus", "\"Stimulus\""},
        {"steps_per_octave", "\"Steps per octave\""},
        {"signal", "\"Signal\""},
        {"signal_frequency", "\"Frequency, Hz\""},
        {"signal_level", "\"Level, dBFS peak\""},
        {"signal_seconds", "\"Length, s\""},
    };
    for (const auto& l : kLabels)
        if (l.setting == setting) return std::string(l.label);
    std::string quoted(1, '"');
    quoted.append(setting);
    quoted.push_back('"');
    return quoted;
}

std::string gui_text(std::string_view text) { return app::render_message(text, control_label); }

std::string gui_report(nlohmann::json report) {
    app::render_report_texts(report, control_label);
    return report.dump(2) + "\n";
}

}  // namespace zb::gui
