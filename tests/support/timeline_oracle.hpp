// A slow, plain model of docs/timelines.md, written apart from timeline_outcome.hpp, for
// differential tests.
//
// It walks a request's events in order, keeping the status (run, pause, resolve) and the
// priority in force, notes where each metric and cycle starts and ends, and then steps
// through real time one minute at a time: a minute counts when the clock counts (wall:
// always; business: the calendar is open, asked of calendar_oracle, never of
// slakit::basic_calendar) and, for the pausable metrics, the status runs. Nothing
// cleverer: every instant it is given (events, as_of, calendar hours, offset changes and
// limits) must lie on a whole minute.
#pragma once

#include <slakit/evaluate.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/policy.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/timeline.hpp>
#include <slakit/timeline_outcome.hpp>

#include "calendar_oracle.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace slakit::testing {

using sys_minutes = std::chrono::sys_time<std::chrono::minutes>;

// The open minutes of one calendar over [begin, end), each asked of calendar_oracle once.
class open_minutes {
public:
    // opens_after_end: whether the calendar opens again at some time after end (a
    // weekly schedule with hours does; an empty one past its last exception does not).
    open_minutes(const calendar_oracle& cal, sys_minutes begin, sys_minutes end, bool opens_after_end)
            : begin_(begin), end_(end), opens_after_end_(opens_after_end) {
        for (auto t = begin; t < end; t += std::chrono::minutes{1}) open_.push_back(cal.is_open(t) ? 1 : 0);
    }

    // A calendar open at every minute (a 24/7 desk).
    open_minutes(sys_minutes begin, sys_minutes end)
            : begin_(begin),
              end_(end),
              opens_after_end_(true),
              open_(static_cast<std::size_t>((end - begin).count()), 1) {}

    [[nodiscard]] bool open(instant t) const {
        if (t < begin_ || t >= end_) throw std::out_of_range("open_minutes: instant outside the window");
        return open_[static_cast<std::size_t>((t - begin_) / std::chrono::minutes{1})] != 0;
    }

    [[nodiscard]] instant end() const { return end_; }
    [[nodiscard]] bool opens_after_end() const { return opens_after_end_; }

private:
    sys_minutes begin_, end_;
    bool opens_after_end_;
    std::vector<char> open_;
};

using sla_event_row = basic_sla_event<channel, priority>;
using timeline_result = basic_timeline_outcome<channel, priority>;

// The oracle's answer: what basic_timeline_outcome holds, less the record.
struct oracle_outcome {
    std::vector<sla_event_row> events;  // by metric (enum order), then cycle
    priority in_force = priority::normal;
    status_effect state = status_effect::run;
    std::size_t reopens = 0;
    std::size_t priority_changes = 0;
};

// Thrown when the window of open_minutes is too short to decide a due instant.
struct undecidable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace oracle_detail {

// One event in evaluation order, with what was in force just before it.
struct step {
    const timeline::event* e;
    priority priority_before;
    std::optional<instant> last_change_before;  // the last priority change processed before it
};

// One metric or cycle: where it starts and, if fulfilled by as_of, the step that ended it.
struct span {
    metric m;
    std::size_t cycle;
    instant start;
    std::optional<std::size_t> end_step;
};

}  // namespace oracle_detail

