// A large zeroed buffer whose pages are mapped up front, on transparent huge
// pages where the kernel allows (see util/huge_pages.h for the figures).
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
    std::size_t mapped_bytes_ = 0;  // 0: from aligned_alloc
};

}  // namespace zb
