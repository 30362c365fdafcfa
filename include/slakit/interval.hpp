// slakit/interval.hpp: one local opening interval, such as 09:00-18:00 or
// 22:00-06:00, its checks, and reading and writing it as text.
//
// An interval whose close is before its open crosses midnight and belongs to the
// day it opens on. 24:00 may only close an interval. A close of 00:00 after a
// later open (22:00-00:00) is kept as 24:00. The intervals of one day are laid on
// a line from 00:00 to 48:00, so that one crossing midnight ends after 24:00, and
// may not share a second.
#pragma once

#include <slakit/error.hpp>
#include <slakit/time.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// Local clock times in seconds since local midnight.
struct time_interval {
    std::chrono::seconds open;  // in [0, 24h)
    std::chrono::seconds close;  // in [0, 24h]; close < open crosses midnight, close == open is refused

    [[nodiscard]] constexpr bool crosses_midnight() const noexcept { return close < open; }
    [[nodiscard]] constexpr std::chrono::seconds length() const noexcept {
        return crosses_midnight() ? close - open + std::chrono::hours{24} : close - open;
    }
    friend constexpr bool operator==(const time_interval&, const time_interval&) = default;
};

// Whether the bounds are ones weekly_schedule::add accepts, overlaps aside.
[[nodiscard]] constexpr bool is_valid(const time_interval& iv) noexcept {
    constexpr std::chrono::seconds day{std::chrono::hours{24}};
    return iv.open >= std::chrono::seconds{0} && iv.open < day && iv.close >= std::chrono::seconds{0} &&
           iv.close <= day && iv.open != iv.close;
}

// The first two intervals of one day that share a second, in the order given: (j,
// i) with j < i and i as small as it can be. Both parse_intervals and the special
// hours of date_exceptions refuse a day for which this is not empty.
[[nodiscard]] inline std::optional<std::pair<std::size_t, std::size_t>> first_overlap(
    std::span<const time_interval> day) noexcept {
    for (std::size_t i = 0; i < day.size(); ++i) {
        const time_interval& b = day[i];
        for (std::size_t j = 0; j < i; ++j) {
            const time_interval& a = day[j];
            if (a.open < b.open + b.length() && b.open < a.open + a.length()) return std::pair{j, i};
        }
    }
    return std::nullopt;
}

