// slakit/timeline.hpp: everything that happened to one request, as the host holds it.
//
//   slakit::timeline t;
//   t.submitted(at, slakit::channel::email, slakit::priority::normal)
//       .reply(at + 5min, slakit::author::bot)
//       .status(at + 1h, "waiting_on_customer")
//       .customer_message(at + 3h);
//   auto o = slakit::evaluate(policy, t, as_of);   // timeline_outcome.hpp
//
// Events may be given in any order; evaluation takes them by instant, and events at
// the same instant in the order given. validate() names the first bad event by its
// position in the order given.
#pragma once

#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/event.hpp>
#include <slakit/policy.hpp>
#include <slakit/time.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
class basic_timeline {
public:
    using event = basic_event<Channel, Priority, Duration>;
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    basic_timeline& add(event e) {
        events_.push_back(std::move(e));
        return *this;
    }

    basic_timeline& submitted(time_point at, Channel c, Priority p) {
        event e{at, event_kind::submitted};
        e.channel = std::move(c);
        e.priority = std::move(p);
        return add(std::move(e));
    }
    basic_timeline& customer_message(time_point at) { return add(event{at, event_kind::customer_message}); }
    basic_timeline& reply(time_point at, author by = author::human) {
        event e{at, event_kind::reply};
        e.by = by;
        return add(std::move(e));
    }
    basic_timeline& status(time_point at, std::string name) {
        event e{at, event_kind::status};
        e.status = std::move(name);
        return add(std::move(e));
    }
    basic_timeline& priority(time_point at, Priority p) {
        event e{at, event_kind::priority};
        e.priority = std::move(p);
        return add(std::move(e));
    }
    basic_timeline& handoff_decided(time_point at) { return add(event{at, event_kind::handoff_decided}); }
    basic_timeline& handoff_completed(time_point at) { return add(event{at, event_kind::handoff_completed}); }
    basic_timeline& human_contact(time_point at) { return add(event{at, event_kind::human_contact}); }
    basic_timeline& excluded(time_point at, std::string reason) {
        event e{at, event_kind::excluded};
        e.reason = std::move(reason);
        return add(std::move(e));
    }

    // In the order given.
    [[nodiscard]] const std::vector<event>& events() const noexcept { return events_; }
    [[nodiscard]] std::size_t size() const noexcept { return events_.size(); }
    [[nodiscard]] bool empty() const noexcept { return events_.empty(); }
    void clear() noexcept { events_.clear(); }
    void reserve(std::size_t n) { events_.reserve(n); }

private:
    std::vector<event> events_;
};

// The seed contract's timeline: the seed channels and priorities, milliseconds.
using timeline = basic_timeline<channel, priority>;

// index is the event's position in the order given; events().size() when the
// timeline has no submission. problem points at static text.
struct timeline_problem {
    std::size_t index;
    std::string_view problem;
};

// The first problem with a timeline, or none: no submission, two of them, an event
// before the submission, an instant outside the supported range, a status the
// policy's lifecycle does not know, a priority (or channel) no target matches, a
// field the event kind needs left empty, or a hand-off out of order (as validate
// does for a record).
template <class Channel, class Priority, class ZonePtr, class Duration>
[[nodiscard]] std::optional<timeline_problem> validate(const basic_policy<Channel, Priority, ZonePtr>& agreement,
                                                       const basic_timeline<Channel, Priority, Duration>& t) {
    using D = std::common_type_t<Duration, std::chrono::milliseconds>;
    const auto& events = t.events();
    std::optional<std::size_t> submission;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        if (!in_supported_range(e.at))
            return timeline_problem{i, "lies outside the supported range [1900-01-01, 2200-01-01)"};
        if (e.kind != event_kind::submitted) continue;
        if (submission) return timeline_problem{i, "is a second submission"};
        submission = i;
    }
    if (!submission) return timeline_problem{events.size(), "has no submitted event"};
    const auto& s = events[*submission];
    if (!s.channel || !s.priority) return timeline_problem{*submission, "needs a channel and a priority"};
    if (!agreement.find(*s.channel, *s.priority)) return timeline_problem{*submission, "matches no target"};

    std::optional<std::chrono::sys_time<Duration>> decided, completed;
    std::optional<std::size_t> first_completed, first_contact;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        if (e.at < s.at) return timeline_problem{i, "precedes the submission"};
        if (!detail::difference_fits<D>(s.at, e.at))
            return timeline_problem{i, "lies too far from the submission for the timeline's duration type"};
        switch (e.kind) {
        case event_kind::status:
            if (!agreement.lifecycle().find(e.status))
                return timeline_problem{i, "names a status the policy's lifecycle does not know"};
            break;
        case event_kind::priority:
            if (!e.priority) return timeline_problem{i, "needs the new priority"};
            if (!agreement.find(*s.channel, *e.priority))
                return timeline_problem{i, "names a priority no target matches"};
            break;
        case event_kind::excluded:
            if (e.reason.find_first_not_of(" \t\n\r\f\v") == std::string::npos)
                return timeline_problem{i, "has an empty reason: an exclusion must carry its reason"};
            break;
        case event_kind::handoff_decided:
            if (!decided || e.at < *decided) decided = e.at;
            break;
        case event_kind::handoff_completed:
            if (!completed || e.at < *completed) {
                completed = e.at;
                first_completed = i;
            }
            break;
        case event_kind::human_contact:
            if (!first_contact || e.at < events[*first_contact].at) first_contact = i;
            break;
        default: break;
        }
    }
    if (first_completed && !decided) return timeline_problem{*first_completed, "has no handoff_decided before it"};
    if (first_completed && *completed < *decided) return timeline_problem{*first_completed, "precedes handoff_decided"};
    if (first_contact && completed && events[*first_contact].at < *completed)
        return timeline_problem{*first_contact, "precedes handoff_completed"};
    return std::nullopt;
}

// The exception validate's problem stands for, naming the event.
template <class Channel, class Priority, class Duration>
[[nodiscard]] invalid_timeline to_error(const basic_timeline<Channel, Priority, Duration>& t,
                                        const timeline_problem& p) {
    if (p.index >= t.size()) return invalid_timeline{p.index, "the timeline " + std::string{p.problem}};
    const auto& e = t.events()[p.index];
    std::string what = "event " + std::to_string(p.index) + " (" + std::string{to_string(e.kind)};
    if (e.kind == event_kind::status) what += " \"" + e.status + '"';
    if (e.priority && e.kind != event_kind::submitted) {
        if (const auto name = detail::name_of(*e.priority); !name.empty()) what += " \"" + name + '"';
    }
    if (in_supported_range(e.at)) what += " at " + format_instant(e.at);
    what += ") ";
    what += p.problem;
    return invalid_timeline{p.index, what};
}

// The record as a timeline: the same outcomes (tests/timeline_equivalence.cpp).
// The first response becomes a reply by a human.
template <class Channel, class Priority, class Duration>
[[nodiscard]] basic_timeline<Channel, Priority, Duration> timeline_of(
    const basic_request<Channel, Priority, Duration>& r) {
    basic_timeline<Channel, Priority, Duration> t;
    t.submitted(r.submitted_at, r.channel, r.priority);
    if (r.exclusion_reason) t.excluded(r.submitted_at, *r.exclusion_reason);
    if (r.first_response) t.reply(*r.first_response, author::human);
    if (r.handoff_decided) t.handoff_decided(*r.handoff_decided);
    if (r.handoff_completed) t.handoff_completed(*r.handoff_completed);
    if (r.human_contact) t.human_contact(*r.human_contact);
    return t;
}

}  // namespace slakit::inline v0
