// The hum job's result for people and for programs: the JSON report
// (hum/hum_report.h, plus the profile and the comparison) and the summary a
// terminal shows; and such a report read back as a typed struct, for a front
// end that shows or compares it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "app/hum_job.h"

namespace zb::app {

nlohmann::json hum_report_json(const HumResult& result, bool include_spectrum);
std::string hum_summary_text(const HumResult& result);

// One input's spectrum from a report written with the spectrum (48 bands per
// octave: the peak bin of each band), in dBFS per bin.
struct HumReportSpectrum {
    std::string channel;  // "A", "B"
    std::vector<double> frequency_hz, level_dbfs;
};

struct HumReport {
    std::string path;
    HumSnapshot snapshot;  // mains, each input's hum, harmonics and floor (hum/compare.h)
    std::vector<HumReportSpectrum> spectra;  // empty when the report was written without it
};

// Reads a report that `zbench hum --json` (or the GUI) wrote; a missing,
// unreadable or malformed file is a bad_file error naming the file and field.
AppResult<HumReport> load_hum_report(const std::string& path);

}  // namespace zb::app
