// A single-producer/single-consumer ring buffer of float samples, for
// passing audio from a real-time callback to an analysis thread.
//
// Lamport's lock-free queue (CACM 26(5), 1983) with free-running 64-bit
// indices: the producer owns `write_`, the consumer owns `read_`; each reads
// the other's index with acquire and publishes its own with release, so the
// samples written before a release are visible after the matching acquire.
// The indices sit on separate cache lines so the two threads do not bounce
// one line between cores. Capacity is a power of two (index & mask).
//
// Threading contract: exactly one producer thread calls write(), exactly one
// consumer thread calls readable()/read(); write() and read() never block,
// lock, allocate or throw (wait-free), so write() is safe in an audio
// callback. The constructor allocates and touches every page; construct the
// ring before the audio starts.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace zb {

class SampleRing {
public:
    explicit SampleRing(std::size_t min_capacity) {
        std::size_t c = 1;
        while (c < min_capacity) c <<= 1;
        buffer_.assign(c, 0.0f);  // zero-filled: every page is touched now, not in the callback
        mask_ = c - 1;
    }
    SampleRing(const SampleRing&) = delete;
    SampleRing& operator=(const SampleRing&) = delete;

    std::size_t capacity() const noexcept { return buffer_.size(); }

    // Producer: room for this many samples now.
    std::size_t writable() const noexcept {
        return capacity() - static_cast<std::size_t>(write_.load(std::memory_order_relaxed) - read_.load(std::memory_order_acquire));
    }
    // Producer: copies min(n, writable()) samples; returns that count.
    std::size_t write(const float* data, std::size_t n) noexcept {
        const std::uint64_t w = write_.load(std::memory_order_relaxed);
        n = std::min(n, capacity() - static_cast<std::size_t>(w - read_.load(std::memory_order_acquire)));
        copy_in(w, data, n);
        write_.store(w + n, std::memory_order_release);
        return n;
    }

    // Consumer: samples ready to read.
    std::size_t readable() const noexcept {
        return static_cast<std::size_t>(write_.load(std::memory_order_acquire) - read_.load(std::memory_order_relaxed));
    }
    // Consumer: copies min(n, readable()) samples out; returns that count.
    std::size_t read(float* out, std::size_t n) noexcept {
        const std::uint64_t r = read_.load(std::memory_order_relaxed);
        n = std::min(n, static_cast<std::size_t>(write_.load(std::memory_order_acquire) - r));
        const std::size_t start = static_cast<std::size_t>(r) & mask_;
        const std::size_t first = std::min(n, capacity() - start);
        std::copy_n(buffer_.data() + start, first, out);
        std::copy_n(buffer_.data(), n - first, out + first);
        read_.store(r + n, std::memory_order_release);
        return n;
    }

private:
    void copy_in(std::uint64_t w, const float* data, std::size_t n) noexcept {
        const std::size_t start = static_cast<std::size_t>(w) & mask_;
        const std::size_t first = std::min(n, capacity() - start);
        std::copy_n(data, first, buffer_.data() + start);
        std::copy_n(data + first, n - first, buffer_.data());
    }

    std::vector<float> buffer_;
    std::size_t mask_ = 0;
    alignas(64) std::atomic<std::uint64_t> write_{0};
    alignas(64) std::atomic<std::uint64_t> read_{0};
};

}  // namespace zb
