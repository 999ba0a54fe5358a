// zbench-gui's window: the Setup panel on the left, the Impedance, Hum,
// Calibration and Profiles tabs on the right, the status bar along the
// bottom. One App per process; every member is used on the UI thread only,
// except what the Worker documents.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/device_setup.h"
#include "gui/advise_panel.h"
#include "gui/calibration_panel.h"
#include "gui/curve_set.h"
#include "gui/file_browser.h"
#include "gui/generator_panel.h"
#include "gui/gui_options.h"
#include "gui/hum_set.h"
#include "gui/named_list.h"
#include "gui/plot_widget.h"
#include "gui/ts_panel.h"
#include "gui/worker.h"

namespace zb::gui {

// What the status bar shows, newest last.
struct StatusLine {
    enum class Kind { info, warning, error } kind = Kind::info;
    std::string text;
};

// The impedance plot: |Z| on a linear or a logarithmic axis, phase on the right.
PlotWidget impedance_plot(bool log_magnitude);

class App {
public:
    explicit App(GuiOptions options);

    // One UI frame: every panel, drawn into the whole viewport.
    void frame();
    // Starts a measurement ("impedance", "hum", "calibrate", "advise") or the
    // generator ("generate"); false if a job is running.
    bool start(const std::string& what);
    bool busy() const { return worker_.busy(); }
    // Results taken from the worker so far (for --run: did it finish, how).
    int finished_jobs() const { return finished_jobs_; }
    const std::optional<JobFailure>& last_failure() const { return last_failure_; }
    // The impedance plot as it stands (curves shown, the view) as SVG.
    Status export_plot_svg(const std::string& path);
    // The impedance plot (with the residual under it when shown) in screen
    // pixels, if the last frame drew it.
    std::optional<std::pair<ImVec2, ImVec2>> plot_rect() const;
    // The T/S panel's newest fit, or null.
    const app::TsJobResult* ts_result() const { return ts_panel_.result(); }
    // Runs a panel's own job (the calibration wizard); false if busy.
    bool start_job(const std::string& name, Worker::Job job);
    // Asks the running job to stop (the generator fades out).
    void cancel_job() { worker_.cancel(); }
    std::string running_job() const { return worker_.name(); }
    // The options the Setup panel holds now (its text fields applied).
    GuiOptions current_options();
    void status(StatusLine::Kind kind, std::string text);
    // Which tab to show (for --run screenshots): "impedance", "hum", ...
    void select_tab(const std::string& tab) { requested_tab_ = tab; }
    void select_wizard_step(calibration::Step step) { calibration_.select(step); }
    // Opens the Setup panel's Calibration profile drop-down (--check-layout).
    void open_profile_list() { open_profile_list_ = true; }
    // --check-layout: zbench-gui's own file dialog in each mode, then closed.
    void show_file_dialog(FileBrowser::Mode mode) {
        browser_use_ = BrowserUse::open;
        browser_.show(mode, "File dialog", {".zma", ".csv"}, mode == FileBrowser::Mode::save ? "curve.zma" : "", false);
    }
    void close_file_dialog() { browser_.close(); }
    // Sets the Setup panel's Device and Rig scenario fields.
    void set_device(const std::string& device, const std::string& scenario);
    // Files given on the command line or dropped on the window: curve files
    // (ZMA, TXT, CSV) become overlays, a WAV recording is re-analysed as
    // `zbench impedance --from-wav` does.
    void open_paths(const std::vector<std::string>& paths);

private:
    void poll_worker();
    void setup_panel();
    void device_fields();
    void device_combo(const char* label, const char* id, char* buf, std::size_t size, const char* first, const char* first_value,
                      bool (*fits)(const app::DeviceRow&));
    void profile_combo();
    void list_devices();
    void impedance_panel();
    void hum_panel();
    void profiles_panel();
    void status_bar(float height);
    void refusal_dialog();
    void export_impedance(const std::string& path);
    void file_dialogs();
    void curve_list();
    void ts_section();
    void update_fit_overlay();
    void impedance_plots(ImVec2 size);
    void on_new_impedance();
    void on_new_hum();

