// slakit/calendar.hpp: business hours over an IANA time zone.
//
// A basic_calendar answers, exactly and in time that does not grow with the span:
//   is_open(t)        is t inside working hours?
//   elapsed(a, b)     how much open time lies in [a, b)?
//   deadline(a, d)    when has d of open time passed since a?
//   next_open(t)      the first open instant at or after t
//   next_close(t)     the end of the open span holding t, or of the next one
//
// Semantics (README, "Calendar semantics"): every interval of a local date is one
// continuous span of real time, from the first instant the local clock shows its
// opening time to the first instant it shows its closing time; a local time that a
// DST gap skips maps to the instant the gap ends. Time is real seconds.
//
// How: the open set is laid out on the local time line as a weekly pattern plus
// "clusters" around exception dates that replace it. G(L), the open time on the local
// line before L, is whole weeks by multiplication, a binary search in the week, and a
// binary search over the clusters. Real time is cut into segments of constant UTC
// offset; inside a segment the real open time before t is base + G(t + offset), except
// in the repeated hour after a fall-back, whose open state is that of the instant just
// before the repeat ends. Each segment keeps its base, so elapsed(a, b) = F(b) - F(a)
// costs two such look-ups.
#pragma once

#include <slakit/error.hpp>
#include <slakit/detail/arithmetic.hpp>
#include <slakit/schedule.hpp>
#include <slakit/zone.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit {

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
        if (b < a)
            throw std::invalid_argument("date range ends (" + text(b) + ") before it starts (" + text(a) + ")");
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
            throw std::invalid_argument("open(" + text(d) + ") needs at least one interval; use close() for a closed day");
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

    static std::string text(date::local_days d) {
        const date::year_month_day ymd{d};
        char buf[16];
        const int y = static_cast<int>(ymd.year());
        const auto m = static_cast<unsigned>(ymd.month());
        const auto dd = static_cast<unsigned>(ymd.day());
        std::string s = std::to_string(y);
        buf[0] = '-';
        buf[1] = static_cast<char>('0' + m / 10);
        buf[2] = static_cast<char>('0' + m % 10);
        buf[3] = '-';
        buf[4] = static_cast<char>('0' + dd / 10);
        buf[5] = static_cast<char>('0' + dd % 10);
        s.append(buf, 6);
        return s;
    }

    static date::local_days checked(date::year_month_day day) {
        if (!day.ok()) throw std::invalid_argument("not a valid date in a calendar exception");
        return date::local_days{day};
    }

    static void validate_day(std::vector<time_interval>& intervals, date::local_days d) {
        using namespace std::chrono_literals;
        for (const auto& iv : intervals) {
            if (iv.open < 0s || iv.open >= 24h || iv.close < 0s || iv.close > 24h || iv.open == iv.close)
                throw std::invalid_argument("invalid interval in the special hours of " + text(d));
        }
        std::sort(intervals.begin(), intervals.end(), [](const auto& x, const auto& y) { return x.open < y.open; });
        for (std::size_t i = 1; i < intervals.size(); ++i) {
            const auto prev_end = intervals[i - 1].open + intervals[i - 1].length();
            if (intervals[i].open < prev_end)
                throw std::invalid_argument("overlapping intervals in the special hours of " + text(d));
        }
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
            const auto k = static_cast<std::size_t>(std::min<sec>(day - first_index_day_, static_cast<sec>(day_index_.size()) - 1));
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
        return base + week_s + week_.end.front();            // runs on over the week's end
    }

    span_set week_;
    std::size_t slots_ = 1;
    std::array<sec, 7> day_before_{};
    std::vector<sec> slot_start_, slot_length_;  // [day * slots_ + k]
    std::vector<cluster> clusters_;
    sec first_index_day_ = 0;
    std::vector<std::int32_t> day_index_;  // per local date from first_index_day_: last cluster starting by then
    std::vector<sec> lo_;    // clusters_[i].lo
    std::vector<sec> g_hi_;  // clusters_[i].g_hi
};

}  // namespace detail

