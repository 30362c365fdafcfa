// slakit/burn.hpp: objectives, their burn rates over trailing windows, and
// multi-window alert rules on them (Google SRE workbook, "Alerting on SLOs").
//
// Burn rate: how fast a window spends the budget an objective allows, 1.0 being the
// pace that spends it exactly by the period's end; sustained for a time T it spends
// burn x T / period of the period's budget. By statistic:
//   compliance (share s of first responses, or of hand-offs, within their threshold):
//   compliance_burn(met, breached, s), the observed breach rate over the allowed one.
//   quantile (the q-quantile <= L): the same with "answered in more than L" as the bad
//   events and q as the share: the q-quantile is within L exactly when at most 1 - q
//   of the answers exceed L.
//   mean (mean first-response time <= L, clause 2.1(1)): mean_burn, the window's sum
//   of first-response times / (answered x L) = window mean / L; exactly 1.0 at L.
// A window with no decided (or answered) request has no burn rate, and no alert fires
// on it. burn_rate.hpp holds both formulas; the period report's budgets use them too.
//
// Alert rules pair a long and a short window with a threshold: the rule fires while
// both windows burn at or above it (the long window for significance, the short one
// so that the alert resolves soon after the burn stops), and the long window holds a
// minimum of requests. Defaults, from the workbook:
//   page    1 h and 5 min  >= 14.4   (2 % of a 30-day budget in an hour), 10 requests
//   page    6 h and 30 min >= 6      (5 % in six hours), 30 requests
//   ticket  3 d and 6 h    >= 1      (10 % in three days), 100 requests
// With a 95 % compliance target a burn of 14.4 needs 72 % of the window's decided
// requests breached.
//
// Clause 2.3, out-of-hours time does not burn budget: out-of-hours and excluded
// requests are never counted; an objective on the business clock measures its windows
// in the calendar's open time (rolling_window::last with a calendar).
#pragma once

#include <slakit/burn_rate.hpp>
#include <slakit/enums.hpp>
#include <slakit/policy.hpp>
#include <slakit/rolling.hpp>
#include <slakit/text.hpp>
#include <slakit/window.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// ---------------------------------------------------------------------------
// Objectives and burn rates
// ---------------------------------------------------------------------------

// The responses a compliance objective counts: first responses, or hand-offs
// (clause 2.4). Mean and quantile objectives are of first responses.
enum class response_event : unsigned char { first_response, handoff };

[[nodiscard]] constexpr std::string_view to_string(response_event e) noexcept {
    return e == response_event::first_response ? "first_response" : "handoff";
}

template <>
struct enum_values<response_event> {
    static constexpr std::string_view name = "response event";
    static constexpr std::array values{response_event::first_response, response_event::handoff};
};

// What one stream of requests is held to, as a monitor measures it.
struct objective {
    std::string name;
    statistic measure = statistic::compliance;
    response_event event = response_event::first_response;  // compliance: whose thresholds count
    std::chrono::milliseconds limit{};  // mean, quantile
    double quantile = 0.0;  // quantile: q in (0, 1]
    double share = 0.0;  // compliance: the share required
    clock_kind clock = clock_kind::wall;  // windows count wall time, or the calendar's open time
    std::size_t exceedance = 0;  // quantile: index into rolling_config::exceedances

    friend bool operator==(const objective&, const objective&) = default;
};

// An objective's kind as programs show it: "first_response" and "handoff" (compliance
// of those responses), "mean", "quantile".
[[nodiscard]] constexpr std::string_view kind_name(const objective& goal) noexcept {
    switch (goal.measure) {
    case statistic::mean: return "mean";
    case statistic::quantile: return "quantile";
    case statistic::compliance: break;
    }
    return to_string(goal.event);
}

