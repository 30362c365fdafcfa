// slakit/target.hpp: what one request category is held to: per-request thresholds
// and aggregates over a period, on a wall or business clock (docs/policy.md).
#pragma once

#include <slakit/enums.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// Clause 2.2 and the decisions: wall-clock time by default; business time pauses
// outside the calendar's working hours.
enum class clock_kind : unsigned char { wall, business };

[[nodiscard]] constexpr std::string_view to_string(clock_kind k) noexcept {
    return k == clock_kind::wall ? "wall" : "business";
}

template <>
struct enum_values<clock_kind> {
    static constexpr std::string_view name = "clock";
    static constexpr std::array values{clock_kind::wall, clock_kind::business};
};

// The longest threshold or aggregate limit accepted: keeps instant + limit far from
// overflow even for nanosecond records.
inline constexpr std::chrono::milliseconds longest_limit = std::chrono::hours{24 * 3653};

// A per-request standard: "within limit", inclusive (an elapsed time equal to the
// limit meets it), measured on the given clock.
struct threshold {
    std::chrono::milliseconds limit{};
    clock_kind clock = clock_kind::wall;

    friend bool operator==(const threshold&, const threshold&) = default;
};

[[nodiscard]] constexpr threshold within(std::chrono::milliseconds limit,
                                         clock_kind clock = clock_kind::wall) noexcept {
    return threshold{limit, clock};
}

// What an aggregate target constrains over a reporting period.
enum class statistic : unsigned char {
    mean,  // mean first-response time <= limit (clause 1.5, 2.1(1))
    quantile,  // the q-quantile of first-response times <= limit
    compliance,  // share of requests that met their per-request threshold >= share (3.3)
};

[[nodiscard]] constexpr std::string_view to_string(statistic s) noexcept {
    switch (s) {
    case statistic::mean: return "mean";
    case statistic::quantile: return "quantile";
    case statistic::compliance: return "compliance";
    }
    return "statistic?";
}

template <>
struct enum_values<statistic> {
    static constexpr std::string_view name = "statistic";
    static constexpr std::array values{statistic::mean, statistic::quantile, statistic::compliance};
};

// A target over a period, described here and evaluated by the report. Every
// aggregate measures first-response times on its own clock.
struct aggregate_target {
    std::string name;
    statistic measure = statistic::mean;
    std::chrono::milliseconds limit{};  // mean, quantile
    double quantile = 0.0;  // quantile: q in (0, 1]
    double share = 0.0;  // compliance: a fraction in [0, 1], not a percentage
    clock_kind clock = clock_kind::wall;

    [[nodiscard]] static aggregate_target mean_within(std::chrono::milliseconds limit,
                                                      clock_kind clock = clock_kind::wall) {
        return aggregate_target{{}, statistic::mean, limit, 0.0, 0.0, clock};
    }

    [[nodiscard]] static aggregate_target quantile_within(double q, std::chrono::milliseconds limit,
                                                          clock_kind clock = clock_kind::wall) {
        return aggregate_target{{}, statistic::quantile, limit, q, 0.0, clock};
    }

    [[nodiscard]] static aggregate_target compliance_at_least(double share, clock_kind clock = clock_kind::wall) {
        return aggregate_target{{}, statistic::compliance, {}, 0.0, share, clock};
    }

    [[nodiscard]] aggregate_target named(std::string n) && {
        name = std::move(n);
        return std::move(*this);
    }

    // Inclusive, like every limit here. A mean or quantile target asks for a duration,
    // a compliance target for a share; asking the other one is a logic error.
    template <class Rep, class Period>
    [[nodiscard]] bool is_met_by(std::chrono::duration<Rep, Period> value) const {
        if (measure == statistic::compliance)
            throw std::logic_error("aggregate_target::is_met_by: a compliance target takes a share, not a duration");
        return value <= limit;
    }

    [[nodiscard]] bool is_met_by(double achieved_share) const {
        if (measure != statistic::compliance)
            throw std::logic_error("aggregate_target::is_met_by: a " +
                                   std::string{measure == statistic::mean ? "mean" : "quantile"} +
                                   " target takes a duration, not a share");
        return achieved_share >= share;
    }

    friend bool operator==(const aggregate_target&, const aggregate_target&) = default;
};

// Whose replies end a next-reply cycle.
enum class reply_authors : unsigned char { anyone, human };

[[nodiscard]] constexpr std::string_view to_string(reply_authors a) noexcept {
    return a == reply_authors::anyone ? "any" : "human";
}

