// slakit/alerts.hpp: burn rates of the SLA targets over trailing windows, and
// multi-window alert rules on them (Google SRE workbook, "Alerting on SLOs").
//
//   slakit::monitor<> live{policy, slakit::monitor_options{}, now};
//   live.watch(id, slakit::evaluate(policy, request, submitted));   // pending: breach recorded at due
//   live.respond(id, slakit::evaluate(policy, request, answered), answered);
//   for (const auto& change : live.transitions(now))                // fired / resolved
//       page(change.alert.rule.name, change.alert.long_window.burn);
//
// Burn rate: how fast a window spends the budget a target allows, 1.0 being the pace
// that spends it exactly by the period's end. Sustained for a time T it spends
// burn x T / period of the period's budget (for evenly spread traffic). Per kind:
//   compliance (share s of requests within their threshold, e.g. e-mail within 30 min
//   for 95 %): burn = (breached / (met + breached)) / (1 - s), the observed breach
//   rate over the allowed one, 1 - s taken in parts per billion so that decimal
//   shares give exact ratios (5 in 100 at 95 % is exactly 1.0). With s = 1: +inf after
//   a breach, else 0.
//   quantile (q-quantile <= L): the same with "answered in more than L" as the bad
//   events and q as the share: the q-quantile is within L exactly when at most 1 - q
//   of the answers exceed L.
//   mean (mean first-response time <= L, clause 2.1(1)): burn = sum of the window's
//   first-response times / (answered x L) = window mean / L. The period's budget is
//   L x its requests, so this is the share of that budget the window's requests spend
//   per request: exactly 1.0 when the window's mean equals L, and proportional to the
//   mean above it. Computed from exact integer sums; equality gives exactly 1.0.
// A window with no decided (or answered) request has no burn rate, and no alert fires
// on it.
//
// Alert rules pair a long and a short window with a threshold: the rule fires while
// both windows burn at or above it (the long window for significance, the short one
// so that the alert resolves soon after the burn stops). Defaults, from the workbook:
//   page    1 h and 5 min  >= 14.4   (2 % of a 30-day budget in an hour), 10 requests
//   page    6 h and 30 min >= 6      (5 % in six hours), 30 requests
//   ticket  3 d and 6 h    >= 1      (10 % in three days), 100 requests
// each also asking for a minimum of requests in its long window (alert_rule).
// With a 95 % compliance target a burn of 14.4 needs 72 % of the window's decided
// requests breached: a complete outage fires the fast page once the breaches make up
// 72 % of the last hour's decided requests (about 44 minutes into an outage of a
// 1-minute target with steady traffic: breaches start a minute in).
//
// transitions() adds two refinements to the rules: a fired alert is not resolved by a
// short window without any request while its long window still burns (no news is not
// good news), and alert_rule::keep_firing holds it a while after the rule stops.
//
// Clause 2.3, out-of-hours time does not burn budget: out-of-hours and excluded
// requests are never counted; an objective on the business clock measures its windows
// in the calendar's open time, so a "1 h" window at 09:20 on Monday is 09:00-09:20
// plus Friday's last 40 minutes (rolling_window::last with a calendar).
//
// Pending requests (monitor::watch): the monitor keeps a bounded set of requests
// waiting for their first response (rolling.hpp, pending_watch) and records each one's
// breach in its ring when advance() passes its due instant, so an outage that drops
// answers burns budget as it happens, not when (if ever) the answers arrive. The
// answer, when it comes, adds only its response time. At-risk counts (past the warning
// level, not yet due) come from the same set.
#pragma once

#include <slakit/burn_rate.hpp>
#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/rolling.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit {

// ---------------------------------------------------------------------------
// Objectives and burn rates
// ---------------------------------------------------------------------------

enum class objective_kind : unsigned char {
    first_response,  // at least `share` of first responses within their threshold
    handoff,         // at least `share` of hand-offs within theirs (clause 2.4)
    mean,            // mean first-response time within `limit` (clause 2.1(1))
    quantile,        // the `share`-quantile of first-response times within `limit`
};