// The burn rate of an objective over a window (see the top of the file).
template <class Duration>
[[nodiscard]] std::optional<double> burn_rate(const objective& goal, const window_totals<Duration>& w) noexcept {
    switch (goal.measure) {
    case statistic::compliance:
        if (goal.event == response_event::handoff)
            return compliance_burn(w.handoff_met, w.handoff_breached, goal.share);
        return compliance_burn(w.met, w.breached, goal.share);
    case statistic::mean:
        return mean_burn(w.sum(goal.clock), w.answered, std::chrono::duration_cast<Duration>(goal.limit).count());
    case statistic::quantile: {
        if (goal.exceedance >= max_exceedances) return std::nullopt;
        const std::uint64_t bad = std::min(w.exceeding[goal.exceedance], w.answered);
        return compliance_burn(w.answered - bad, bad, goal.quantile);
    }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// Alert rules
// ---------------------------------------------------------------------------

enum class severity : unsigned char { page, ticket };

[[nodiscard]] constexpr std::string_view to_string(severity s) noexcept {
    return s == severity::page ? "page" : "ticket";
}

template <>
struct enum_values<severity> {
    static constexpr std::string_view name = "severity";
    static constexpr std::array values{severity::page, severity::ticket};
};

// Fires while both windows burn at or above threshold, and the long window holds at
// least minimum_events of the requests its burn is computed over. The minimum keeps a
// stream with little traffic from paging on one breach among two requests (the
// workbook's low-traffic caveat): such a breach may well spend a real share of the
// budget, but it is noise, not an outage.
//
// The short window has a minimum of its own, short_minimum_events: when it holds fewer
// of those requests, it reaches back, a bucket at a time, until it holds that many (at
// most half the long window), and the rule cannot fire while it holds fewer.
// On a quiet stream five minutes hold one request or none, and every request flips
// the rule; "the last five minutes, or the last ten requests if there were fewer" does
// not flip on one answer, and still reacts within minutes where traffic is dense.
struct alert_rule {
    std::string name;
    severity level = severity::page;
    std::chrono::milliseconds long_window{};
    std::chrono::milliseconds short_window{};
    double threshold = 1.0;
    std::uint64_t minimum_events = 0;
    std::uint64_t short_minimum_events = 0;
    // Hysteresis for monitor::transitions(): a fired alert resolves only once the rule
    // has not held for this long (Prometheus' keep_firing_for). Unset: the short
    // window, so that an alert resolves once every request that made its short window
    // burn has left it, not on the first good answer. 0: as soon as the rule stops.
    std::optional<std::chrono::milliseconds> keep_firing{};

    // keep_firing, or the short window when unset.
    [[nodiscard]] std::chrono::milliseconds hold() const noexcept { return keep_firing.value_or(short_window / 2); }

    friend bool operator==(const alert_rule&, const alert_rule&) = default;
};

// The SRE workbook's multi-window, multi-burn-rate rules for a 30-day period. Their
// minimum counts make each threshold mean several bad requests at a 95 % target:
// 10 requests at 14.4 are 7 breaches, 30 at 6 are 9, 100 at 1 are 5. Below them a
// single breach among a handful of requests (a monitor just started, a quiet stream)
// would page or open a ticket. The short windows' minimums (docs/monitoring.md, "Pages
// that do not flap") make a short window's burn mean the same several bad requests,
// not one unlucky answer; each alert resolves a short window after its rule stops.
[[nodiscard]] inline std::vector<alert_rule> default_alert_rules() {
    using namespace std::chrono_literals;
    return {
        {"fast burn", severity::page, 1h, 5min, 14.4, 10, 5},
        {"slow burn", severity::page, 6h, 30min, 6.0, 30, 20},
        {"budget burn", severity::ticket, 72h, 6h, 1.0, 100, 30},
    };
}

// Throws std::invalid_argument for windows that are not positive, a short window
// longer than the long one, a threshold that is not positive and finite, or a
// negative keep_firing.
inline void check_rule(const alert_rule& r) {
    if (r.long_window <= r.long_window.zero() || r.short_window <= r.short_window.zero())
        throw std::invalid_argument("alert rule \"" + r.name + "\": windows must be positive");
    if (r.short_window > r.long_window)
        throw std::invalid_argument("alert rule \"" + r.name + "\": the short window is longer than the long one");
    if (!std::isfinite(r.threshold) || r.threshold <= 0.0)
        throw std::invalid_argument("alert rule \"" + r.name + "\": the threshold must be positive and finite");
    if (r.keep_firing && *r.keep_firing < r.keep_firing->zero())
        throw std::invalid_argument("alert rule \"" + r.name + "\": keep_firing must not be negative");
}

// One window of one rule, for one objective.
template <class Duration = std::chrono::milliseconds>
struct window_figures {
    std::chrono::milliseconds window{};  // the span asked for, on the objective's clock
    window_totals<Duration> totals{};
    std::optional<double> burn{};
    // What the burn rate is computed over: decided requests (compliance), answered
    // ones (mean, quantile); and the bad ones among them (breached, or over the
    // quantile's limit; 0 for a mean).
    std::uint64_t total = 0;
    std::uint64_t bad = 0;
    std::optional<Duration> mean{};  // mean objectives: the window's mean on the objective's clock
};

// One objective against one rule: the figures of both windows and whether it fires.
template <class Duration = std::chrono::milliseconds>
struct burn_assessment {
    std::size_t objective = 0;  // indices into the spans given to assess()
    std::size_t rule = 0;
    window_figures<Duration> long_window{};
    window_figures<Duration> short_window{};
    bool firing = false;
};

namespace detail {

template <class Duration>
window_figures<Duration> figures(const objective& goal, std::chrono::milliseconds span,
                                 const window_totals<Duration>& t) {
    window_figures<Duration> f{span, t, burn_rate(goal, t)};
    switch (goal.measure) {
    case statistic::compliance:
        if (goal.event == response_event::handoff) {
            f.total = t.handoff_met + t.handoff_breached;
            f.bad = t.handoff_breached;
        } else {
            f.total = t.decided();
            f.bad = t.breached;
        }
        break;
    case statistic::mean:
        f.total = t.answered;
        f.mean = t.mean(goal.clock);
        break;
    case statistic::quantile:
        f.total = t.answered;
        f.bad = goal.exceedance < max_exceedances ? std::min(t.exceeding[goal.exceedance], t.answered) : 0;
        break;
    }
    return f;
}

// The short window of a rule, reaching back past its span in whole buckets until it
// holds rule.short_minimum_events of the requests goal's burn counts: the shortest
// such span, by bisection (a window's count grows with its span), but never more than
// half the long window, so that the two windows still say different things (a short
// window as long as the long one would let the rule fire on the long window alone, at
// night on the day's last few requests). Fewer found: the widest, which cannot fire.
template <class Duration, class Accuracy, class Calendar>
window_figures<Duration> reach_back(const rolling_window<Duration, Accuracy>& ring, const objective& goal,
                                    const alert_rule& rule, const Calendar& working_hours) {
    const auto at = [&](std::chrono::milliseconds span) {
        return figures(goal, span, ring.last(Duration{span}, goal.clock, working_hours));
    };
    const auto reach = std::max(rule.short_window, rule.long_window / 2);
    auto step = ring.config().bucket_width;
    if (step <= step.zero()) step = rule.short_window;
    const auto span_of = [&](std::int64_t k) { return std::min(rule.short_window + k * step, reach); };
    std::int64_t lo = 0, hi = (reach - rule.short_window + step - std::chrono::milliseconds{1}) / step;
    auto found = at(span_of(hi));
    if (hi == 0 || found.total < rule.short_minimum_events) return found;
    while (hi - lo > 1) {  // at(span_of(lo)) holds too few; found = at(span_of(hi)) enough
        const std::int64_t mid = lo + (hi - lo) / 2;
        auto f = at(span_of(mid));
        if (f.total >= rule.short_minimum_events) {
            hi = mid;
            found = std::move(f);
        } else {
            lo = mid;
        }
    }
    return found;
}

}  // namespace detail

// Every objective against every rule over one ring, at the ring's now. Windows on the
// business clock count the calendar's open time. Each distinct window is summed once.
template <class Duration, class Accuracy, class Calendar>
[[nodiscard]] std::vector<burn_assessment<Duration>> assess(const rolling_window<Duration, Accuracy>& ring,
                                                            std::span<const objective> objectives,
                                                            std::span<const alert_rule> rules,
                                                            const Calendar& working_hours) {
    struct cached {
        std::chrono::milliseconds span;
        clock_kind clock;
        window_totals<Duration> totals;
    };
    std::vector<cached> cache;
    const auto window = [&](std::chrono::milliseconds span, clock_kind clock) -> const window_totals<Duration>& {
        for (const auto& c : cache)
            if (c.span == span && c.clock == clock) return c.totals;
        cache.push_back({span, clock, ring.last(Duration{span}, clock, working_hours)});
        return cache.back().totals;
    };
    cache.reserve(2 * rules.size() * 2);
    std::vector<burn_assessment<Duration>> out;
    out.reserve(objectives.size() * rules.size());
    for (std::size_t o = 0; o < objectives.size(); ++o) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const auto& goal = objectives[o];
            const auto& rule = rules[r];
            burn_assessment<Duration> a{o, r};
            a.long_window = detail::figures(goal, rule.long_window, window(rule.long_window, goal.clock));
            a.short_window = detail::figures(goal, rule.short_window, window(rule.short_window, goal.clock));
            if (a.short_window.total < rule.short_minimum_events)
                a.short_window = detail::reach_back(ring, goal, rule, working_hours);
            a.firing = a.long_window.burn && a.short_window.burn && *a.long_window.burn >= rule.threshold &&
                       *a.short_window.burn >= rule.threshold && a.long_window.total >= rule.minimum_events &&
                       a.short_window.total >= rule.short_minimum_events;
            out.push_back(std::move(a));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Planning: the objectives a target implies
// ---------------------------------------------------------------------------

struct monitor_options {
    std::chrono::milliseconds bucket_width = std::chrono::minutes{1};
    std::chrono::milliseconds span = std::chrono::hours{72};  // a multiple of bucket_width
    std::chrono::milliseconds sketch_width = std::chrono::hours{1};
    std::vector<alert_rule> rules = default_alert_rules();
    // The contract states per-request standards (e-mail within 30 min) without the
    // share of requests that must meet them; a monitor needs one to have a budget.
    // Set: every target with a first-response (hand-off) threshold and no compliance
    // aggregate of its own is held to it. Unset: only aggregates are monitored.
    std::optional<double> first_response_share{};
    std::optional<double> handoff_share{};
    // The fraction of a request's threshold after which it is at risk; unset: the
    // highest of the policy's warning levels below 1 (0.75 by default).
    std::optional<double> warning_level{};
    std::size_t pending_capacity = 100'000;  // watched requests per stream
};

// What a monitor measures for one target, and the ring it needs for that.
struct monitoring_plan {
    std::vector<objective> objectives;
    rolling_config windows;
};

// The objectives a target implies: each aggregate (mean, quantile, compliance) on its
// own clock, plus the per-request first-response and hand-off thresholds held to
// options' shares when set (and no compliance aggregate covers the first response).
[[nodiscard]] inline monitoring_plan plan_monitoring(const target& t, const monitor_options& options) {
    monitoring_plan plan;
    plan.windows.bucket_width = options.bucket_width;
    plan.windows.sketch_width = options.sketch_width;
    if (options.bucket_width > options.bucket_width.zero()) {
        if (options.span % options.bucket_width != options.bucket_width.zero() || options.span <= options.span.zero())
            throw std::invalid_argument("monitor_options: span must be a positive multiple of bucket_width");
        // One more than the span: the current bucket is partial.
        plan.windows.buckets = static_cast<std::size_t>(options.span / options.bucket_width) + 1;
    }
    // Response times on the clock of the per-request threshold, else of the first aggregate.
    plan.windows.sketch_clock = clock_of(t);
    bool has_compliance = false;
    for (const auto& a : t.aggregates) {
        objective goal;
        goal.measure = a.measure;
        goal.clock = a.clock;
        switch (a.measure) {
        case statistic::mean:
            goal.limit = a.limit;
            goal.name = !a.name.empty() ? a.name : "mean first response within " + duration_words(a.limit);
            break;
        case statistic::quantile: {
            goal.limit = a.limit;
            goal.quantile = a.quantile;
            const threshold over{a.limit, a.clock};
            auto& lanes = plan.windows.exceedances;
            const auto it = std::find(lanes.begin(), lanes.end(), over);
            if (it == lanes.end()) {
                if (lanes.size() == max_exceedances)
                    throw std::invalid_argument("plan_monitoring: more than " + std::to_string(max_exceedances) +
                                                " quantile limits in one target");
                lanes.push_back(over);
                goal.exceedance = lanes.size() - 1;
            } else {
                goal.exceedance = static_cast<std::size_t>(it - lanes.begin());
            }
            goal.name = !a.name.empty()
                            ? a.name
                            : percent_words(a.quantile) + " of first responses within " + duration_words(a.limit);
            break;
        }
        case statistic::compliance:
            has_compliance = true;
            goal.share = a.share;
            goal.name =
                !a.name.empty() ? a.name : percent_words(a.share) + " of first responses within their threshold";
            break;
        }
        plan.objectives.push_back(std::move(goal));
    }
    if (t.first_response && !has_compliance && options.first_response_share) {
        plan.objectives.push_back(objective{"first response within " + duration_words(t.first_response->limit) +
                                                " for " + percent_words(*options.first_response_share),
                                            statistic::compliance,
                                            response_event::first_response,
                                            {},
                                            0.0,
                                            *options.first_response_share,
                                            t.first_response->clock});
    }
    if (t.handoff && options.handoff_share) {
        plan.objectives.push_back(objective{
            "hand-off within " + duration_words(t.handoff->limit) + " for " + percent_words(*options.handoff_share),
            statistic::compliance,
            response_event::handoff,
            {},
            0.0,
            *options.handoff_share,
            t.handoff->clock});
    }
    return plan;
}

}  // namespace slakit::inline v0
