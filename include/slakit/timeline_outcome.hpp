// slakit/timeline_outcome.hpp: a request's timeline against a policy, at an
// evaluation time (docs/timelines.md).
//
//   auto o = slakit::evaluate(policy, timeline, as_of);
//   for (const auto& e : o.events) ...   // one SLA event per metric and cycle
//
// Running time counts on each target's clock (wall: all of it; business: the channel
// calendar's open time) while the request's status runs: pauses and resolved spans do
// not count for resolution, next_reply and periodic_update. First response, hand-off
// and human response never pause: they keep the record's semantics exactly, and
// o.record is what evaluate(policy, request, as_of) gives for the same request.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/policy.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/timeline.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct basic_timeline_outcome {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    // The request as a record (its submission's channel and priority, first reply,
    // hand-off, human contact and exclusion): scope, period and the record's
    // measurements, for the reports that count requests.
    basic_outcome<Channel, Priority, Duration> record;
    // By metric (in enum order), then cycle.
    std::vector<basic_sla_event<Channel, Priority, Duration>> events;
    Priority priority;  // in force at as_of
    status_effect state = status_effect::run;  // at as_of
    std::size_t reopens = 0;  // resolve -> run or pause, by as_of
    std::size_t priority_changes = 0;  // that changed the priority, by as_of
};

// The seed contract's timeline outcome.
using timeline_outcome = basic_timeline_outcome<channel, priority>;

namespace detail {

// One of a request's instants in evaluation order (the last one is as_of), with the
// status segment in force there and its reading on each clock, taken once.
template <class D>
struct timeline_point {
    std::chrono::sys_time<D> at;
    std::uint32_t segment = 0;
    D reading[2]{D::min(), D::min()};  // by clock: unknown until asked
};

// A span of constant status, from the point where it begins; base is R there.
template <class D>
struct status_segment {
    std::uint32_t begin = 0;
    bool runs = true;
    D base[2]{};
};

// Counted time on one clock, as a step function of the request's status: R(p) is the
// time that counted from the submission to point p, so running(a, b) = R(b) - R(a).
// Each point is read on the clock once, so a metric costs no calendar call beyond its
// due instant.
template <class D, class Calendar>
class counted_time {
public:
    using T = std::chrono::sys_time<D>;

    counted_time(clock_kind clock, const Calendar& cal, std::vector<timeline_point<D>>& points,
                 std::vector<status_segment<D>>& segments)
            : clock_(clock), k_(clock == clock_kind::wall ? 0 : 1), cal_(&cal), points_(&points), segments_(&segments) {
        D sum{};
        for (std::size_t i = 0; i < segments.size(); ++i) {
            segments[i].base[k_] = sum;
            if (i + 1 < segments.size() && segments[i].runs)
                sum += reading(segments[i + 1].begin) - reading(segments[i].begin);
        }
    }

    // The clock's reading at point p: only differences mean anything.
    [[nodiscard]] D reading(std::size_t p) const {
        auto& point = (*points_)[p];
        D& r = point.reading[k_];
        if (r == D::min()) r = clock_ == clock_kind::wall ? point.at.time_since_epoch() : D{cal_->open_time(point.at)};
        return r;
    }

    [[nodiscard]] D counted(std::size_t p) const {
        const auto& s = (*segments_)[(*points_)[p].segment];
        return s.runs ? s.base[k_] + reading(p) - reading(s.begin) : s.base[k_];
    }

    // The first instant at which R reaches goal (> R(from)); none when the status in
    // force at as_of does not run, or the calendar has no open time left.
    [[nodiscard]] std::optional<T> reach(std::size_t from, D goal) const {
        const auto& segments = *segments_;
        for (std::size_t i = (*points_)[from].segment; i < segments.size(); ++i) {
            if (!segments[i].runs) continue;
            if (i + 1 < segments.size() && segments[i + 1].base[k_] < goal) continue;
            return forward(segments[i].begin, goal - segments[i].base[k_]);
        }
        return std::nullopt;
    }

    // The instant at which d (> 0) of the clock's time has passed since point p.
    [[nodiscard]] std::optional<T> forward(std::size_t p, D d) const {
        const T a = (*points_)[p].at;
        if (clock_ == clock_kind::wall) return a + d;
        try {
            return T{cal_->reaching(a, reading(p) + d)};
        } catch (const no_open_time&) {
            return std::nullopt;
        }
    }

private:
    clock_kind clock_;
    std::size_t k_;
    const Calendar* cal_;
    std::vector<timeline_point<D>>* points_;
    std::vector<status_segment<D>>* segments_;
};

}  // namespace detail

