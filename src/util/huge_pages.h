// Memory mapped in bulk, on transparent huge pages (THP) where the kernel
// allows them.
//
// Measured on the CI-class VM (2 vCPUs, THP "madvise", fresh process, 4 MB):
// - touching fresh 4 KB pages one by one: ~11 ms (a trap of ~2.7 µs per page);
// - mmap MAP_POPULATE: ~0.55 ms, then ~1.6 ms more on the first pass over the
//   data (a TLB miss per 4 KB page under nested paging);
// - MADV_HUGEPAGE then MADV_POPULATE_WRITE: ~0.3 ms, and the first pass costs
//   ~0.02 ms (two 2 MB pages).
// Where THP is off or no huge page is free, the kernel uses 4 KB pages and
// these calls cost what MAP_POPULATE did.
#pragma once

#include <cstddef>

namespace zb {

// A zeroed, populated anonymous mapping of at least `bytes`, 2 MB-aligned
// when it is 2 MB or larger. Returns nullptr on failure; `mapped_bytes` gets
// the length to pass to munmap.
void* map_populated(std::size_t bytes, std::size_t* mapped_bytes);

// Maps [p, p + bytes) in bulk, on huge pages for whole aligned 2 MB blocks.
// For memory that is already part of a mapping (the malloc heap).
void populate_range(void* p, std::size_t bytes);

}  // namespace zb
