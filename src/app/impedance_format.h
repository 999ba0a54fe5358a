// The impedance job's result for people and for programs, written from the
// typed result at the edge: the JSON report (measure/impedance_report.h plus
// settings, T/S, safety and calibration), the summary lines a terminal
// shows, the curve file (ZMA or CSV) and the recording (a two-channel WAV
// whose comment lets the analysis be reproduced).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "app/impedance_job.h"
#include "io/wav.h"

namespace zb::app {

nlohmann::json impedance_settings_json(const ImpedanceResult& result);
nlohmann::json impedance_report_json(const ImpedanceResult& result);
std::string impedance_summary_text(const ImpedanceResult& result);
// The free-air T/S lines of the summary (indented like it).
std::string free_air_ts_text(const TsResult& ts);
// `program` names the writer in the ZMA header ("zbench", "zbench-gui").
std::string impedance_curve_text(const ImpedanceResult& result, bool csv, const std::string& program);
// Inputs A and B as measured, with the metadata; requires result.capture.
AudioFile impedance_recording(const ImpedanceResult& result);

}  // namespace zb::app
