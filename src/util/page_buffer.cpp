#include "util/page_buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace zb {

PageBuffer::PageBuffer(std::size_t bytes) : bytes_(bytes) {
    if (bytes == 0) return;
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p != MAP_FAILED) {
        data_ = p;
        mapped_ = true;
        return;
    }
    data_ = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
    if (!data_) throw std::bad_alloc();
    std::memset(data_, 0, bytes);
}

PageBuffer::~PageBuffer() {
    if (!data_) return;
    if (mapped_) ::munmap(data_, bytes_);
    else std::free(data_);
}

PageBuffer::PageBuffer(PageBuffer&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), bytes_(std::exchange(o.bytes_, 0)), mapped_(std::exchange(o.mapped_, false)) {}

PageBuffer& PageBuffer::operator=(PageBuffer&& o) noexcept {
    if (this != &o) {
        this->~PageBuffer();
        data_ = std::exchange(o.data_, nullptr);
        bytes_ = std::exchange(o.bytes_, 0);
        mapped_ = std::exchange(o.mapped_, false);
    }
    return *this;
}

}  // namespace zb
