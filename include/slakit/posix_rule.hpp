// slakit/posix_rule.hpp: a POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0", the
// footer of a TZif file (RFC 8536 section 3.3), which says how a zone goes on after
// its last explicit transition.
//
// Grammar (POSIX.1-2017 section 8.3, with RFC 8536 section 3.3.1's extension that a
// rule's time may lie in [-167, 167] hours):
//   rule   = std offset [dst [offset] "," date ["/" time] "," date ["/" time]]
//   name   = 3 or more letters | "<" 3 or more of [A-Za-z0-9+-] ">"
//   offset = [+-]hh[:mm[:ss]]      hours 0-24, positive WEST of Greenwich
//   date   = Jn (1-365, 29 February never counted) | n (0-365) | Mm.w.d
//            (month 1-12, week 1-5 where 5 is the last, day 0-6 from Sunday)
//   time   = [+-]hh[:mm[:ss]]      hours -167 to 167; 02:00 when left out
// A missing dst offset is one hour ahead of standard time. Daylight time starts at
// its time read on the standard clock and ends at its time read on the daylight
// clock. A rule whose daylight time ends exactly when next year's starts (such as
// "EST5EDT,0/0,J365/25") keeps daylight time all year. A dst name without dates is
// refused: zic always writes them, and POSIX leaves their default to each system.
#pragma once

#include <slakit/error.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace slakit::inline v0 {

class posix_rule {
public:
    // One end of daylight time: a day of the year and a time on that day.
    struct change_date {
        enum class form : unsigned char { julian, zero_based, month_week_day };
        form kind = form::month_week_day;
        int day = 0;  // Jn: 1-365; n: 0-365; Mm.w.d: d, 0-6 from Sunday
        int week = 0;  // Mm.w.d only: 1-5
        int month = 0;  // Mm.w.d only: 1-12
        std::chrono::seconds time{7200};  // local time of day, -167 h to 167 h

        // The local date this rule gives in year y.
        [[nodiscard]] date::local_days in(date::year y) const noexcept {
            const date::local_days jan1{y / date::January / 1};
            switch (kind) {
            case form::julian: return jan1 + date::days{day - 1 + (y.is_leap() && day >= 60 ? 1 : 0)};
            case form::zero_based: return jan1 + date::days{day};
            case form::month_week_day: break;
            }
            const date::month m{static_cast<unsigned>(month)};
            const date::weekday wd{static_cast<unsigned>(day)};
            if (week == 5) return date::local_days{y / m / wd[date::last]};
            return date::local_days{y / m / wd[static_cast<unsigned>(week)]};
        }
    };

    // Parses text; throws parse_error naming what is wrong and where.
    [[nodiscard]] static posix_rule parse(std::string_view text) {
        parser p{text, 0};
        posix_rule r;
        r.std_name_ = p.name("standard time name");
        r.std_offset_ = -p.clock("standard time offset", 24);
        if (p.done()) return r;
        r.dst_name_ = p.name("daylight time name");
        r.has_dst_ = true;
        r.dst_offset_ = r.std_offset_ + std::chrono::hours{1};
        if (!p.done() && p.peek() != ',') r.dst_offset_ = -p.clock("daylight time offset", 24);
        if (p.done()) p.fail("a daylight time name without the dates it starts and ends");
        p.expect(',', "',' before the date daylight time starts");
        r.start_ = p.change("daylight time start");
        p.expect(',', "',' before the date daylight time ends");
        r.end_ = p.change("daylight time end");
        if (!p.done()) p.fail("text after the rule");
        return r;
    }

    [[nodiscard]] const std::string& standard_name() const noexcept { return std_name_; }
    [[nodiscard]] const std::string& daylight_name() const noexcept { return dst_name_; }
    // UTC offsets (local minus UTC), the opposite sign of the text's.
    [[nodiscard]] std::chrono::seconds standard_offset() const noexcept { return std_offset_; }
    [[nodiscard]] std::chrono::seconds daylight_offset() const noexcept { return dst_offset_; }
    [[nodiscard]] bool has_daylight_time() const noexcept { return has_dst_; }
    [[nodiscard]] const change_date& daylight_start() const noexcept { return start_; }
    [[nodiscard]] const change_date& daylight_end() const noexcept { return end_; }

    // The UTC instants at which daylight time starts and ends in year y (by the
    // rule's local dates; an instant may fall in a neighbouring UTC year).
    [[nodiscard]] std::chrono::sys_seconds daylight_start_in(date::year y) const noexcept {
        return instant(start_, y, std_offset_);
    }
    [[nodiscard]] std::chrono::sys_seconds daylight_end_in(date::year y) const noexcept {
        return instant(end_, y, dst_offset_);
    }

    // The offset in force at t and the span [begin, end) over which it holds, as
    // date::time_zone::get_info gives it. Without daylight time the span is unbounded.
    template <class Duration>
    [[nodiscard]] date::sys_info get_info(std::chrono::sys_time<Duration> tp) const {
        using std::chrono::seconds;
        const auto t = std::chrono::floor<seconds>(tp);
        if (!has_dst_) return info(far_past(), far_future(), false);
        // The changes of the years around t, in time order; at one instant the later
        // change in rule order wins. Two years each side cover any rule time.
        const int y = static_cast<int>(date::year_month_day{std::chrono::floor<date::days>(t)}.year());
        std::array<change, 10> changes{};
        std::size_t n = 0;
        for (int year = y - 2; year <= y + 2; ++year) {
            changes[n++] = {daylight_start_in(date::year{year}), true};
            changes[n++] = {daylight_end_in(date::year{year}), false};
        }
        std::stable_sort(changes.begin(), changes.end(), [](const change& a, const change& b) { return a.at < b.at; });
        // Keep the last change at each instant, then only those that change the state.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (i + 1 < n && changes[i + 1].at == changes[i].at) continue;
            if (kept > 0 && changes[kept - 1].daylight == changes[i].daylight) continue;
            changes[kept++] = changes[i];
        }
        if (kept == 1) return info(far_past(), far_future(), changes[0].daylight);  // daylight time all year
        // The change in force at t (t lies in year y, after year y - 2's changes); its
        // state holds until the next one.
        std::size_t i = 0;
        while (i + 1 < kept && changes[i + 1].at <= t) ++i;
        return info(changes[i].at, i + 1 < kept ? changes[i + 1].at : far_future(), changes[i].daylight);
    }