template <zone_pointer ZonePtr = const date::time_zone*>
class basic_calendar {
public:
    // Zone data is tabulated over these years; outside them the nearest offset holds.
    static constexpr int first_tabulated_year = 1850;
    static constexpr int last_tabulated_year = 2249;

    basic_calendar(ZonePtr zone, weekly_schedule week, date_exceptions exceptions = {})
        : zone_(std::move(zone)), week_(std::move(week)), exceptions_(std::move(exceptions)),
          line_(week_, exceptions_) {
        build_segments();
    }

    basic_calendar(std::string_view zone_name, weekly_schedule week, date_exceptions exceptions = {})
        : basic_calendar(locate(zone_name), std::move(week), std::move(exceptions)) {}

    [[nodiscard]] const ZonePtr& zone() const noexcept { return zone_; }
    [[nodiscard]] const weekly_schedule& week() const noexcept { return week_; }
    [[nodiscard]] const date_exceptions& exceptions() const noexcept { return exceptions_; }

    // The local clock reading at t (in a repeated hour, the reading then shown).
    template <class Duration>
    [[nodiscard]] auto to_local(std::chrono::sys_time<Duration> t) const noexcept {
        using D = std::common_type_t<Duration, std::chrono::seconds>;
        const auto& s = segment_at(clamp_seconds(t));
        return date::local_time<D>{std::chrono::time_point_cast<D>(t).time_since_epoch() + std::chrono::seconds{s.offset}};
    }

    template <class Duration>
    [[nodiscard]] bool is_open(std::chrono::sys_time<Duration> t) const noexcept {
        return open_at(segment_at(clamp_seconds(t)), clamp_seconds(t));
    }

    // Open time in [from, to); negative when to < from.
    template <class D1, class D2>
    [[nodiscard]] auto elapsed(std::chrono::sys_time<D1> from, std::chrono::sys_time<D2> to) const noexcept {
        using D = std::common_type_t<D1, D2, std::chrono::seconds>;
        return open_before<D>(to) - open_before<D>(from);
    }

    // The earliest instant at which d of open time has passed since from: a closing
    // time rather than the next opening when d runs out exactly at a close.
    template <class Duration, class Rep, class Period>
    [[nodiscard]] auto deadline(std::chrono::sys_time<Duration> from, std::chrono::duration<Rep, Period> d) const {
        using D = std::common_type_t<Duration, std::chrono::duration<Rep, Period>, std::chrono::seconds>;
        using T = std::chrono::sys_time<D>;
        if (d < d.zero()) throw std::invalid_argument("deadline: negative duration");
        if (d == d.zero()) return T{from};
        if (std::chrono::duration_cast<std::chrono::seconds>(d).count() > detail::time_limit)
            throw std::out_of_range("deadline: duration too long");
        const auto start = clamp_seconds(from);
        const D target = open_before<D>(from) + std::chrono::duration_cast<D>(d);
        const auto whole = std::chrono::floor<std::chrono::seconds>(target);
        const D part = target - whole;
        if (part == D::zero()) return T{std::chrono::seconds{reach(start, whole.count())}};
        // Open runs start and end on whole seconds: the last, partial second is the
        // whole second at which open time first reaches whole + 1 s.
        return T{std::chrono::seconds{reach(start, whole.count() + 1) - 1}} + part;
    }

    // The first open instant at or after t.
    template <class Duration>
    [[nodiscard]] auto next_open(std::chrono::sys_time<Duration> t) const {
        using T = std::chrono::sys_time<std::common_type_t<Duration, std::chrono::seconds>>;
        if (is_open(t)) return T{t};
        const auto s = clamp_seconds(t);
        return T{std::chrono::seconds{reach(s, open_before_seconds(s) + 1) - 1}};
    }

