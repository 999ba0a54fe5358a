// printf into a std::string, for the text that reports and messages build
// (at most 1023 characters per call).
#pragma once

#include <string>

namespace zb {

[[gnu::format(printf, 1, 2)]] std::string printf_string(const char* format, ...);
// The same, appended to the end of `out`.
[[gnu::format(printf, 2, 3)]] void appendf(std::string& out, const char* format, ...);

}  // namespace zb
