// The lock-free single-producer/single-consumer ring used between audio
// callbacks and worker threads.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "util/rng.h"
#include "util/spsc_ring.h"

using zb::SpscRing;

TEST_CASE("the ring rounds its capacity up and keeps order across the wrap", "[spsc]") {
    SpscRing<int> ring(5);
    REQUIRE(ring.capacity() == 8);
    CHECK(ring.readable() == 0);
    CHECK(ring.writable() == 8);

    std::vector<int> in = {1, 2, 3, 4, 5, 6};
    CHECK(ring.write(in) == 6);
    std::vector<int> out(4);
    CHECK(ring.read(out) == 4);
    CHECK(out == std::vector<int>{1, 2, 3, 4});
    // 2 left; 6 more fit, wrapping around the end of the storage.
    std::vector<int> more = {7, 8, 9, 10, 11, 12, 13};
    CHECK(ring.write(more) == 6);
    CHECK(ring.readable() == 8);
    CHECK(ring.writable() == 0);
    CHECK(ring.write(more) == 0);  // full: nothing is overwritten

    auto regions = ring.read_regions(8);
    CHECK(regions.size() == 8);
    CHECK(!regions.second.empty());  // the readable data wraps
    std::vector<int> all;
    for (int v : regions.first) all.push_back(v);
    for (int v : regions.second) all.push_back(v);
    CHECK(all == std::vector<int>{5, 6, 7, 8, 9, 10, 11, 12});
    ring.commit_read(3);
    CHECK(ring.discard(100) == 5);
    CHECK(ring.readable() == 0);
    std::vector<int> none(3);
    CHECK(ring.read(none) == 0);
}

TEST_CASE("write regions are filled in place and published by commit", "[spsc]") {
    SpscRing<float> ring(16);
    std::vector<float> skip(14, 0.0f);
    ring.write(skip);
    ring.discard(14);
    auto r = ring.write_regions(5);
    REQUIRE(r.size() == 5);
    REQUIRE(r.first.size() == 2);  // 2 to the end of the storage, then 3 at the start
    float v = 1.0f;
    for (float& x : r.first) x = v++;
    for (float& x : r.second) x = v++;
    CHECK(ring.readable() == 0);  // not yet published
    ring.commit_write(5);
    std::vector<float> out(5);
    CHECK(ring.read(out) == 5);
    CHECK(out == std::vector<float>{1, 2, 3, 4, 5});
}

TEST_CASE("a producer and a consumer thread pass ten million values in order", "[spsc]") {
    // Random chunk sizes on both sides, a small ring so that it is full and
    // empty often: every value must arrive once, in order.
    constexpr std::uint32_t kCount = 10'000'000;
    SpscRing<std::uint32_t> ring(1024);
    std::atomic<bool> failed{false};
    std::thread producer([&] {
        zb::Rng rng(1);
        std::vector<std::uint32_t> chunk(700);
        std::uint32_t next = 0;
        while (next < kCount) {
            const std::size_t want = std::min<std::size_t>(1 + rng.next_u64() % chunk.size(), kCount - next);
            for (std::size_t i = 0; i < want; ++i) chunk[i] = next + static_cast<std::uint32_t>(i);
            const std::size_t done = ring.write(std::span<const std::uint32_t>(chunk.data(), want));
            next += static_cast<std::uint32_t>(done);
            if (done == 0) std::this_thread::yield();
        }
    });
    zb::Rng rng(2);
    std::vector<std::uint32_t> chunk(900);
    std::uint32_t expected = 0;
    while (expected < kCount && !failed) {
        const std::size_t want = 1 + rng.next_u64() % chunk.size();
        const std::size_t got = ring.read(std::span<std::uint32_t>(chunk.data(), want));
        for (std::size_t i = 0; i < got; ++i)
            if (chunk[i] != expected++) failed = true;
        if (got == 0) std::this_thread::yield();
    }
    producer.join();
    CHECK_FALSE(failed);
    CHECK(expected == kCount);
    CHECK(ring.readable() == 0);
}
