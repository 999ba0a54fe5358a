#include "cli/unknown_option.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace zb::cli {

namespace {

// Levenshtein distance: insertions, deletions and substitutions.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> words(const std::string& name) {
    std::vector<std::string> out;
    std::istringstream in(name);
    for (std::string w; std::getline(in, w, '-');)
        if (!w.empty()) out.push_back(w);
    return out;
}

// The option a mistyped `name` most likely meant: every word of it in the
// candidate ("max-volts" in "max-dut-volts"), else the nearest within a third
// of its length.
std::optional<std::string> nearest(const std::string& name, const std::vector<std::string>& candidates) {
    const std::vector<std::string> typed = words(name);
    for (const auto& c : candidates) {
        const std::vector<std::string> have = words(c);
        if (!typed.empty() && std::all_of(typed.begin(), typed.end(), [&](const std::string& w) {
                return std::find(have.begin(), have.end(), w) != have.end();
            }))
            return c;
    }
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const auto& c : candidates)
        if (const std::size_t d = edit_distance(name, c); d < best_distance) best_distance = d, best = c;
    return best;
}

}  // namespace

std::optional<std::string> unknown_option_message(CLI::App& app, int argc, char** argv) {
    // The subcommand chain the arguments choose ("calibrate", "loopback").
    CLI::App* current = &app;
    std::string path;
    std::vector<std::string> known = {"help", "version"};
    auto add_options = [&](const CLI::App* a) {
        for (const CLI::Option* o : a->get_options())
            for (const auto& n : o->get_lnames()) known.push_back(n);
    };
    add_options(current);
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
            const std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
            if (std::find(known.begin(), known.end(), name) != known.end()) continue;
            std::vector<std::string> candidates;
            for (const CLI::Option* o : current->get_options())
                for (const auto& n : o->get_lnames()) candidates.push_back(n);
            const auto guess = nearest(name, candidates);
            return (path.empty() ? std::string() : path + ": ") + "unknown option --" + name + (guess ? "; did you mean --" + *guess + "?" : "") +
                   " (see zbench" + (path.empty() ? "" : " " + path) + " --help)";
        }
        if (arg.empty() || arg[0] == '-') continue;
        for (CLI::App* sub : current->get_subcommands([](CLI::App*) { return true; })) {
            if (sub->get_name() != arg) continue;
            current = sub;
            path += (path.empty() ? "" : " ") + arg;
            add_options(current);
            break;
        }
    }
    return std::nullopt;
}

}  // namespace zb::cli
