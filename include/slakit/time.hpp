// slakit/time.hpp: time aliases; instants, dates and durations read from text, and
// instants and dates written back as text that reads back.
//
// Everything here is strict on purpose: an SLA is money, and a timestamp or a
// threshold that was silently misread is worse than one that was refused.
// Every refusal is a parse_error that keeps the input and the 0-based position
// of the first character that is wrong.
//
// Whitespace means the ASCII whitespace characters (space, \t, \n, \r, \f, \v);
// it is trimmed around whole inputs, never inside numbers.
#pragma once

#include <slakit/enums.hpp>
#include <slakit/error.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ratio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <date/date.h>

namespace slakit::inline v0 {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;
using std::chrono::sys_time;

// A point on the UTC time line, at the millisecond precision request records carry.
using instant = sys_time<milliseconds>;

// The instants slakit accepts: [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z).
// Bounding them keeps every sum of an instant and a contract-sized duration far
// from overflow, whatever the duration's representation.
inline constexpr sys_seconds earliest_instant{date::sys_days{date::year{1900} / date::January / date::day{1}}};
inline constexpr sys_seconds latest_instant{// exclusive
                                            date::sys_days{date::year{2200} / date::January / date::day{1}}};

template <class D>
[[nodiscard]] constexpr bool in_supported_range(sys_time<D> t) noexcept {
    return earliest_instant <= t && t < latest_instant;
}

namespace detail {

[[nodiscard]] constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

[[nodiscard]] constexpr bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Offsets rather than a sub-view, so that errors can point into the whole input.
struct text_range {
    std::size_t begin;
    std::size_t end;
};

[[nodiscard]] constexpr text_range trimmed(std::string_view text, std::size_t begin, std::size_t end) noexcept {
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    return {begin, end};
}

[[nodiscard]] constexpr std::size_t skip_spaces(std::string_view text, std::size_t pos, std::size_t end) noexcept {
    while (pos < end && is_space(text[pos])) ++pos;
    return pos;
}

[[nodiscard]] constexpr std::size_t count_digits(std::string_view text, std::size_t pos, std::size_t end) noexcept {
    std::size_t n = 0;
    while (pos + n < end && is_digit(text[pos + n])) ++n;
    return n;
}

// Reads exactly `width` digits at pos (at most 9, so the value fits an int) and
// advances past them; anything else is an error that says what was expected.
inline int read_fixed_digits(std::string_view text, std::size_t& pos, std::size_t end, std::size_t width,
                             std::string_view expected) {
    if (count_digits(text, pos, end) < width) {
        throw parse_error(std::string{"expected "} + std::string{expected}, text, pos);
    }
    int value = 0;
    std::from_chars(text.data() + pos, text.data() + pos + width, value);
    pos += width;
    return value;
}

inline void expect_char(std::string_view text, std::size_t& pos, std::size_t end, char c, std::string_view after) {
    if (pos >= end || text[pos] != c) {
        std::string what{"expected '"};
        what += c;
        what += "' after the ";
        what += after;
        throw parse_error(what, text, pos);
    }
    ++pos;
}

// YYYY-MM-DD at pos, validated as a calendar date but not against the supported
// range: a local date just outside it can still name a supported instant.
inline date::year_month_day read_date(std::string_view text, std::size_t& pos, std::size_t end) {
    const std::size_t year_pos = pos;
    const int y = read_fixed_digits(text, pos, end, 4, "a 4-digit year");
    expect_char(text, pos, end, '-', "year");
    const std::size_t month_pos = pos;
    const int m = read_fixed_digits(text, pos, end, 2, "a 2-digit month");
    if (m < 1 || m > 12) {
        throw parse_error("month " + std::to_string(m) + " out of range", text, month_pos);
    }
    expect_char(text, pos, end, '-', "month");
    const std::size_t day_pos = pos;
    const int d = read_fixed_digits(text, pos, end, 2, "a 2-digit day");
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                   date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        throw parse_error(std::string{text.substr(year_pos, pos - year_pos)} + " is not a calendar date", text,
                          day_pos);
    }
    return ymd;
}

[[nodiscard]] constexpr bool date_in_supported_range(const date::year_month_day& ymd) noexcept {
    return slakit::in_supported_range(date::sys_days{ymd});
}

inline date::year_month_day read_supported_date(std::string_view text, std::size_t& pos, std::size_t end) {
    const std::size_t start = pos;
    const auto ymd = read_date(text, pos, end);
    if (!date_in_supported_range(ymd)) {
        throw parse_error("date outside the supported range 1900-01-01..2199-12-31", text, start);
    }
    return ymd;
}

inline void expect_end(std::string_view text, std::size_t pos, std::size_t end, std::string_view after) {
    if (pos != end) {
        throw parse_error("unexpected text after the " + std::string{after}, text, pos);
    }
}

}  // namespace detail

