// SpscRing<T>: a lock-free single-producer/single-consumer ring buffer of
// trivially copyable elements, for moving audio between a real-time callback
// and a worker thread (the classic Lamport queue with C++11 atomics; see
// also PortAudio's pa_ringbuffer and JACK's jack_ringbuffer).
//
// Capacity is a power of two, allocated once in the constructor. The read and
// write positions are free-running 64-bit counters (they never wrap in
// practice: 2^64 samples is millions of years), so "used = write - read"
// needs no full/empty ambiguity bit. Each position is written by one side only
// and sits on its own cache line.
//
// Memory ordering: the producer writes the elements, then publishes the new
// write position with release; the consumer reads the write position with
// acquire, so it sees the elements. Symmetrically for freed space.
//
// Threading contract: exactly one producer thread calls write()/
// write_regions()+commit_write(), and exactly one consumer thread calls
// read()/read_regions()+commit_read()/discard(). Either side may call
// readable()/writable() (the answer is a lower bound for its own side). No
// call locks, allocates or makes a system call, so both sides may be
// real-time threads. reset() is for when neither side is running.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

namespace zb {

template <class T>
class SpscRing {
    static_assert(std::is_trivially_copyable_v<T>, "SpscRing moves elements with memcpy");

public:
    // Two contiguous pieces of the ring: the second is empty unless the region wraps.
    struct Regions {
        std::span<T> first, second;
        std::size_t size() const { return first.size() + second.size(); }
    };
    struct ConstRegions {
        std::span<const T> first, second;
        std::size_t size() const { return first.size() + second.size(); }
    };

    // Capacity is rounded up to a power of two (at least 2).
    explicit SpscRing(std::size_t min_capacity) : buffer_(round_up(min_capacity)), mask_(buffer_.size() - 1) {}
    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    std::size_t capacity() const { return buffer_.size(); }
    std::size_t readable() const {
        return static_cast<std::size_t>(write_.value.load(std::memory_order_acquire) -
                                        read_.value.load(std::memory_order_acquire));
    }
    std::size_t writable() const { return capacity() - readable(); }

    // Producer: copies up to src.size() elements; returns how many fitted.
    std::size_t write(std::span<const T> src) {
        Regions r = write_regions(src.size());
        copy_in(r.first, src.data());
        copy_in(r.second, src.data() + r.first.size());
        commit_write(r.size());
        return r.size();
    }
    // Producer: space for up to `max` elements, to fill in place, then commit_write(n).
    Regions write_regions(std::size_t max) {
        const std::uint64_t w = write_.value.load(std::memory_order_relaxed);
        const std::uint64_t r = read_.value.load(std::memory_order_acquire);
        const std::size_t n = std::min(max, capacity() - static_cast<std::size_t>(w - r));
        return split<Regions, T>(buffer_.data(), w, n);
    }
    void commit_write(std::size_t n) {
        write_.value.store(write_.value.load(std::memory_order_relaxed) + n, std::memory_order_release);
    }

    // Consumer: copies up to dst.size() elements out; returns how many.
    std::size_t read(std::span<T> dst) {
        ConstRegions r = read_regions(dst.size());
        copy_out(r.first, dst.data());
        copy_out(r.second, dst.data() + r.first.size());
        commit_read(r.size());
        return r.size();
    }
    // Consumer: up to `max` readable elements in place, then commit_read(n).
    ConstRegions read_regions(std::size_t max) const {
        const std::uint64_t r = read_.value.load(std::memory_order_relaxed);
        const std::uint64_t w = write_.value.load(std::memory_order_acquire);
        const std::size_t n = std::min(max, static_cast<std::size_t>(w - r));
        return split<ConstRegions, const T>(buffer_.data(), r, n);
    }
    void commit_read(std::size_t n) {
        read_.value.store(read_.value.load(std::memory_order_relaxed) + n, std::memory_order_release);
    }
    // Consumer: drops up to n elements; returns how many.
    std::size_t discard(std::size_t n) {
        n = std::min(n, readable());
        commit_read(n);
        return n;
    }

    // Only while neither side runs.
    void reset() {
        read_.value.store(0, std::memory_order_relaxed);
        write_.value.store(0, std::memory_order_relaxed);
    }

private:
    static std::size_t round_up(std::size_t n) {
        std::size_t c = 2;
        while (c < n) c <<= 1;
        return c;
    }
    template <class R, class E, class P>
    R split(P* base, std::uint64_t position, std::size_t n) const {
        const std::size_t start = static_cast<std::size_t>(position) & mask_;
        const std::size_t first = std::min(n, capacity() - start);
        return R{std::span<E>(base + start, first), std::span<E>(base, n - first)};
    }
    static void copy_in(std::span<T> dst, const T* src) {
        if (!dst.empty()) std::memcpy(dst.data(), src, dst.size_bytes());
    }
    static void copy_out(std::span<const T> src, T* dst) {
        if (!src.empty()) std::memcpy(dst, src.data(), src.size_bytes());
    }

    struct alignas(64) Position {
        std::atomic<std::uint64_t> value{0};
    };
    static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

    std::vector<T> buffer_;
    std::size_t mask_;
    Position write_;  // written by the producer only
    Position read_;   // written by the consumer only
};

}  // namespace zb
