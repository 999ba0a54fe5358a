// The T/S and advise jobs' results for people and for programs. The T/S
// values themselves are formatted by ts/ts_report.h; this adds what was
// asked for (the input files and settings).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "app/advise_job.h"
#include "app/ts_job.h"

namespace zb::app {

nlohmann::json ts_report_json(const TsJobResult& result);
std::string ts_text(const TsJobResult& result);
// A Speakerbench datasheet (ts/sbd_export.h) of the fitted driver, named
// after the free-air file, dated `date_ddmmyyyy`.
Result<std::string> ts_sbd_text(const TsJobResult& result, const std::string& date_ddmmyyyy);

nlohmann::json advise_report_json(const AdviseResult& result);
std::string advise_text(const AdviseResult& result);

}  // namespace zb::app
