// The JSON report of an impedance measurement, shared by the CLI (--json)
// and the GUI's export. Keys carry their units; arrays are parallel.
#pragma once

#include <nlohmann/json.hpp>

#include "measure/impedance_analysis.h"
#include "measure/impedance_summary.h"

namespace zb {

struct ImpedanceReportContext {
    nlohmann::json device;    // where the data came from
    nlohmann::json settings;  // what was asked for
    nlohmann::json ts;        // free-air T/S (ts/ts_report.h), or null
};

nlohmann::json impedance_report(const ImpedanceAnalysis& analysis, const ImpedanceSummary& summary,
                                const ImpedanceReportContext& context);

}  // namespace zb
