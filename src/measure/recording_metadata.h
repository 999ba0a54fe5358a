// What zbench records alongside a saved recording, as JSON in the WAV's
// comment string: the stimulus, R_ref and the output kind. With it,
// --from-wav reproduces the live analysis exactly; without it (a recording
// made by another tool), the analysis detects the band from the data and
// needs --r-ref.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "dsp/sweep.h"
#include "util/result.h"

namespace zb {

struct RecordingMetadata {
    SweepConfig sweep;
    double r_ref_ohm = 0.0;
    std::string output_kind;
};

std::string format_recording_metadata(const RecordingMetadata& metadata);
// nullopt if `comment` is not zbench metadata; an error if it is but is malformed.
Result<std::optional<RecordingMetadata>> parse_recording_metadata(const std::string& comment, const std::string& source);

nlohmann::json sweep_to_json(const SweepConfig& sweep);

}  // namespace zb
