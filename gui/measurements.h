// What zbench-gui's panels show of a job of the application layer (src/app):
// the typed results, the hum spectrum prepared for the plot, and a failed
// job's error with its message in the GUI's words (setting_labels.h).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/hum_job.h"
#include "app/impedance_job.h"
#include "gui/gui_options.h"
#include "hum/compare.h"

namespace zb::gui {

struct HumView {
    app::HumResult result;
    // Inputs A and B's spectra in dBFS per bin (bins 1 to N/2), for the plot:
    // computed on the worker so the UI's frame stays short.
    std::vector<double> spectrum_hz, spectrum_dbfs[2];
    HumSnapshot snapshot;  // for "set as baseline"
};
HumView make_hum_view(app::HumResult&& result);

// A job that did not finish: the error and its message with each setting
// named by its control.
struct JobFailure {
    app::AppError error;
    std::string message;
};
JobFailure job_failure(const app::AppError& error);
// Thrown by a job run on the worker (worker.h catches it).
struct JobFailed {
    JobFailure failure;
};
// A gear-safety refusal (shown as a dialog).
bool is_refusal(const JobFailure& failure);

// The hum recording's live spectrum, shared by the job and the UI: the job
// hands it over once it knows the device's rate; the UI reads latest() once
// per frame (hum/live_spectrum.h documents the threading). The mutex guards
// the pointer only.
struct LiveHumView {
    std::mutex mutex;
    std::shared_ptr<LiveSpectrum> spectrum;
    std::shared_ptr<LiveSpectrum> get() {
        std::lock_guard lock(mutex);
        return spectrum;
    }
};

// The requests the Setup panel's settings make.
app::ImpedanceRequest impedance_request(const GuiOptions& options);
app::HumRequest hum_request(const GuiOptions& options);

}  // namespace zb::gui
