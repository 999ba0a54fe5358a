// The hum job's result for people and for programs: the JSON report
// (hum/hum_report.h, plus the profile and the comparison) and the summary a
// terminal shows.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "app/hum_job.h"

namespace zb::app {

nlohmann::json hum_report_json(const HumResult& result, bool include_spectrum);
std::string hum_summary_text(const HumResult& result);

}  // namespace zb::app