    GuiOptions options_;
    Worker worker_;
    int finished_jobs_ = 0;
    std::optional<JobFailure> last_failure_;
    std::optional<JobFailure> dialog_;  // a safety refusal waiting to be shown
    std::string requested_tab_;
    std::vector<StatusLine> status_;

    // Impedance: the newest result, and the named overlays (earlier runs and
    // opened files).
    std::shared_ptr<const app::ImpedanceResult> impedance_;
    std::string impedance_name_, impedance_file_;  // "run 3", or the WAV's name and path
    std::string pending_wav_;                      // the WAV being re-analysed
    int impedance_runs_ = 0;
    NamedCurve current_curve_;  // the newest result's curve under its name, for the T/S panel
    CurveSet overlays_;
    TsPanel ts_panel_;
    PlotWidget impedance_plot_, residual_plot_;
    bool log_magnitude_ = false, show_fit_ = true, show_residual_ = false, show_band_ = true;
    // The T/S fit over the curve it was fitted to (fit_overlay.h): the T/S
    // panel's newest, else the measurement's own; rebuilt each frame.
    const NamedCurve* fit_curve_ = nullptr;
    std::vector<double> fit_magnitude_ohm_, residual_pct_;
    std::vector<PlotMarker> fit_markers_;
    NamedListState overlay_rows_;
    // The file dialog and what its answer is for.
    FileBrowser browser_;
    RecentFiles recent_;
    enum class BrowserUse { open, export_zma, export_csv, export_json, export_wav, export_hum, scenario, profiles_dir } browser_use_ = BrowserUse::open;

    // Hum: the newest analysis, the earlier ones and opened reports, and the
    // comparison of two of them (by name; "" none).
    std::shared_ptr<const HumView> hum_;
    std::string hum_name_;
    int hum_runs_ = 0;
    HumSet hum_set_;
    NamedListState hum_rows_;
    std::string before_name_, after_name_;
    std::optional<HumComparison> hum_comparison_;
    void compare_hum_pair();
    void hum_comparison_table();
    PlotWidget hum_plot_;
    std::uint64_t hum_revision_ = 0;  // for the plot's curve cache
    // While recording: the live analyser's newest frame, as curves.
    std::shared_ptr<LiveHumView> hum_live_;
    std::uint64_t live_sequence_ = 0, live_generation_ = 0;
    std::optional<double> live_mains_hz_;
    std::vector<double> live_freq_hz_, live_level_dbfs_[2];
    bool live_curves(std::vector<PlotCurve>& curves, std::vector<PlotMarker>& markers);

    CalibrationPanel calibration_;
    GeneratorPanel generator_;
    AdvisePanel advise_;
    int stimulus_index_ = 0;  // 0 sweep, 1 stepped sine
    std::vector<std::string> profile_names_;
    std::string profile_selected_, profile_text_, profile_list_error_;
    bool profiles_loaded_ = false, open_profile_list_ = false;

    // Setup panel's text fields.
    char scenario_buf_[512] = {};
    char profile_buf_[128] = {};  // the chosen profile ("" none)
    char profiles_dir_buf_[512] = {};
    char device_buf_[128] = {};
    // Real interfaces: the API ("" = the first with devices), channels, rate
    // and buffer (0 = the device's default), and the devices last listed.
    int api_index_ = 0;
    std::vector<std::string> apis_;
    char in_channels_buf_[32] = "1,2";
    int out_channel_ = 1, sample_rate_hz_ = 0, buffer_frames_ = 0;
    char in_device_buf_[128] = {}, out_device_buf_[128] = {};  // empty: Device
    std::vector<app::DeviceRow> device_rows_;
    bool devices_listed_ = false;  // a listing has started (a drop-down starts one only once)
    double r_ref_edit_ = 0.0;  // 0: the rig's or the profile's
    double fmax_edit_ = 0.0;   // 0: the default, min(20 kHz, 0.45·fs)
    int output_index_ = 0;     // 0 default, 1 line, 2 headphone, 3 amplifier
};

}  // namespace zb::gui