// Evaluates t (its events on whole minutes) at as_of, the business clock being `hours`
// (those of the calendar of the submission's channel).
inline oracle_outcome timeline_oracle(const policy& agreement, const timeline& t, instant as_of,
                                      const open_minutes& hours) {
    using namespace std::chrono_literals;
    using oracle_detail::span;
    using oracle_detail::step;

    // --- the events by instant, the submission first, ties in the order given ---
    std::vector<const timeline::event*> order;
    const timeline::event* submission = nullptr;
    for (const auto& e : t.events()) {
        if (e.kind == event_kind::submitted) submission = &e;
    }
    if (submission == nullptr) throw std::invalid_argument("timeline_oracle: no submission");
    order.push_back(submission);
    std::vector<const timeline::event*> rest;
    for (const auto& e : t.events())
        if (&e != submission && e.at <= as_of) rest.push_back(&e);
    std::stable_sort(rest.begin(), rest.end(), [](const auto* a, const auto* b) { return a->at < b->at; });
    order.insert(order.end(), rest.begin(), rest.end());

    const channel chan = *submission->channel;
    const priority first_priority = *submission->priority;
    const priority_change mode = agreement.lifecycle().on_priority_change();
    const instant sub = submission->at;

    // --- walk them: status, priority, and the spans of every metric ---
    oracle_outcome out;
    std::vector<step> steps;
    std::vector<std::pair<instant, status_effect>> state_changes;  // (at, state from then on)
    std::vector<span> spans;
    status_effect state = status_effect::run;
    priority now = first_priority;
    std::optional<instant> last_change;
    bool replied = false;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t open_next_reply = none, open_update = none;  // index into spans
    std::size_t next_reply_cycles = 0, update_cycles = 0;
    std::optional<std::size_t> first_reply_step, decided_step, completed_step, contact_step, resolved_step;

    // The target in force for a decision taken at this point of the walk.
    auto target_now = [&]() -> const target& {
        return agreement.at(chan, mode == priority_change::keep ? first_priority : now).target;
    };

    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& e = *order[k];
        steps.push_back(step{&e, now, last_change});
        switch (e.kind) {
        case event_kind::submitted: break;
        case event_kind::customer_message:
            if (replied && open_next_reply == none && state != status_effect::resolve) {
                spans.push_back(span{metric::next_reply, next_reply_cycles++, e.at, std::nullopt});
                open_next_reply = spans.size() - 1;
            }
            break;
        case event_kind::reply:
            if (!first_reply_step) first_reply_step = k;
            replied = true;
            if (open_next_reply != none &&
                (target_now().next_reply_by == reply_authors::anyone || e.by == author::human)) {
                spans[open_next_reply].end_step = k;
                open_next_reply = none;
            }
            if (state != status_effect::resolve) {
                if (open_update != none) spans[open_update].end_step = k;
                spans.push_back(span{metric::periodic_update, update_cycles++, e.at, std::nullopt});
                open_update = spans.size() - 1;
            }
            break;
        case event_kind::status: {
            const auto effect = agreement.lifecycle().find(e.status);
            if (!effect) throw std::invalid_argument("timeline_oracle: unknown status " + e.status);
            if (*effect == state) break;
            if (*effect == status_effect::resolve) {
                if (open_next_reply != none) spans[open_next_reply].end_step = k;
                if (open_update != none) spans[open_update].end_step = k;
                open_next_reply = none;
                open_update = none;
                resolved_step = k;
            }
            if (state == status_effect::resolve) ++out.reopens;
            state = *effect;
            state_changes.emplace_back(e.at, state);
            break;
        }
        case event_kind::priority:
            if (*e.priority == now) break;
            now = *e.priority;
            last_change = e.at;
            ++out.priority_changes;
            break;
        case event_kind::handoff_decided:
            if (!decided_step) decided_step = k;
            break;
        case event_kind::handoff_completed:
            if (!completed_step) completed_step = k;
            break;
        case event_kind::human_contact:
            if (!contact_step) contact_step = k;
            break;
        case event_kind::excluded: break;
        }
    }
    out.in_force = now;
    out.state = state;

    spans.push_back(span{metric::first_response, 0, sub, first_reply_step});
    spans.push_back(span{metric::resolution, 0, sub,
                         state == status_effect::resolve ? resolved_step : std::optional<std::size_t>{}});
    // Clause 2.4 binds decisions taken during working hours.
    if (decided_step && hours.open(order[*decided_step]->at))
        spans.push_back(span{metric::handoff, 0, order[*decided_step]->at, completed_step});
    if (completed_step) spans.push_back(span{metric::human_response, 0, order[*completed_step]->at, contact_step});

    // --- the status for each minute: after every event at or before it ---
    auto runs_at = [&](instant minute) {
        status_effect s = status_effect::run;
        for (const auto& [at, effect] : state_changes)
            if (at <= minute) s = effect;
        return s == status_effect::run;
    };
    const auto minutes_to_as_of = static_cast<std::size_t>((as_of - sub) / 1min);
    std::vector<char> runs(minutes_to_as_of);
    for (std::size_t i = 0; i < runs.size(); ++i) runs[i] = runs_at(sub + std::chrono::minutes{i}) ? 1 : 0;
    const bool runs_after = state == status_effect::run;
    auto status_runs = [&](instant minute) {
        return minute < as_of ? runs[static_cast<std::size_t>((minute - sub) / 1min)] != 0 : runs_after;
    };

    // --- one SLA event per span whose target sets a threshold ---
    for (const auto m : enum_values<metric>::values) {
        std::vector<const span*> mine;
        for (const auto& s : spans)
            if (s.m == m) mine.push_back(&s);
        std::sort(mine.begin(), mine.end(), [](const span* a, const span* b) { return a->cycle < b->cycle; });
        for (const span* s : mine) {
            // The priority whose target applies and, for restart, the change it counts from.
            priority applied = first_priority;
            std::optional<instant> changed;
            if (mode != priority_change::keep) {
                applied = s->end_step ? steps[*s->end_step].priority_before : now;
                changed = s->end_step ? steps[*s->end_step].last_change_before : last_change;
            }
            const auto& entry = agreement.at(chan, applied);
            const auto& th = threshold_for(entry.target, m);
            if (!th) continue;

            sla_event_row ev{m, s->cycle, entry.key, applied, *th, s->start, s->start};
            // applied_from: the later of the start and the change that chose the priority.
            // Only restart counts from it; reselect counts from the metric's own start.
            if (changed && *changed > s->start) ev.applied_from = *changed;
            const instant counted_from = mode == priority_change::restart ? ev.applied_from : ev.start;
            if (s->end_step) ev.end = order[*s->end_step]->at;

            const bool wall = th->clock == clock_kind::wall;
            const bool can_pause = pausable(m);
            auto clock_counts = [&](instant minute) { return wall || hours.open(minute); };
            auto counts = [&](instant minute) { return clock_counts(minute) && (!can_pause || status_runs(minute)); };

            const instant stop = ev.end ? *ev.end : as_of;
            for (instant minute = counted_from; minute < stop; minute += 1min) {
                if (!clock_counts(minute)) continue;
                if (counts(minute))
                    ev.running += 1min;
                else
                    ev.paused += 1min;
            }

            // due: the first instant at which the running time reaches the limit.
            const std::chrono::milliseconds limit = th->limit;
            std::chrono::milliseconds got{0};
            for (instant minute = counted_from;; minute += 1min) {
                if (minute >= as_of && can_pause && !runs_after) break;  // never runs again
                if (!wall && minute >= hours.end()) {
                    if (hours.opens_after_end())
                        throw undecidable("timeline_oracle: the business window ends before the due instant");
                    break;  // the calendar never opens again
                }
                if (counts(minute)) got += 1min;
                if (got >= limit) {
                    ev.due = minute + 1min;
                    break;
                }
            }

            const bool in_time = ev.running <= limit;
            ev.status = in_time ? (ev.end ? status::met : status::pending) : status::breached;
            if (ev.status == status::breached) ev.breached_at = ev.due;
            // docs/timelines.md says "a pending metric paused at as_of"; we read pending as
            // unfinished, so that a breached request on hold says it is on hold too.
            ev.paused_now = !ev.end && can_pause && !runs_after;
            const double used = static_cast<double>(ev.running.count()) / static_cast<double>(limit.count());
            const auto& levels = agreement.warning_levels();
            for (std::size_t i = 0; i < levels.size(); ++i)
                if (used >= levels[i]) ev.warning = i;
            out.events.push_back(ev);
        }
    }
    return out;
}

