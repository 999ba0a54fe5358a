#include "support/jack_server.h"

#include <fcntl.h>
#include <jack/jack.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace zbt {

namespace {

using Clock = std::chrono::steady_clock;

std::string find_in_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':'))
        if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return dir + "/" + name;
    return {};
}

void silent(const char*) {}

}  // namespace

Child::Child(const std::vector<std::string>& argv, const std::string& log_path) : log_path_(log_path) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);  // the parent died before prctl
        const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
}

Child::~Child() {
    if (!running()) return;
    signal(SIGTERM);
    if (wait(2.0) < 0) {
        signal(SIGKILL);
        wait(5.0);
    }
}

bool Child::running() {
    if (pid_ < 0 || status_ >= 0) return false;
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        return false;
    }
    return true;
}

int Child::wait(double timeout_s) {
    const auto start = Clock::now();
    while (running()) {
        if (std::chrono::duration<double>(Clock::now() - start).count() > timeout_s) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
}

void Child::signal(int sig) {
    if (pid_ > 0 && status_ < 0) kill(pid_, sig);
}

std::string Child::log() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

JackServer::JackServer(unsigned period_frames, unsigned sample_rate_hz)
    : period_frames_(period_frames), sample_rate_hz_(sample_rate_hz) {
    if (find_in_path("jackd").empty()) {
        std::fprintf(stderr, "jackd not found: install jackd2 (tools/setup.sh does); skipping this JACK test\n");
        std::fflush(stderr);
        std::_Exit(77);
    }
    static int count = 0;
    name_ = "zbtest-" + std::to_string(getpid()) + "-" + std::to_string(count++);
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp ? tmp : "/tmp") + "/zbench-jack-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = buf.data();
    setenv("JACK_DEFAULT_SERVER", name_.c_str(), 1);
    setenv("JACK_NO_START_SERVER", "1", 1);
    setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
    jack_set_error_function(&silent);
    jack_set_info_function(&silent);
    start();
}

void JackServer::start() {
    server_ = new Child({"jackd", "-S", "--no-realtime", "-d", "dummy", "-r", std::to_string(sample_rate_hz_), "-p",
                         std::to_string(period_frames_)},
                        dir_ + "/jackd.log");
    // jackd takes a few hundred milliseconds (more on a loaded machine).
    const auto begin = Clock::now();
    for (;;) {
        jack_status_t status{};
        jack_client_t* c = jack_client_open("zbtest-probe", JackNoStartServer, &status);
        if (c) {
            jack_client_close(c);
            return;
        }
        if (!server_->running() || std::chrono::duration<double>(Clock::now() - begin).count() > 20.0)
            throw std::runtime_error("jackd did not start: " + log());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

JackServer::~JackServer() {
    delete server_;
    server_ = nullptr;
    cleanup_files();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void JackServer::kill_now() {
    server_->signal(SIGKILL);
    server_->wait(10.0);
}

void JackServer::restart() {
    delete server_;
    server_ = nullptr;
    cleanup_files();
    start();
}

void JackServer::cleanup_files() const {
    // Semaphores and sockets a killed server leaves in /dev/shm carry its name.
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/dev/shm", ec)) {
        const std::string f = e.path().filename().string();
        if (f.find("_" + name_ + "_") != std::string::npos) std::filesystem::remove(e.path(), ec);
    }
}

bool JackServer::has_client_port(const std::string& port) const {
    jack_status_t status{};
    jack_client_t* c = jack_client_open("zbtest-probe", JackNoStartServer, &status);
    if (!c) return false;
    const bool found = jack_port_by_name(c, port.c_str()) != nullptr;
    jack_client_close(c);
    return found;
}

bool JackServer::wait_for_port(const std::string& port, double timeout_s) const {
    const auto begin = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - begin).count() < timeout_s) {
        if (has_client_port(port)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

bool JackServer::wait_for_rig(Child& rig, double timeout_s) const {
    const auto begin = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - begin).count() < timeout_s && rig.running()) {
        if (rig.log().find(" as JACK client '") != std::string::npos && has_client_port("zbench-rig:b")) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

std::string JackServer::log() const { return server_ ? server_->log() : std::string(); }

MonoJackClient::MonoJackClient(const std::string& name) {
    jack_status_t status{};
    auto* c = jack_client_open(name.c_str(), JackNoStartServer, &status);
    if (!c) throw std::runtime_error("cannot open JACK client " + name);
    jack_port_register(c, "mono", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    jack_port_register(c, "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    jack_activate(c);
    client_ = c;
}

MonoJackClient::~MonoJackClient() {
    if (client_) {
        jack_deactivate(static_cast<jack_client_t*>(client_));
        jack_client_close(static_cast<jack_client_t*>(client_));
    }
}

}  // namespace zbt
