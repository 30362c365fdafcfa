// slakit/evaluate.hpp: one request against a policy, at an evaluation time.
//
//   auto o = slakit::evaluate(policy, request, as_of);
//
// The outcome says whether the request counts (scope), how long the first response,
// the hand-off and the human response took, and where each stands against its
// threshold at as_of: met, breached, pending, or not applicable. It is a snapshot:
// events recorded after as_of are treated as not having happened yet.
//
// Bad records are refused, never counted: evaluate throws invalid_request naming the
// field when an instant lies outside the supported range, the first response, the
// hand-off decision or the human contact precedes submission, the hand-off completes
// before it was decided (or without a decision), the human contact precedes the
// hand-off's completion, or an exclusion has an empty reason. validate() reports the
// same problem without throwing.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/policy.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace slakit::inline v0 {

// What the host records about one request (clause 3.2). Instants are UTC.
template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct basic_request {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    Channel channel;
    Priority priority;  // flagged by the business (4.2(3))
    time_point submitted_at;  // the clock starts here (2.2)
    std::optional<time_point> first_response{};  // any first feedback shown (1.3)
    std::optional<time_point> handoff_decided{};  // the system decided a human is needed (2.4)
    std::optional<time_point> handoff_completed{};  // the request reached a human, user told
    std::optional<time_point> human_contact{};  // first effective agent-user contact
    std::optional<std::string> exclusion_reason{};  // a delay the business caused (4.1(5))
};

// The seed contract's request: the seed channels and priorities, milliseconds.
using request = basic_request<channel, priority>;

// Both views point at static text.
struct request_problem {
    std::string_view field;
    std::string_view problem;
};

namespace detail {

// b - a in Out without signed overflow (nanosecond spans over ~292 years do not fit).
template <class Out, class T1, class T2>
constexpr bool difference_fits(T1 a, T2 b) noexcept {
    using std::chrono::seconds;
    const auto s = std::chrono::floor<seconds>(b) - std::chrono::floor<seconds>(a);
    const auto most = std::chrono::duration_cast<seconds>(Out::max()) - seconds{2};
    return s < most && -s < most;
}

}  // namespace detail

// The first problem with a record, or none. Checks the order of events and that every
// instant lies in [earliest_instant, latest_instant).
template <class Channel, class Priority, class Duration>
[[nodiscard]] std::optional<request_problem> validate(const basic_request<Channel, Priority, Duration>& r) noexcept {
    using D = std::common_type_t<Duration, std::chrono::milliseconds>;
    constexpr std::string_view out_of_range = "lies outside the supported range [1900-01-01, 2200-01-01)";
    if (!in_supported_range(r.submitted_at)) return request_problem{"submitted_at", out_of_range};
    const std::pair<std::string_view, const std::optional<std::chrono::sys_time<Duration>>*> events[] = {
        {"first_response", &r.first_response},
        {"handoff_decided", &r.handoff_decided},
        {"handoff_completed", &r.handoff_completed},
        {"human_contact", &r.human_contact},
    };
    for (const auto& [name, event] : events) {
        if (!event->has_value()) continue;
        if (!in_supported_range(**event)) return request_problem{name, out_of_range};
        if (!detail::difference_fits<D>(r.submitted_at, **event))
            return request_problem{name, "lies too far from submitted_at for the record's duration type"};
    }
    if (r.first_response && *r.first_response < r.submitted_at)
        return request_problem{"first_response", "precedes submitted_at"};
    if (r.handoff_decided && *r.handoff_decided < r.submitted_at)
        return request_problem{"handoff_decided", "precedes submitted_at"};
    if (r.handoff_completed && !r.handoff_decided)
        return request_problem{"handoff_decided", "is missing although handoff_completed is set"};
    if (r.handoff_completed && *r.handoff_completed < *r.handoff_decided)
        return request_problem{"handoff_completed", "precedes handoff_decided"};
    if (r.human_contact && *r.human_contact < r.submitted_at)
        return request_problem{"human_contact", "precedes submitted_at"};
    if (r.human_contact && r.handoff_completed && *r.human_contact < *r.handoff_completed)
        return request_problem{"human_contact", "precedes handoff_completed"};
    if (r.exclusion_reason && r.exclusion_reason->find_first_not_of(" \t\n\r\f\v") == std::string::npos)
        return request_problem{"exclusion_reason", "is empty: an exclusion must carry its reason"};
    return std::nullopt;
}

// One span (first response, hand-off, or human response) against its threshold.
template <class Duration>
struct basic_measurement {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    // The span's length on the threshold's clock (wall clock without a threshold);
    // absent until the span has ended.
    std::optional<duration> time{};
    // Absent: not applicable (no threshold, the span has not started, or, for the
    // hand-off, it was decided outside working hours).
    std::optional<slakit::status> status{};
    // limit - elapsed (so far, or final): negative after a breach.
    std::optional<duration> remaining{};
    // The last instant that still meets the threshold; absent on a business clock
    // that never opens again.
    std::optional<time_point> due{};
    // elapsed / limit.
    std::optional<double> used{};
    // Index into the policy's warning_levels() of the highest level reached
    // (used >= level).
    std::optional<std::size_t> warning{};

