#include "io/zma.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "io/text_table.h"
#include "util/units.h"

namespace zb {

namespace {

struct RawRow {
    std::size_t line;
    double f, mag, phase;
};

bool mentions(const std::vector<std::string>& lines, std::string_view word) {
    for (const std::string& l : lines) {
        std::string lower(l);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

// See the header: radians when every |phase| ≤ π/2 and a header says so, or
// |Z| is steep enough to demand a large phase and the column follows the
// sign of (π/2)·d ln|Z|/d ln f.
bool looks_like_radians(const std::vector<RawRow>& rows, const std::vector<std::string>& comments) {
    constexpr double kHalfPi = 1.5707963267948966;
    for (const RawRow& r : rows)
        if (std::abs(r.phase) > kHalfPi + 0.02) return false;
    const bool says_rad = mentions(comments, "rad"), says_deg = mentions(comments, "deg");
    if (says_rad && !says_deg) return true;
    if (says_deg && !says_rad) return false;
    // On 1/24-octave bins (mean ln f, ln|Z| and phase), so that a dense
    // linear grid's point-to-point noise does not swamp the slope.
    struct Bin {
        double ln_f = 0.0, ln_z = 0.0, phase = 0.0;
        int n = 0;
        long key = 0;
    };
    std::vector<Bin> bins;
    for (const RawRow& r : rows) {
        if (!(r.mag > 0.0)) continue;
        const long key = static_cast<long>(std::floor(std::log2(r.f) * 24.0));
        if (bins.empty() || bins.back().key != key) bins.push_back({0.0, 0.0, 0.0, 0, key});
        Bin& b = bins.back();
        b.ln_f += std::log(r.f), b.ln_z += std::log(r.mag), b.phase += r.phase, ++b.n;
    }
    for (Bin& b : bins) b.ln_f /= b.n, b.ln_z /= b.n, b.phase /= b.n;
    double sps = 0.0, spp = 0.0, sss = 0.0;
    int steep = 0;
    for (std::size_t i = 1; i + 1 < bins.size(); ++i) {
        const double slope = kHalfPi * (bins[i + 1].ln_z - bins[i - 1].ln_z) / (bins[i + 1].ln_f - bins[i - 1].ln_f);
        if (!std::isfinite(slope)) continue;
        sps += bins[i].phase * slope;
        spp += bins[i].phase * bins[i].phase;
        sss += slope * slope;
        if (std::abs(slope) > 0.3) ++steep;
    }
    // |Z| moves steeply enough that its phase must reach tens of degrees
    // somewhere (a column within ±1.6 cannot be degrees), and the column
    // follows the slope's sign pattern (positive below a peak, negative above).
    if (steep < 3 || !(spp > 0.0) || !(sss > 0.0)) return false;
    return sps / std::sqrt(spp * sss) > 0.3;
}

}  // namespace

Result<ZmaFile> parse_zma_file(std::string_view text, std::string_view source, const ZmaReadOptions& options) {
    auto table = parse_text_table(text, source);
    if (!table) return table.error();
    if (table->rows.empty())
        return make_error(source, ": no data rows; expected lines of \"frequency |Z| phase\"");
    std::vector<RawRow> rows;
    for (const auto& row : table->rows) {
        if (row.values.size() < 3)
            return make_error(source, ": line ", row.line, ": expected 3 columns (frequency, |Z|, phase), found ",
                              row.values.size());
        const double f = row.values[0], mag = row.values[1];
        if (!(f > 0.0)) return make_error(source, ": line ", row.line, ": frequency ", f, " Hz must be positive");
        if (!(mag >= 0.0))
            return make_error(source, ": line ", row.line, ": |Z| ", mag, " ohm is negative; the second column must be the magnitude");
        // The first two rows set the direction; a descending file is read backwards.
        if (rows.size() >= 1) {
            const bool descending = rows.size() >= 2 ? rows[1].f < rows[0].f : f < rows[0].f;
            if (f == rows.back().f || (f < rows.back().f) != descending)
                return make_error(source, ": line ", row.line, ": frequency ", f, " Hz is ",
                                  f == rows.back().f ? "repeated" : descending ? "higher than the line before" : "lower than the line before",
                                  "; frequencies must run strictly one way, ascending or descending");
        }
        rows.push_back({row.line, f, mag, row.values[2]});
    }
    if (rows.size() >= 2 && rows[1].f < rows[0].f) std::reverse(rows.begin(), rows.end());
    ZmaFile out;
    if (options.phase_radians) {
        out.phase_radians = true;
    } else if (!options.phase_degrees && looks_like_radians(rows, table->comments)) {
        out.phase_radians = true;
        out.phase_detected = true;
    }
    for (const RawRow& r : rows) {
        const double phase_deg = out.phase_radians ? rad_to_deg(r.phase) : r.phase;
        if (std::abs(phase_deg) > 360.0)
            return make_error(source, ": line ", r.line, ": phase ", r.phase, out.phase_radians ? " rad" : " deg",
                              " is out of range", out.phase_radians ? "" : "; if the file holds radians, set the phase unit to radians");
        out.curve.frequency_hz.push_back(r.f);
        out.curve.magnitude_ohm.push_back(r.mag);
        out.curve.phase_deg.push_back(phase_deg);
    }
    if (out.curve.size() < 3) return make_error(source, ": only ", out.curve.size(), " data rows; need at least 3");
    return out;
}

Result<ZmaFile> load_zma_file(const std::string& path, const ZmaReadOptions& options) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    return parse_zma_file(*bytes, path, options);
}

Result<ImpedanceCurve> parse_zma(std::string_view text, std::string_view source, const ZmaReadOptions& options) {
    auto f = parse_zma_file(text, source, options);
    if (!f) return f.error();
    return std::move(f->curve);
}

Result<ImpedanceCurve> load_zma(const std::string& path, const ZmaReadOptions& options) {
    auto f = load_zma_file(path, options);
    if (!f) return f.error();
    return std::move(f->curve);
}

std::string zma_phase_note(const ZmaFile& file, std::string_view source) {
    if (!file.phase_detected) return {};
    return std::string(source) + ": phase read as radians (every |phase| is within pi/2 and it follows the slope of |Z| as radians do, "
                                 "or a header says so); set the phase unit to degrees if that is wrong";
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
    // Ascending, each frequency once (a curve built out of order is sorted).
    std::vector<std::size_t> order(curve.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return curve.frequency_hz[a] < curve.frequency_hz[b]; });
    bool first = true;
    double last_hz = 0.0;
    for (std::size_t i : order) {
        if (!first && !(curve.frequency_hz[i] > last_hz)) continue;
        first = false;
        last_hz = curve.frequency_hz[i];
        append_number(out, curve.frequency_hz[i], 6);
        out += separator;
        append_number(out, curve.magnitude_ohm[i], 6);
        out += separator;
        append_number(out, curve.phase_deg[i], 4);
        out += '\n';
    }
}

// Header text as ASCII: tabs become spaces, the degree sign "deg", Ω "ohm",
// µ "u", any other non-ASCII character '?', control characters dropped.
std::string ascii_header(const std::string& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(line[i]);
        if (c == '\t') out += ' ';
        else if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
        else if (c >= 0x80) {
            const std::string_view rest(line.data() + i, line.size() - i);
            std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
            len = std::min(len, rest.size());
            const std::string_view ch = rest.substr(0, len);
            if (ch == "\xC2\xB0") out += "deg";
            else if (ch == "\xCE\xA9" || ch == "\xE2\x84\xA6") out += "ohm";
            else if (ch == "\xC2\xB5" || ch == "\xCE\xBC") out += "u";
            else out += '?';
            i += len - 1;
        }
    }
    return out;
}

constexpr std::size_t kMaxZmaHeaderLines = 256;

}  // namespace

std::string format_zma(const ImpedanceCurve& curve, const std::vector<std::string>& header_lines) {
    std::string out;
    std::size_t written = 0;
    for (const auto& line : header_lines) {
        if (++written > kMaxZmaHeaderLines) break;
        out += "* " + ascii_header(line) + "\n";
    }
    append_rows(out, curve, ' ');
    return out;
}

std::string format_impedance_csv(const ImpedanceCurve& curve) {
    std::string out = "frequency_hz,magnitude_ohm,phase_deg\n";
    append_rows(out, curve, ',');
    return out;
}

}  // namespace zb
