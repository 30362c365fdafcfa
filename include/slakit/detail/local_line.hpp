// slakit/detail/local_line.hpp: the open set of a calendar on the local time line,
// the weekly pattern repeated except inside clusters of exception dates. Internal
// to basic_calendar (calendar.hpp explains the method).
#pragma once

#include <slakit/detail/arithmetic.hpp>
#include <slakit/error.hpp>
#include <slakit/exceptions.hpp>
#include <slakit/schedule.hpp>

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

namespace detail {

using sec = std::int64_t;  // seconds, on the local or the UTC time line

inline constexpr sec day_s = 86'400;
inline constexpr sec week_s = 7 * day_s;
inline constexpr sec week_origin = -3 * day_s;  // local 1969-12-29, a Monday
inline constexpr sec time_limit = sec{1} << 50;  // about 35 million years: no overflow below it
inline constexpr sec minus_infinity = std::numeric_limits<sec>::min() / 4;
inline constexpr sec plus_infinity = std::numeric_limits<sec>::max() / 4;

struct span_set {  // sorted, disjoint, non-touching [start, end)
    std::vector<sec> start, end, before;  // before[j]: open time in the set before start[j]
    sec total = 0;

    static span_set from(std::vector<std::pair<sec, sec>> spans) {
        std::sort(spans.begin(), spans.end());
        span_set s;
        for (const auto& [a, b] : spans) {
            if (b <= a) continue;
            if (!s.end.empty() && a <= s.end.back()) {
                s.end.back() = std::max(s.end.back(), b);
            } else {
                s.start.push_back(a);
                s.end.push_back(b);
            }
        }
        s.before.resize(s.start.size());
        for (std::size_t j = 0; j < s.start.size(); ++j) {
            s.before[j] = s.total;
            s.total += s.end[j] - s.start[j];
        }
        return s;
    }

    // Index of the last span starting at or before x, or -1.
    [[nodiscard]] std::ptrdiff_t at(sec x) const noexcept {
        return std::upper_bound(start.begin(), start.end(), x) - start.begin() - 1;
    }

    // Open time in the set before x.
    [[nodiscard]] sec measure_before(sec x) const noexcept {
        const auto j = at(x);
        if (j < 0) return 0;
        const auto u = static_cast<std::size_t>(j);
        return before[u] + std::min(x - start[u], end[u] - start[u]);
    }

    [[nodiscard]] bool contains(sec x) const noexcept {
        const auto j = at(x);
        return j >= 0 && x < end[static_cast<std::size_t>(j)];
    }

    // Earliest x with measure_before(x) >= v, for 0 < v <= total.
    [[nodiscard]] sec inverse(sec v) const noexcept {
        const auto it = std::lower_bound(before.begin(), before.end(), v);  // first span with before >= v
        const auto j = static_cast<std::size_t>(it - before.begin()) - 1;  // v falls in span j
        return start[j] + (v - before[j]);
    }
};

// The open set on the local time line: the week, repeated, except inside clusters.
class local_line {
public:
    local_line() = default;

    local_line(const weekly_schedule& week, const date_exceptions& exceptions) {
        std::vector<std::pair<sec, sec>> spans;
        for (int d = 0; d < 7; ++d) {
            const date::weekday wd{static_cast<unsigned>((d + 1) % 7)};
            for (const auto& iv : week.on(wd)) {
                const sec a = d * day_s + iv.open.count();
                const sec b = a + iv.length().count();
                if (b <= week_s) {
                    spans.emplace_back(a, b);
                } else {
                    spans.emplace_back(a, week_s);
                    spans.emplace_back(0, b - week_s);
                }
            }
        }
        week_ = span_set::from(std::move(spans));
        build_day_slots();

        // Clusters: [D, D + 2 days) for each exception date D, merged where they meet.
        std::vector<std::pair<sec, sec>> ranges;
        exceptions.for_each([&](date::local_days day, std::span<const time_interval>) {
            const sec lo = day.time_since_epoch().count() * day_s;
            if (!ranges.empty() && lo <= ranges.back().second)
                ranges.back().second = lo + 2 * day_s;
            else
                ranges.emplace_back(lo, lo + 2 * day_s);
        });
        sec delta = 0;
        for (const auto& range : ranges) {
            const sec lo = range.first, hi = range.second;  // named: lambdas cannot capture bindings in C++20
            std::vector<std::pair<sec, sec>> local;
            for (sec day = lo / day_s - 1; day < hi / day_s; ++day) {
                const date::local_days ld{date::days{static_cast<int>(day)}};
                auto add = [&](const time_interval& iv) {
                    const sec a = day * day_s + iv.open.count();
                    const sec b = a + iv.length().count();
                    local.emplace_back(std::max(a, lo), std::min(b, hi));
                };
                if (const auto* special = exceptions.find(ld)) {
                    for (const auto& iv : *special) add(iv);
                } else {
                    for (const auto& iv : week.on(date::weekday{ld})) add(iv);
                }
            }
            cluster c;
            c.lo = lo;
            c.hi = hi;
            c.spans = span_set::from(std::move(local));
            c.g_lo = weekly_before(lo) + delta;
            c.g_hi = c.g_lo + c.spans.total;
            delta += c.spans.total - (weekly_before(hi) - weekly_before(lo));
            c.delta_after = delta;
            clusters_.push_back(std::move(c));
        }
        lo_.reserve(clusters_.size());
        g_hi_.reserve(clusters_.size());
        for (const auto& c : clusters_) {
            lo_.push_back(c.lo);
            g_hi_.push_back(c.g_hi);
        }
        build_day_index();
    }

