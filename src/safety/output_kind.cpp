#include "safety/output_kind.h"

#include <cmath>

namespace zb {

std::string_view output_kind_name(OutputKind kind) {
    switch (kind) {
        case OutputKind::line: return "line";
        case OutputKind::headphone: return "headphone";
        case OutputKind::amplifier: return "amplifier";
    }
    return "line";
}

std::optional<OutputKind> parse_output_kind(std::string_view name) {
    for (OutputKind k : {OutputKind::line, OutputKind::headphone, OutputKind::amplifier})
        if (output_kind_name(k) == name) return k;
    return std::nullopt;
}

std::string_view output_kind_label(OutputKind kind) {
    switch (kind) {
        case OutputKind::line: return "line output";
        case OutputKind::headphone: return "headphone output";
        case OutputKind::amplifier: return "power amplifier";
    }
    return "line output";
}

double minimum_load_ohm(OutputKind kind) {
    switch (kind) {
        case OutputKind::line: return 600.0;
        case OutputKind::headphone: return 32.0;
        case OutputKind::amplifier: return 2.0;
    }
    return 600.0;
}

double recommended_r_ref_ohm(OutputKind kind) {
    const double needed = 1.5 * minimum_load_ohm(kind);
    for (double decade = 1.0;; decade *= 10.0)
        for (double m : {1.0, 2.2, 4.7})
            if (m * decade >= needed * (1.0 - 1e-9)) return m * decade;
}

}  // namespace zb
