#include <slakit/detail/arithmetic.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <random>

using slakit::detail::floor_div;
using slakit::detail::floor_mod;

TEST_CASE("floor_div and floor_mod round toward minus infinity, against long double floor") {
    std::mt19937_64 rng{5};
    for (int i = 0; i < 100000; ++i) {
        const auto a = static_cast<std::int64_t>(rng() >> 12) * (rng() % 2 ? 1 : -1);
        const auto b = static_cast<std::int64_t>(rng() % 100000 + 1);
        const auto q = static_cast<std::int64_t>(std::floor(static_cast<long double>(a) / static_cast<long double>(b)));
        REQUIRE(floor_div(a, b) == q);
        REQUIRE(floor_mod(a, static_cast<std::size_t>(b)) == static_cast<std::size_t>(a - q * b));
    }
    static_assert(floor_div(-1, 86400) == -1 && floor_div(0, 7) == 0 && floor_div(-7, 7) == -1 &&
                  floor_div(-8, 7) == -2);
    static_assert(floor_mod(-1, 7) == 6 && floor_mod(7, 7) == 0);
}
