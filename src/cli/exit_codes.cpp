#include "cli/exit_codes.h"

#include <algorithm>
#include <cstdio>

#include "app/report_text.h"

namespace zb::cli {

std::string option_label(std::string_view setting) {
    // Arguments and options whose name is not the setting's.
    struct Alias {
        std::string_view setting, label;
    };
    static constexpr Alias kAliases[] = {
        {"free_air", "FREE"}, {"file", "FILE"}, {"sample_rate", "--sample-rate"}, {"ppo", "--ppo"}, {"re", "--re"},
        {"signal", "SIGNAL"}, {"signal_frequency", "--frequency"}, {"signal_level", "--level"}, {"signal_seconds", "--seconds"},
    };
    for (const auto& a : kAliases)
        if (a.setting == setting) return std::string(a.label);
    std::string out = "--" + std::string(setting);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

std::string cli_message(const app::AppError& e) { return cli_text(e.message); }

std::string cli_text(std::string_view text) { return app::render_message(text, option_label); }

std::string cli_report(nlohmann::json report) {
    app::render_report_texts(report, option_label);
    return report.dump(2) + "\n";
}

void print_warnings(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) std::fprintf(stderr, "zbench: warning: %s\n", cli_text(w).c_str());
}

void exit_with(const app::AppError& e) {
    print_warnings(e.warnings);
    if (e.kind == app::Failure::cancelled) throw ExitError{exit_code_for(e), "cancelled (Ctrl-C); no file was written"};
    throw ExitError{exit_code_for(e), cli_message(e)};
}

}  // namespace zb::cli