    // The end of the continuous open span holding t, or else of the next one. Spans
    // that touch are one span. Throws std::domain_error if the calendar never closes.
    template <class Duration>
    [[nodiscard]] auto next_close(std::chrono::sys_time<Duration> t) const {
        using T = std::chrono::sys_time<std::common_type_t<Duration, std::chrono::seconds>>;
        detail::sec a = std::chrono::floor<std::chrono::seconds>(next_open(t).time_since_epoch()).count();
        for (;;) {
            const auto i = segment_index(a);
            const auto& s = segments_[i];
            const detail::sec l = a + s.offset;
            const detail::sec run_end = line_.run_end(l < s.a1 ? s.a1 - 1 : l);
            if (run_end >= detail::plus_infinity) throw std::domain_error("next_close: the calendar never closes");
            const detail::sec b = instant_showing(i, run_end);
            if (!open_at(segments_[segment_index(b)], b)) return T{std::chrono::seconds{b}};
            a = b;
        }
    }

private:
    using sec = detail::sec;

    struct segment {
        sec begin;     // UTC seconds at which this offset takes effect
        sec offset;    // local - UTC
        sec a0;        // begin + offset: local reading at begin
        sec a1;        // end of the repeated readings after a fall-back (a0 otherwise)
        sec f_begin;   // F(begin): open time before begin
        sec base;      // F(t) = base + G(t + offset) once the local reading is >= a1
        bool repeat_open;  // the repeated readings are open (the run before a1 goes on)
    };

    static ZonePtr locate(std::string_view name) {
        if constexpr (std::is_same_v<ZonePtr, const date::time_zone*>) {
            return date::locate_zone(name);  // throws std::runtime_error naming the zone
        } else {
            return date::zoned_traits<ZonePtr>::locate_zone(name);
        }
    }

    template <class Duration>
    static sec clamp_seconds(std::chrono::sys_time<Duration> t) noexcept {
        const sec s = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
        return std::clamp(s, -detail::time_limit, detail::time_limit);
    }

