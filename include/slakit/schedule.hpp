// slakit/schedule.hpp: weekly working hours, and parsing them from text such as
//   Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00; Sun 22:00-06:00
//
// Grammar (whitespace is ASCII whitespace; day names are case-insensitive):
//   schedule  := clause (';' clause)*          empty clauses are skipped
//   clause    := days whitespace intervals
//   days      := item (',' item)*              item := day | day '-' day
//   day       := Mon|Tue|Wed|Thu|Fri|Sat|Sun or the full English name
//   intervals := interval (',' interval)*
//   interval  := time '-' time                 time := HH:MM | HH:MM:SS
// A day range may wrap around the week (Fri-Mon); Mon-Mon is Monday alone.
// An interval whose close is before its open crosses midnight and belongs to the
// day it opens on. 24:00 may only close an interval. A close of 00:00 after a
// later open (22:00-00:00) is kept as 24:00: the interval ends on its own day,
// and one open time has one representation. No two intervals of a week
// may share a second, across midnight and across Sunday -> Monday too.
#pragma once

#include "error.hpp"
#include "time.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace slakit {

// Local clock times in seconds since local midnight.
struct time_interval {
    std::chrono::seconds open;  // in [0, 24h)
    std::chrono::seconds close; // in [0, 24h]; close < open crosses midnight, close == open is refused

    [[nodiscard]] constexpr bool crosses_midnight() const noexcept { return close < open; }
    [[nodiscard]] constexpr std::chrono::seconds length() const noexcept {
        return crosses_midnight() ? close - open + std::chrono::hours{24} : close - open;
    }
    friend constexpr bool operator==(const time_interval&, const time_interval&) = default;
};

