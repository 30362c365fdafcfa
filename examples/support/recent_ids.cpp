// examples/support/recent_ids.cpp: duplicate ids, within a bounded window.
#include "recent_ids.hpp"

#include <sys/mman.h>

#include <bit>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <stdexcept>

namespace slakit::examples {

void* detail::allocate_huge(std::size_t n) {
    constexpr std::size_t huge_page = std::size_t{2} << 20;
    const bool huge = n >= huge_page;
    const std::size_t align = huge ? huge_page : 64;
    const std::size_t bytes = (n + align - 1) / align * align;
    void* data = std::aligned_alloc(align, bytes);
    if (data == nullptr) throw std::bad_alloc();
    if (huge) static_cast<void>(::madvise(data, bytes, MADV_HUGEPAGE));  // only a hint
    return data;
}

recent_ids::recent_ids(std::size_t window)
        : window_(checked(window)),
          mask_(std::bit_ceil(2 * window) - 1),
          ring_(window, entry{}),
          table_(mask_ + 1, empty) {}

std::size_t recent_ids::checked(std::size_t window) {
    if (window == 0 || window > default_window)
        throw std::invalid_argument("recent_ids: the window must hold 1 to 2^18 ids");
    return window;
}

}  // namespace slakit::examples