    // Open time before t on the real time line, in D.
    template <class D, class Duration>
    [[nodiscard]] D open_before(std::chrono::sys_time<Duration> t) const noexcept {
        const auto s = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch());
        const sec c = std::clamp(s.count(), -detail::time_limit, detail::time_limit);
        const auto& seg = segment_at(c);
        D f = std::chrono::seconds{open_before_seconds(seg, c)};
        if constexpr (!std::is_same_v<D, std::chrono::seconds>) {
            // Open runs start and end on whole seconds, so a second is open or closed whole.
            if (c == s.count() && open_at(seg, c)) f += std::chrono::duration_cast<D>(t.time_since_epoch() - s);
        }
        return f;
    }

    [[nodiscard]] sec open_before_seconds(sec t) const noexcept { return open_before_seconds(segment_at(t), t); }

    [[nodiscard]] sec open_before_seconds(const segment& s, sec t) const noexcept {
        const sec l = t + s.offset;
        if (l < s.a1) return s.f_begin + (s.repeat_open ? l - s.a0 : 0);
        return s.base + line_.before(l);
    }

    [[nodiscard]] bool open_at(const segment& s, sec t) const noexcept {
        const sec l = t + s.offset;
        if (l < s.a1) return s.repeat_open;
        return line_.contains(l);
    }

    // The earliest whole second t >= start with F(t) >= v (v > F(start)).
    [[nodiscard]] sec reach(sec start, sec v) const {
        std::size_t i = segment_index(start);
        // Gallop forward: the answer is usually in this segment or the next.
        std::size_t step = 1, hi = i + 1;
        while (hi < segments_.size() && segments_[hi].f_begin < v) {
            i = hi;
            step *= 2;
            hi = std::min(segments_.size(), i + step);
        }
        // segments_[i].f_begin < v, and the answer lies in a segment of [i, hi).
        const auto first = segments_.begin() + static_cast<std::ptrdiff_t>(i);
        const auto last = segments_.begin() + static_cast<std::ptrdiff_t>(hi);
        const auto it = std::lower_bound(first + 1, last, v, [](const segment& s, sec x) { return s.f_begin < x; });
        i = static_cast<std::size_t>(it - segments_.begin()) - 1;
        const auto& s = segments_[i];
        if (s.a1 > s.a0 && s.repeat_open && v <= s.f_begin + (s.a1 - s.a0)) return s.begin + (v - s.f_begin);
        return line_.inverse(v - s.base) - s.offset;
    }

    // The first UTC instant at which the local clock shows L, or the end of the gap
    // that skips L; searched from segment i on.
    [[nodiscard]] sec instant_showing(std::size_t i, sec L) const noexcept {
        for (;; ++i) {
            const auto& s = segments_[i];
            if (L < s.a0) return s.begin;
            if (i + 1 == segments_.size() || L < segments_[i + 1].begin + s.offset) return L - s.offset;
        }
    }

    [[nodiscard]] std::size_t segment_index(sec t) const noexcept {
        std::size_t i = 0;
        if (t >= table_begin_) {
            const auto b = static_cast<std::size_t>((t - table_begin_) >> bucket_shift);
            i = bucket_[std::min(b, bucket_.size() - 1)];
        }
        while (i + 1 < segments_.size() && segments_[i + 1].begin <= t) ++i;
        return i;
    }

    [[nodiscard]] const segment& segment_at(sec t) const noexcept { return segments_[segment_index(t)]; }

    void build_segments() {
        using std::chrono::seconds;
        using std::chrono::sys_seconds;
        const sys_seconds first = date::sys_days{date::year{first_tabulated_year} / date::January / 1};
        const sys_seconds last = date::sys_days{date::year{last_tabulated_year + 1} / date::January / 1};
        table_begin_ = first.time_since_epoch().count();

        std::vector<std::pair<sec, sec>> changes;  // (begin, offset)
        auto info = zone_->get_info(first);
        changes.emplace_back(detail::minus_infinity, seconds{info.offset}.count());
        while (sys_seconds{info.end} < last) {
            const sys_seconds at{info.end};
            info = zone_->get_info(at);
            if (sys_seconds{info.end} <= at) break;  // a zone that does not move forward
            const sec off = seconds{info.offset}.count();
            if (off != changes.back().second) changes.emplace_back(at.time_since_epoch().count(), off);
        }

        segments_.clear();
        for (std::size_t i = 0; i < changes.size(); ++i) {
            segment s{};
            s.begin = changes[i].first;
            s.offset = changes[i].second;
            if (i == 0) {
                s.a0 = s.a1 = detail::minus_infinity;
                s.f_begin = detail::minus_infinity;
                s.base = -line_.before(table_begin_ + s.offset);  // F(table start) = 0
                s.repeat_open = false;
            } else {
                const auto& p = segments_.back();
                s.a0 = s.begin + s.offset;
                s.a1 = s.a0;
                s.f_begin = open_before_seconds(p, s.begin);
                s.repeat_open = false;
                if (p.offset > s.offset) {  // fall-back: readings [a0, a1) come round again
                    s.a1 = s.begin + p.offset;
                    if (i + 1 < changes.size()) s.a1 = std::min(s.a1, changes[i + 1].first + s.offset);
                    s.repeat_open = line_.contains(s.a1 - 1);
                }
                const sec f_a1 = s.f_begin + (s.repeat_open ? s.a1 - s.a0 : 0);
                s.base = f_a1 - line_.before(s.a1);
            }
            segments_.push_back(s);
        }

        bucket_.clear();
        const auto buckets = static_cast<std::size_t>(((last.time_since_epoch().count() - table_begin_) >> bucket_shift) + 1);
        bucket_.reserve(buckets);
        std::size_t i = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
            const sec t = table_begin_ + (static_cast<sec>(b) << bucket_shift);
            while (i + 1 < segments_.size() && segments_[i + 1].begin <= t) ++i;
            bucket_.push_back(static_cast<std::uint32_t>(i));
        }
    }

    static constexpr int bucket_shift = 22;  // about 48 days: rarely more than one offset change

    ZonePtr zone_;
    weekly_schedule week_;
    date_exceptions exceptions_;
    detail::local_line line_;
    std::vector<segment> segments_;
    std::vector<std::uint32_t> bucket_;
    sec table_begin_ = 0;
};

using calendar = basic_calendar<>;

}  // namespace slakit
