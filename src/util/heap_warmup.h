// Pre-faulting the malloc heap for one-shot, memory-hungry commands.
//
// On the VMs zbench is developed and tested on, the first touch of a fresh
// page costs ~11 µs (2.7 ms per MB), more than the arithmetic of an impedance
// analysis. This:
// - keeps large allocations on the heap (mallopt);
// - keeps every thread on that one heap (M_ARENA_MAX 1). FFTW's twiddle
//   tables for a 2^18-point transform, which dsp/plan_warmer.h makes on a
//   second thread, are ~1 MB: ~3 ms of page faults on a fresh arena;
// - grows the heap once and maps its pages in bulk, on huge pages where the
//   kernel allows (util/huge_pages.h), so later allocations land on mapped
//   pages.
#pragma once

#include <cstddef>

namespace zb {

void warm_heap(std::size_t bytes);

}  // namespace zb
