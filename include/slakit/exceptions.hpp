// slakit/exceptions.hpp: local dates whose hours replace the weekly schedule
// (docs/calendar.md).
#pragma once

#include <slakit/interval.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// Local dates whose hours replace the weekly schedule: holidays, half days, and
// weekend days worked in exchange for a holiday (China's 调休 make-up days).
class date_exceptions {
public:
    date_exceptions() = default;

    // One closed date.
    date_exceptions& close(date::year_month_day day) { return set(checked(day), {}, /*closing=*/true); }

    // Every date from first to last, both included.
    date_exceptions& close(date::year_month_day first, date::year_month_day last) {
        const auto a = checked(first);
        const auto b = checked(last);
        if (b < a) throw std::invalid_argument("date range ends (" + text(b) + ") before it starts (" + text(a) + ")");
        if (b - a > date::days{366 * 10})
            throw std::invalid_argument("date range " + text(a) + ".." + text(b) + " is longer than ten years");
        // All or nothing: check the whole range before closing any of it.
        for (auto d = a; d <= b; d += date::days{1}) {
            const auto it = days_.find(d);
            if (it != days_.end() && !it->second.hours.empty())
                throw std::invalid_argument("conflicting exceptions for " + text(d));
        }
        for (auto d = a; d <= b; d += date::days{1}) set(d, {}, true);
        return *this;
    }

    // Special hours on one date: a half day, or a normally closed day worked.
    date_exceptions& open(date::year_month_day day, std::vector<time_interval> intervals) {
        const auto d = checked(day);
        if (intervals.empty())
            throw std::invalid_argument("open(" + text(d) +
                                        ") needs at least one interval; use close() for a closed day");
        validate_day(intervals, d);
        return set(d, std::move(intervals), false);
    }

    date_exceptions& open(date::year_month_day day, std::string_view intervals) {
        return open(day, parse_intervals(intervals));
    }

    [[nodiscard]] bool empty() const noexcept { return days_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return days_.size(); }

    // The hours on a date, or nullptr when the weekly schedule applies.
    [[nodiscard]] const std::vector<time_interval>* find(date::local_days day) const noexcept {
        const auto it = days_.find(day);
        return it == days_.end() ? nullptr : &it->second.hours;
    }

    template <class F>
    void for_each(F&& f) const {
        for (const auto& [day, e] : days_) f(day, std::span<const time_interval>(e.hours));
    }

private:
    struct entry {
        std::vector<time_interval> hours;  // empty: closed
    };

    static std::string text(date::local_days d) { return format_date(date::year_month_day{d}); }

    static date::local_days checked(date::year_month_day day) {
        if (!day.ok()) throw std::invalid_argument("not a valid date in a calendar exception");
        return date::local_days{day};
    }

    static void validate_day(std::vector<time_interval>& intervals, date::local_days d) {
        for (const auto& iv : intervals)
            if (!is_valid(iv)) throw std::invalid_argument("invalid interval in the special hours of " + text(d));
        if (first_overlap(intervals))
            throw std::invalid_argument("overlapping intervals in the special hours of " + text(d));
        std::sort(intervals.begin(), intervals.end(), [](const auto& x, const auto& y) { return x.open < y.open; });
    }

    date_exceptions& set(date::local_days d, std::vector<time_interval> intervals, bool closing) {
        const auto [it, inserted] = days_.try_emplace(d, entry{std::move(intervals)});
        if (!inserted) {
            // Closing a closed day twice is harmless (overlapping holiday ranges);
            // anything else is two different answers for one date.
            if (!(closing && it->second.hours.empty()))
                throw std::invalid_argument("conflicting exceptions for " + text(d));
        }
        return *this;
    }

    std::map<date::local_days, entry> days_;
};

}  // namespace slakit::inline v0
