// The audio device interface every measurement runs through. Two things
// implement it: SimDevice (the virtual rig, in the core library) and the
// RtAudio engine (its own target, src/audio). Measurements never know which.
//
// Threading contract: an AudioDevice is driven by one thread at a time. The
// progress callback is called on that thread (never from an audio callback),
// so it may print or update a UI model, and it may throw to cancel: the
// device stops its stream before the exception leaves play_record/record.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace zb {

struct Capture {
    double sample_rate_hz = 0.0;
    std::vector<float> a;  // input A: the drive node (top of R_ref)
    std::vector<float> b;  // input B: between R_ref and the DUT
    // Buffer over/underruns that invalidate this capture (its samples are
    // then not a recording and must not be analysed).
    std::uint64_t xruns = 0;
    // Over/underruns the audio server reported but the device was told to
    // ignore (RtAudio device, --ignore-server-xruns); for reports only.
    std::uint64_t ignored_server_xruns = 0;
    std::size_t clipped_a = 0, clipped_b = 0;
};

// fraction in [0, 1] of the current stage ("sweep", "record", ...).
using ProgressFn = std::function<void(double fraction, std::string_view stage)>;

class AudioDevice {
public:
    virtual ~AudioDevice() = default;
    virtual std::string description() const = 0;
    virtual double sample_rate_hz() const = 0;
    // Plays `output` (fractions of full scale) on the drive channel and
    // records inputs A and B for the same number of frames.
    virtual Result<Capture> play_record(std::span<const float> output, const ProgressFn& progress) = 0;
    // Records inputs A and B with the output silent.
    virtual Result<Capture> record(std::size_t frames, const ProgressFn& progress) = 0;

    // Live monitoring with a silent output: hands consecutive blocks of A and
    // B, `block_frames` each, to on_block until it returns false. Blocks hit
    // by over/underruns are not handed over; monitor_xruns() counts them.
    // The default records block after block, which is seamless on the
    // virtual rig (its clock runs on); a real device streams without a stop.
    using BlockFn = std::function<bool(std::span<const float> a, std::span<const float> b)>;
    virtual Status monitor(std::size_t block_frames, const BlockFn& on_block);

    // Plays a signal made block by block on the drive channel while
    // recording A and B (the generator). fill() writes up to out.size()
    // samples, at most `block_frames`, and returns how many; fewer than
    // asked is the signal's end, which plays out before play_stream returns.
    // on_input, when given, receives the recorded blocks (of any size) and
    // may return false to stop at once. Over/underruns do not stop it
    // (monitor_xruns() counts them). The default plays block after block
    // through play_record(), seamless on the virtual rig; a real device
    // streams without a stop.
    using FillFn = std::function<std::size_t(std::span<float> out)>;
    virtual Status play_stream(std::size_t block_frames, const FillFn& fill, const BlockFn& on_input);

    // Over/underruns during the last monitor() or play_stream() run.
    std::uint64_t monitor_xruns() const { return monitor_xruns_; }

protected:
    std::uint64_t monitor_xruns_ = 0;
};

}  // namespace zb
