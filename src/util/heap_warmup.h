// Pre-faulting the malloc heap for one-shot, memory-hungry commands.
//
// On the VMs zbench is developed and tested on, the first touch of a fresh
// page costs ~11 µs (2.7 ms per MB), more than the arithmetic of an impedance
// analysis. This keeps large allocations on the heap (mallopt), grows the
// heap once and maps its pages in bulk (MADV_POPULATE_WRITE, Linux >= 5.14;
// about 0.16 ms per MB), so later allocations land on mapped pages. On older
// kernels it does nothing.
#pragma once

#include <cstddef>

namespace zb {

void warm_heap(std::size_t bytes);

}  // namespace zb
