#include "util/printf_string.h"

#include <cstdarg>
#include <cstdio>

namespace zb {

namespace {

std::string vprintf_string(const char* format, va_list args) {
    char buffer[1024];
    std::vsnprintf(buffer, sizeof buffer, format, args);
    return buffer;
}

}  // namespace

std::string printf_string(const char* format, ...) {
    va_list args;
    va_start(args, format);
    std::string out = vprintf_string(format, args);
    va_end(args);
    return out;
}

void appendf(std::string& out, const char* format, ...) {
    va_list args;
    va_start(args, format);
    out += vprintf_string(format, args);
    va_end(args);
}

}  // namespace zb