// ISO 8601 / RFC 3339 instant:
//   YYYY-MM-DD (T|t|space) HH:MM[:SS[.fraction]] (Z|z|+HH:MM|-HH:MM|+HHMM|-HHMM|+HH|-HH)
// The offset is required: a wall-clock time alone names no instant. Seconds 60
// (leap seconds) are refused, since sys_time cannot hold them. The fraction may
// have 1 to 9 digits; digits beyond milliseconds are dropped, which rounds the
// instant down (toward the past, also before 1970). The result must lie in
// [earliest_instant, latest_instant).
[[nodiscard]] inline instant parse_instant(std::string_view text) {
    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    if (begin == end) throw parse_error("empty timestamp", text, begin);

    std::size_t pos = begin;
    const auto ymd = detail::read_date(text, pos, end);
    if (pos == end) throw parse_error("timestamp without a time of day", text, pos);
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') {
        throw parse_error("expected 'T' between the date and the time", text, pos);
    }
    ++pos;

    const std::size_t hour_pos = pos;
    const int h = detail::read_fixed_digits(text, pos, end, 2, "a 2-digit hour");
    if (h > 23) throw parse_error("hour " + std::to_string(h) + " out of range", text, hour_pos);
    detail::expect_char(text, pos, end, ':', "hour");
    const std::size_t minute_pos = pos;
    const int m = detail::read_fixed_digits(text, pos, end, 2, "a 2-digit minute");
    if (m > 59) {
        throw parse_error("minute " + std::to_string(m) + " out of range", text, minute_pos);
    }
    int s = 0;
    int millis = 0;
    if (pos < end && text[pos] == ':') {
        ++pos;
        const std::size_t second_pos = pos;
        s = detail::read_fixed_digits(text, pos, end, 2, "a 2-digit second");
        if (s > 59) {
            throw parse_error("second " + std::to_string(s) + " out of range (leap seconds are not accepted)", text,
                              second_pos);
        }
        if (pos < end && text[pos] == '.') {
            ++pos;
            const std::size_t digits = detail::count_digits(text, pos, end);
            if (digits == 0) throw parse_error("expected digits after '.'", text, pos);
            if (digits > 9) {
                throw parse_error("more than 9 fraction digits", text, pos + 9);
            }
            for (std::size_t i = 0; i < 3; ++i) {
                millis = millis * 10 + (i < digits ? text[pos + i] - '0' : 0);
            }
            pos += digits;
        }
    }

    if (pos == end) throw parse_error("timestamp without an offset", text, pos);
    minutes offset{0};
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const bool negative = text[pos] == '-';
        ++pos;
        const std::size_t offset_hour_pos = pos;
        const int oh = detail::read_fixed_digits(text, pos, end, 2, "a 2-digit offset hour");
        if (oh > 23) {
            throw parse_error("offset hour " + std::to_string(oh) + " out of range", text, offset_hour_pos);
        }
        int om = 0;
        const bool colon = pos < end && text[pos] == ':';
        if (colon) ++pos;
        if (colon || detail::count_digits(text, pos, end) > 0) {
            const std::size_t offset_minute_pos = pos;
            om = detail::read_fixed_digits(text, pos, end, 2, "a 2-digit offset minute");
            if (om > 59) {
                throw parse_error("offset minute " + std::to_string(om) + " out of range", text, offset_minute_pos);
            }
        }
        offset = hours{oh} + minutes{om};
        if (negative) offset = -offset;
    } else {
        throw parse_error("expected an offset (Z, +HH:MM or -HH:MM)", text, pos);
    }
    detail::expect_end(text, pos, end, "timestamp");

    const instant local_as_utc = date::sys_days{ymd} + hours{h} + minutes{m} + seconds{s} + milliseconds{millis};
    const instant result = local_as_utc - offset;
    if (!in_supported_range(result)) {
        throw parse_error("instant outside the supported range [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)", text,
                          begin);
    }
    return result;
}

// A calendar date YYYY-MM-DD, validated (2027-02-29 is refused) and within the
// supported range, 1900-01-01..2199-12-31.
[[nodiscard]] inline date::year_month_day parse_date(std::string_view text) {
    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    if (begin == end) throw parse_error("empty date", text, begin);
    std::size_t pos = begin;
    const auto ymd = detail::read_supported_date(text, pos, end);
    detail::expect_end(text, pos, end, "date");
    return ymd;
}

// Both ends inclusive, as holiday notices write them.
struct date_range {
    date::year_month_day first;
    date::year_month_day last;

    friend constexpr bool operator==(const date_range&, const date_range&) = default;
};

