#include "device/sim_device.h"

#include <chrono>
#include <thread>

namespace zb {

SimDevice::SimDevice(Scenario scenario, SimDeviceOptions options) : rig_(std::move(scenario)), options_(options) {}

std::string SimDevice::description() const { return "virtual rig (" + rig_.scenario().source + ")"; }

Capture SimDevice::finish(RigCapture&& rc, std::string_view stage, const ProgressFn& progress) {
    Capture cap;
    cap.sample_rate_hz = rig_.scenario().sample_rate_hz;
    cap.clipped_a = rc.clipped_a;
    cap.clipped_b = rc.clipped_b;
    const double seconds = static_cast<double>(rc.a.size()) / cap.sample_rate_hz;
    cap.a = std::move(rc.a);
    cap.b = std::move(rc.b);
    if (options_.pace_realtime && progress) {
        // Release progress at real-time pace, 20 updates per second.
        const auto start = std::chrono::steady_clock::now();
        for (;;) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (elapsed >= seconds) break;
            progress(elapsed / seconds, stage);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    } else if (options_.pace_realtime) {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    }
    if (progress) progress(1.0, stage);
    return cap;
}

Result<Capture> SimDevice::play_record(std::span<const float> output, const ProgressFn& progress) {
    if (progress) progress(0.0, "sweep");
    return finish(rig_.play_record(output), "sweep", progress);
}

Result<Capture> SimDevice::record(std::size_t frames, const ProgressFn& progress) {
    if (progress) progress(0.0, "record");
    return finish(rig_.record(frames), "record", progress);
}

}  // namespace zb
