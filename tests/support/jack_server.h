// A private JACK server for the tests that go through a real audio server,
// and child processes (zbench-rig, zbench) that the tests start and stop.
//
// JackServer runs `jackd -S --no-realtime -d dummy -r RATE -p PERIOD` under
// a server name of its own ("zbtest-<pid>-<n>", exported as
// JACK_DEFAULT_SERVER so that RtAudio, zbench and zbench-rig all use it),
// waits until a client can connect (jackd needs a few hundred ms), and stops
// it in its destructor, whatever happened in the test. The server and every
// Child get PR_SET_PDEATHSIG, so they die with the test process even if it
// crashes or ctest kills it on a timeout.
//
// Synchronous mode (-S): on this kind of shared VM even a SCHED_FIFO thread
// wakes up more than 5 ms late about once a second, and the dummy driver
// reports each late cycle as an xrun. In synchronous mode the server waits for
// every client before the next cycle, so a late cycle is late, never lossy;
// in the default asynchronous mode a late client's buffers are read
// unfinished. Tests that measure pass --ignore-server-xruns accordingly, and
// check that zbench's own buffers never over/underran.
//
// If jackd is not installed the test process exits with 77 (ctest: skipped)
// after saying so.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace zbt {

class Child {
public:
    // Starts argv with stdout and stderr appended to log_path.
    Child(const std::vector<std::string>& argv, const std::string& log_path);
    ~Child();  // SIGTERM, then SIGKILL after 2 s
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    pid_t pid() const { return pid_; }
    bool running();
    // Waits up to timeout_s; returns the exit code (128 + signal), or -1 on timeout.
    int wait(double timeout_s);
    void signal(int sig);
    std::string log() const;

private:
    pid_t pid_ = -1;
    int status_ = -1;
    std::string log_path_;
};

class JackServer {
public:
    explicit JackServer(unsigned period_frames = 256, unsigned sample_rate_hz = 48000);
    ~JackServer();
    const std::string& name() const { return name_; }
    pid_t pid() const { return server_ ? server_->pid() : -1; }
    // SIGKILL, as if the server crashed; returns when it is gone.
    void kill_now();
    // Starts it again (same name), e.g. after kill_now(), so that it reclaims
    // the dead server's shared memory.
    void restart();
    // Waits until a port of this name exists; false after timeout_s.
    bool wait_for_port(const std::string& port, double timeout_s) const;
    bool has_client_port(const std::string& port) const;
    // Waits until zbench-rig (started without -q) is active on this server:
    // its port "zbench-rig:b" exists and it has printed its start-up line,
    // which it does only after jack_activate succeeded. A registered port
    // alone is not enough: the rig registers its ports before activating,
    // and exits if the server refuses the activation. False after
    // timeout_s, or at once if the rig exits.
    bool wait_for_rig(Child& rig, double timeout_s) const;
    std::string log() const;
    const std::string& log_dir() const { return dir_; }

private:
    void start();
    void cleanup_files() const;
    unsigned period_frames_, sample_rate_hz_;
    std::string name_, dir_;
    Child* server_ = nullptr;
};

// A JACK client with one output port, from inside the test process: an
// RtAudio device with a single input channel.
class MonoJackClient {
public:
    explicit MonoJackClient(const std::string& name);
    ~MonoJackClient();

private:
    void* client_ = nullptr;
};

}  // namespace zbt
