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

Status AudioDevice::play_stream(std::size_t block_frames, const FillFn& fill, const BlockFn& on_input) {
    if (block_frames == 0) return make_error("play: block size must be positive");
    monitor_xruns_ = 0;
    std::vector<float> out(block_frames);
    for (;;) {
        const std::size_t n = fill(out);
        if (n == 0) return {};
        auto cap = play_record(std::span<const float>(out.data(), n), nullptr);
        if (!cap) return cap.error();
        monitor_xruns_ += cap->xruns;
        if (on_input && cap->xruns == 0 && !on_input(cap->a, cap->b)) return {};
        if (n < block_frames) return {};
    }
}

}  // namespace zb
