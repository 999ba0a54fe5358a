#include "cli/terminal.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace zb::cli {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

namespace {

std::atomic<bool>* g_cancel_flag = nullptr;

void on_interrupt(int) {
    if (g_cancel_flag) g_cancel_flag->store(true);
    std::signal(SIGINT, SIG_DFL);  // the next Ctrl-C ends the process
}

}  // namespace

InterruptCancels::InterruptCancels(const app::CancelToken& token) : token_(token) {
    g_cancel_flag = token_.flag();
    std::signal(SIGINT, on_interrupt);
}

InterruptCancels::~InterruptCancels() {
    std::signal(SIGINT, SIG_DFL);
    g_cancel_flag = nullptr;
}

Progress::Progress(bool enabled) : enabled_(enabled && stderr_is_terminal()) {}

Progress::~Progress() { finish(); }

void Progress::update(double fraction, std::string_view stage) {
    if (!enabled_) return;
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0 + 0.5);
    if (percent == last_percent_ && stage == last_stage_) return;
    last_percent_ = percent;
    last_stage_ = std::string(stage);
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    std::fprintf(stderr, "\r%-9.9s [%.*s%.*s] %3d%%", last_stage_.c_str(), filled, "##############################",
                 kWidth - filled, "                              ", percent);
    std::fflush(stderr);
    active_ = true;
}

void Progress::finish() {
    if (active_) std::fprintf(stderr, "\r%60s\r", "");
    active_ = false;
}

ProgressFn Progress::callback() {
    return [this](double fraction, std::string_view stage) { update(fraction, stage); };
}

}  // namespace zb::cli
