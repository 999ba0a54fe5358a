// Tolerant reader for the numeric text tables that measurement tools exchange
// (.zma, .frd, .txt, .csv from REW, DATS, LIMP, WT Pro, VituixCAD, XSim).
//
// Accepts: an optional UTF-8 byte-order mark; LF, CRLF or CR line endings;
// comment lines starting with '*', '#', ';' or '//'; free-text header lines
// before the first numeric row (e.g. "Freq(Hz) Z(Ohms) Phase"); columns
// separated by tabs, spaces, commas or semicolons; decimal commas on lines
// whose columns are separated by ';' or tabs (and that hold no '.');
// scientific notation; blank lines anywhere. Rejects: UTF-16 and binary files, text after the data that
// is not a comment, non-finite numbers. Every error names the source and line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace zb {

struct TableRow {
    std::size_t line = 0;  // 1-based line number in the source
    std::vector<double> values;
};

struct TextTable {
    std::vector<std::string> comments;  // comment and header lines, as written
    std::vector<TableRow> rows;
};

// `source_name` names the file in error messages.
Result<TextTable> parse_text_table(std::string_view text, std::string_view source_name);

// Reads a whole file (up to max_bytes) as bytes.
Result<std::string> read_file_bytes(const std::string& path, std::size_t max_bytes = 64u << 20);

}  // namespace zb