// The record docs/timelines.md says outcome.record is evaluated from: the submission,
// the earliest reply, hand-off events and human contact, and the earliest exclusion,
// all by as_of.
inline request record_of(const timeline& t, instant as_of) {
    const timeline::event* submission = nullptr;
    for (const auto& e : t.events())
        if (e.kind == event_kind::submitted) submission = &e;
    if (submission == nullptr) throw std::invalid_argument("record_of: no submission");
    request r{*submission->channel, *submission->priority, submission->at};
    std::optional<instant> exclusion_at;
    auto earliest = [&](std::optional<instant>& slot, instant at) {
        if (!slot || at < *slot) slot = at;
    };
    for (const auto& e : t.events()) {
        if (e.at > as_of) continue;
        switch (e.kind) {
        case event_kind::reply: earliest(r.first_response, e.at); break;
        case event_kind::handoff_decided: earliest(r.handoff_decided, e.at); break;
        case event_kind::handoff_completed: earliest(r.handoff_completed, e.at); break;
        case event_kind::human_contact: earliest(r.human_contact, e.at); break;
        case event_kind::excluded:
            if (!exclusion_at || e.at < *exclusion_at) {
                exclusion_at = e.at;
                r.exclusion_reason = e.reason;
            }
            break;
        default: break;
        }
    }
    return r;
}

