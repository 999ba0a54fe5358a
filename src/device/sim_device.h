// SimDevice: the virtual rig behind the AudioDevice interface (--device sim).
// By default it returns at once; with pace_realtime it releases the capture
// at the rate a real interface would, so progress displays and UIs can be
// exercised without hardware.
#pragma once

#include "device/audio_device.h"
#include "rig/virtual_rig.h"

namespace zb {

struct SimDeviceOptions {
    bool pace_realtime = false;
};

class SimDevice final : public AudioDevice {
public:
    explicit SimDevice(Scenario scenario, SimDeviceOptions options = {});
    std::string description() const override;
    double sample_rate_hz() const override { return rig_.scenario().sample_rate_hz; }
    Result<Capture> play_record(std::span<const float> output, const ProgressFn& progress) override;
    Result<Capture> record(std::size_t frames, const ProgressFn& progress) override;
    const Scenario& scenario() const { return rig_.scenario(); }
    // Calibration steps rewire the virtual bench themselves (rig/wiring.h);
    // a real bench is rewired by the user.
    Status rewire(const RigWiring& wiring) { return rig_.rewire(wiring); }

private:
    Capture finish(RigCapture&& rig_capture, std::string_view stage, const ProgressFn& progress);
    VirtualRig rig_;
    SimDeviceOptions options_;
};

}  // namespace zb
