#include "safety/format_number.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace zb {

std::string format_number(double v) {
    if (!std::isfinite(v)) return v > 0 ? "inf" : (v < 0 ? "-inf" : "nan");
    const double a = std::abs(v);
    int decimals = 0;
    if (a > 0.0 && a < 100.0) decimals = std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {  // "10.0" -> "10", "2.50" -> "2.5"
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

}  // namespace zb
