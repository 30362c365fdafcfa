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

// Counted time on one clock, as a step function of the request's status: R(t) is
// the time that counted since submission, so running(a, b) = R(b) - R(a).
template <class D, class Calendar>
class running_line {
public:
    using T = std::chrono::sys_time<D>;

    running_line(clock_kind clock, const Calendar& cal, const std::vector<T>& at, const std::vector<bool>& runs)
            : clock_(clock), cal_(&cal), at_(&at), runs_(&runs) {
        base_.reserve(at.size());
        D sum{};
        for (std::size_t i = 0; i < at.size(); ++i) {
            base_.push_back(sum);
            if (i + 1 < at.size() && runs[i]) sum += span(at[i], at[i + 1]);
        }
    }

    [[nodiscard]] D at(T t) const { return at(segment(t), t); }

    // The first instant at which R reaches goal (> R(from)), from on; none when the
    // status at the last change never runs again or the calendar has no open time.
    [[nodiscard]] std::optional<T> reach(T from, D goal) const {
        const auto& at = *at_;
        for (std::size_t i = segment(from); i < at.size(); ++i) {
            if (!(*runs_)[i]) continue;
            if (i + 1 < at.size() && base_[i + 1] < goal) continue;
            return forward(at[i], goal - base_[i]);
        }
        return std::nullopt;
    }

    [[nodiscard]] D span(T a, T b) const { return elapsed_on(clock_, *cal_, a, b); }

private:
    [[nodiscard]] std::size_t segment(T t) const {
        const auto& at = *at_;
        return static_cast<std::size_t>(std::upper_bound(at.begin(), at.end(), t) - at.begin()) - 1;
    }

    [[nodiscard]] D at(std::size_t i, T t) const { return (*runs_)[i] ? base_[i] + span((*at_)[i], t) : base_[i]; }

    [[nodiscard]] std::optional<T> forward(T a, D d) const {
        if (clock_ == clock_kind::wall) return a + d;
        try {
            return T{cal_->deadline(a, d)};
        } catch (const no_open_time&) {
            return std::nullopt;
        }
    }

    clock_kind clock_;
    const Calendar* cal_;
    const std::vector<T>* at_;
    const std::vector<bool>* runs_;
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
    constexpr std::size_t open = static_cast<std::size_t>(-1);

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

    struct instance {
        slakit::metric metric;
        std::size_t cycle;
        T start;
        std::optional<T> end;
        std::size_t end_pos;  // position in order of the event that ended it
    };
    std::vector<instance> found;
    struct change {
        std::size_t pos;
        T at;
        Priority priority;
    };
    std::vector<change> changes;  // of the priority, after the submission
    std::vector<T> status_at{T{s.at}};
    std::vector<bool> runs{true};
    status_effect state = status_effect::run;
    std::optional<std::size_t> next_reply, update, resolution_end;
    std::size_t next_reply_cycles = 0, update_cycles = 0;
    std::optional<T> resolved_at, first_reply, decided, completed, contact;
    std::size_t first_reply_pos = open, completed_pos = open, contact_pos = open;

    const auto priority_now = [&]() -> const Priority& {
        return mode == priority_change::keep || changes.empty() ? *s.priority : changes.back().priority;
    };
    const auto close = [&](std::optional<std::size_t>& cycle, T at, std::size_t pos) {
        if (!cycle) return;
        found[*cycle].end = at;
        found[*cycle].end_pos = pos;
        cycle.reset();
    };

