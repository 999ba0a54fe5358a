// A large zeroed buffer whose pages are mapped up front (mmap MAP_POPULATE).
//
// Measured on the CI-class VM: touching freshly malloc'd memory costs about
// 2.7 ms per MB in page faults (one trap per 4 KB page), populating a mapping
// in one call about 0.6 ms per MB. The impedance analysis of a 2^18-sample
// recording needs ~3 MB, so this alone decides whether it takes 2 or 8 ms.
// Page-aligned, hence aligned for FFTW's SIMD.
#pragma once

#include <cstddef>

namespace zb {

class PageBuffer {
public:
    PageBuffer() = default;
    explicit PageBuffer(std::size_t bytes);
    ~PageBuffer();
    PageBuffer(PageBuffer&& other) noexcept;
    PageBuffer& operator=(PageBuffer&& other) noexcept;
    PageBuffer(const PageBuffer&) = delete;
    PageBuffer& operator=(const PageBuffer&) = delete;

    void* data() const { return data_; }
    std::size_t size() const { return bytes_; }
    template <class T>
    T* as() const { return static_cast<T*>(data_); }

private:
    void* data_ = nullptr;
    std::size_t bytes_ = 0;
    bool mapped_ = false;
};

}  // namespace zb
