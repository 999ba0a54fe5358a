// Result<T>: a value or a one-line error, in the spirit of std::expected
// (C++23), which C++20 lacks. Core functions return it instead of throwing, so
// that errors never cross the audio thread and every front end can print the
// same message. Error messages follow the project rule: one line that names
// the file, field or device, says what is wrong and what to do.
#pragma once

#include <cassert>
#include <sstream>
#include <string>
#include <utility>
#include <variant>

namespace zb {

// What failed, so that front ends can tell a lost or failing audio device
// (which the user fixes at the interface or its server) from everything else.
enum class ErrorKind { general, device };

// `setting`: the setting at fault ("fmax"), when the error is about one; the
// message then names it as a placeholder, "{fmax}", which each front end
// renders in its own words (app/app_error.h).
struct Error {
    Error() = default;
    explicit Error(std::string message_, ErrorKind kind_ = ErrorKind::general, std::string setting_ = {})
        : message(std::move(message_)), kind(kind_), setting(std::move(setting_)) {}
    std::string message;
    ErrorKind kind = ErrorKind::general;
    std::string setting;
};

// Builds an Error from any streamable pieces: make_error("file ", path, ": ...").
template <class... Parts>
Error make_error(const Parts&... parts) {
    std::ostringstream out;
    (out << ... << parts);
    return Error{out.str()};
}

// An error about one setting: make_setting_error("fmax", "{fmax} ", f, " Hz ...").
template <class... Parts>
Error make_setting_error(const char* setting, const Parts&... parts) {
    Error e = make_error(parts...);
    e.setting = setting;
    return e;
}

// The same for an audio device that is missing, lost or failing.
template <class... Parts>
Error make_device_error(const Parts&... parts) {
    Error e = make_error(parts...);
    e.kind = ErrorKind::device;
    return e;
}

// E is the error type: Error in the core; the application layer's jobs use
// a richer one (app/app_error.h) that also names the setting at fault.
template <class T, class E = Error>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(E error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const { assert(!ok()); return std::get<1>(v_); }
    const std::string& message() const { return error().message; }

private:
    std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
public:
    Result() = default;
    Result(E error) : error_(std::move(error)), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const E& error() const { assert(failed_); return error_; }
    const std::string& message() const { return error().message; }

private:
    E error_;
    bool failed_ = false;
};

using Status = Result<void>;

}  // namespace zb
