#include "support/pulse_server.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/test_support.h"

namespace zbt {

namespace {

// The program's full path, or "" when it is not on PATH.
std::string find_program(const char* name) {
    auto r = run_process({"/bin/sh", "-c", std::string("command -v ") + name});
    while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
    return r.exit_code == 0 ? r.out : std::string();
}

}  // namespace

PulseServer::PulseServer(std::vector<std::pair<std::string, std::string>> sinks) {
    pactl_ = find_program("pactl");
    if (find_program("pulseaudio").empty() || pactl_.empty()) {
        std::fprintf(stderr, "pulseaudio or pactl not found: install pulseaudio and pulseaudio-utils (tools/setup.sh does); "
                             "skipping this PulseAudio test\n");
        std::fflush(stderr);
        std::_Exit(77);
    }
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp ? tmp : "/tmp") + "/zbench-pulse-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = buf.data();
    for (const char* sub : {"/home", "/run", "/run/pulse"}) std::filesystem::create_directories(dir_ + sub);
    std::vector<std::string> argv = {"env", "HOME=" + dir_ + "/home", "XDG_RUNTIME_DIR=" + dir_ + "/run",
                                     "PULSE_RUNTIME_PATH=" + dir_ + "/run/pulse", "pulseaudio", "--daemonize=no", "-n",
                                     "--system=false", "--disallow-exit", "--exit-idle-time=-1", "--use-pid-file=false",
                                     "--disable-shm=true", "-F", "/dev/null", "--log-target=stderr",
                                     "--load=module-native-protocol-unix auth-anonymous=1 socket=" + dir_ + "/native"};
    if (sinks.empty()) argv.push_back("--load=module-null-sink");
    for (const auto& [name, description] : sinks)
        argv.push_back("--load=module-null-sink sink_name=" + name + " sink_properties=device.description=" + description);
    setenv("PULSE_SERVER", ("unix:" + dir_ + "/native").c_str(), 1);
    server_ = std::make_unique<Child>(argv, dir_ + "/server.log");
    const auto start = std::chrono::steady_clock::now();
    while (pactl({"info"}).exit_code != 0) {
        if (!server_->running() || std::chrono::steady_clock::now() - start > std::chrono::seconds(20))
            throw std::runtime_error("the PulseAudio server did not start: " + log());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

PulseServer::~PulseServer() {
    server_.reset();
    unsetenv("PULSE_SERVER");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void PulseServer::kill_now() {
    server_->signal(SIGKILL);
    server_->wait(10.0);
}

ProcessResult PulseServer::pactl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {pactl_};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
}

std::string PulseServer::log() const { return server_ ? server_->log() : std::string(); }

}  // namespace zbt