// Evaluates a timeline. Throws invalid_timeline naming the first bad event (see
// validate), and invalid_request for an as_of outside the supported range or before
// the submission. Events after as_of are ignored.
template <class Channel, class Priority, class ZonePtr, class Duration, class AsOf>
[[nodiscard]] auto evaluate(const basic_policy<Channel, Priority, ZonePtr>& agreement,
                            const basic_timeline<Channel, Priority, Duration>& history,
                            std::chrono::sys_time<AsOf> as_of)
    -> basic_timeline_outcome<Channel, Priority, std::common_type_t<Duration, AsOf, std::chrono::milliseconds>> {
    using D = std::common_type_t<Duration, AsOf, std::chrono::milliseconds>;
    using T = std::chrono::sys_time<D>;

    if (const auto problem = validate(agreement, history)) throw to_error(history, *problem);
    const auto& events = history.events();

    // The record: each kind's earliest event; evaluate() ignores those after as_of.
    std::size_t sub = 0;
    while (events[sub].kind != event_kind::submitted) ++sub;
    const auto& s = events[sub];
    basic_request<Channel, Priority, Duration> r{*s.channel, *s.priority, s.at};
    const auto earliest = [](std::optional<std::chrono::sys_time<Duration>>& slot, auto at) {
        if (!slot || at < *slot) slot = at;
    };
    for (const auto& e : events) {
        switch (e.kind) {
        case event_kind::reply: earliest(r.first_response, e.at); break;
        case event_kind::handoff_decided: earliest(r.handoff_decided, e.at); break;
        case event_kind::handoff_completed: earliest(r.handoff_completed, e.at); break;
        case event_kind::human_contact: earliest(r.human_contact, e.at); break;
        default: break;
        }
    }
    const T now{as_of};
    // The earliest exclusion seen by as_of gives the reason.
    {
        std::optional<std::chrono::sys_time<Duration>> excluded_at;
        for (const auto& e : events) {
            if (e.kind != event_kind::excluded || T{e.at} > now || (excluded_at && !(e.at < *excluded_at))) continue;
            excluded_at = e.at;
            r.exclusion_reason = e.reason;
        }
    }

    basic_timeline_outcome<Channel, Priority, D> o{evaluate(agreement, r, as_of), {}, *s.priority};
    const Channel& channel = *s.channel;
    const auto& cal = agreement.calendar_for(channel);
    const auto& rules = agreement.lifecycle();
    const priority_change mode = rules.on_priority_change();

    // By instant, the submission first, then in the order given.
    std::vector<std::uint32_t> order;
    order.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i)
        if (T{events[i].at} <= now) order.push_back(static_cast<std::uint32_t>(i));
    const auto earlier = [&](std::uint32_t a, std::uint32_t b) {
        if (events[a].at != events[b].at) return events[a].at < events[b].at;
        return a == sub && b != sub;
    };
    if (order.size() <= 64) {
        // Hosts mostly give events in order: an insertion sort is stable, needs no
        // buffer and is linear then.
        for (std::size_t i = 1; i < order.size(); ++i)
            for (std::size_t j = i; j > 0 && earlier(order[j], order[j - 1]); --j) std::swap(order[j], order[j - 1]);
    } else {
        std::stable_sort(order.begin(), order.end(), earlier);
    }
    const std::size_t n = order.size();  // position n stands for as_of

    // Positions in order: where each metric (or cycle) starts and ends.
    struct instance {
        slakit::metric metric;
        std::uint32_t cycle;
        std::uint32_t start;
        std::uint32_t end;  // n while unfinished
    };
    std::vector<instance> found;
    found.reserve(8);
    struct change {
        std::uint32_t pos;
        Priority priority;
    };
    std::vector<change> changes;  // of the priority, after the submission
    std::vector<detail::timeline_point<D>> points(n + 1);
    std::vector<detail::status_segment<D>> segments(1);
    segments.reserve(8);
    status_effect state = status_effect::run;
    constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::uint32_t next_reply = none, update = none, resolved = none, first_reply = none;
    std::uint32_t decided = none, completed = none, contact = none;
    std::uint32_t next_reply_cycles = 0, update_cycles = 0;

    // Policy look-ups, once per priority the request has had.
    const auto& submitted_entry = agreement.at(channel, *s.priority);
    std::vector<std::pair<Priority, const typename basic_policy<Channel, Priority, ZonePtr>::entry*>> entries;
    const auto entry_for = [&](const Priority& p) -> const auto& {
        if (p == *s.priority) return submitted_entry;
        for (const auto& [q, e] : entries)
            if (q == p) return *e;
        entries.emplace_back(p, &agreement.at(channel, p));
        return *entries.back().second;
    };
    const auto priority_now = [&]() -> const Priority& {
        return mode == priority_change::keep || changes.empty() ? *s.priority : changes.back().priority;
    };
    const auto close = [&](std::uint32_t& cycle, std::uint32_t pos) {
        if (cycle == none) return;
        found[cycle].end = pos;
        cycle = none;
    };
    const auto start = [&](slakit::metric m, std::uint32_t& cycles, std::uint32_t pos) {
        found.push_back({m, cycles++, pos, static_cast<std::uint32_t>(n)});
        return static_cast<std::uint32_t>(found.size() - 1);
    };

    for (std::uint32_t pos = 0; pos < n; ++pos) {
        const auto& e = events[order[pos]];
        points[pos].at = T{e.at};
        switch (e.kind) {
        case event_kind::customer_message:
            if (first_reply != none && next_reply == none && state != status_effect::resolve)
                next_reply = start(metric::next_reply, next_reply_cycles, pos);
            break;
        case event_kind::reply:
            if (first_reply == none) first_reply = pos;
            if (next_reply != none) {
                const auto& t = entry_for(priority_now()).target;
                if (t.next_reply_by == reply_authors::anyone || e.by == author::human) close(next_reply, pos);
            }
            if (state != status_effect::resolve) {
                close(update, pos);
                update = start(metric::periodic_update, update_cycles, pos);
            }
            break;
        case event_kind::status: {
            const status_effect effect = *rules.find(e.status);
            if (effect == state) break;
            if (effect == status_effect::resolve) {
                close(next_reply, pos);
                close(update, pos);
                resolved = pos;
            } else if (state == status_effect::resolve) {
                ++o.reopens;
            }
            state = effect;
            segments.push_back({pos, effect == status_effect::run, {}});
            break;
        }
        case event_kind::priority:
            if (*e.priority == (changes.empty() ? *s.priority : changes.back().priority)) break;
            changes.push_back({pos, *e.priority});
            break;
        case event_kind::handoff_decided:
            if (decided == none) decided = pos;
            break;
        case event_kind::handoff_completed:
            if (completed == none) completed = pos;
            break;
        case event_kind::human_contact:
            if (contact == none) contact = pos;
            break;
        default: break;
        }
        points[pos].segment = static_cast<std::uint32_t>(segments.size() - 1);
    }
    points[n].at = now;
    points[n].segment = static_cast<std::uint32_t>(segments.size() - 1);
    o.state = state;
    o.priority_changes = changes.size();
    if (!changes.empty()) o.priority = changes.back().priority;

    const auto until = [&](std::uint32_t pos) { return pos == none ? static_cast<std::uint32_t>(n) : pos; };
    std::uint32_t zero = 0;
    start(metric::first_response, zero, 0);
    found.back().end = until(first_reply);
    zero = 0;
    start(metric::resolution, zero, 0);
    found.back().end = state == status_effect::resolve ? resolved : static_cast<std::uint32_t>(n);
    // Clause 2.4 binds decisions taken during working hours.
    if (decided != none && cal.is_open(points[decided].at)) {
        zero = 0;
        start(metric::handoff, zero, decided);
        found.back().end = until(completed);
    }
    if (completed != none) {
        zero = 0;
        start(metric::human_response, zero, completed);
        found.back().end = until(contact);
    }

    using line_type = detail::counted_time<D, std::remove_cvref_t<decltype(cal)>>;
    std::optional<line_type> lines[2];
    const auto line = [&](clock_kind clock) -> const line_type& {
        auto& l = lines[clock == clock_kind::wall ? 0 : 1];
        if (!l) l.emplace(clock, cal, points, segments);
        return *l;
    };
    const auto& levels = agreement.warning_levels();

    o.events.reserve(found.size());
    const auto add = [&](const instance& in) {
        // The priority whose targets apply, and since when.
        const Priority* p = &*s.priority;
        std::uint32_t applied = in.start;
        if (mode != priority_change::keep) {
            for (auto c = changes.rbegin(); c != changes.rend(); ++c) {
                if (c->pos >= in.end) continue;  // after the metric was fulfilled
                p = &c->priority;
                applied = std::max(applied, c->pos);
                break;
            }
        }
        const std::uint32_t from = mode == priority_change::restart ? applied : in.start;
        const auto& entry = entry_for(*p);
        const auto& th = threshold_for(entry.target, in.metric);
        if (!th) return;
        const bool ended = in.end < n;
        auto& ev = o.events.emplace_back(basic_sla_event<Channel, Priority, D>{
            in.metric, in.cycle, entry.key, *p, *th, points[in.start].at, points[applied].at});
        if (ended) ev.end = points[in.end].at;
        const D limit{th->limit};
        const auto& l = line(th->clock);
        if (pausable(in.metric)) {
            const D before = l.counted(from);
            ev.running = l.counted(in.end) - before;
            ev.paused = l.reading(in.end) - l.reading(from) - ev.running;
            ev.due = l.reach(from, before + limit);
            ev.paused_now = !ended && state != status_effect::run;
        } else {
            ev.running = l.reading(in.end) - l.reading(from);
            ev.due = l.forward(from, limit);
        }
        const bool in_time = ev.running <= limit;  // "within N" is inclusive
        ev.status = in_time ? (ended ? status::met : status::pending) : status::breached;
        if (!in_time) ev.breached_at = ev.due;
        const double used = static_cast<double>(ev.running.count()) / static_cast<double>(limit.count());
        for (std::size_t i = levels.size(); i-- > 0;) {
            if (used >= levels[i]) {
                ev.warning = i;
                break;
            }
        }
    };
    // By metric, then cycle: found holds each metric's cycles in order.
    for (const slakit::metric m : enum_values<slakit::metric>::values)
        for (const instance& in : found)
            if (in.metric == m) add(in);
    return o;
}

}  // namespace slakit::inline v0
