#include "io/text_table.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace zb {

namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool is_comment(std::string_view s) {
    return s.starts_with('*') || s.starts_with('#') || s.starts_with(';') || s.starts_with("//");
}

// Parses a line into numbers. Returns false if any field is not a number.
// A field that parses as a number but is not finite sets `non_finite`.
// Decimal commas (ARTA, LIMP and spreadsheets in much of Europe write
// "10,000000;7,701948;32,7360"): a line whose columns are separated by ';'
// or tabs, with commas and no '.', has commas for decimal points.
bool parse_numbers(std::string_view s, std::vector<double>& out, bool& non_finite) {
    out.clear();
    non_finite = false;
    const bool decimal_comma = (s.find(';') != std::string_view::npos || s.find('\t') != std::string_view::npos) &&
                               s.find(',') != std::string_view::npos && s.find('.') == std::string_view::npos;
    auto separates = [&](char c) { return decimal_comma ? (c == ' ' || c == '\t' || c == ';') : is_separator(c); };
    std::string dotted;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && separates(s[i])) ++i;
        if (i >= s.size()) break;
        std::size_t j = i;
        while (j < s.size() && !separates(s[j])) ++j;
        std::string_view field = s.substr(i, j - i);
        if (decimal_comma) {
            dotted.assign(field);
            for (char& c : dotted)
                if (c == ',') c = '.';
            field = dotted;
        }
        if (!field.empty() && field.front() == '+') field.remove_prefix(1);
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
        if (ec == std::errc::result_out_of_range) {
            non_finite = true;
        } else if (ec != std::errc() || ptr != field.data() + field.size()) {
            return false;
        } else if (!std::isfinite(v)) {
            non_finite = true;
        }
        out.push_back(v);
        i = j;
    }
    return !out.empty();
}

}  // namespace

Result<TextTable> parse_text_table(std::string_view text, std::string_view source) {
    if (text.size() >= 2 && ((static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) ||
                             (static_cast<unsigned char>(text[0]) == 0xFE && static_cast<unsigned char>(text[1]) == 0xFF)))
        return make_error(source, ": file is UTF-16 text; save it as ASCII or UTF-8 and try again");
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos)
        return make_error(source, ": file contains NUL bytes (binary or UTF-16 data); expected a text table");

    TextTable table;
    std::vector<double> numbers;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    bool in_data = false;
    while (pos <= text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(pos, end - pos));
        ++line_no;
        if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
        pos = end + 1;

        if (line.empty()) continue;
        if (is_comment(line)) {
            table.comments.emplace_back(line);
            continue;
        }
        bool non_finite = false;
        if (parse_numbers(line, numbers, non_finite)) {
            if (non_finite)
                return make_error(source, ": line ", line_no, ": number out of range or not finite; fix or remove the line");
            table.rows.push_back({line_no, numbers});
            in_data = true;
            continue;
        }
        for (unsigned char c : line)
            if (c < 0x09 || (c > 0x0D && c < 0x20))
                return make_error(source, ": line ", line_no, ": binary data; expected a text table");
        if (in_data)
            return make_error(source, ": line ", line_no, ": expected numbers, found \"",
                              std::string(line.substr(0, 40)), "\"; remove the line or mark it as a comment with '*'");
        table.comments.emplace_back(line);  // a free-text header line
    }
    return table;
}

Result<std::string> read_file_bytes(const std::string& path, std::size_t max_bytes) {
    // A directory, FIFO or device would read as an error, block forever, or
    // never end (/dev/zero): only regular files are read.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        return make_error(path, ": not a regular file", std::filesystem::is_directory(status) ? " (a directory)" : "",
                          "; give the path of a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path, ": cannot open file (", std::strerror(errno), ")");
    std::string bytes;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        bytes.append(buf, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > max_bytes) return make_error(path, ": file is larger than ", max_bytes >> 20, " MB; is it the right file?");
    }
    if (in.bad()) return make_error(path, ": read error");
    return bytes;
}

}  // namespace zb
