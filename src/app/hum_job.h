// The hum job: record inputs A and B with the output silent (or read a WAV
// with any number of channels), find the mains hum, its harmonics, other
// tones, DC and the noise floor, say what it is, and compare with an earlier
// report when asked.
//
// A live recording (HumRequest::live) streams in 0.1 s blocks into a
// LiveSpectrum (hum/live_spectrum.h) that the front end reads while the job
// runs: `on_live` hands it over once the rate is known, `progress` follows
// every block. Cancelling stops a live recording within a block, and any
// other recording when it ends; the job then fails as cancelled.
// Threading: runs on the caller's thread; the hooks are called on it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/app_error.h"
#include "app/cancel_token.h"
#include "app/device_setup.h"
#include "app/profile_setup.h"
#include "hum/compare.h"
#include "hum/hum_analysis.h"
#include "hum/live_spectrum.h"

namespace zb::app {

struct HumRequest {
    DeviceRequest device;
    ProfileRequest profile;
    std::string from_wav;             // analyse this file instead of recording
    std::optional<double> seconds;    // to record (default 5), or to read (default: all)
    std::string channels;             // "A,B" (default), "A", "B", or a file's channel numbers
    bool track = false;               // follow the mains second by second
    std::optional<double> full_scale_volts;  // input sensitivity, peak volts at 0 dBFS
    std::string compare;              // an earlier report (JSON) to compare with
    bool live = false;                // stream into a LiveSpectrum while recording
};

struct HumHooks {
    ProgressFn progress;
    // The live spectrum and the names of its channels ("A", "B"), once known.
    std::function<void(const std::shared_ptr<LiveSpectrum>&, const std::vector<std::string>& names)> on_live;
};

struct HumResult {
    HumAnalysis analysis;
    HumAnalysisConfig config;
    nlohmann::json device;  // what recorded it (device description, or the file)
    std::optional<LoadedProfile> profile;
    std::vector<std::string> applied_corrections;  // "sensitivity" when the profile gave volts
    std::optional<HumComparison> comparison;
    std::vector<std::string> warnings;  // recording, profile (the analysis has its own)
};

void check_hum_request(const HumRequest& request);  // throws JobFailure
AppResult<HumResult> run_hum(const HumRequest& request, const HumHooks& hooks, const CancelToken& cancel = {});

// The live spectrum's configuration for a recording at `sample_rate_hz`.
LiveSpectrumConfig live_spectrum_config(double sample_rate_hz, std::size_t channels);

}  // namespace zb::app
