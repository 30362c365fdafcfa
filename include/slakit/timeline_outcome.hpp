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

namespace detail {

// A request's instants in evaluation order (position n is as_of) and what they read
// on one clock, since the submission: each instant's clock reading is taken once, so
// a metric costs no calendar call beyond its due instant. R(p), the time that counted
// by position p, is a step function of the status: running(a, b) = R(b) - R(a).
template <class D, class Calendar>
class running_line {
public:
    using T = std::chrono::sys_time<D>;

    // at: the instants by position; change: the position where each status segment
    // begins; runs: whether it runs; segment: the segment in force at each position.
    running_line(clock_kind clock, const Calendar& cal, const std::vector<T>& at,
                 const std::vector<std::size_t>& change, const std::vector<bool>& runs,
                 const std::vector<std::uint32_t>& segment)
            : clock_(clock), cal_(&cal), at_(&at), change_(&change), runs_(&runs), segment_(&segment) {
        reading_.assign(at.size(), unknown);
        base_.reserve(change.size());
        D sum{};
        for (std::size_t i = 0; i < change.size(); ++i) {
            base_.push_back(sum);
            if (i + 1 < change.size() && runs[i]) sum += reading(change[i + 1]) - reading(change[i]);
        }
    }

    // The clock's time from the submission to position p.
    [[nodiscard]] D reading(std::size_t p) const {
        if (clock_ == clock_kind::wall) return (*at_)[p] - (*at_)[0];
        D& r = reading_[p];
        if (r == unknown) r = cal_->elapsed((*at_)[0], (*at_)[p]);
        return r;
    }

    [[nodiscard]] D counted(std::size_t p) const {
        const std::size_t i = (*segment_)[p];
        return (*runs_)[i] ? base_[i] + reading(p) - reading((*change_)[i]) : base_[i];
    }

    // The first instant at which R reaches goal (> R(from)); none when the status in
    // force at as_of does not run, or the calendar has no open time left.
    [[nodiscard]] std::optional<T> reach(std::size_t from, D goal) const {
        const auto& change = *change_;
        for (std::size_t i = (*segment_)[from]; i < change.size(); ++i) {
            if (!(*runs_)[i]) continue;
            if (i + 1 < change.size() && base_[i + 1] < goal) continue;
            return forward((*at_)[change[i]], goal - base_[i]);
        }
        return std::nullopt;
    }

    [[nodiscard]] std::optional<T> forward(T a, D d) const {
        if (clock_ == clock_kind::wall) return a + d;
        try {
            return T{cal_->deadline(a, d)};
        } catch (const no_open_time&) {
            return std::nullopt;
        }
    }

private:
    static constexpr D unknown = D::min();

    clock_kind clock_;
    const Calendar* cal_;
    const std::vector<T>* at_;
    const std::vector<std::size_t>* change_;
    const std::vector<bool>* runs_;
    const std::vector<std::uint32_t>* segment_;
    mutable std::vector<D> reading_;
    std::vector<D> base_;
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
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (events[a].at != events[b].at) return events[a].at < events[b].at;
        return a == sub && b != sub;
    });
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
    std::vector<T> at(n + 1);
    std::vector<std::size_t> status_change{0};  // where each status segment begins
    std::vector<bool> runs{true};
    std::vector<std::uint32_t> segment(n + 1);
    status_effect state = status_effect::run;
    constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::uint32_t next_reply = none, update = none, resolved = none, first_reply = none;
    std::uint32_t decided = none, completed = none, contact = none;
    std::uint32_t next_reply_cycles = 0, update_cycles = 0;

    // Policy look-ups, once per priority the request has had.
    std::vector<std::pair<Priority, const typename basic_policy<Channel, Priority, ZonePtr>::entry*>> entries;
    const auto entry_for = [&](const Priority& p) -> const auto& {
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
        at[pos] = T{e.at};
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
            status_change.push_back(pos);
            runs.push_back(effect == status_effect::run);
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
        segment[pos] = static_cast<std::uint32_t>(status_change.size() - 1);
    }
    at[n] = now;
    segment[n] = static_cast<std::uint32_t>(status_change.size() - 1);
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
    if (decided != none && cal.is_open(at[decided])) {
        zero = 0;
        start(metric::handoff, zero, decided);
        found.back().end = until(completed);
    }
    if (completed != none) {
        zero = 0;
        start(metric::human_response, zero, completed);
        found.back().end = until(contact);
    }

    using line_type = detail::running_line<D, std::remove_cvref_t<decltype(cal)>>;
    std::optional<line_type> lines[2];
    const auto line = [&](clock_kind clock) -> const line_type& {
        auto& l = lines[clock == clock_kind::wall ? 0 : 1];
        if (!l) l.emplace(clock, cal, at, status_change, runs, segment);
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
        basic_sla_event<Channel, Priority, D> ev{in.metric, in.cycle, entry.key, *p, *th, at[in.start], at[applied]};
        if (ended) ev.end = at[in.end];
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
            ev.due = l.forward(at[from], limit);
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
        o.events.push_back(std::move(ev));
    };
    // By metric, then cycle: found holds each metric's cycles in order.
    for (const slakit::metric m : enum_values<slakit::metric>::values)
        for (const instance& in : found)
            if (in.metric == m) add(in);
    return o;
}

}  // namespace slakit::inline v0
