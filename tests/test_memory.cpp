// Bulk-mapped memory (util/huge_pages.h, util/page_buffer.h) and the heap
// warm-up (util/heap_warmup.h): the speed-ups must not change what the
// memory is.
#include <catch2/catch.hpp>

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "util/heap_warmup.h"
#include "util/huge_pages.h"
#include "util/page_buffer.h"

namespace {

bool all_zero(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (p[i] != 0) return false;
    return true;
}

// mincore: are all pages of [p, p + n) resident, i.e. were they populated?
bool resident(const void* p, std::size_t n) {
    const auto start = reinterpret_cast<std::uintptr_t>(p) & ~std::uintptr_t(4095);
    const std::size_t len = reinterpret_cast<std::uintptr_t>(p) + n - start;
    std::vector<unsigned char> v((len + 4095) / 4096);
    if (::mincore(reinterpret_cast<void*>(start), len, v.data()) != 0) return false;
    for (const auto b : v)
        if (!(b & 1)) return false;
    return true;
}

}  // namespace

TEST_CASE("map_populated gives zeroed, resident memory, 2 MB-aligned from 2 MB up", "[memory]") {
    for (const std::size_t bytes : {std::size_t(1), std::size_t(5000), std::size_t(2u << 20), std::size_t(4u << 20) + 12345}) {
        CAPTURE(bytes);
        std::size_t mapped = 0;
        void* p = zb::map_populated(bytes, &mapped);
        REQUIRE(p != nullptr);
        CHECK(mapped >= bytes);
        CHECK(mapped % 4096 == 0);
        CHECK(reinterpret_cast<std::uintptr_t>(p) % 4096 == 0);
        if (bytes >= (2u << 20)) CHECK(reinterpret_cast<std::uintptr_t>(p) % (2u << 20) == 0);
        CHECK(resident(p, mapped));
        CHECK(all_zero(static_cast<const unsigned char*>(p), mapped));
        std::memset(p, 0xA5, mapped);  // all of it is writable
        CHECK(::munmap(p, mapped) == 0);
    }
}

TEST_CASE("populate_range maps a heap block in place and keeps its contents", "[memory]") {
    const std::size_t bytes = (3u << 20) + 777;
    auto* p = static_cast<unsigned char*>(std::malloc(bytes));
    REQUIRE(p != nullptr);
    for (std::size_t i = 0; i < bytes; ++i) p[i] = static_cast<unsigned char>(i * 7);
    zb::populate_range(p + 1, bytes - 1);
    bool same = true;
    for (std::size_t i = 0; i < bytes && same; ++i) same = p[i] == static_cast<unsigned char>(i * 7);
    CHECK(same);
    CHECK(resident(p + 4096, bytes - 8192));
    std::free(p);
}

TEST_CASE("a PageBuffer is zeroed and aligned, and moves without a double unmap", "[memory]") {
    zb::PageBuffer a(3u << 20);
    REQUIRE(a.data() != nullptr);
    CHECK(a.size() == (3u << 20));
    CHECK(reinterpret_cast<std::uintptr_t>(a.data()) % 4096 == 0);
    CHECK(all_zero(a.as<unsigned char>(), a.size()));
    a.as<float>()[12] = 1.5f;
    zb::PageBuffer b(std::move(a));
    CHECK(a.data() == nullptr);
    CHECK(b.as<float>()[12] == 1.5f);
    zb::PageBuffer c(100);
    c = std::move(b);
    CHECK(c.as<float>()[12] == 1.5f);
    CHECK(c.size() == (3u << 20));
}

// Under AddressSanitizer malloc is ASan's own allocator, which the warm-up
// does not reach: the check is for the real glibc heap only.
#if !defined(__SANITIZE_ADDRESS__)
TEST_CASE("after the heap warm-up, a large allocation comes from the mapped heap", "[memory]") {
    zb::warm_heap(4u << 20);
    const std::size_t mmapped_before = mallinfo2().hblkhd;
    auto* p = static_cast<unsigned char*>(std::malloc(3u << 20));
    REQUIRE(p != nullptr);
    CHECK(mallinfo2().hblkhd == mmapped_before);  // not a mapping of its own (that would fault page by page)
    CHECK(resident(p + 4096, (3u << 20) - 8192));  // its pages were mapped by the warm-up
    std::free(p);
}
#endif
