// A private PulseAudio server for the tests that go through Pulse: its own
// runtime folder, HOME and socket, null sinks only, no session or root
// needed. PulseServer runs
//   pulseaudio --daemonize=no -n --system=false --disallow-exit
//              --exit-idle-time=-1 --use-pid-file=false -F /dev/null
//              --load="module-native-protocol-unix auth-anonymous=1 socket=DIR/native"
//              --load="module-null-sink sink_name=S sink_properties=device.description=D" ...
// with HOME, XDG_RUNTIME_DIR and PULSE_RUNTIME_PATH inside DIR, exports
// PULSE_SERVER=unix:DIR/native to the test process (so RtAudio, zbench,
// pactl and zbench-pulse-rig all use it), waits until pactl reaches it, and
// kills it in its destructor. Like the JACK server it dies with the test
// process (PR_SET_PDEATHSIG through zbt::Child).
//
// If pulseaudio or pactl is not installed the test process exits with 77
// (ctest: skipped) after saying so.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/jack_server.h"
#include "support/test_support.h"

namespace zbt {

class PulseServer {
public:
    // Null sinks as (sink name, description); no sinks: one default
    // module-null-sink ("Null Output", its monitor "Monitor of Null Output").
    explicit PulseServer(std::vector<std::pair<std::string, std::string>> sinks = {});
    ~PulseServer();
    // SIGKILL, as if the server crashed; returns when it is gone.
    void kill_now();
    // pactl with these arguments against this server.
    ProcessResult pactl(const std::vector<std::string>& args) const;
    std::string log() const;

private:
    std::string dir_, pactl_;
    std::unique_ptr<Child> server_;
};

}  // namespace zbt
