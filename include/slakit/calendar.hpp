// slakit/calendar.hpp: business hours over an IANA time zone.
//
// A basic_calendar answers, exactly and in time that does not grow with the span:
//   is_open(t)        is t inside working hours?
//   elapsed(a, b)     how much open time lies in [a, b)?
//   deadline(a, d)    when has d of open time passed since a?
//   next_open(t)      the first open instant at or after t
//   next_close(t)     the end of the open span holding t, or of the next one
//
// Semantics (docs/calendar.md): every interval of a local date is one
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
//
// A host that queries mostly within some years calls tabulate(from, to): F is then
// tabulated day by day over those years (detail/day_table.hpp), built from and checked
// against the look-ups above, which still answer outside them. About 20 bytes a day.
#pragma once

#include <slakit/detail/day_table.hpp>
#include <slakit/detail/local_line.hpp>
#include <slakit/error.hpp>
#include <slakit/exceptions.hpp>
#include <slakit/schedule.hpp>
#include <slakit/zone.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

template <zone_pointer ZonePtr = zone_handle>
class basic_calendar {
public:
    // Zone data is tabulated over these years; outside them the nearest offset holds.
    static constexpr int first_tabulated_year = 1850;
    static constexpr int last_tabulated_year = 2249;

    basic_calendar(ZonePtr zone, weekly_schedule week, date_exceptions exceptions = {})
            : zone_(std::move(zone)),
              week_(std::move(week)),
              exceptions_(std::move(exceptions)),
              line_(week_, exceptions_) {
        build_segments();
    }

    basic_calendar(std::string_view zone_name, weekly_schedule week, date_exceptions exceptions = {})
            : basic_calendar(locate(zone_name), std::move(week), std::move(exceptions)) {}

    [[nodiscard]] const ZonePtr& zone() const noexcept { return zone_; }
    [[nodiscard]] const weekly_schedule& week() const noexcept { return week_; }
    [[nodiscard]] const date_exceptions& exceptions() const noexcept { return exceptions_; }

    // Tabulates open time over the years from..to so that queries inside them cost a
    // day index and a few steps; answers stay the same everywhere. About 20 bytes a
    // day. Not safe while other threads query this calendar.
    basic_calendar& tabulate(int from_year, int to_year) {
        if (from_year > to_year || from_year < first_tabulated_year || to_year > last_tabulated_year)
            throw std::out_of_range("tabulate: years must be ordered and within " +
                                    std::to_string(first_tabulated_year) + "-" + std::to_string(last_tabulated_year));
        return tabulate(date::sys_days{date::year{from_year} / date::January / 1},
                        date::sys_days{date::year{to_year + 1} / date::January / 1});
    }

    // The same over the days [first, last), each from the zone's midnight: days start at
    // first's midnight by the offset then in force, so a working day stays in one.
    basic_calendar& tabulate(date::sys_days first, date::sys_days last) {
        const date::sys_days lowest{date::year{first_tabulated_year} / date::January / 1};
        const date::sys_days highest{date::year{last_tabulated_year + 1} / date::January / 1};
        if (first >= last || first < lowest || last > highest)
            throw std::out_of_range("tabulate: days must be ordered and within the zone tables (" +
                                    std::to_string(first_tabulated_year) + "-" + std::to_string(last_tabulated_year) +
                                    ")");
        const sec origin = std::chrono::sys_seconds{first}.time_since_epoch().count();
        const sec start = origin - segment_at(origin).offset;
        const auto days = static_cast<std::size_t>((last - first).count());
        table_ = {};
        if (!table_.build(
                start, days, [this](sec t) { return open_before_seconds(t); },
                [this](sec lo, sec hi) { return open_runs(lo, hi); }))
            throw std::logic_error("tabulate: the table disagrees with the calendar");  // a bug in slakit
        return *this;
    }
    basic_calendar& untabulate() noexcept {
        table_ = {};
        return *this;
    }
    [[nodiscard]] bool tabulated() const noexcept { return !table_.empty(); }
    // Heap bytes the table holds (0 without one).
    [[nodiscard]] std::size_t table_bytes() const noexcept { return table_.bytes(); }

    // The local clock reading at t (in a repeated hour, the reading then shown).
    template <class Duration>
    [[nodiscard]] auto to_local(std::chrono::sys_time<Duration> t) const noexcept {
        using D = std::common_type_t<Duration, std::chrono::seconds>;
        const auto& s = segment_at(clamp_seconds(t));
        return date::local_time<D>{std::chrono::time_point_cast<D>(t).time_since_epoch() +
                                   std::chrono::seconds{s.offset}};
    }

    template <class Duration>
    [[nodiscard]] bool is_open(std::chrono::sys_time<Duration> t) const noexcept {
        const sec c = clamp_seconds(t);
        if (table_.covers(c)) return table_.contains(c);
        return open_at(segment_at(c), c);
    }

