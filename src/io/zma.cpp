#include "io/zma.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "io/text_table.h"
#include "util/units.h"

namespace zb {

Result<ImpedanceCurve> parse_zma(std::string_view text, std::string_view source, const ZmaReadOptions& options) {
    auto table = parse_text_table(text, source);
    if (!table) return table.error();
    if (table->rows.empty())
        return make_error(source, ": no data rows; expected lines of \"frequency |Z| phase\"");
    ImpedanceCurve curve;
    for (const auto& row : table->rows) {
        if (row.values.size() < 3)
            return make_error(source, ": line ", row.line, ": expected 3 columns (frequency, |Z|, phase), found ",
                              row.values.size());
        const double f = row.values[0], mag = row.values[1], phase = row.values[2];
        if (!(f > 0.0)) return make_error(source, ": line ", row.line, ": frequency ", f, " Hz must be positive");
        if (!(mag >= 0.0))
            return make_error(source, ": line ", row.line, ": |Z| ", mag, " ohm is negative; the second column must be the magnitude");
        if (!curve.empty() && f <= curve.frequency_hz.back())
            return make_error(source, ": line ", row.line, ": frequency ", f, " Hz is ",
                              f == curve.frequency_hz.back() ? "repeated" : "lower than the line before",
                              "; frequencies must be strictly ascending");
        const double phase_deg = options.phase_radians ? rad_to_deg(phase) : phase;
        if (std::abs(phase_deg) > 360.0)
            return make_error(source, ": line ", row.line, ": phase ", phase, options.phase_radians ? " rad" : " deg",
                              " is out of range", options.phase_radians ? "" : "; if the file holds radians, pass --phase-radians");
        curve.frequency_hz.push_back(f);
        curve.magnitude_ohm.push_back(mag);
        curve.phase_deg.push_back(phase_deg);
    }
    if (curve.size() < 3) return make_error(source, ": only ", curve.size(), " data rows; need at least 3");
    return curve;
}

Result<ImpedanceCurve> load_zma(const std::string& path, const ZmaReadOptions& options) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    return parse_zma(*bytes, path, options);
}

namespace {

// Fixed-point with `decimals` places, as REW and DATS write, where that
// keeps at least 7 significant digits and the line short; otherwise %.9g
// (exponent notation, which every reader accepts). So no value is ever
// written as 0 or cut short: a 1e-7 Hz point stays positive and ascending,
// an open circuit's 1e15 ohm stays one short field.
// std::to_chars gives the same characters as printf's "%.*f" and "%.9g" (both
// round the exact binary value correctly), about ten times faster.
void append_number(std::string& out, double v, int decimals) {
    char buf[48];
    const double m = std::abs(v);
    std::to_chars_result r;
    if (std::isfinite(v) && (m == 0.0 || (m >= 0.1 && m < 1e12)))
        r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    else if (std::isfinite(v))
        r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 9);
    else
        r = {buf + std::snprintf(buf, sizeof buf, "%.9g", v), std::errc{}};
    out.append(buf, r.ptr);
}

void append_rows(std::string& out, const ImpedanceCurve& curve, char separator) {
    for (std::size_t i = 0; i < curve.size(); ++i) {
        append_number(out, curve.frequency_hz[i], 6);
        out += separator;
        append_number(out, curve.magnitude_ohm[i], 6);
        out += separator;
        append_number(out, curve.phase_deg[i], 4);
        out += '\n';
    }
}

}  // namespace

std::string format_zma(const ImpedanceCurve& curve, const std::vector<std::string>& header_lines) {
    std::string out;
    for (const auto& line : header_lines) out += "* " + line + "\n";
    append_rows(out, curve, '\t');
    return out;
}

std::string format_impedance_csv(const ImpedanceCurve& curve) {
    std::string out = "frequency_hz,magnitude_ohm,phase_deg\n";
    append_rows(out, curve, ',');
    return out;
}

}  // namespace zb