    [[nodiscard]] bool applies() const noexcept { return status.has_value(); }
};

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct basic_outcome {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    Channel channel;
    Priority priority;
    time_point submitted_at;
    // In the channel calendar's zone: a request belongs to the period (e.g. month)
    // of this local date.
    date::local_time<Duration> submitted_local{};
    // The key of the target that applied: a report category.
    target_key<Channel, Priority> matched;

    slakit::scope scope = slakit::scope::in_hours;
    std::optional<std::string> exclusion_reason{};
    // Set when submitted outside working hours: the opening the automatic answer quotes.
    std::optional<time_point> next_open{};

    // First response - submission on each clock, whatever the target's clock.
    std::optional<duration> wall_response{};
    std::optional<duration> business_response{};

    basic_measurement<Duration> first_response{};
    basic_measurement<Duration> handoff{};
    basic_measurement<Duration> human_response{};

    // Counts toward the response-time standards (2.1): in hours and not excluded.
    [[nodiscard]] bool counts() const noexcept { return scope == slakit::scope::in_hours; }

    [[nodiscard]] std::optional<duration> response_time(clock_kind clock) const noexcept {
        return clock == clock_kind::wall ? wall_response : business_response;
    }
};

using outcome = basic_outcome<channel, priority>;

namespace detail {

template <class D, class Calendar>
D elapsed_on(clock_kind clock, const Calendar& cal, std::chrono::sys_time<D> from, std::chrono::sys_time<D> to) {
    if (clock == clock_kind::wall) return to - from;
    return cal.elapsed(from, to);
}

template <class D, class Calendar>
basic_measurement<D> measure(const std::optional<threshold>& th, bool applies,
                             const std::optional<std::chrono::sys_time<D>>& start,
                             const std::optional<std::chrono::sys_time<D>>& end, std::chrono::sys_time<D> as_of,
                             const Calendar& cal, const std::vector<double>& levels) {
    basic_measurement<D> m;
    if (!start) return m;
    const clock_kind clock = th ? th->clock : clock_kind::wall;
    if (end) m.time = elapsed_on(clock, cal, *start, *end);
    if (!th || !applies) return m;

    const D limit{th->limit};
    const D so_far = end ? *m.time : elapsed_on(clock, cal, *start, as_of);
    const bool in_time = so_far <= limit;  // "within N" is inclusive
    m.status = in_time ? (end ? status::met : status::pending) : status::breached;
    m.remaining = limit - so_far;
    if (clock == clock_kind::wall) {
        m.due = *start + limit;
    } else {
        try {
            m.due = cal.deadline(*start, limit);
        } catch (const no_open_time&) {
            // never due: the clock never runs again
        }
    }
    const double used = static_cast<double>(so_far.count()) / static_cast<double>(limit.count());
    m.used = used;
    for (std::size_t i = levels.size(); i-- > 0;) {
        if (used >= levels[i]) {
            m.warning = i;
            break;
        }
    }
    return m;
}

}  // namespace detail

// Evaluates r against the target the policy holds for its channel and priority.
// Throws invalid_request for a bad record or an as_of outside the supported range
// or before submission, and no_target when no target matches.
template <class Channel, class Priority, class ZonePtr, class Duration, class AsOf>
[[nodiscard]] auto evaluate(const basic_policy<Channel, Priority, ZonePtr>& agreement,
                            const basic_request<Channel, Priority, Duration>& r, std::chrono::sys_time<AsOf> as_of)
    -> basic_outcome<Channel, Priority, std::common_type_t<Duration, AsOf, std::chrono::milliseconds>> {
    using D = std::common_type_t<Duration, AsOf, std::chrono::milliseconds>;
    using T = std::chrono::sys_time<D>;

    if (const auto problem = validate(r)) throw invalid_request(problem->field, problem->problem);
    if (!in_supported_range(as_of))
        throw invalid_request("as_of", "lies outside the supported range [1900-01-01, 2200-01-01)");
    if (as_of < r.submitted_at) throw invalid_request("as_of", "precedes submitted_at");
    if (!detail::difference_fits<D>(r.submitted_at, as_of))
        throw invalid_request("as_of", "lies too far from submitted_at for the record's duration type");

    const auto& entry = agreement.at(r.channel, r.priority);
    const auto& cal = agreement.calendar_for(r.channel);
    const auto& levels = agreement.warning_levels();
    const T now{as_of};
    const T submitted{r.submitted_at};

    // Only what had happened by as_of.
    const auto seen = [&](const std::optional<std::chrono::sys_time<Duration>>& event) -> std::optional<T> {
        if (event && T{*event} <= now) return T{*event};
        return std::nullopt;
    };
    const auto first = seen(r.first_response);
    const auto decided = seen(r.handoff_decided);
    const auto completed = seen(r.handoff_completed);
    const auto contact = seen(r.human_contact);

    basic_outcome<Channel, Priority, D> o{r.channel, r.priority, submitted, cal.to_local(submitted), entry.key};
    const bool open = cal.is_open(submitted);
    o.exclusion_reason = r.exclusion_reason;
    o.scope = r.exclusion_reason ? scope::excluded : open ? scope::in_hours : scope::out_of_hours;
    if (!open) {
        try {
            o.next_open = cal.next_open(submitted);
        } catch (const no_open_time&) {
            // no opening to quote
        }
    }

    if (first) {
        o.wall_response = *first - submitted;
        o.business_response = cal.elapsed(submitted, *first);
    }

    const slakit::target& t = entry.target;
    o.first_response = detail::measure(t.first_response, true, std::optional<T>{submitted}, first, now, cal, levels);
    // Clause 2.4 binds decisions taken during working hours.
    o.handoff = detail::measure(t.handoff, decided && cal.is_open(*decided), decided, completed, now, cal, levels);
    o.human_response = detail::measure(t.human_response, true, completed, contact, now, cal, levels);
    return o;
}

}  // namespace slakit::inline v0
