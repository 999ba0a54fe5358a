// The advise job: what is connected (speaker, headphones, line input, open,
// short) and how to connect it, from a curve file or measured through the
// device. Measuring, "open" and "short" are answers rather than refusals,
// but a load below the output's minimum is still refused.
#pragma once

#include <optional>
#include <string>

#include "app/impedance_job.h"
#include "safety/advisor.h"

namespace zb::app {

struct AdviseRequest {
    std::string file;  // a curve file; empty: measure
    bool phase_radians = false;
    ImpedanceRequest measure;  // used when `file` is empty
    bool device_given = false; // device settings were given (a conflict with `file`)
};

// The measurement settings advise uses by default: a 2 s sweep, 20 Hz up, 24 points per octave.
ImpedanceRequest default_advise_measurement();

struct AdviseResult {
    Advice advice;
    nlohmann::json source;                // {"kind": "file"|"device", ...}
    std::optional<ImpedanceResult> measurement;
};

AppResult<AdviseResult> run_advise(const AdviseRequest& request, const ProgressFn& progress, const CancelToken& cancel = {});

}  // namespace zb::app