namespace detail {

inline constexpr std::chrono::seconds seconds_per_day{std::chrono::hours{24}};

// 22:00-00:00 ends at the midnight of its own day, like 22:00-24:00.
[[nodiscard]] constexpr time_interval normalized(time_interval iv) noexcept {
    if (iv.close == std::chrono::seconds{0} && iv.open > std::chrono::seconds{0}) {
        iv.close = seconds_per_day;
    }
    return iv;
}

inline void append_two_digits(std::string& out, std::int64_t value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
}

// HH:MM, or HH:MM:SS when the seconds are not zero; 24:00 for the end of the day.
inline void append_clock_time(std::string& out, std::chrono::seconds t) {
    const std::int64_t total = t.count();
    append_two_digits(out, total / 3600);
    out += ':';
    append_two_digits(out, total / 60 % 60);
    if (total % 60 != 0) {
        out += ':';
        append_two_digits(out, total % 60);
    }
}

[[nodiscard]] constexpr bool is_clock_char(char c) noexcept { return is_digit(c) || c == ':'; }

// The text an error should quote: from pos to the next separator.
[[nodiscard]] inline std::string_view fragment_at(std::string_view text, std::size_t pos, std::size_t end) {
    std::size_t stop = pos;
    while (stop < end && !is_space(text[stop]) && text[stop] != ',' && text[stop] != ';') ++stop;
    return text.substr(pos, stop - pos);
}

// The text an error about unexpected characters should quote: up to the next
// whitespace, and never empty.
[[nodiscard]] inline std::string_view garbage_at(std::string_view text, std::size_t pos, std::size_t end) {
    std::size_t stop = pos + 1;
    while (stop < end && !is_space(text[stop])) ++stop;
    return text.substr(pos, stop - pos);
}

[[nodiscard]] inline std::string quoted(std::string_view s) {
    std::string q{"\""};
    q += s;
    q += '"';
    return q;
}

// HH:MM or HH:MM:SS at pos, with hours up to 24:00:00; the caller decides where
// 24:00 is allowed. Errors point at the start of the time and quote it.
inline std::chrono::seconds read_clock_time(std::string_view text, std::size_t& pos, std::size_t end) {
    const std::size_t start = pos;
    std::size_t stop = pos;
    while (stop < end && is_clock_char(text[stop])) ++stop;
    const std::string_view token = text.substr(start, stop - start);
    const auto fail = [&](std::string_view problem) {
        const std::string_view shown = token.empty() ? fragment_at(text, start, end) : token;
        throw parse_error("invalid time " + quoted(shown) + ": " + std::string{problem}, text, start);
    };
    const bool shape_ok = (token.size() == 5 || token.size() == 8) && is_digit(token[0]) && is_digit(token[1]) &&
                          token[2] == ':' && is_digit(token[3]) && is_digit(token[4]) &&
                          (token.size() == 5 || (token[5] == ':' && is_digit(token[6]) && is_digit(token[7])));
    if (!shape_ok) fail("expected HH:MM or HH:MM:SS");
    std::size_t p = start;
    const int h = read_fixed_digits(text, p, stop, 2, "a 2-digit hour");
    ++p;
    const int m = read_fixed_digits(text, p, stop, 2, "a 2-digit minute");
    int s = 0;
    if (token.size() == 8) {
        ++p;
        s = read_fixed_digits(text, p, stop, 2, "a 2-digit second");
    }
    if (h > 24) fail("hour " + std::to_string(h) + " out of range");
    if (m > 59) fail("minute " + std::to_string(m) + " out of range");
    if (s > 59) fail("second " + std::to_string(s) + " out of range");
    if (h == 24 && (m != 0 || s != 0)) fail("past the end of the day (24:00)");
    pos = stop;
    return std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
}

// An interval at pos, up to but not including whatever follows its closing time.
inline time_interval read_interval(std::string_view text, std::size_t& pos, std::size_t end) {
    const std::size_t start = pos;
    const std::chrono::seconds open = read_clock_time(text, pos, end);
    const std::size_t open_end = pos;
    pos = skip_spaces(text, pos, end);
    if (pos >= end || text[pos] != '-') {
        throw parse_error("expected '-' after " + quoted(text.substr(start, open_end - start)), text, pos);
    }
    pos = skip_spaces(text, pos + 1, end);
    const std::chrono::seconds close = read_clock_time(text, pos, end);
    const std::string_view whole = text.substr(start, pos - start);
    if (open == seconds_per_day) {
        throw parse_error("interval " + quoted(whole) + " opens at 24:00, which can only close one", text, start);
    }
    if (open == close) {
        std::string what = "empty interval " + quoted(whole);
        if (open == std::chrono::seconds{0}) what += " (a whole day is 00:00-24:00)";
        throw parse_error(what, text, start);
    }
    return normalized({open, close});
}

struct located_interval {
    time_interval interval;
    std::size_t position;  // in the whole text
    std::size_t length;  // of its text
};

// A comma-separated list of intervals filling [begin, end), which the caller
// has trimmed; in text order, not checked for overlaps.
inline std::vector<located_interval> read_interval_list(std::string_view text, std::size_t begin, std::size_t end) {
    std::vector<located_interval> result;
    std::size_t pos = begin;
    while (true) {
        pos = skip_spaces(text, pos, end);
        if (pos == end || text[pos] == ',') {
            throw parse_error("expected an interval such as 09:00-18:00", text, pos);
        }
        const std::size_t start = pos;
        const time_interval iv = read_interval(text, pos, end);
        const std::string_view written = text.substr(start, pos - start);
        result.push_back({iv, start, pos - start});
        pos = skip_spaces(text, pos, end);
        if (pos == end) return result;
        if (text[pos] != ',') {
            throw parse_error("unexpected " + quoted(garbage_at(text, pos, end)) + " after interval " + quoted(written),
                              text, pos);
        }
        ++pos;
    }
}

// "A overlaps B" with A the interval that was open first (the one whose span
// holds the other's opening); ties go to `earlier`, the one that came first.
[[nodiscard]] inline std::string overlap_message(std::string_view earlier_label, bool earlier_first,
                                                 std::string_view later_label) {
    std::string what;
    what += earlier_first ? earlier_label : later_label;
    what += " overlaps ";
    what += earlier_first ? later_label : earlier_label;
    return what;
}

[[nodiscard]] inline std::string interval_text(const time_interval& iv) {
    std::string out;
    append_clock_time(out, iv.open);
    out += '-';
    append_clock_time(out, iv.close);
    return out;
}

}  // namespace detail

// "09:00-18:00"; seconds are shown only when they are not zero.
[[nodiscard]] inline std::string to_string(const time_interval& iv) { return detail::interval_text(iv); }

// "09:00-18:00", "22:00-06:00" (crosses midnight), "00:00-24:00" (the whole day),
// "09:00:30-17:59:59". Whitespace is allowed around the whole and around '-'.
[[nodiscard]] inline time_interval parse_interval(std::string_view text) {
    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    if (begin == end) throw parse_error("expected an interval such as 09:00-18:00", text, begin);
    std::size_t pos = begin;
    const time_interval iv = detail::read_interval(text, pos, end);
    const std::size_t interval_end = pos;
    pos = detail::skip_spaces(text, pos, end);
    if (pos != end) {
        throw parse_error("unexpected " + detail::quoted(detail::garbage_at(text, pos, end)) + " after interval " +
                              detail::quoted(text.substr(begin, interval_end - begin)),
                          text, pos);
    }
    return iv;
}

// "09:00-12:00,13:00-18:00", whitespace allowed around the commas; the intervals
// of one day, sorted by open. Overlaps are refused (see first_overlap).
[[nodiscard]] inline std::vector<time_interval> parse_intervals(std::string_view text) {
    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    const auto list = detail::read_interval_list(text, begin, end);
    std::vector<time_interval> result;
    result.reserve(list.size());
    for (const auto& item : list) result.push_back(item.interval);
    if (const auto pair = first_overlap(result)) {
        const time_interval& a = result[pair->first];
        const time_interval& b = result[pair->second];
        throw parse_error(detail::overlap_message(detail::interval_text(a), a.open <= b.open, detail::interval_text(b)),
                          text, list[pair->second].position);
    }
    std::sort(result.begin(), result.end(),
              [](const time_interval& x, const time_interval& y) { return x.open < y.open; });
    return result;
}

}  // namespace slakit::inline v0
