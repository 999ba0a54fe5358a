// .zma impedance files: '*' comment lines, then "freq |Z| phase" rows,
// ascending. This is what REW, DATS, LIMP, WT Pro, VituixCAD, XSim and zbench
// write; the reader also accepts files without a header, tab, space, comma or
// semicolon separators, CRLF endings, scientific notation, extra columns
// (ignored), and a plain CSV with a header row. Phase is in degrees unless
// the caller says radians (some tools write radians, e.g. the LS10-44 files in
// the reference data).
//
// Validation: at least three columns and at least three rows; frequencies
// positive and strictly ascending; |Z| >= 0 (a measured zero is allowed);
// finite numbers. Errors name the file and line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/impedance_curve.h"
#include "util/result.h"

namespace zb {

struct ZmaReadOptions {
    bool phase_radians = false;
};

Result<ImpedanceCurve> parse_zma(std::string_view text, std::string_view source_name, const ZmaReadOptions& options = {});
Result<ImpedanceCurve> load_zma(const std::string& path, const ZmaReadOptions& options = {});

// ZMA text: each header line prefixed with "* ", then "freq |Z| phase_deg"
// with enough digits to round-trip a measurement, ASCII, dot decimal, LF.
std::string format_zma(const ImpedanceCurve& curve, const std::vector<std::string>& header_lines);

// CSV with a header row: frequency_hz,magnitude_ohm,phase_deg.
std::string format_impedance_csv(const ImpedanceCurve& curve);

}  // namespace zb
