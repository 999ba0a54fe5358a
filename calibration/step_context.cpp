#include "calibration/step_context.h"

#include <cctype>
#include <ctime>

namespace zb::calibration {

std::string utc_timestamp_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool is_utc_timestamp(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SSZ
    static constexpr std::string_view pattern = "dddd-dd-ddTdd:dd:ddZ";
    if (t.size() != pattern.size()) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (pattern[i] == 'd') {
            if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
        } else if (t[i] != pattern[i]) {
            return false;
        }
    }
    auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (t[i] - '0');
        return v;
    };
    const int month = num(5, 2), day = num(8, 2), hour = num(11, 2), minute = num(14, 2), second = num(17, 2);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

std::string read_utc_timestamp(JsonFields& f, std::string_view key) {
    std::string t = f.string(key, "");
    if (!f.failed() && !is_utc_timestamp(t))
        f.fail(key, "must be a UTC time such as \"2024-05-01T12:34:56Z\" (got " + quoted_for_message(t) + ")");
    return t;
}

}  // namespace zb::calibration