[[nodiscard]] constexpr std::string_view to_string(objective_kind k) noexcept {
    switch (k) {
    case objective_kind::first_response: return "first_response";
    case objective_kind::handoff: return "handoff";
    case objective_kind::mean: return "mean";
    case objective_kind::quantile: return "quantile";
    }
    return "objective?";
}

// What one group of requests is held to, as a monitor measures it.
struct objective {
    std::string name;
    objective_kind kind = objective_kind::first_response;
    double share = 0.0;                   // first_response, handoff: the share required; quantile: q
    std::chrono::milliseconds limit{};    // mean, quantile
    clock_kind clock = clock_kind::wall;  // windows count wall time, or the calendar's open time
    std::size_t exceedance = 0;           // quantile: index into rolling_config::exceedances

    friend bool operator==(const objective&, const objective&) = default;
};

// The burn rate of an objective over a window (see the top of the file).
template <class Duration>
[[nodiscard]] std::optional<double> burn_rate(const objective& goal, const window_totals<Duration>& w) noexcept {
    switch (goal.kind) {
    case objective_kind::first_response: return compliance_burn(w.met, w.breached, goal.share);
    case objective_kind::handoff: return compliance_burn(w.handoff_met, w.handoff_breached, goal.share);
    case objective_kind::mean:
        return mean_burn(w.sum(goal.clock), w.answered, std::chrono::duration_cast<Duration>(goal.limit).count());
    case objective_kind::quantile: {
        if (goal.exceedance >= max_exceedances) return std::nullopt;
        const std::uint64_t bad = std::min(w.exceeding[goal.exceedance], w.answered);
        return compliance_burn(w.answered - bad, bad, goal.share);
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

// Fires while both windows burn at or above threshold, and the long window holds at
// least minimum_events of the requests its burn is computed over. The minimum keeps a
// group with little traffic from paging on one breach among two requests (the
// workbook's low-traffic caveat): such a breach may well spend a real share of the
// budget, but it is noise, not an outage.
struct alert_rule {
    std::string name;
    severity level = severity::page;
    std::chrono::milliseconds long_window{};
    std::chrono::milliseconds short_window{};
    double threshold = 1.0;
    std::uint64_t minimum_events = 0;
    // Hysteresis for monitor::transitions(): a fired alert resolves only once the rule
    // has not held for this long (Prometheus' keep_firing_for). 0: as soon as it stops.
    std::chrono::milliseconds keep_firing{};

    friend bool operator==(const alert_rule&, const alert_rule&) = default;
};

// The SRE workbook's multi-window, multi-burn-rate rules for a 30-day period. Their
// minimum counts make each threshold mean several bad requests at a 95 % target:
// 10 requests at 14.4 are 7 breaches, 30 at 6 are 9, 100 at 1 are 5. Below them a
// single breach among a handful of requests (a monitor just started, a quiet group)
// would page or open a ticket.
[[nodiscard]] inline std::vector<alert_rule> default_alert_rules() {
    using namespace std::chrono_literals;
    return {
        {"fast burn", severity::page, 1h, 5min, 14.4, 10},
        {"slow burn", severity::page, 6h, 30min, 6.0, 30},
        {"budget burn", severity::ticket, 72h, 6h, 1.0, 100},
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
    if (r.keep_firing < r.keep_firing.zero())
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
window_figures<Duration> figures(const objective& goal, std::chrono::milliseconds span, const window_totals<Duration>& t) {
    window_figures<Duration> f{span, t, burn_rate(goal, t)};
    switch (goal.kind) {
    case objective_kind::first_response:
        f.total = t.decided();
        f.bad = t.breached;
        break;
    case objective_kind::handoff:
        f.total = t.handoff_met + t.handoff_breached;
        f.bad = t.handoff_breached;
        break;
    case objective_kind::mean:
        f.total = t.answered;
        f.mean = t.mean(goal.clock);
        break;
    case objective_kind::quantile:
        f.total = t.answered;
        f.bad = goal.exceedance < max_exceedances ? std::min(t.exceeding[goal.exceedance], t.answered) : 0;
        break;
    }
    return f;
}

}  // namespace detail

// Every objective against every rule over one ring, at the ring's now. Windows on the
// business clock count the calendar's open time. Each distinct window is summed once.
template <class Duration, class Accuracy, class Calendar>
[[nodiscard]] std::vector<burn_assessment<Duration>> assess(const rolling_window<Duration, Accuracy>& ring,
                                                            std::span<const objective> objectives,
                                                            std::span<const alert_rule> rules, const Calendar& working_hours) {
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
            a.firing = a.long_window.burn && a.short_window.burn && *a.long_window.burn >= rule.threshold &&
                       *a.short_window.burn >= rule.threshold && a.long_window.total >= rule.minimum_events;
            out.push_back(std::move(a));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// The monitor
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
    std::size_t pending_capacity = 100'000;  // watched requests per group
};

// What a monitor measures for one target, and the ring it needs for that.
struct monitoring_plan {
    std::vector<objective> objectives;
    rolling_config windows;
};

namespace detail {

// "30 min", "1 h 30 min", "60 s", "250 ms": short names for objective labels.
[[nodiscard]] inline std::string duration_words(std::chrono::milliseconds d) {
    using namespace std::chrono;
    std::string out;
    const auto part = [&](long long value, const char* unit) {
        if (value == 0) return;
        if (!out.empty()) out += ' ';
        out += std::to_string(value);
        out += ' ';
        out += unit;
    };
    if (d < 1s || d % 1s != 0ms) {
        part(d.count(), "ms");
        return out.empty() ? "0 ms" : out;
    }
    if (d < 2min) {
        part(duration_cast<seconds>(d).count(), "s");
        return out;
    }
    part(d / days{1}, "d");
    part(d % days{1} / 1h, "h");
    part(d % 1h / 1min, "min");
    part(d % 1min / 1s, "s");
    return out;
}

[[nodiscard]] inline std::string percent_words(double share) {
    const double p = share * 100.0;
    const double whole = std::round(p);
    if (std::abs(p - whole) < 1e-9) return std::to_string(static_cast<long long>(whole)) + " %";
    std::string s = std::to_string(p);  // six decimals: trim the zeros
    while (!s.empty() && s.back() == '0') s.pop_back();
    return s + " %";
}

inline void check_share(std::optional<double> share, const char* what) {
    if (share && !(*share >= 0.0 && *share <= 1.0))
        throw std::invalid_argument(std::string{"monitor_options: "} + what + " must be a fraction in [0, 1]");
}

}  // namespace detail

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
        goal.clock = a.clock;
        switch (a.measure) {
        case statistic::mean:
            goal.kind = objective_kind::mean;
            goal.limit = a.limit;
            goal.name = !a.name.empty() ? a.name : "mean first response within " + detail::duration_words(a.limit);
            break;
        case statistic::quantile: {
            goal.kind = objective_kind::quantile;
            goal.limit = a.limit;
            goal.share = a.quantile;
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
            goal.name = !a.name.empty() ? a.name
                                        : detail::percent_words(a.quantile) + " of first responses within " +
                                              detail::duration_words(a.limit);
            break;
        }
        case statistic::compliance:
            has_compliance = true;
            goal.kind = objective_kind::first_response;
            goal.share = a.share;
            goal.name = !a.name.empty() ? a.name : detail::percent_words(a.share) + " of first responses within their threshold";
            break;
        }
        plan.objectives.push_back(std::move(goal));
    }
    if (t.first_response && !has_compliance && options.first_response_share) {
        plan.objectives.push_back(objective{"first response within " + detail::duration_words(t.first_response->limit) +
                                                " for " + detail::percent_words(*options.first_response_share),
                                            objective_kind::first_response, *options.first_response_share, {},
                                            t.first_response->clock});
    }
    if (t.handoff && options.handoff_share) {
        plan.objectives.push_back(objective{"hand-off within " + detail::duration_words(t.handoff->limit) + " for " +
                                                detail::percent_words(*options.handoff_share),
                                            objective_kind::handoff, *options.handoff_share, {}, t.handoff->clock});
    }
    return plan;
}

// Rolling SLA metrics of one group over a trailing window.
template <class Duration = std::chrono::milliseconds>
struct rolling_metrics {
    clock_kind clock = clock_kind::wall;  // the group's clock: its first-response threshold's
    window_totals<Duration> window{};     // on that clock (business: open time)
    std::optional<Duration> mean{};       // mean first-response time on that clock
    std::optional<double> compliance{};   // first responses within their threshold
    std::optional<double> handoff_compliance{};
    std::size_t pending = 0;  // watched, not yet due
    std::size_t at_risk = 0;  // of which past the warning level
    std::size_t overdue = 0;  // due passed, unanswered (breach recorded)
};

// An objective of a group against a rule, with its figures. A group is a channel and
// the priorities its target covers (the priority part of the policy key that matched:
// any, at_least(p) or exactly p).
template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct alert {
    Channel channel;
    priority_selector<Priority> priorities;
    slakit::objective objective;
    alert_rule rule;
    window_figures<Duration> long_window{};
    window_figures<Duration> short_window{};
    bool firing = false;
    // Positions in monitor.groups(), the group's objectives and the monitor's rules.
    std::size_t group = 0;
    std::size_t objective_index = 0;
    std::size_t rule_index = 0;
};

enum class alert_change : unsigned char { fired, resolved };

[[nodiscard]] constexpr std::string_view to_string(alert_change c) noexcept {
    return c == alert_change::fired ? "fired" : "resolved";
}

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct alert_transition {
    alert_change change = alert_change::fired;
    slakit::alert<Channel, Priority, Duration> alert;
};

// Rolling windows and burn-rate alerts for a policy. A group is a channel together
// with the priority part of the target key its requests match: requests of one
// channel held to one target share one budget (with the seed contract, one group per
// channel; a priority tier set with at_least(high) is a group of its own). Groups
// appear with their first outcome, each with the objectives of its target
// (plan_monitoring) and a rolling_window. Id, the host's request id, needs <.
// Not thread-safe: one writer.
template <class Channel, class Priority, class Id = std::string, class Duration = std::chrono::milliseconds,
          zone_pointer ZonePtr = const date::time_zone*>
class basic_monitor {
public:
    using policy_type = basic_policy<Channel, Priority, ZonePtr>;
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;
    using ring_type = rolling_window<Duration>;
    using watch_type = pending_watch<Id, Duration>;
    using alert_type = slakit::alert<Channel, Priority, Duration>;
    using transition_type = alert_transition<Channel, Priority, Duration>;

    struct group {
        Channel channel;
        priority_selector<Priority> priorities;
        std::vector<objective> objectives;
        std::optional<threshold> first_response;
        clock_kind clock = clock_kind::wall;
        ring_type ring;
        watch_type watch;
    };

    // Throws std::invalid_argument for bad options (see rolling_config, check_rule,
    // shares outside [0, 1], a warning level not in (0, 1]).
    basic_monitor(policy_type policy, monitor_options options, time_point now)
        : policy_(std::move(policy)), options_(std::move(options)), now_(now) {
        for (const auto& r : options_.rules) check_rule(r);
        detail::check_share(options_.first_response_share, "first_response_share");
        detail::check_share(options_.handoff_share, "handoff_share");
        if (options_.warning_level && !(*options_.warning_level > 0.0 && *options_.warning_level <= 1.0))
            throw std::invalid_argument("monitor_options: warning_level must lie in (0, 1]");
        // Validates the ring options once, up front.
        const ring_type probe{plan_monitoring(target{}, options_).windows, now};
        static_cast<void>(probe);
    }

    [[nodiscard]] const policy_type& policy() const noexcept { return policy_; }
    [[nodiscard]] const monitor_options& options() const noexcept { return options_; }
    [[nodiscard]] time_point now() const noexcept { return now_; }
    [[nodiscard]] const std::vector<group>& groups() const noexcept { return groups_; }

    // Moves every group to now (an earlier now is ignored) and records, at its due
    // instant plus one tick, the breach of every watched request whose due passed.
    void advance(time_point now) {
        if (now <= now_) return;
        now_ = now;
        for (auto& g : groups_) {
            g.ring.advance(now);
            for (const auto& e : g.watch.advance(now))
                g.ring.add_status(scope::in_hours, status::breached, e.due + Duration{1});
        }
    }

    // Records the parts of an outcome at `at` (rolling_window::add). For hosts that
    // add each request once, when it is final; with watch() use respond().
    template <class D>
        requires std::is_convertible_v<D, Duration>
    add_result add(const basic_outcome<Channel, Priority, D>& o, time_point at, recorded what = recorded::all) {
        return group_for(o).ring.add(o, at, what);
    }

    // Watches a request that counts and waits for its first response (o evaluated
    // while it is pending): at risk once its warning level is crossed, and breached,
    // recorded by advance(), once its due passes. False when o is not pending with a
    // due instant, the id is already watched, or the group's set is full.
    template <class D>
        requires std::is_convertible_v<D, Duration>
    bool watch(const Id& id, const basic_outcome<Channel, Priority, D>& o) {
        if (!o.counts() || o.first_response.status != status::pending || !o.first_response.due) return false;
        auto& g = group_for(o);
        if (!g.first_response) return false;
        const time_point submitted{o.submitted_at};
        const time_point due{*o.first_response.due};
        time_point warn_at = due;
        if (const auto level = warning_level(); level && *level < 1.0) {
            const auto limit = std::chrono::duration_cast<Duration>(g.first_response->limit);
            const Duration part{static_cast<typename Duration::rep>(std::llround(*level * static_cast<double>(limit.count())))};
            if (g.first_response->clock == clock_kind::wall) {
                warn_at = submitted + part;
            } else {
                try {
                    warn_at = time_point{policy_.calendar_for(g.channel).deadline(submitted, part)};
                } catch (const no_open_time&) {
                    // never warned before due
                }
            }
        }
        return g.watch.watch(id, warn_at, due);
    }

    // The first response of a request at `at` (o evaluated then or later): records
    // its status, unless advance() already recorded its breach, and its response time.
    // Pass recorded::all to record its hand-off too.
    template <class D>
        requires std::is_convertible_v<D, Duration>
    add_result respond(const Id& id, const basic_outcome<Channel, Priority, D>& o, time_point at,
                       recorded what = recorded::status | recorded::response_time) {
        auto& g = group_for(o);
        if (const auto e = g.watch.resolve(id); e && e->overdue)
            what = static_cast<recorded>(static_cast<unsigned>(what) & ~static_cast<unsigned>(recorded::status));
        return g.ring.add(o, at, what);
    }

    // Rolling metrics over the trailing span (on the group's clock) of the group a
    // request of this channel and priority belongs to; nullopt while that group has
    // seen nothing. Throws no_target when no target matches.
    [[nodiscard]] std::optional<rolling_metrics<Duration>> metrics(const Channel& c, const Priority& p,
                                                                   std::chrono::milliseconds span) const {
        const auto i = index_of(c, policy_.match(c, p).key.priority);
        if (i == groups_.size()) return std::nullopt;
        const group* g = &groups_[i];
        rolling_metrics<Duration> m;
        m.clock = g->clock;
        m.window = g->ring.last(Duration{span}, g->clock, policy_.calendar_for(g->channel));
        m.mean = m.window.mean(g->clock);
        m.compliance = m.window.compliance();
        m.handoff_compliance = m.window.handoff_compliance();
        m.pending = g->watch.pending();
        m.at_risk = g->watch.at_risk();
        m.overdue = g->watch.overdue();
        return m;
    }

    // Every objective of every group against every rule at now (advancing to it
    // first), firing or not, in group order.
    [[nodiscard]] std::vector<alert_type> assess(time_point now) {
        advance(now);
        std::vector<alert_type> out;
        for (std::size_t i = 0; i < groups_.size(); ++i) {
            const group& g = groups_[i];
            const auto found = slakit::assess(g.ring, std::span<const objective>{g.objectives},
                                              std::span<const alert_rule>{options_.rules}, policy_.calendar_for(g.channel));
            for (const auto& a : found)
                out.push_back(alert_type{g.channel, g.priorities, g.objectives[a.objective], options_.rules[a.rule],
                                         a.long_window, a.short_window, a.firing, i, a.objective, a.rule});
        }
        return out;
    }

    // The rules that fire at now, with their figures.
    [[nodiscard]] std::vector<alert_type> evaluate_alerts(time_point now) {
        auto all = assess(now);
        std::erase_if(all, [](const alert_type& a) { return !a.firing; });
        return all;
    }

    // The alerts that fired or resolved since the previous call (the first call
    // compares with nothing firing), with their figures at now. A fired alert goes on
    // holding while its short window has no request at all and its long window still
    // burns at the threshold (no news is not good news: a quiet five minutes in an
    // outage is no recovery), and resolves once it has not held for keep_firing.
    [[nodiscard]] std::vector<transition_type> transitions(time_point now) {
        std::vector<transition_type> out;
        for (auto& a : assess(now)) {
            const firing_key key{a.group, a.objective_index, a.rule_index};
            const auto it = firing_.find(key);
            const bool quiet = it != firing_.end() && !a.short_window.burn && a.long_window.burn &&
                               *a.long_window.burn >= a.rule.threshold;
            if (a.firing || quiet) {
                if (it == firing_.end()) {
                    firing_.emplace(key, now_);
                    out.push_back(transition_type{alert_change::fired, std::move(a)});
                } else {
                    it->second = now_;
                }
            } else if (it != firing_.end() && now_ - it->second >= Duration{a.rule.keep_firing}) {
                firing_.erase(it);
                out.push_back(transition_type{alert_change::resolved, std::move(a)});
            }
        }
        return out;
    }

    // The fraction of a threshold after which a watched request is at risk.
    [[nodiscard]] std::optional<double> warning_level() const {
        if (options_.warning_level) return options_.warning_level;
        std::optional<double> best;
        for (const double l : policy_.warning_levels())
            if (l < 1.0) best = l;
        return best;
    }

private:
    using firing_key = std::tuple<std::size_t, std::size_t, std::size_t>;

    // The group's position, or groups_.size().
    [[nodiscard]] std::size_t index_of(const Channel& c, const priority_selector<Priority>& p) const {
        for (std::size_t i = 0; i < groups_.size(); ++i)
            if (groups_[i].channel == c && groups_[i].priorities == p) return i;
        return groups_.size();
    }

    template <class D>
    group& group_for(const basic_outcome<Channel, Priority, D>& o) {
        if (const auto i = index_of(o.channel, o.matched.priority); i < groups_.size()) return groups_[i];
        const target* t = policy_.target_at(o.matched.channel, o.matched.priority);
        if (t == nullptr) t = &policy_.target_for(o.channel, o.priority);
        auto plan = plan_monitoring(*t, options_);
        const clock_kind clock = clock_of(*t);
        groups_.push_back(group{o.channel, o.matched.priority, std::move(plan.objectives), t->first_response, clock,
                                ring_type{std::move(plan.windows), now_},
                                watch_type{options_.pending_capacity, Duration{options_.span}}});
        return groups_.back();
    }

    policy_type policy_;
    monitor_options options_;
    time_point now_;
    std::vector<group> groups_;
    std::map<firing_key, time_point> firing_;  // fired alerts, and when their rule last held
};

// The seed contract's vocabulary, request ids as strings.
template <class Channel = channel, class Priority = priority, class Id = std::string>
using monitor = basic_monitor<Channel, Priority, Id>;

// A readable name for a group's priorities: "any", "high+" (at_least), or the priority's own name.
template <class Priority>
[[nodiscard]] std::string priorities_name(const priority_selector<Priority>& p) {
    switch (p.by()) {
    case match_by::exact: return detail::name_of(*p.priority());
    case match_by::at_least: return detail::name_of(*p.priority()) + "+";
    default: return "any";
    }
}

}  // namespace slakit
