#include "util/page_buffer.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "util/huge_pages.h"

namespace zb {

PageBuffer::PageBuffer(std::size_t bytes) : bytes_(bytes) {
    if (bytes == 0) return;
    if (void* p = map_populated(bytes, &mapped_bytes_)) {
        data_ = p;
        return;
    }
    data_ = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
    if (!data_) throw std::bad_alloc();
    std::memset(data_, 0, bytes);
}

PageBuffer::~PageBuffer() {
    if (!data_) return;
    if (mapped_bytes_) ::munmap(data_, mapped_bytes_);
    else std::free(data_);
}

PageBuffer::PageBuffer(PageBuffer&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)),
      bytes_(std::exchange(o.bytes_, 0)),
      mapped_bytes_(std::exchange(o.mapped_bytes_, 0)) {}

PageBuffer& PageBuffer::operator=(PageBuffer&& o) noexcept {
    if (this != &o) {
        this->~PageBuffer();
        data_ = std::exchange(o.data_, nullptr);
        bytes_ = std::exchange(o.bytes_, 0);
        mapped_bytes_ = std::exchange(o.mapped_bytes_, 0);
    }
    return *this;
}

}  // namespace zb