    // Open time in [from, to); negative when to < from.
    template <class D1, class D2>
    [[nodiscard]] auto elapsed(std::chrono::sys_time<D1> from, std::chrono::sys_time<D2> to) const noexcept {
        using D = std::common_type_t<D1, D2, std::chrono::seconds>;
        return open_before<D>(to) - open_before<D>(from);
    }

    // The open time before t, counted from a fixed origin: elapsed(a, b) is
    // open_time(b) - open_time(a). A host that measures many spans between the same
    // instants reads each instant once.
    template <class Duration>
    [[nodiscard]] auto open_time(std::chrono::sys_time<Duration> t) const noexcept {
        return open_before<std::common_type_t<Duration, std::chrono::seconds>>(t);
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
        return reaching(from, open_before<D>(from) + std::chrono::duration_cast<D>(d));
    }

    // deadline(from, d) when open_time(from) is known: the earliest instant at or after
    // from at which open_time reaches target, which must exceed open_time(from).
    template <class Duration, class Rep, class Period>
    [[nodiscard]] auto reaching(std::chrono::sys_time<Duration> from, std::chrono::duration<Rep, Period> target) const {
        using D = std::common_type_t<Duration, std::chrono::duration<Rep, Period>, std::chrono::seconds>;
        using T = std::chrono::sys_time<D>;
        if (std::chrono::duration_cast<std::chrono::seconds>(target).count() > 2 * detail::time_limit)
            throw std::out_of_range("reaching: open time too long");
        const auto start = clamp_seconds(from);
        const auto whole = std::chrono::floor<std::chrono::seconds>(D{target});
        const D part = D{target} - whole;
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
    // that touch are one span. Throws never_closes if the calendar never closes.
    template <class Duration>
    [[nodiscard]] auto next_close(std::chrono::sys_time<Duration> t) const {
        using T = std::chrono::sys_time<std::common_type_t<Duration, std::chrono::seconds>>;
        detail::sec a = std::chrono::floor<std::chrono::seconds>(next_open(t).time_since_epoch()).count();
        for (;;) {
            const auto i = segment_index(a);
            const auto& s = segments_[i];
            const detail::sec l = a + s.offset;
            const detail::sec run_end = line_.run_end(l < s.a1 ? s.a1 - 1 : l);
            if (run_end >= detail::plus_infinity) throw never_closes("next_close: the calendar never closes");
            const detail::sec b = instant_showing(i, run_end);
            if (!open_at(segments_[segment_index(b)], b)) return T{std::chrono::seconds{b}};
            a = b;
        }
    }

private:
    using sec = detail::sec;

    struct segment {
        sec begin;  // UTC seconds at which this offset takes effect
        sec offset;  // local - UTC
        sec a0;  // begin + offset: local reading at begin
        sec a1;  // end of the repeated readings after a fall-back (a0 otherwise)
        sec f_begin;  // F(begin): open time before begin
        sec base;  // F(t) = base + G(t + offset) once the local reading is >= a1
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
        if (table_.covers(c)) {
            D f = std::chrono::seconds{table_.before(c)};
            if constexpr (!std::is_same_v<D, std::chrono::seconds>) {
                if (c == s.count() && table_.contains(c)) f += std::chrono::duration_cast<D>(t.time_since_epoch() - s);
            }
            return f;
        }
        const auto& seg = segment_at(c);
        D f = std::chrono::seconds{open_before_seconds(seg, c)};
        if constexpr (!std::is_same_v<D, std::chrono::seconds>) {
            // Open runs start and end on whole seconds, so a second is open or closed whole.
            if (c == s.count() && open_at(seg, c)) f += std::chrono::duration_cast<D>(t.time_since_epoch() - s);
        }
        return f;
    }

    [[nodiscard]] sec open_before_seconds(sec t) const noexcept {
        if (table_.covers(t)) return table_.before(t);
        return open_before_seconds(segment_at(t), t);
    }

    // The open runs in [lo, hi), clipped to it: sorted, disjoint, not touching.
    [[nodiscard]] std::vector<std::pair<sec, sec>> open_runs(sec lo, sec hi) const {
        using std::chrono::seconds;
        std::vector<std::pair<sec, sec>> runs;
        for (sec t = lo; t < hi;) {
            sec open = 0, close = hi;
            try {
                open = next_open(std::chrono::sys_seconds{seconds{t}}).time_since_epoch().count();
            } catch (const no_open_time&) {
                break;
            }
            if (open >= hi) break;
            try {
                close = std::min(hi, next_close(std::chrono::sys_seconds{seconds{open}}).time_since_epoch().count());
            } catch (const never_closes&) {}
            runs.emplace_back(open, close);
            t = close;
        }
        return runs;
    }

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
        if (table_.holds_value(v)) return std::max(start, table_.reach(v));
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
        const auto buckets =
            static_cast<std::size_t>(((last.time_since_epoch().count() - table_begin_) >> bucket_shift) + 1);
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
    detail::day_table table_;  // empty unless the host calls tabulate()
};

using calendar = basic_calendar<>;

}  // namespace slakit::inline v0