    [[nodiscard]] bool has_open_time() const noexcept {
        if (week_.total > 0) return true;
        return std::any_of(clusters_.begin(), clusters_.end(), [](const auto& c) { return c.spans.total > 0; });
    }

    // G(L): open time on the local line before L, counted from the week origin.
    [[nodiscard]] sec before(sec L) const noexcept {
        const sec day = floor_div(L, day_s);
        const auto c = cluster_on(day, L);
        if (c == nullptr) return weekly_before(L, day);
        if (L < c->hi) return c->g_lo + c->spans.measure_before(L);
        return weekly_before(L, day) + c->delta_after;
    }

    [[nodiscard]] bool contains(sec L) const noexcept {
        const sec day = floor_div(L, day_s);
        const auto c = cluster_on(day, L);
        if (c != nullptr && L < c->hi) return c->spans.contains(L);
        return weekly_contains(L, day);
    }

    // Earliest L with before(L) >= g. Throws no_open_time when the line never gets there.
    [[nodiscard]] sec inverse(sec g) const {
        const auto it = std::lower_bound(g_hi_.begin(), g_hi_.end(), g);  // first cluster with g_hi >= g
        sec delta = clusters_.empty() ? 0 : clusters_.back().delta_after;
        if (it != g_hi_.end()) {
            const auto& c = clusters_[static_cast<std::size_t>(it - g_hi_.begin())];
            if (c.g_lo < g) return c.spans.inverse(g - c.g_lo);
            delta = (&c == &clusters_.front()) ? 0 : (&c - 1)->delta_after;
        }
        return weekly_inverse(g - delta);
    }

    // End of the open run on the local line that holds L (L open), or plus_infinity.
    [[nodiscard]] sec run_end(sec L) const noexcept {
        for (;;) {
            const auto c = cluster_at(L);
            if (c != nullptr && L < c->hi) {
                const auto j = static_cast<std::size_t>(c->spans.at(L));
                const sec e = c->spans.end[j];
                if (e < c->hi || !contains(e)) return e;
                L = e;
                continue;
            }
            const sec e = weekly_run_end(L);
            const auto next = std::upper_bound(lo_.begin(), lo_.end(), L);
            if (next == lo_.end() || e < *next) return e;
            if (!contains(*next)) return *next;
            L = *next;
        }
    }

private:
    struct cluster {
        sec lo = 0, hi = 0;
        span_set spans;  // the open set inside [lo, hi)
        sec g_lo = 0, g_hi = 0;
        sec delta_after = 0;  // change against the plain week, up to hi
    };

    static constexpr sec floor_mod_week(sec L) noexcept {
        const sec x = L - week_origin;
        return x - floor_div(x, week_s) * week_s;
    }

    [[nodiscard]] const cluster* cluster_at(sec L) const noexcept { return cluster_on(floor_div(L, day_s), L); }

    // The last cluster starting at or before L, which lies on local date `day`.
    [[nodiscard]] const cluster* cluster_on(sec day, sec L) const noexcept {
        std::ptrdiff_t i;
        if (!day_index_.empty()) {
            // One table entry per local date: no search for the common case.
            if (day < first_index_day_) return nullptr;
            const auto k = static_cast<std::size_t>(
                std::min<sec>(day - first_index_day_, static_cast<sec>(day_index_.size()) - 1));
            i = day_index_[k];
        } else {
            if (clusters_.empty()) return nullptr;
            i = std::upper_bound(lo_.begin(), lo_.end(), L) - lo_.begin() - 1;
        }
        return i < 0 ? nullptr : &clusters_[static_cast<std::size_t>(i)];
    }