    for (std::size_t pos = 0; pos < order.size(); ++pos) {
        const auto& e = events[order[pos]];
        const T at{e.at};
        switch (e.kind) {
        case event_kind::customer_message:
            if (first_reply && !next_reply && state != status_effect::resolve) {
                next_reply = found.size();
                found.push_back({metric::next_reply, next_reply_cycles++, at, std::nullopt, open});
            }
            break;
        case event_kind::reply:
            if (!first_reply) {
                first_reply = at;
                first_reply_pos = pos;
            }
            if (next_reply) {
                const auto& t = agreement.at(channel, priority_now()).target;
                if (t.next_reply_by == reply_authors::anyone || e.by == author::human) close(next_reply, at, pos);
            }
            if (state != status_effect::resolve) {
                close(update, at, pos);
                update = found.size();
                found.push_back({metric::periodic_update, update_cycles++, at, std::nullopt, open});
            }
            break;
        case event_kind::status: {
            const status_effect effect = *rules.find(e.status);
            if (effect == state) break;
            if (effect == status_effect::resolve) {
                close(next_reply, at, pos);
                close(update, at, pos);
                resolved_at = at;
                resolution_end = pos;
            } else if (state == status_effect::resolve) {
                ++o.reopens;
            }
            state = effect;
            status_at.push_back(at);
            runs.push_back(effect == status_effect::run);
            break;
        }
        case event_kind::priority:
            if (*e.priority == (changes.empty() ? *s.priority : changes.back().priority)) break;
            changes.push_back({pos, at, *e.priority});
            break;
        case event_kind::handoff_decided:
            if (!decided) decided = at;
            break;
        case event_kind::handoff_completed:
            if (!completed) {
                completed = at;
                completed_pos = pos;
            }
            break;
        case event_kind::human_contact:
            if (!contact) {
                contact = at;
                contact_pos = pos;
            }
            break;
        default: break;
        }
    }
    o.state = state;
    o.priority_changes = changes.size();
    if (!changes.empty()) o.priority = changes.back().priority;

    const T submitted{s.at};
    found.push_back({metric::first_response, 0, submitted, first_reply, first_reply_pos});
    found.push_back({metric::resolution, 0, submitted, state == status_effect::resolve ? resolved_at : std::nullopt,
                     state == status_effect::resolve ? *resolution_end : open});
    // Clause 2.4 binds decisions taken during working hours.
    if (decided && cal.is_open(*decided))
        found.push_back({metric::handoff, 0, *decided, completed, completed ? completed_pos : open});
    if (completed) found.push_back({metric::human_response, 0, *completed, contact, contact ? contact_pos : open});

    std::optional<detail::running_line<D, std::remove_cvref_t<decltype(cal)>>> lines[2];
    const auto line = [&](clock_kind clock) -> const auto& {
        auto& l = lines[clock == clock_kind::wall ? 0 : 1];
        if (!l) l.emplace(clock, cal, status_at, runs);
        return *l;
    };
    const auto& levels = agreement.warning_levels();

    o.events.reserve(found.size());
    for (const instance& in : found) {
        // The priority whose targets apply, and since when.
        const Priority* p = &*s.priority;
        T applied = in.start;
        if (mode != priority_change::keep) {
            for (auto c = changes.rbegin(); c != changes.rend(); ++c) {
                if (c->pos >= in.end_pos) continue;  // after the metric was fulfilled
                p = &c->priority;
                applied = std::max(applied, c->at);
                break;
            }
        }
        const T from = mode == priority_change::restart ? applied : in.start;
        const auto& entry = agreement.at(channel, *p);
        const auto& th = threshold_for(entry.target, in.metric);
        if (!th) continue;
        basic_sla_event<Channel, Priority, D> ev{in.metric, in.cycle, entry.key, *p, *th, in.start, applied, in.end};
        const D limit{th->limit};
        const T stop = in.end ? *in.end : now;
        if (pausable(in.metric)) {
            const auto& l = line(th->clock);
            const D before = l.at(from);
            ev.running = l.at(stop) - before;
            ev.paused = l.span(from, stop) - ev.running;
            ev.due = l.reach(from, before + limit);
            ev.paused_now = !in.end && state != status_effect::run;
        } else {
            ev.running = detail::elapsed_on(th->clock, cal, from, stop);
            if (th->clock == clock_kind::wall) {
                ev.due = from + limit;
            } else {
                try {
                    ev.due = T{cal.deadline(from, limit)};
                } catch (const no_open_time&) {
                    // never due: the clock never runs again
                }
            }
        }
        const bool in_time = ev.running <= limit;  // "within N" is inclusive
        ev.status = in_time ? (in.end ? status::met : status::pending) : status::breached;
        if (!in_time) ev.breached_at = ev.due;
        const double used = static_cast<double>(ev.running.count()) / static_cast<double>(limit.count());
        for (std::size_t i = levels.size(); i-- > 0;) {
            if (used >= levels[i]) {
                ev.warning = i;
                break;
            }
        }
        o.events.push_back(std::move(ev));
    }
    std::stable_sort(o.events.begin(), o.events.end(),
                     [](const auto& a, const auto& b) { return a.metric < b.metric; });
    return o;
}

}  // namespace slakit::inline v0
