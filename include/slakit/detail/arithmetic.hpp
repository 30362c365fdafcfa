// Integer helpers shared by the calendar, the statistics and the rolling windows.
#pragma once

#include <cstddef>
#include <cstdint>

namespace slakit::inline v0::detail {

__extension__ using uint128 = unsigned __int128;  // GCC/Clang; __extension__ keeps -Wpedantic quiet
__extension__ using int128 = __int128;

// Division rounding toward minus infinity, for b > 0 (C++ rounds toward zero).
[[nodiscard]] constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// a mod n in [0, n), for n > 0.
[[nodiscard]] constexpr std::size_t floor_mod(std::int64_t a, std::size_t n) noexcept {
    const auto m = static_cast<std::int64_t>(n);
    const std::int64_t r = a % m;
    return static_cast<std::size_t>(r < 0 ? r + m : r);
}

}  // namespace slakit::inline v0::detail
