#include "app/app_error.h"

namespace zb::app {

void fail(Failure kind, std::string setting, std::string message) {
    throw JobFailure{AppError{kind, std::move(setting), std::move(message)}};
}

void fail_with(const Error& error, Failure kind) {
    fail(error.kind == ErrorKind::device ? Failure::device : kind, error.setting, error.message);
}

std::string render_message(std::string_view message, const LabelFn& label) {
    std::string out;
    out.reserve(message.size() + 16);
    for (std::size_t i = 0; i < message.size();) {
        const std::size_t open = message.find('{', i);
        if (open == std::string_view::npos) {
            out.append(message.substr(i));
            break;
        }
        const std::size_t close = message.find('}', open + 1);
        // A placeholder is a bare identifier; any other braces are text.
        bool ident = close != std::string_view::npos && close > open + 1;
        for (std::size_t k = open + 1; ident && k < close; ++k) {
            const char c = message[k];
            ident = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
        out.append(message.substr(i, open - i));
        if (ident) {
            out += label(message.substr(open + 1, close - open - 1));
            i = close + 1;
        } else {
            out += '{';
            i = open + 1;
        }
    }
    return out;
}

}  // namespace zb::app