template <>
struct enum_values<reply_authors> {
    static constexpr std::string_view name = "reply authors";
    static constexpr std::array values{reply_authors::anyone, reply_authors::human};
};

// Everything a request category is held to. Each part is optional: a part that is
// absent is simply not evaluated (its status is "not applicable"). The last three
// need a request's timeline (timeline.hpp) and pause while its status says so.
struct target {
    std::optional<threshold> first_response;  // submission -> first response (2.1(2), 2.2)
    std::vector<aggregate_target> aggregates;  // over a period (2.1(1), 3.3)
    std::optional<threshold> handoff;  // hand-off decision -> completion (2.4)
    std::optional<threshold> human_response;  // hand-off completion -> first human contact (2.4)
    std::optional<threshold> resolution{};  // submission -> a resolve in force
    std::optional<threshold> next_reply{};  // customer message -> the next reply
    std::optional<threshold> periodic_update{};  // reply -> the next reply
    reply_authors next_reply_by = reply_authors::anyone;  // whose reply ends a next-reply cycle

    friend bool operator==(const target&, const target&) = default;
};

// The clock on which t's response times are kept: that of its first-response
// threshold, else of its first aggregate, else the wall clock.
[[nodiscard]] inline clock_kind clock_of(const target& t) noexcept {
    return t.first_response        ? t.first_response->clock
           : !t.aggregates.empty() ? t.aggregates.front().clock
                                   : clock_kind::wall;
}

namespace detail {

[[nodiscard]] inline std::optional<std::string> threshold_problem(const threshold& t, const char* what) {
    if (t.limit <= t.limit.zero() || t.limit > longest_limit)
        return std::string{"the "} + what + " threshold must be positive and at most ten years";
    return std::nullopt;
}

}  // namespace detail

// What basic_policy::set_target refuses in t, or none: a limit that is not positive
// (or beyond longest_limit), a quantile outside (0, 1], a share outside [0, 1]. The
// text is set_target's message without its "set_target: " prefix.
[[nodiscard]] inline std::optional<std::string> validate(const target& t) {
    if (t.first_response)
        if (auto p = detail::threshold_problem(*t.first_response, "first-response")) return p;
    if (t.handoff)
        if (auto p = detail::threshold_problem(*t.handoff, "hand-off")) return p;
    if (t.human_response)
        if (auto p = detail::threshold_problem(*t.human_response, "human-response")) return p;
    if (t.resolution)
        if (auto p = detail::threshold_problem(*t.resolution, "resolution")) return p;
    if (t.next_reply)
        if (auto p = detail::threshold_problem(*t.next_reply, "next-reply")) return p;
    if (t.periodic_update)
        if (auto p = detail::threshold_problem(*t.periodic_update, "periodic-update")) return p;
    for (const auto& a : t.aggregates) {
        switch (a.measure) {
        case statistic::quantile:
            if (!(a.quantile > 0.0 && a.quantile <= 1.0))
                return "aggregate \"" + a.name + "\": quantile must lie in (0, 1]";
            [[fallthrough]];
        case statistic::mean:
            if (a.limit <= a.limit.zero() || a.limit > longest_limit)
                return "aggregate \"" + a.name + "\": limit must be positive and at most ten years";
            break;
        case statistic::compliance:
            if (!(a.share >= 0.0 && a.share <= 1.0))
                return "aggregate \"" + a.name + "\": share must be a fraction in [0, 1]";
            break;
        }
    }
    return std::nullopt;
}

// What is wrong with a list of warning levels (see basic_policy::set_warning_levels).
enum class level_fault : unsigned char { not_positive, not_increasing };

[[nodiscard]] constexpr std::string_view to_string(level_fault f) noexcept {
    return f == level_fault::not_positive ? "not_positive" : "not_increasing";
}

template <>
struct enum_values<level_fault> {
    static constexpr std::string_view name = "level fault";
    static constexpr std::array values{level_fault::not_positive, level_fault::not_increasing};
};

struct level_problem {
    std::size_t index;  // of the first bad level
    level_fault fault;  // not_positive: not a positive, finite fraction
};

// The first level set_warning_levels would refuse, or none: every level positive
// and finite, strictly increasing.
[[nodiscard]] inline std::optional<level_problem> validate_warning_levels(std::span<const double> levels) noexcept {
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (!std::isfinite(levels[i]) || levels[i] <= 0.0) return level_problem{i, level_fault::not_positive};
        if (i > 0 && levels[i] <= levels[i - 1]) return level_problem{i, level_fault::not_increasing};
    }
    return std::nullopt;
}

}  // namespace slakit::inline v0