// "2026-10-01..2026-10-07" (whitespace allowed around "..") or a single date,
// which makes a one-day range. A range that ends before it starts is refused.
[[nodiscard]] inline date_range parse_date_range(std::string_view text) {
    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    if (begin == end) throw parse_error("empty date range", text, begin);
    std::size_t pos = begin;
    const auto first = detail::read_supported_date(text, pos, end);
    pos = detail::skip_spaces(text, pos, end);
    if (pos == end) return {first, first};
    if (text.substr(pos, 2) != "..") {
        throw parse_error("expected \"..\" between the first and the last date", text, pos);
    }
    pos = detail::skip_spaces(text, pos + 2, end);
    const std::size_t last_pos = pos;
    const auto last = detail::read_supported_date(text, pos, end);
    detail::expect_end(text, pos, end, "date range");
    if (last < first) {
        throw parse_error("date range ends before it starts", text, last_pos);
    }
    return {first, last};
}

// Whether format_instant writes the fraction of a second when it is zero.
enum class fraction : unsigned char { when_nonzero, always };

[[nodiscard]] constexpr std::string_view to_string(fraction f) noexcept {
    return f == fraction::always ? "always" : "when_nonzero";
}

template <>
struct enum_values<fraction> {
    static constexpr std::string_view name = "fraction";
    static constexpr std::array values{fraction::when_nonzero, fraction::always};
};

