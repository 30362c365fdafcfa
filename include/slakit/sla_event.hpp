// slakit/sla_event.hpp: one metric of one request, or one cycle of it, against the
// target that applied: what evaluating a timeline gives (timeline_outcome.hpp), one
// row per metric and cycle, as dbt_zendesk's sla_policies has them.
#pragma once

#include <slakit/enums.hpp>
#include <slakit/selector.hpp>
#include <slakit/status.hpp>
#include <slakit/target.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace slakit::inline v0 {

enum class metric : unsigned char {
    first_response,  // submission -> the first reply by anyone (1.3); never paused
    next_reply,  // a customer message after the first reply -> the next counting reply
    periodic_update,  // a reply -> the next reply
    resolution,  // submission -> a resolve still in force
    handoff,  // hand-off decision -> completion (2.4); never paused
    human_response,  // hand-off completion -> first human contact (2.4); never paused
};

[[nodiscard]] constexpr std::string_view to_string(metric m) noexcept {
    switch (m) {
    case metric::first_response: return "first_response";
    case metric::next_reply: return "next_reply";
    case metric::periodic_update: return "periodic_update";
    case metric::resolution: return "resolution";
    case metric::handoff: return "handoff";
    case metric::human_response: return "human_response";
    }
    return "metric?";
}

template <>
struct enum_values<metric> {
    static constexpr std::string_view name = "metric";
    static constexpr std::array values{metric::first_response, metric::next_reply, metric::periodic_update,
                                       metric::resolution,     metric::handoff,    metric::human_response};
};

inline constexpr std::size_t metric_count = enum_values<metric>::values.size();

// Whether the request's status can pause the metric.
[[nodiscard]] constexpr bool pausable(metric m) noexcept {
    return m == metric::next_reply || m == metric::periodic_update || m == metric::resolution;
}

// The threshold a target sets for a metric (empty when it sets none).
[[nodiscard]] inline const std::optional<threshold>& threshold_for(const target& t, metric m) noexcept {
    switch (m) {
    case metric::first_response: return t.first_response;
    case metric::next_reply: return t.next_reply;
    case metric::periodic_update: return t.periodic_update;
    case metric::resolution: return t.resolution;
    case metric::handoff: return t.handoff;
    case metric::human_response: break;
    }
    return t.human_response;
}

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct basic_sla_event {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    slakit::metric metric = metric::first_response;
    std::size_t cycle = 0;  // 0, 1, 2... for next_reply and periodic_update; else 0
    target_key<Channel, Priority> matched;  // the key of the target that applied
    Priority priority;  // whose target applied
    threshold limit;  // its limit and clock
    time_point start;  // when the metric (or cycle) began
    // When the target began to apply: the later of start and the priority change that
    // chose it. Running time counts from here under priority_change::restart, else
    // from start.
    time_point applied_from;
    std::optional<time_point> end{};  // when it was fulfilled (by as_of)
    // When the running time reaches the limit, given the status changes up to as_of
    // and no new pause after it. Absent when the request is paused (or resolved) at
    // as_of before reaching it, or the business clock never runs again.
    std::optional<time_point> due{};
    std::optional<time_point> breached_at{};  // = due, for a breached metric
    duration running{};  // counted time until end (or as_of) on limit.clock
    duration paused{};  // time the status withheld in that span, on the same clock
    slakit::status status = status::pending;
    bool paused_now = false;  // unfinished, and the status does not run at as_of
    std::optional<std::size_t> warning{};  // highest policy warning level reached (running / limit)

    [[nodiscard]] bool fulfilled() const noexcept { return end.has_value(); }
};

}  // namespace slakit::inline v0
