#include "util/json_fields.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace zb {

namespace {

std::string shown(const nlohmann::json& v) {
    // JSON-escaped (a string with a newline stays on one line), invalid UTF-8
    // replaced, and cut on a character boundary.
    std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (s.size() > 40) {
        std::size_t cut = 37;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s = s.substr(0, cut) + "...";
    }
    return s;
}

}  // namespace

std::string quoted_for_message(std::string_view text) { return shown(nlohmann::json(std::string(text))); }

JsonFields::JsonFields(const nlohmann::json& object, std::string source, std::string path)
    : obj_(object), source_(std::move(source)), path_(std::move(path)) {
    if (!obj_.is_object()) {
        failed_ = true;
        error_ = make_error(source_, ": ", path_.empty() ? std::string("top level") : path_,
                            ": must be a JSON object {...}");
    }
}

std::string JsonFields::field(std::string_view key) const {
    // A key from the file (an unknown one) may hold anything: one with a
    // control character or a non-ASCII byte is shown quoted and escaped, so
    // that the message stays on one line.
    const std::string shown_key = key_for_message(key);
    return path_.empty() ? shown_key : path_ + "." + shown_key;
}

void JsonFields::fail(std::string_view key, const std::string& problem) {
    if (failed_) return;
    failed_ = true;
    error_ = make_error(source_, ": ", field(key), ": ", problem);
}

void JsonFields::fail(const Error& error) {
    if (failed_) return;
    failed_ = true;
    error_ = error;
}

bool JsonFields::has(std::string_view key) const { return obj_.is_object() && obj_.contains(key); }

void JsonFields::require(std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys)
        if (!has(key)) fail(key, "missing");
}

bool JsonFields::is_null(std::string_view key) {
    seen_.emplace(key);
    return has(key) && obj_.at(std::string(key)).is_null();
}

double JsonFields::number(std::string_view key, double fallback, double min, double max) {
    seen_.emplace(key);
    if (!has(key)) return fallback;
    const auto& v = obj_.at(std::string(key));
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < min || v.get<double>() > max) {
        std::ostringstream why;
        why << "must be a number from " << min << " to " << max << " (got " << shown(v) << ")";
        fail(key, why.str());
        return fallback;
    }
    return v.get<double>();
}

std::optional<double> JsonFields::optional_number(std::string_view key, double min, double max) {
    if (!has(key)) {
        seen_.emplace(key);
        return std::nullopt;
    }
    return number(key, 0.0, min, max);
}

std::int64_t JsonFields::integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
    seen_.emplace(key);
    if (!has(key)) return fallback;
    const auto& v = obj_.at(std::string(key));
    const bool integral = v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                                    v.get<double>() == std::floor(v.get<double>()) &&
                                                    std::abs(v.get<double>()) < 9e15);
    if (!integral) {
        fail(key, "must be a whole number (got " + shown(v) + ")");
        return fallback;
    }
    const double d = v.get<double>();
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
        std::ostringstream why;
        why << "must be from " << min << " to " << max << " (got " << shown(v) << ")";
        fail(key, why.str());
        return fallback;
    }
    return static_cast<std::int64_t>(d);
}

bool JsonFields::boolean(std::string_view key, bool fallback) {
    seen_.emplace(key);
    if (!has(key)) return fallback;
    const auto& v = obj_.at(std::string(key));
    if (!v.is_boolean()) {
        fail(key, "must be true or false (got " + shown(v) + ")");
        return fallback;
    }
    return v.get<bool>();
}

std::string JsonFields::string(std::string_view key, std::string fallback, const std::vector<std::string>& allowed) {
    seen_.emplace(key);
    if (!has(key)) return fallback;
    const auto& v = obj_.at(std::string(key));
    if (!v.is_string()) {
        fail(key, "must be a string (got " + shown(v) + ")");
        return fallback;
    }
    auto s = v.get<std::string>();
    if (!allowed.empty()) {
        bool ok = false;
        for (const auto& a : allowed) ok = ok || a == s;
        if (!ok) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            fail(key, shown(v) + " is not one of: " + list);
            return fallback;
        }
    }
    return s;
}

std::vector<double> JsonFields::numbers(std::string_view key, std::vector<double> fallback, std::size_t count,
                                        double min, double max) {
    seen_.emplace(key);
    if (!has(key)) return fallback;
    const auto& v = obj_.at(std::string(key));
    std::ostringstream why;
    why << "must be " << count << " numbers from " << min << " to " << max << ", e.g. [0, 0] (got " << shown(v) << ")";
    std::vector<double> out;
    if (v.is_number()) {
        out.assign(count, v.get<double>());
    } else if (v.is_array() && v.size() == count) {
        for (const auto& e : v) {
            if (!e.is_number()) {
                fail(key, why.str());
                return fallback;
            }
            out.push_back(e.get<double>());
        }
    } else {
        fail(key, why.str());
        return fallback;
    }
    for (double d : out) {
        if (!std::isfinite(d) || d < min || d > max) {
            fail(key, why.str());
            return fallback;
        }
    }
    return out;
}

const nlohmann::json* JsonFields::array(std::string_view key) {
    seen_.emplace(key);
    if (!has(key)) return nullptr;
    const auto& v = obj_.at(std::string(key));
    if (!v.is_array()) {
        fail(key, "must be an array [...] (got " + shown(v) + ")");
        return nullptr;
    }
    return &v;
}

const nlohmann::json* JsonFields::object(std::string_view key) {
    seen_.emplace(key);
    if (!has(key)) return nullptr;
    const auto& v = obj_.at(std::string(key));
    if (!v.is_object()) {
        fail(key, "must be an object {...} (got " + shown(v) + ")");
        return nullptr;
    }
    return &v;
}

std::string key_for_message(std::string_view key) {
    const bool plain = std::all_of(key.begin(), key.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f;
    });
    return plain ? std::string(key) : quoted_for_message(key);
}

Status JsonFields::finish() {
    if (!failed_ && obj_.is_object()) {
        for (const auto& [key, value] : obj_.items()) {
            if (!seen_.contains(key)) {
                fail(key, "unknown key; check its spelling (docs/file-formats.md lists the keys this file takes)");
                break;
            }
        }
    }
    if (failed_) return error_;
    return {};
}

Result<nlohmann::json> parse_json_text(std::string_view text, std::string_view source) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        // parse_error ("[json.exception.parse_error.101] parse error at line L, column C: ...") and
        // out_of_range for numbers beyond double ("[json.exception.out_of_range.406] number overflow
        // parsing '1e400'"): keep the message after the "[json.exception...] " tag.
        std::string what = e.what();
        if (const auto tag = what.find("] "); what.starts_with("[json.exception") && tag != std::string::npos)
            what = what.substr(tag + 2);
        // "last read: '...'" quotes the bytes as they were: keep the message ASCII.
        for (char& c : what)
            if (static_cast<unsigned char>(c) >= 0x80) c = '?';
        return make_error(source, ": not valid JSON (", what, ")");
    }
}

}  // namespace zb