namespace detail {

inline void append_digits(std::string& out, std::uint64_t value, int width) {
    char digits[20];
    for (int i = width; i-- > 0; value /= 10) digits[i] = static_cast<char>('0' + value % 10);
    out.append(digits, static_cast<std::size_t>(width));
}

// YYYY-MM-DD; a negative year as -YYYY, as date::format("%F") writes it.
inline void append_date(std::string& out, const date::year_month_day& ymd) {
    const int y = static_cast<int>(ymd.year());
    if (y < 0) out += '-';
    append_digits(out, static_cast<std::uint64_t>(y < 0 ? -y : y), 4);
    out += '-';
    append_digits(out, static_cast<unsigned>(ymd.month()), 2);
    out += '-';
    append_digits(out, static_cast<unsigned>(ymd.day()), 2);
}

// Fraction digits of a Duration: 0 for whole seconds or coarser, else 3, 6 or 9,
// the fewest that hold its tick (ticks finer than a nanosecond are cut to one).
template <class Duration>
inline constexpr int fraction_width = [] {
    constexpr auto den = std::common_type_t<Duration, std::chrono::seconds>::period::den;
    if constexpr (den == 1)
        return 0;
    else if constexpr (1'000 % den == 0)
        return 3;
    else if constexpr (1'000'000 % den == 0)
        return 6;
    else
        return 9;
}();

template <int W>
using fraction_unit = std::chrono::duration<std::int64_t, std::ratio<1, W == 3   ? 1'000
                                                                        : W == 6 ? 1'000'000
                                                                                 : 1'000'000'000>>;

// "YYYY-MM-DDTHH:MM:SS[.fff]" of a local or UTC reading t, years 0000..9999.
template <class Duration, class Clock>
void append_reading(std::string& out, std::chrono::time_point<Clock, Duration> t, fraction f) {
    const auto day = std::chrono::floor<date::days>(t);
    const date::year_month_day ymd{date::sys_days{day.time_since_epoch()}};
    if (ymd.year() < date::year{0} || ymd.year() > date::year{9999})
        throw std::out_of_range("format_instant: the year lies outside 0000..9999, which ISO 8601 cannot write");
    append_date(out, ymd);
    const auto in_day = t - day;
    const auto whole = std::chrono::floor<std::chrono::seconds>(in_day);
    const auto s = static_cast<std::uint64_t>(whole.count());
    out += 'T';
    append_digits(out, s / 3600, 2);
    out += ':';
    append_digits(out, s / 60 % 60, 2);
    out += ':';
    append_digits(out, s % 60, 2);
    constexpr int width = fraction_width<Duration>;
    if constexpr (width > 0) {
        const auto part = std::chrono::floor<fraction_unit<width>>(in_day - whole).count();
        if (part != 0 || f == fraction::always) {
            out += '.';
            append_digits(out, static_cast<std::uint64_t>(part), width);
        }
    }
}

}  // namespace detail

// "2026-10-01": YYYY-MM-DD, the text parse_date reads.
[[nodiscard]] inline std::string format_date(const date::year_month_day& day) {
    std::string out;
    out.reserve(11);
    detail::append_date(out, day);
    return out;
}

// "2026-03-02T01:30:00Z", "2026-03-02T01:30:00.250Z": UTC, the text parse_instant
// reads back. The fraction has the digits of Duration's tick (3 for milliseconds,
// 6 for microseconds, 9 for nanoseconds, none for seconds), written only when it is
// not zero unless f is fraction::always; parse_instant(format_instant(t)) == t for
// every supported instant t. Throws std::out_of_range outside the years 0000..9999.
template <class Duration>
[[nodiscard]] std::string format_instant(sys_time<Duration> t, fraction f = fraction::when_nonzero) {
    std::string out;
    out.reserve(32);
    detail::append_reading(out, t, f);
    out += 'Z';
    return out;
}

// "2026-03-09T09:00:00+08:00": the local time a zone shows at t, with the zone's
// UTC offset then (cut to whole minutes toward zero, so local mean times before
// 1900 do not read back exactly). Fraction as above.
template <class Duration, class ZonePtr>
requires requires(const ZonePtr& zone, sys_seconds s) { std::chrono::seconds{zone->get_info(s).offset}; }
[[nodiscard]] std::string format_instant(sys_time<Duration> t, const ZonePtr& zone,
                                         fraction f = fraction::when_nonzero) {
    const std::chrono::seconds offset{zone->get_info(std::chrono::floor<std::chrono::seconds>(t)).offset};
    std::string out;
    out.reserve(40);
    detail::append_reading(out, date::local_time<Duration>{t.time_since_epoch()} + offset, f);
    const auto minutes_east = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    const auto magnitude = static_cast<std::uint64_t>(minutes_east < 0 ? -minutes_east : minutes_east);
    out += minutes_east < 0 ? '-' : '+';
    detail::append_digits(out, magnitude / 60, 2);
    out += ':';
    detail::append_digits(out, magnitude % 60, 2);
    return out;
}

// A duration written as parts NUMBER UNIT with units d, h, min, s, ms, e.g. "45s",
// "30min", "1h30min", "1h 30min", "1d2h", "250ms", or a bare number of seconds
// ("90"). Each unit appears at most once, larger units first; units are lower
// case ("m" is refused: minutes or months would be a guess). Whitespace may
// separate parts and a number from its unit. Fractions, signs, empty text and
// totals beyond milliseconds::max() are refused.
[[nodiscard]] inline milliseconds parse_duration(std::string_view text) {
    struct unit {
        std::string_view name;
        std::int64_t millis;
    };
    static constexpr unit units[] = {{"d", 86'400'000}, {"h", 3'600'000}, {"min", 60'000}, {"s", 1'000}, {"ms", 1}};
    constexpr std::size_t unit_count = sizeof(units) / sizeof(units[0]);
    constexpr std::int64_t max_millis = std::numeric_limits<milliseconds::rep>::max();

    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    if (begin == end) throw parse_error("empty duration", text, begin);

    std::size_t pos = begin;
    std::size_t next_unit = 0;  // units before this index are used up
    std::int64_t total = 0;
    bool first_part = true;
    while (pos < end) {
        const std::size_t number_pos = pos;
        if (text[pos] == '-') throw parse_error("negative duration", text, pos);
        const std::size_t digits = detail::count_digits(text, pos, end);
        if (digits == 0) throw parse_error("expected a number", text, pos);
        std::uint64_t value = 0;
        const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + digits, value);
        static_cast<void>(ptr);
        if (ec != std::errc{}) throw parse_error("duration too large", text, number_pos);
        pos += digits;
        if (pos < end && (text[pos] == '.' || text[pos] == ',')) {
            throw parse_error("fractional numbers are not supported in durations", text, pos);
        }

        const std::size_t unit_pos = detail::skip_spaces(text, pos, end);
        std::size_t unit_end = unit_pos;
        while (unit_end < end && detail::is_letter(text[unit_end])) ++unit_end;
        std::int64_t factor = 0;
        if (unit_end == unit_pos) {
            if (!(first_part && unit_pos == end)) {
                throw parse_error("expected a unit (d, h, min, s or ms)", text, unit_pos);
            }
            factor = 1'000;  // a bare number is seconds
            pos = unit_end;
        } else {
            const std::string_view name = text.substr(unit_pos, unit_end - unit_pos);
            std::size_t index = 0;
            while (index < unit_count && units[index].name != name) ++index;
            if (index == unit_count) {
                throw parse_error("unknown unit \"" + std::string{name} + "\" (use d, h, min, s or ms)", text,
                                  unit_pos);
            }
            if (index < next_unit) {
                throw parse_error("unit \"" + std::string{name} + "\" repeated or after a smaller unit", text,
                                  unit_pos);
            }
            next_unit = index + 1;
            factor = units[index].millis;
            pos = unit_end;
        }

        if (value > static_cast<std::uint64_t>(max_millis / factor)) {
            throw parse_error("duration too large", text, number_pos);
        }
        const std::int64_t part = static_cast<std::int64_t>(value) * factor;
        if (part > max_millis - total) throw parse_error("duration too large", text, number_pos);
        total += part;
        first_part = false;
        pos = detail::skip_spaces(text, pos, end);
    }
    return milliseconds{total};
}

}  // namespace slakit::inline v0