// Whether the bounds are ones weekly_schedule::add accepts, overlaps aside.
[[nodiscard]] constexpr bool is_valid(const time_interval& iv) noexcept {
    constexpr std::chrono::seconds day{std::chrono::hours{24}};
    return iv.open >= std::chrono::seconds{0} && iv.open < day &&
           iv.close >= std::chrono::seconds{0} && iv.close <= day && iv.open != iv.close;
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

inline constexpr std::array<std::string_view, 7> short_day_names{"Mon", "Tue", "Wed", "Thu",
                                                                 "Fri", "Sat", "Sun"};
inline constexpr std::array<std::string_view, 7> full_day_names{
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// Monday is 0: the week of ISO 8601 and of every contract slakit has seen.
[[nodiscard]] constexpr std::size_t day_index(date::weekday day) noexcept {
    return day.iso_encoding() - 1;
}
[[nodiscard]] constexpr date::weekday day_at(std::size_t index) noexcept {
    return date::weekday{static_cast<unsigned>(index + 1)};
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
[[nodiscard]] inline std::string_view fragment_at(std::string_view text, std::size_t pos,
                                                  std::size_t end) {
    std::size_t stop = pos;
    while (stop < end && !is_space(text[stop]) && text[stop] != ',' && text[stop] != ';') ++stop;
    return text.substr(pos, stop - pos);
}

// The text an error about unexpected characters should quote: up to the next
// whitespace, and never empty.
[[nodiscard]] inline std::string_view garbage_at(std::string_view text, std::size_t pos,
                                                 std::size_t end) {
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
inline std::chrono::seconds read_clock_time(std::string_view text, std::size_t& pos,
                                            std::size_t end) {
    const std::size_t start = pos;
    std::size_t stop = pos;
    while (stop < end && is_clock_char(text[stop])) ++stop;
    const std::string_view token = text.substr(start, stop - start);
    const auto fail = [&](std::string_view problem) {
        const std::string_view shown = token.empty() ? fragment_at(text, start, end) : token;
        throw parse_error("invalid time " + quoted(shown) + ": " + std::string{problem}, text,
                          start);
    };
    const bool shape_ok =
        (token.size() == 5 || token.size() == 8) && is_digit(token[0]) && is_digit(token[1]) &&
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
        throw parse_error("expected '-' after " + quoted(text.substr(start, open_end - start)),
                          text, pos);
    }
    pos = skip_spaces(text, pos + 1, end);
    const std::chrono::seconds close = read_clock_time(text, pos, end);
    const std::string_view whole = text.substr(start, pos - start);
    if (open == seconds_per_day) {
        throw parse_error("interval " + quoted(whole) + " opens at 24:00, which can only close one",
                          text, start);
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
    std::size_t position; // in the whole text
    std::size_t length;   // of its text
};

// A comma-separated list of intervals filling [begin, end), which the caller
// has trimmed; in text order, not checked for overlaps.
inline std::vector<located_interval> read_interval_list(std::string_view text,
                                                        std::size_t begin, std::size_t end) {
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
            throw parse_error("unexpected " + quoted(garbage_at(text, pos, end)) +
                                  " after interval " + quoted(written),
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

} // namespace detail

// "09:00-18:00"; seconds are shown only when they are not zero.
[[nodiscard]] inline std::string to_string(const time_interval& iv) {
    return detail::interval_text(iv);
}

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
        throw parse_error("unexpected " + detail::quoted(detail::garbage_at(text, pos, end)) +
                              " after interval " +
                              detail::quoted(text.substr(begin, interval_end - begin)),
                          text, pos);
    }
    return iv;
}

// "09:00-12:00,13:00-18:00", whitespace allowed around the commas; the intervals
// of one day, sorted by open. Overlaps are refused, with the intervals laid on a
// line from 00:00 to 48:00 so that one crossing midnight ends after 24:00.
[[nodiscard]] inline std::vector<time_interval> parse_intervals(std::string_view text) {
    const auto [begin, end] = detail::trimmed(text, 0, text.size());
    const auto list = detail::read_interval_list(text, begin, end);
    std::vector<time_interval> result;
    result.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const time_interval& b = list[i].interval;
        for (std::size_t j = 0; j < i; ++j) {
            const time_interval& a = list[j].interval;
            const bool overlap = a.open < b.open + b.length() && b.open < a.open + a.length();
            if (overlap) {
                throw parse_error(detail::overlap_message(detail::interval_text(a), a.open <= b.open,
                                                          detail::interval_text(b)),
                                  text, list[i].position);
            }
        }
        result.push_back(b);
    }
    std::sort(result.begin(), result.end(),
              [](const time_interval& x, const time_interval& y) { return x.open < y.open; });
    return result;
}

// The opening hours of a week, in local clock time. Each day's intervals are
// sorted by open, and no two intervals of the week overlap, so two schedules
// with the same open time compare equal.
class weekly_schedule {
public:
    weekly_schedule() = default; // closed all week

    static weekly_schedule parse(std::string_view text);
    static weekly_schedule always_open();

    // Adds iv (a close of 00:00 stored as 24:00) to the day it opens on.
    // Throws std::invalid_argument if the interval is not valid, the day is not a
    // weekday, or it overlaps an interval already in the week, including one that
    // crosses midnight from the day before and Sunday -> Monday.
    weekly_schedule& add(date::weekday day, time_interval iv) {
        if (!day.ok()) throw std::invalid_argument("weekly_schedule::add: not a weekday");
        if (!is_valid(iv)) {
            throw std::invalid_argument(
                "weekly_schedule::add: not a valid interval (open " +
                std::to_string(iv.open.count()) + "s, close " + std::to_string(iv.close.count()) +
                "s; want open in [0, 24h), close in [0, 24h], open != close)");
        }
        iv = detail::normalized(iv);
        if (const auto message = overlap_with(day, iv)) throw std::invalid_argument(*message);
        insert(day, iv);
        return *this;
    }

    // Sorted by open; empty for a closed day or something that is not a weekday.
    [[nodiscard]] std::span<const time_interval> on(date::weekday day) const noexcept {
        if (!day.ok()) return {};
        return days_[detail::day_index(day)];
    }

    // Whether the time of day on that day is inside an interval: one of the day's
    // own, or one that crossed midnight from the day before. Intervals are
    // half-open: open at the opening second, closed at the closing one.
    [[nodiscard]] bool is_open(date::weekday day, std::chrono::seconds time_of_day) const noexcept {
        if (!day.ok() || time_of_day < std::chrono::seconds{0} ||
            time_of_day >= detail::seconds_per_day) {
            return false;
        }
        for (const time_interval& iv : days_[detail::day_index(day)]) {
            if (iv.open <= time_of_day && time_of_day < iv.open + iv.length()) return true;
        }
        for (const time_interval& iv : on(day - date::days{1})) {
            if (iv.crosses_midnight() && time_of_day < iv.close) return true;
        }
        return false;
    }

    [[nodiscard]] bool empty() const noexcept {
        return std::all_of(days_.begin(), days_.end(), [](const auto& d) { return d.empty(); });
    }

    [[nodiscard]] std::chrono::seconds open_per_week() const noexcept {
        std::chrono::seconds total{0};
        for (const auto& day : days_) {
            for (const time_interval& iv : day) total += iv.length();
        }
        return total;
    }

    // The canonical text, one clause per open day from Monday:
    // "Mon 09:00-12:00,13:00-18:00; Sat 10:00-14:00"; "" when closed all week.
    // parse(to_string()) == *this.
    [[nodiscard]] std::string to_string() const {
        std::string out;
        for (std::size_t i = 0; i < days_.size(); ++i) {
            if (days_[i].empty()) continue;
            if (!out.empty()) out += "; ";
            out += detail::short_day_names[i];
            char separator = ' ';
            for (const time_interval& iv : days_[i]) {
                out += separator;
                out += detail::interval_text(iv);
                separator = ',';
            }
        }
        return out;
    }

    friend bool operator==(const weekly_schedule&, const weekly_schedule&) = default;

private:
    static std::string label(date::weekday day, const time_interval& iv) {
        std::string s{detail::short_day_names[detail::day_index(day)]};
        s += ' ';
        s += detail::interval_text(iv);
        return s;
    }

    // The message naming the first interval of the week that iv would overlap, if any.
    // Every interval is an arc of the week's circle; two arcs meet exactly when
    // one of them holds the other's opening.
    [[nodiscard]] std::optional<std::string> overlap_with(date::weekday day,
                                                          const time_interval& iv) const {
        constexpr std::int64_t week = 7 * detail::seconds_per_day.count();
        const auto circular = [](std::int64_t d) { return ((d % week) + week) % week; };
        const std::int64_t a =
            static_cast<std::int64_t>(detail::day_index(day)) * detail::seconds_per_day.count() +
            iv.open.count();
        for (std::size_t j = 0; j < days_.size(); ++j) {
            for (const time_interval& other : days_[j]) {
                const std::int64_t b =
                    static_cast<std::int64_t>(j) * detail::seconds_per_day.count() +
                    other.open.count();
                const bool new_holds_other = circular(b - a) < iv.length().count();
                const bool other_holds_new = circular(a - b) < other.length().count();
                if (new_holds_other || other_holds_new) {
                    return detail::overlap_message(label(detail::day_at(j), other), other_holds_new,
                                                   label(day, iv));
                }
            }
        }
        return std::nullopt;
    }

    void insert(date::weekday day, const time_interval& iv) {
        auto& list = days_[detail::day_index(day)];
        const auto at = std::upper_bound(
            list.begin(), list.end(), iv,
            [](const time_interval& x, const time_interval& y) { return x.open < y.open; });
        list.insert(at, iv);
    }

    void parse_clause(std::string_view text, std::size_t begin, std::size_t end);

    std::array<std::vector<time_interval>, 7> days_{}; // Monday first
};

namespace detail {

// A day name at pos (letters only), or an error quoting what stands there.
inline date::weekday read_day_name(std::string_view text, std::size_t& pos, std::size_t end) {
    const std::size_t start = pos;
    while (pos < end && is_letter(text[pos])) ++pos;
    const std::string_view name = text.substr(start, pos - start);
    if (name.empty()) {
        throw parse_error("expected a day name (Mon..Sun) at " + quoted(fragment_at(text, start, end)),
                          text, start);
    }
    const auto equals_lower = [](std::string_view written, std::string_view lower) {
        if (written.size() != lower.size()) return false;
        for (std::size_t i = 0; i < written.size(); ++i) {
            const char c = written[i];
            const char folded = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
            if (folded != lower[i]) return false;
        }
        return true;
    };
    for (std::size_t i = 0; i < 7; ++i) {
        if (equals_lower(name, full_day_names[i]) ||
            equals_lower(name, full_day_names[i].substr(0, 3))) {
            return day_at(i);
        }
    }
    throw parse_error("unknown day name " + quoted(name) + " (use Mon..Sun or Monday..Sunday)",
                      text, start);
}

} // namespace detail

inline void weekly_schedule::parse_clause(std::string_view text, std::size_t begin,
                                          std::size_t end) {
    std::array<bool, 7> named{};
    std::vector<date::weekday> days;
    std::size_t pos = begin;
    std::size_t after_days = begin; // just past the last day name
    while (true) {
        const std::size_t item_start = pos;
        const date::weekday first = detail::read_day_name(text, pos, end);
        date::weekday last = first;
        std::size_t item_end = pos;
        const std::size_t dash = detail::skip_spaces(text, pos, end);
        if (dash < end && text[dash] == '-') {
            pos = detail::skip_spaces(text, dash + 1, end);
            last = detail::read_day_name(text, pos, end);
            item_end = pos;
        }
        for (date::weekday d = first;; d += date::days{1}) {
            const std::size_t i = detail::day_index(d);
            if (named[i]) {
                throw parse_error(
                    std::string{"day "} + std::string{detail::short_day_names[i]} +
                        " named twice in the clause, again by " +
                        detail::quoted(text.substr(item_start, item_end - item_start)),
                    text, item_start);
            }
            named[i] = true;
            days.push_back(d);
            if (d == last) break;
        }
        after_days = item_end;
        pos = detail::skip_spaces(text, item_end, end);
        if (pos < end && text[pos] == ',') {
            pos = detail::skip_spaces(text, pos + 1, end);
            continue;
        }
        break;
    }
    if (pos == end) {
        throw parse_error("clause " + detail::quoted(text.substr(begin, end - begin)) +
                              " has no intervals",
                          text, begin);
    }
    if (!detail::is_digit(text[pos])) {
        throw parse_error("unexpected " + detail::quoted(detail::garbage_at(text, pos, end)) +
                              " after the days (expected intervals such as 09:00-18:00)",
                          text, pos);
    }
    if (pos == after_days) {
        throw parse_error("expected whitespace between the days and the intervals", text, pos);
    }

    const auto intervals = detail::read_interval_list(text, pos, end);
    for (const date::weekday day : days) {
        for (const detail::located_interval& item : intervals) {
            if (const auto message = overlap_with(day, item.interval)) {
                throw parse_error(*message, text, item.position);
            }
            insert(day, item.interval);
        }
    }
}

inline weekly_schedule weekly_schedule::parse(std::string_view text) {
    weekly_schedule result;
    std::size_t pos = 0;
    while (true) {
        const std::size_t semicolon = text.find(';', pos);
        const std::size_t clause_end = semicolon == std::string_view::npos ? text.size() : semicolon;
        const auto [begin, end] = detail::trimmed(text, pos, clause_end);
        if (begin != end) result.parse_clause(text, begin, end);
        if (clause_end == text.size()) return result;
        pos = clause_end + 1;
    }
}

inline weekly_schedule weekly_schedule::always_open() {
    weekly_schedule result;
    for (auto& day : result.days_) day.push_back({std::chrono::seconds{0}, detail::seconds_per_day});
    return result;
}

} // namespace slakit
