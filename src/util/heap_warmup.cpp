#include "util/heap_warmup.h"

#include <malloc.h>

#include <cstdlib>

#include "util/huge_pages.h"

namespace zb {

void warm_heap(std::size_t bytes) {
    // One arena: a helper thread's allocations (FFTW's twiddle tables, made
    // by dsp/plan_warmer.h) then land on the warmed heap too, instead of on
    // a fresh per-thread arena where every page faults.
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    void* p = std::malloc(bytes);
    if (!p) return;
    populate_range(p, bytes);
    std::free(p);
}

}  // namespace zb
