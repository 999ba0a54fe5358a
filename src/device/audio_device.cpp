#include "device/audio_device.h"

namespace zb {

Status AudioDevice::monitor(std::size_t block_frames, const BlockFn& on_block) {
    if (block_frames == 0) return make_error("monitor: block size must be positive");
    monitor_xruns_ = 0;
    for (;;) {
        auto cap = record(block_frames, nullptr);
        if (!cap) return cap.error();
        if (cap->xruns > 0) {
            monitor_xruns_ += cap->xruns;
            continue;
        }
        if (!on_block(cap->a, cap->b)) return {};
    }
}

}  // namespace zb
