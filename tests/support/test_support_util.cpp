#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "support/test_support.h"

extern char** environ;

namespace zbt {

std::string reference_file(const std::string& relative) {
    // $ZBENCH_REFERENCE_DATA, then ../shared/reference-data next to the
    // checkout, then the workplace's shared folder.
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("ZBENCH_REFERENCE_DATA")) dirs.emplace_back(env);
    dirs.emplace_back(ZBENCH_REFERENCE_DATA_DIR);
    dirs.emplace_back("/work/shared/reference-data");
    std::string path;
    for (const auto& dir : dirs) {
        path = dir + "/" + relative;
        if (std::filesystem::exists(path)) return path;
    }
    std::fprintf(stderr, "reference data missing: %s (set ZBENCH_REFERENCE_DATA); skipping\n", relative.c_str());
    std::fflush(stderr);
    std::_Exit(77);
}

std::string test_data(const std::string& relative) { return std::string(ZBENCH_TEST_DATA_DIR) + "/" + relative; }

std::string zbench_bin(const std::string& name) { return std::string(ZBENCH_BIN_DIR) + "/" + name; }

std::uint64_t test_seed() {
    static const std::uint64_t seed = [] {
        if (const char* env = std::getenv("ZBENCH_TEST_SEED")) return static_cast<std::uint64_t>(std::strtoull(env, nullptr, 10));
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }();
    return seed;
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text) {
    int out_pipe[2], err_pipe[2], in_pipe[2];
    if (pipe(out_pipe) || pipe(err_pipe) || pipe(in_pipe)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
        posix_spawn_file_actions_addclose(&actions, fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);
    if (!stdin_text.empty()) (void)!write(in_pipe[1], stdin_text.data(), stdin_text.size());
    close(in_pipe[1]);
    ProcessResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[4096];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            } else {
                (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base ? base : "/tmp") + "/zbench-test-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> TempDir::list() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
    return names;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

CurveError compare_curve(const zb::ImpedanceCurve& m, const std::function<std::complex<double>(double)>& model,
                         double f_lo, double f_hi) {
    CurveError e;
    for (std::size_t i = 0; i < m.size(); ++i) {
        const double f = m.frequency_hz[i];
        if (f < f_lo * 0.9999 || f > f_hi * 1.0001) continue;
        const std::complex<double> zt = model(f);
        const double mag = std::abs(m.magnitude_ohm[i] / std::abs(zt) - 1.0);
        const double ph = std::abs(std::remainder(m.phase_deg[i] - std::arg(zt) * 180.0 / M_PI, 360.0));
        if (mag > e.max_magnitude_rel) {
            e.max_magnitude_rel = mag;
            e.max_magnitude_at_hz = f;
        }
        if (ph > e.max_phase_deg) {
            e.max_phase_deg = ph;
            e.max_phase_at_hz = f;
        }
    }
    return e;
}

ProcessResult zbench(std::vector<std::string> args, const std::string& stdin_text) {
    args.insert(args.begin(), zbench_bin());
    return run_process(args, stdin_text);
}

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace zbt
