#include "util/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux >= 5.14
#endif

namespace zb {

namespace {

constexpr std::uintptr_t kPage = 4096;
constexpr std::uintptr_t kHuge = 2u << 20;

std::uintptr_t align_up(std::uintptr_t v, std::uintptr_t a) { return (v + a - 1) & ~(a - 1); }
std::uintptr_t align_down(std::uintptr_t v, std::uintptr_t a) { return v & ~(a - 1); }

// Faults the pages in one call; where MADV_POPULATE_WRITE is unknown (an
// older kernel), by writing one byte per page back to itself, which keeps
// the contents (populate_range works on heap blocks in use).
void populate(std::uintptr_t start, std::uintptr_t end) {
    if (end <= start) return;
    if (::madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_WRITE) == 0) return;
    for (std::uintptr_t a = start; a < end; a += kPage) {
        volatile char* byte = reinterpret_cast<volatile char*>(a);
        *byte = *byte;
    }
}

}  // namespace

void populate_range(void* p, std::size_t bytes) {
    const auto begin = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t start = align_up(begin, kPage), end = align_down(begin + bytes, kPage);
    if (end <= start) return;
    const std::uintptr_t huge_start = align_up(start, kHuge), huge_end = align_down(end, kHuge);
    if (huge_end > huge_start)
        ::madvise(reinterpret_cast<void*>(huge_start), huge_end - huge_start, MADV_HUGEPAGE);  // a hint only
    populate(start, end);
}

void* map_populated(std::size_t bytes, std::size_t* mapped_bytes) {
    const std::size_t length = align_up(bytes, kPage);
    if (length < kHuge) {
        void* p = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED) return nullptr;
        *mapped_bytes = length;
        return p;
    }
    // Over-allocate by 2 MB, then unmap the slack so the block starts on a
    // 2 MB boundary: only aligned blocks can be huge pages.
    const std::size_t padded = length + kHuge;
    void* raw = ::mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const auto base = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t start = align_up(base, kHuge);
    if (start > base) ::munmap(raw, start - base);
    if (base + padded > start + length) ::munmap(reinterpret_cast<void*>(start + length), base + padded - (start + length));
    ::madvise(reinterpret_cast<void*>(start), length, MADV_HUGEPAGE);  // a hint only
    populate(start, start + length);
    *mapped_bytes = length;
    return reinterpret_cast<void*>(start);
}

}  // namespace zb
