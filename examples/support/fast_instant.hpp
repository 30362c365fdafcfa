// examples/support/fast_instant.hpp: the instants of a requests CSV, read fast.
// Inline: it is called for every field of every row.
#pragma once

#include <slakit/error.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace slakit::examples {

// The form exports write most, "2026-03-02T01:30:00Z" or "2026-03-02T01:30:00.250Z",
// read without slakit::parse_instant's generality; anything else (offsets, other
// fraction lengths, errors with their messages) goes to parse_instant, which gives
// the same instant for these forms.
[[nodiscard]] inline std::optional<instant> canonical_instant(std::string_view t) noexcept {
    if (t.size() != 20 && t.size() != 24) return std::nullopt;
    const auto digit = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i]) - '0'); };
    constexpr std::size_t digit_positions[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    for (const auto i : digit_positions)
        if (digit(i) > 9) return std::nullopt;
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t.back() != 'Z')
        return std::nullopt;
    unsigned millis = 0;
    if (t.size() == 24) {
        if (t[19] != '.' || digit(20) > 9 || digit(21) > 9 || digit(22) > 9) return std::nullopt;
        millis = digit(20) * 100 + digit(21) * 10 + digit(22);
    }
    const unsigned y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const unsigned m = digit(5) * 10 + digit(6), d = digit(8) * 10 + digit(9);
    const unsigned hh = digit(11) * 10 + digit(12), mm = digit(14) * 10 + digit(15), ss = digit(17) * 10 + digit(18);
    if (y < 1900 || y > 2199 || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    const date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return instant{date::sys_days{ymd}} + std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss} +
           std::chrono::milliseconds{millis};
}

[[nodiscard]] inline instant read_instant(std::string_view t) {
    if (const auto fast = canonical_instant(t)) return *fast;
    return slakit::parse_instant(t);
}

}  // namespace slakit::examples
