// .zma impedance files: '*' comment lines, then "freq |Z| phase" rows,
// ascending. This is what REW, DATS, LIMP, WT Pro, VituixCAD, XSim and zbench
// write; the reader also accepts files without a header, tab, space, comma or
// semicolon separators, decimal commas (with ';' or tab separators), CRLF
// endings, scientific notation, extra columns (ignored), and a plain CSV with
// a header row.
//
// Phase unit: degrees or radians, told by the caller or found from the file.
// Radians are taken when every |phase| ≤ π/2 (a passive impedance) and either
// a header line names radians ("rad", e.g. "Z_rad") or the values say so:
// |Z| changes steeply (Bode's estimate φ ≈ (π/2)·d ln|Z|/d ln f above 0.3
// rad on at least three 1/24-octave bins), so the phase must reach tens of
// degrees somewhere and a column within ±1.6 cannot be degrees; and the
// column follows that estimate's sign pattern (correlation above 0.3). A
// header line naming degrees, or a flat curve (a resistor), keeps degrees.
//
// Validation: at least three columns and at least three rows; frequencies
// positive and strictly ascending, or strictly descending (then read in
// reverse: the curve is always ascending); |Z| >= 0 (a measured zero is
// allowed); finite numbers. Errors name the file and line.
//
// Writing: ASCII only (header characters outside ASCII are replaced), columns
// separated by single spaces, frequencies strictly ascending, at most 256
// header lines: what the strictest readers (Speakerbench) accept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/impedance_curve.h"
#include "util/result.h"

namespace zb {

struct ZmaReadOptions {
    bool phase_radians = false;  // the phase is in radians (no detection)
    bool phase_degrees = false;  // the phase is in degrees (no detection)
};

struct ZmaFile {
    ImpedanceCurve curve;
    bool phase_radians = false;       // the phase column was read as radians
    bool phase_detected = false;      // ... and that was found from the file, not told
};

Result<ZmaFile> parse_zma_file(std::string_view text, std::string_view source_name, const ZmaReadOptions& options = {});
Result<ZmaFile> load_zma_file(const std::string& path, const ZmaReadOptions& options = {});
Result<ImpedanceCurve> parse_zma(std::string_view text, std::string_view source_name, const ZmaReadOptions& options = {});
Result<ImpedanceCurve> load_zma(const std::string& path, const ZmaReadOptions& options = {});

// One line for the user when the unit was detected: "<source>: phase read as
// radians (...); set the phase unit to degrees if that is wrong". Empty otherwise.
std::string zma_phase_note(const ZmaFile& file, std::string_view source_name);

// ZMA text: each header line prefixed with "* ", then "freq |Z| phase_deg"
// separated by spaces, with enough digits to round-trip a measurement,
// ASCII, dot decimal, LF, ascending (points out of order are sorted, a
// repeated frequency is written once).
std::string format_zma(const ImpedanceCurve& curve, const std::vector<std::string>& header_lines);

// CSV with a header row: frequency_hz,magnitude_ohm,phase_deg.
std::string format_impedance_csv(const ImpedanceCurve& curve);

}  // namespace zb