    // The week cut at midnights into at most slots_ spans a day, padded with empty
    // ones, so that a look-up is a few branch-free steps.
    void build_day_slots() {
        std::vector<std::vector<std::pair<sec, sec>>> per_day(7);
        for (std::size_t j = 0; j < week_.start.size(); ++j) {
            for (sec a = week_.start[j]; a < week_.end[j];) {
                const sec d = a / day_s;
                const sec b = std::min(week_.end[j], (d + 1) * day_s);
                per_day[static_cast<std::size_t>(d)].emplace_back(a - d * day_s, b - a);
                a = b;
            }
        }
        slots_ = 1;
        for (const auto& v : per_day) slots_ = std::max(slots_, v.size());
        slot_start_.assign(7 * slots_, day_s);
        slot_length_.assign(7 * slots_, 0);
        for (std::size_t d = 0; d < 7; ++d) {
            day_before_[d] = week_.measure_before(static_cast<sec>(d) * day_s);
            for (std::size_t k = 0; k < per_day[d].size(); ++k) {
                slot_start_[d * slots_ + k] = per_day[d][k].first;
                slot_length_[d * slots_ + k] = per_day[d][k].second;
            }
        }
    }

    void build_day_index() {
        if (clusters_.empty()) return;
        first_index_day_ = clusters_.front().lo / day_s;
        const sec last_day = clusters_.back().lo / day_s;
        if (last_day - first_index_day_ > 400'000) return;  // over a thousand years apart: binary search
        day_index_.assign(static_cast<std::size_t>(last_day - first_index_day_ + 1), -1);
        std::size_t i = 0;
        for (std::size_t k = 0; k < day_index_.size(); ++k) {
            const sec day_start = (first_index_day_ + static_cast<sec>(k)) * day_s;
            while (i + 1 < clusters_.size() && clusters_[i + 1].lo <= day_start) ++i;
            day_index_[k] = static_cast<std::int32_t>(i);
        }
    }

    [[nodiscard]] sec weekly_before(sec L) const noexcept { return weekly_before(L, floor_div(L, day_s)); }

    [[nodiscard]] sec weekly_before(sec L, sec day) const noexcept {
        const sec s = L - day * day_s;
        const sec k = floor_div(day + 3, 7);  // whole weeks since the Monday origin
        const auto d = static_cast<std::size_t>(day + 3 - k * 7);
        sec w = k * week_.total + day_before_[d];
        const sec* start = &slot_start_[d * slots_];
        const sec* length = &slot_length_[d * slots_];
        for (std::size_t j = 0; j < slots_; ++j) w += std::min(std::max(s - start[j], sec{0}), length[j]);
        return w;
    }

    [[nodiscard]] bool weekly_contains(sec L, sec day) const noexcept {
        const sec s = L - day * day_s;
        const auto d = static_cast<std::size_t>(day + 3 - floor_div(day + 3, 7) * 7);
        const sec* start = &slot_start_[d * slots_];
        const sec* length = &slot_length_[d * slots_];
        bool open = false;
        for (std::size_t j = 0; j < slots_; ++j)
            open |= static_cast<std::uint64_t>(s - start[j]) < static_cast<std::uint64_t>(length[j]);
        return open;
    }

    [[nodiscard]] sec weekly_inverse(sec v) const {
        if (week_.total == 0) throw no_open_time("the calendar has no open time after this instant");
        const sec k = floor_div(v - 1, week_.total);
        return week_origin + k * week_s + week_.inverse(v - k * week_.total);
    }

    [[nodiscard]] sec weekly_run_end(sec L) const noexcept {
        const sec pos = floor_mod_week(L);
        const sec base = L - pos;
        const sec e = week_.end[static_cast<std::size_t>(week_.at(pos))];
        if (e < week_s || week_.start.front() != 0) return base + e;
        if (week_.start.size() == 1) return plus_infinity;  // open all week
        return base + week_s + week_.end.front();  // runs on over the week's end
    }

    span_set week_;
    std::size_t slots_ = 1;
    std::array<sec, 7> day_before_{};
    std::vector<sec> slot_start_, slot_length_;  // [day * slots_ + k]
    std::vector<cluster> clusters_;
    sec first_index_day_ = 0;
    std::vector<std::int32_t> day_index_;  // per local date from first_index_day_: last cluster starting by then
    std::vector<sec> lo_;  // clusters_[i].lo
    std::vector<sec> g_hi_;  // clusters_[i].g_hi
};

}  // namespace detail

}  // namespace slakit::inline v0
