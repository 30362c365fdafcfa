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
// Intervals are those of interval.hpp. No two intervals of a week may share a
// second, across midnight and across Sunday -> Monday too.
#pragma once

#include <slakit/error.hpp>
#include <slakit/interval.hpp>
#include <slakit/time.hpp>

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

namespace slakit::inline v0 {

namespace detail {

inline constexpr std::array<std::string_view, 7> short_day_names{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
inline constexpr std::array<std::string_view, 7> full_day_names{"monday", "tuesday",  "wednesday", "thursday",
                                                                "friday", "saturday", "sunday"};

// Monday is 0: the week of ISO 8601 and of every contract slakit has seen.
[[nodiscard]] constexpr std::size_t day_index(date::weekday day) noexcept { return day.iso_encoding() - 1; }
[[nodiscard]] constexpr date::weekday day_at(std::size_t index) noexcept {
    return date::weekday{static_cast<unsigned>(index + 1)};
}

}  // namespace detail

// The opening hours of a week, in local clock time. Each day's intervals are
// sorted by open, and no two intervals of the week overlap, so two schedules
// with the same open time compare equal.
class weekly_schedule {
public:
    weekly_schedule() = default;  // closed all week

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
                "weekly_schedule::add: not a valid interval (open " + std::to_string(iv.open.count()) + "s, close " +
                std::to_string(iv.close.count()) + "s; want open in [0, 24h), close in [0, 24h], open != close)");
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
        if (!day.ok() || time_of_day < std::chrono::seconds{0} || time_of_day >= detail::seconds_per_day) {
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
    [[nodiscard]] std::optional<std::string> overlap_with(date::weekday day, const time_interval& iv) const {
        constexpr std::int64_t week = 7 * detail::seconds_per_day.count();
        const auto circular = [](std::int64_t d) { return ((d % week) + week) % week; };
        const std::int64_t a =
            static_cast<std::int64_t>(detail::day_index(day)) * detail::seconds_per_day.count() + iv.open.count();
        for (std::size_t j = 0; j < days_.size(); ++j) {
            for (const time_interval& other : days_[j]) {
                const std::int64_t b =
                    static_cast<std::int64_t>(j) * detail::seconds_per_day.count() + other.open.count();
                const bool new_holds_other = circular(b - a) < iv.length().count();
                const bool other_holds_new = circular(a - b) < other.length().count();
                if (new_holds_other || other_holds_new) {
                    return detail::overlap_message(label(detail::day_at(j), other), other_holds_new, label(day, iv));
                }
            }
        }
        return std::nullopt;
    }

    void insert(date::weekday day, const time_interval& iv) {
        auto& list = days_[detail::day_index(day)];
        const auto at =
            std::upper_bound(list.begin(), list.end(), iv,
                             [](const time_interval& x, const time_interval& y) { return x.open < y.open; });
        list.insert(at, iv);
    }

    void parse_clause(std::string_view text, std::size_t begin, std::size_t end);

    std::array<std::vector<time_interval>, 7> days_{};  // Monday first
};

namespace detail {

// A day name at pos (letters only), or an error quoting what stands there.
inline date::weekday read_day_name(std::string_view text, std::size_t& pos, std::size_t end) {
    const std::size_t start = pos;
    while (pos < end && is_letter(text[pos])) ++pos;
    const std::string_view name = text.substr(start, pos - start);
    if (name.empty()) {
        throw parse_error("expected a day name (Mon..Sun) at " + quoted(fragment_at(text, start, end)), text, start);
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
        if (equals_lower(name, full_day_names[i]) || equals_lower(name, full_day_names[i].substr(0, 3))) {
            return day_at(i);
        }
    }
    throw parse_error("unknown day name " + quoted(name) + " (use Mon..Sun or Monday..Sunday)", text, start);
}

}  // namespace detail

inline void weekly_schedule::parse_clause(std::string_view text, std::size_t begin, std::size_t end) {
    std::array<bool, 7> named{};
    std::vector<date::weekday> days;
    std::size_t pos = begin;
    std::size_t after_days = begin;  // just past the last day name
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
                throw parse_error(std::string{"day "} + std::string{detail::short_day_names[i]} +
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
        throw parse_error("clause " + detail::quoted(text.substr(begin, end - begin)) + " has no intervals", text,
                          begin);
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

}  // namespace slakit::inline v0