private:
    struct change {
        std::chrono::sys_seconds at;
        bool daylight;
    };

    struct parser {
        std::string_view text;
        std::size_t pos;

        [[nodiscard]] bool done() const noexcept { return pos == text.size(); }
        [[nodiscard]] char peek() const noexcept { return done() ? '\0' : text[pos]; }
        [[noreturn]] void fail(std::string_view problem) const { throw parse_error(problem, text, pos); }

        void expect(char c, std::string_view what) {
            if (peek() != c) fail(std::string{"expected "} + std::string{what});
            ++pos;
        }

        static bool letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
        static bool digit(char c) noexcept { return c >= '0' && c <= '9'; }

        std::string name(std::string_view what) {
            const std::size_t start = pos;
            if (peek() == '<') {
                ++pos;
                while (!done() && (letter(peek()) || digit(peek()) || peek() == '+' || peek() == '-')) ++pos;
                if (peek() != '>') fail(std::string{"a "} + std::string{what} + " opened with '<' and not closed");
                if (pos - start - 1 < 3) fail(std::string{"a "} + std::string{what} + " shorter than 3 characters");
                ++pos;
                return std::string{text.substr(start + 1, pos - start - 2)};
            }
            while (!done() && letter(peek())) ++pos;
            if (pos - start < 3) {
                pos = start;
                fail(std::string{"expected a "} + std::string{what} + " of 3 or more letters");
            }
            return std::string{text.substr(start, pos - start)};
        }

        int number(std::string_view what, int max) {
            if (!digit(peek())) fail(std::string{"expected a number in the "} + std::string{what});
            const std::size_t start = pos;
            int v = 0;
            while (digit(peek())) {
                v = v * 10 + (text[pos++] - '0');
                if (v > max) {
                    pos = start;
                    fail(std::string{"a number above "} + std::to_string(max) + " in the " + std::string{what});
                }
            }
            return v;
        }

        // [+-]hh[:mm[:ss]], hours up to max_hours.
        std::chrono::seconds clock(std::string_view what, int max_hours) {
            int sign = 1;
            if (peek() == '+' || peek() == '-') sign = text[pos++] == '-' ? -1 : 1;
            long total = number(what, max_hours) * 3600L;
            for (const long unit : {60L, 1L}) {
                if (peek() != ':') break;
                ++pos;
                total += number(what, 59) * unit;
            }
            return std::chrono::seconds{sign * total};
        }

        change_date change(std::string_view what) {
            change_date d;
            if (peek() == 'J') {
                ++pos;
                d.kind = change_date::form::julian;
                const std::size_t at = pos;
                d.day = number(what, 365);
                if (d.day < 1) {
                    pos = at;
                    fail(std::string{"a Julian day 0 (it counts from 1) in the "} + std::string{what});
                }
            } else if (peek() == 'M') {
                ++pos;
                d.kind = change_date::form::month_week_day;
                d.month = number(what, 12);
                expect('.', std::string{"'.' after the month of the "} + std::string{what});
                d.week = number(what, 5);
                expect('.', std::string{"'.' after the week of the "} + std::string{what});
                d.day = number(what, 6);
                if (d.month < 1 || d.week < 1) {
                    --pos;
                    fail(std::string{"a month or week 0 (both count from 1) in the "} + std::string{what});
                }
            } else {
                d.kind = change_date::form::zero_based;
                d.day = number(what, 365);
            }
            if (peek() == '/') {
                ++pos;
                d.time = clock(std::string{what} + " time", 167);
            }
            return d;
        }
    };

    static std::chrono::sys_seconds instant(const change_date& d, date::year y, std::chrono::seconds offset) noexcept {
        return std::chrono::sys_seconds{(d.in(y) + d.time).time_since_epoch() - offset};
    }

    // Far enough to mean "for ever" to a calendar, near enough to add offsets to.
    static std::chrono::sys_seconds far_past() noexcept {
        return std::chrono::sys_seconds{std::chrono::seconds{std::numeric_limits<std::int64_t>::min() / 2}};
    }
    static std::chrono::sys_seconds far_future() noexcept {
        return std::chrono::sys_seconds{std::chrono::seconds{std::numeric_limits<std::int64_t>::max() / 2}};
    }

    [[nodiscard]] date::sys_info info(std::chrono::sys_seconds begin, std::chrono::sys_seconds end,
                                      bool daylight) const {
        date::sys_info i;
        i.begin = begin;
        i.end = end;
        i.offset = daylight ? dst_offset_ : std_offset_;
        i.save = std::chrono::duration_cast<std::chrono::minutes>(daylight ? dst_offset_ - std_offset_
                                                                           : std::chrono::seconds{0});
        i.abbrev = daylight ? dst_name_ : std_name_;
        return i;
    }

    std::string std_name_;
    std::string dst_name_;
    std::chrono::seconds std_offset_{0};
    std::chrono::seconds dst_offset_{0};
    bool has_dst_ = false;
    change_date start_;
    change_date end_;
};

}  // namespace slakit::inline v0
