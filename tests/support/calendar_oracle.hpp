// A slow, obviously correct model of the calendar semantics, for differential tests.
//
// It maps every interval of every local date in a window to real time exactly as the
// docs/calendar.md states (earliest mapping, a DST-skipped reading maps to the gap's end), and
// then answers queries by stepping minute by minute. Nothing cleverer: the instants and
// interval bounds it is given must lie on whole minutes.
#pragma once

#include <slakit/calendar.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace slakit::testing {

class calendar_oracle {
public:
    using sys_seconds = std::chrono::sys_seconds;

    template <class ZonePtr>
    calendar_oracle(const ZonePtr& zone, const weekly_schedule& week, const date_exceptions& exceptions,
                    sys_seconds window_begin, sys_seconds window_end) {
        using namespace std::chrono;
        auto earliest = [&](date::local_seconds l) -> sys_seconds {
            const auto info = zone->get_info(l);
            switch (info.result) {
            case date::local_info::nonexistent: return info.second.begin;
            default: return sys_seconds{l.time_since_epoch() - info.first.offset};
            }
        };
        const auto first_day =
            date::floor<date::days>(date::local_seconds{window_begin.time_since_epoch()}) - date::days{3};
        const auto last_day =
            date::floor<date::days>(date::local_seconds{window_end.time_since_epoch()}) + date::days{3};
        for (auto day = first_day; day <= last_day; day += date::days{1}) {
            const auto* special = exceptions.find(day);
            const auto hours = special ? std::span<const time_interval>(*special) : week.on(date::weekday{day});
            for (const auto& iv : hours) {
                const date::local_seconds open = day + iv.open;
                const date::local_seconds close = open + iv.length();
                const auto a = earliest(open);
                const auto b = earliest(close);
                if (a < b) spans_.emplace_back(a, b);
            }
        }
        // The open set is the union of the mapped intervals.
        std::sort(spans_.begin(), spans_.end());
        std::vector<std::pair<sys_seconds, sys_seconds>> merged;
        for (const auto& s : spans_) {
            if (!merged.empty() && s.first <= merged.back().second)
                merged.back().second = std::max(merged.back().second, s.second);
            else
                merged.push_back(s);
        }
        spans_ = std::move(merged);
        begin_ = window_begin;
        end_ = window_end;
    }

    [[nodiscard]] bool is_open(sys_seconds t) const {
        auto it =
            std::upper_bound(spans_.begin(), spans_.end(), t, [](sys_seconds x, const auto& s) { return x < s.first; });
        return it != spans_.begin() && t < std::prev(it)->second;
    }

    [[nodiscard]] std::chrono::seconds elapsed(sys_seconds from, sys_seconds to) const {
        using namespace std::chrono_literals;
        if (to < from) return -elapsed(to, from);
        std::chrono::seconds total{0};
        for (auto t = from; t < to; t += 1min) total += open_minute(t) ? 60s : 0s;
        return total;
    }

    // nullopt when the window ends first.
    [[nodiscard]] std::optional<sys_seconds> deadline(sys_seconds from, std::chrono::minutes d) const {
        using namespace std::chrono_literals;
        if (d == 0min) return from;
        std::chrono::minutes got{0};
        for (auto t = from; t < end_; t += 1min) {
            if (open_minute(t) && ++got == d) return t + 1min;
        }
        return std::nullopt;
    }

    [[nodiscard]] std::optional<sys_seconds> next_open(sys_seconds t) const {
        using namespace std::chrono_literals;
        for (; t < end_; t += 1min)
            if (is_open(t)) return t;
        return std::nullopt;
    }

    [[nodiscard]] std::optional<sys_seconds> next_close(sys_seconds t) const {
        using namespace std::chrono_literals;
        const auto a = next_open(t);
        if (!a) return std::nullopt;
        for (auto u = *a; u < end_; u += 1min)
            if (!is_open(u)) return u;
        return std::nullopt;
    }

    [[nodiscard]] sys_seconds window_end() const { return end_; }

private:
    [[nodiscard]] bool open_minute(sys_seconds t) const { return is_open(t); }

    std::vector<std::pair<sys_seconds, sys_seconds>> spans_;
    sys_seconds begin_{}, end_{};
};

}  // namespace slakit::testing
