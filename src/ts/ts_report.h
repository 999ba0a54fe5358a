// The T/S results for people and for programs.
//
// JSON (object "ts"): the T/S symbols as keys, values in SI units (Ω, H, Hz,
// kg, m/N, T·m, kg/s, m³, m²), with "units" naming each key's unit,
// "uncertainty" the 1-σ standard uncertainty of each fitted or derived
// value (same keys and units), "model" the inductance model that was used
// ("lr2" or "wright"), "residual" the fit's RMS relative complex error, and
// "warnings". Values that the inputs cannot give (Vas without Sd, Mms
// without an added mass or a box) are null. Sub-objects: "fit",
// "three_point", "added_mass", "closed_box", "vented_box", "air".
//
// Text: a table in the units people use (g, mm/N, litres, mH, cm²).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "ts/ts_analysis.h"

namespace zb {

nlohmann::json ts_to_json(const TsResult& result);
std::string format_ts_table(const TsResult& result);

}  // namespace zb