// The first field in which two measurements differ, or empty.
template <class D>
std::string measurement_difference(const basic_measurement<D>& a, const basic_measurement<D>& b) {
    if (a.time != b.time) return "time";
    if (a.status != b.status) return "status";
    if (a.remaining != b.remaining) return "remaining";
    if (a.due != b.due) return "due";
    if (a.used != b.used) return "used";
    if (a.warning != b.warning) return "warning";
    return {};
}

// The first field in which two record outcomes differ, or empty.
template <class D>
std::string record_difference(const basic_outcome<channel, priority, D>& a,
                              const basic_outcome<channel, priority, D>& b) {
    if (a.channel != b.channel) return "channel";
    if (a.priority != b.priority) return "priority";
    if (a.submitted_at != b.submitted_at) return "submitted_at";
    if (a.submitted_local != b.submitted_local) return "submitted_local";
    if (!(a.matched == b.matched)) return "matched";
    if (a.scope != b.scope) return "scope";
    if (a.exclusion_reason != b.exclusion_reason) return "exclusion_reason";
    if (a.next_open != b.next_open) return "next_open";
    if (a.wall_response != b.wall_response) return "wall_response";
    if (a.business_response != b.business_response) return "business_response";
    if (auto d = measurement_difference(a.first_response, b.first_response); !d.empty()) return "first_response." + d;
    if (auto d = measurement_difference(a.handoff, b.handoff); !d.empty()) return "handoff." + d;
    if (auto d = measurement_difference(a.human_response, b.human_response); !d.empty()) return "human_response." + d;
    return {};
}

// The first field in which two SLA events differ, or empty.
template <class D>
std::string sla_event_difference(const basic_sla_event<channel, priority, D>& a,
                                 const basic_sla_event<channel, priority, D>& b) {
    if (a.metric != b.metric) return "metric";
    if (a.cycle != b.cycle) return "cycle";
    if (!(a.matched == b.matched)) return "matched";
    if (a.priority != b.priority) return "priority";
    if (!(a.limit == b.limit)) return "limit";
    if (a.start != b.start) return "start";
    if (a.applied_from != b.applied_from) return "applied_from";
    if (a.end != b.end) return "end";
    if (a.due != b.due) return "due";
    if (a.breached_at != b.breached_at) return "breached_at";
    if (a.running != b.running) return "running";
    if (a.paused != b.paused) return "paused";
    if (a.status != b.status) return "status";
    if (a.paused_now != b.paused_now) return "paused_now";
    if (a.warning != b.warning) return "warning";
    return {};
}

}  // namespace slakit::testing
