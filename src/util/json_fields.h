// Reads the fields of one JSON object with validation, so that every parser of
// a user-edited file (scenarios, profiles) reports errors the same way:
//   "rig.json: input.noise_dbfs: must be a number from -300 to 0 (got "loud")"
// Getters record the first error and return the default; finish() also
// rejects keys nobody asked for, which catches typos such as "r_rev".
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace zb {

class JsonFields {
public:
    // `object` must outlive this reader. `path` is the dotted prefix ("" at top level).
    JsonFields(const nlohmann::json& object, std::string source, std::string path);

    bool has(std::string_view key) const;
    void require(std::initializer_list<std::string_view> keys);  // fails each one that is absent
    // Marks `key` as known; true when it is present and null (a field that
    // exists but has no value yet, e.g. a profile's effective R_ref).
    bool is_null(std::string_view key);
    double number(std::string_view key, double fallback, double min, double max);
    std::optional<double> optional_number(std::string_view key, double min, double max);
    std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max);
    bool boolean(std::string_view key, bool fallback);
    std::string string(std::string_view key, std::string fallback, const std::vector<std::string>& allowed = {});
    // Array of exactly `count` numbers, or a single number meaning "all the same".
    std::vector<double> numbers(std::string_view key, std::vector<double> fallback, std::size_t count, double min, double max);
    // Marks `key` as known and returns it if it is an array/object (nullptr otherwise, with an error if present).
    const nlohmann::json* array(std::string_view key);
    const nlohmann::json* object(std::string_view key);

    std::string field(std::string_view key) const;  // "path.key"
    void fail(std::string_view key, const std::string& problem);
    void fail(const Error& error);
    bool failed() const { return failed_; }
    const std::string& source() const { return source_; }

    Status finish();

private:
    const nlohmann::json& obj_;
    std::string source_, path_;
    std::set<std::string, std::less<>> seen_;
    Error error_;
    bool failed_ = false;
};

// A string from a file as an error message shows it: in quotes, JSON-escaped
// (one line, whatever it holds), at most about 40 characters.
std::string quoted_for_message(std::string_view text);
// A key from a file as a message shows it: as it is when it is printable
// ASCII, else quoted_for_message().
std::string key_for_message(std::string_view key);

// "rig.json: not valid JSON at line 3, column 7: ..." or the parsed value.
Result<nlohmann::json> parse_json_text(std::string_view text, std::string_view source);

}  // namespace zb
