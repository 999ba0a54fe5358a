// The measurements zbench-gui runs, each a plain function run on the worker
// thread (worker.h). They go through the same shared front-end code as the
// CLI (src/cli device/safety/profile options) and the same core calls, and
// return everything the panels show and export, rendered once.
//
// Errors: thrown as cli::ExitError{code, one line} (the CLI's codes); a
// safety refusal also fills `refusal` so the window can show it as a dialog.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "device/audio_device.h"
#include "gui/gui_options.h"
#include "hum/compare.h"
#include "hum/hum_analysis.h"
#include "hum/live_spectrum.h"
#include "measure/impedance_analysis.h"
#include "measure/impedance_summary.h"
#include "safety/refusal.h"

namespace zb::gui {

struct ImpedanceResult {
    ImpedanceAnalysis analysis;
    ImpedanceSummary summary;
    double r_ref_ohm = 0.0;
    std::string output_kind;
    std::string ts_text;           // the free-air T/S summary lines (ts/ts_report.h)
    nlohmann::json ts;             // the free-air T/S report (values, units, uncertainties)
    std::string zma, csv;          // exports, rendered by io/zma.h
    nlohmann::json report;         // the CLI's --json report
    std::string calibration;       // describe_corrections(), or empty
    std::vector<std::string> warnings;
};

struct HumResult {
    HumAnalysis analysis;
    // Inputs A and B's spectra in dBFS per bin (bins 1 to N/2), for the plot:
    // computed on the worker so the UI's frame stays short.
    std::vector<double> spectrum_hz, spectrum_dbfs[2];
    HumSnapshot snapshot;  // for "set as baseline"
    nlohmann::json report;
    std::vector<std::string> warnings;
};

// A measurement that did not finish: the one-line message and, for a safety
// refusal, which one (the dialog shows the message, which says the fix).
struct JobFailure {
    int exit_code = 1;
    std::string message;
    Refusal refusal = Refusal::none;
};

struct JobFailed {
    JobFailure failure;
};

// A gear-safety refusal (shown as a dialog), by refusal or by exit code.
bool is_refusal(const JobFailure& failure);
// The refusal behind one of the CLI's exit codes (none for the others, and
// for kExitRefused, which covers both the level and the voltage cap).
Refusal refusal_for_exit_code(int exit_code);

// The hum recording's live spectrum, shared by the job and the UI: the job
// creates the analyser once it knows the device's rate and pushes every
// block into it; the UI reads latest() once per frame (hum/live_spectrum.h
// documents the threading). The mutex guards the pointer only.
struct LiveHumView {
    std::mutex mutex;
    std::shared_ptr<LiveSpectrum> spectrum;
    std::shared_ptr<LiveSpectrum> get() {
        std::lock_guard lock(mutex);
        return spectrum;
    }
};

// Both throw JobFailed (never anything else reaches the caller).
ImpedanceResult run_impedance(const GuiOptions& options, const ProgressFn& progress);
HumResult run_hum(const GuiOptions& options, const ProgressFn& progress, LiveHumView& live);

}  // namespace zb::gui
