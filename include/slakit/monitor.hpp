// slakit/monitor.hpp: rolling windows and burn-rate alerts for a policy, live.
//
//   slakit::monitor live{policy, slakit::monitor_options{}, now};
//   live.watch(id, slakit::evaluate(policy, request, submitted));   // pending: breach recorded at due
//   live.respond(id, slakit::evaluate(policy, request, answered), answered);
//   for (const auto& change : live.transitions(now))                // fired / resolved
//       page(change.alert.rule.name, change.alert.long_window.burn);
//
// Streams: the monitor splits requests by channel and by the priority part of the
// target key they match; each stream has one budget, the objectives of its target
// (plan_monitoring, burn.hpp) and a rolling_window.
//
// transitions() adds two refinements to the rules: a fired alert is not resolved by a
// short window without any request while its long window still burns (no news is not
// good news), and alert_rule::keep_firing holds it a while after the rule stops.
//
// Pending requests (watch): the monitor keeps a bounded set of requests waiting for
// their first response (pending_watch) and records each one's breach in its ring when
// advance() passes its due instant, so an outage that drops answers burns budget as it
// happens, not when (if ever) the answers arrive. The answer, when it comes, adds only
// its response time. At-risk counts (past the warning level, not yet due) come from
// the same set.
#pragma once

#include <slakit/burn.hpp>
#include <slakit/calendar.hpp>
#include <slakit/enums.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/rolling.hpp>
#include <slakit/status.hpp>
#include <slakit/window.hpp>
#include <slakit/zone.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// ---------------------------------------------------------------------------
// Pending requests
// ---------------------------------------------------------------------------

// A bounded set of requests waiting for their first response. The host watches a
// request when it arrives (with the instant its warning level is crossed and its due
// instant, the last one that still meets), resolves it when it is answered, and
// advances the watch with its clock: advance() returns the requests whose due has
// just passed, which the host records as breached at that instant. They stay in the
// set, marked overdue, so that resolve() tells the host their breach is already
// recorded, until `keep` after their due (the span of the host's ring: by then the
// breach has left every window).
//
// Memory: at most `capacity` requests, overdue ones included; watch() refuses more
// and counts them in overflow() (the host then records such a request's breach when
// it is answered). Each entry holds the id twice over (map and queues).
template <class Id, class Duration = std::chrono::milliseconds>
class pending_watch {
public:
    using time_point = std::chrono::sys_time<Duration>;

    struct entry {
        Id id;
        time_point warn_at{};  // the warning level is crossed here
        time_point due{};  // the last instant that still meets
        bool warned = false;  // warn_at <= now
        bool overdue = false;  // due < now: reported by advance()
    };

    explicit pending_watch(std::size_t capacity, Duration keep = std::chrono::hours{72})
            : capacity_(capacity), keep_(keep) {}

    [[nodiscard]] time_point now() const noexcept { return now_; }

    // False when id is already watched, or when the set is full (counted in overflow()).
    // A warn_at after due is taken as due.
    bool watch(const Id& id, time_point warn_at, time_point due) {
        if (entries_.size() >= capacity_) {
            ++overflow_;
            return false;
        }
        const auto [it, inserted] = entries_.try_emplace(id, entry{id, std::min(warn_at, due), due});
        if (!inserted) return false;
        const Id* key = &it->first;
        by_due_.emplace(due, key);
        if (it->second.warn_at <= now_) {
            it->second.warned = true;
            ++at_risk_;
        } else {
            by_warning_.emplace(it->second.warn_at, key);
        }
        return true;
    }

    // Stops watching id; returns its entry (overdue: its breach was reported), or
    // nullopt when id was not watched.
    std::optional<entry> resolve(const Id& id) {
        const auto it = entries_.find(id);
        if (it == entries_.end()) return std::nullopt;
        entry e = it->second;
        const Id* key = &it->first;
        if (e.overdue) {
            overdue_.erase({e.due, key});
        } else {
            by_due_.erase({e.due, key});
            if (e.warned)
                --at_risk_;
            else
                by_warning_.erase({e.warn_at, key});
        }
        entries_.erase(it);
        return e;
    }

    // Moves now forward (an earlier now is ignored) and returns the requests whose
    // due has passed since the last call, earliest due first.
    std::vector<entry> advance(time_point now) {
        std::vector<entry> passed;
        if (now <= now_) return passed;
        now_ = now;
        while (!by_warning_.empty() && by_warning_.begin()->first <= now) {
            entries_.find(*by_warning_.begin()->second)->second.warned = true;
            ++at_risk_;
            by_warning_.erase(by_warning_.begin());
        }
        while (!by_due_.empty() && by_due_.begin()->first < now) {
            const auto [due, key] = *by_due_.begin();
            by_due_.erase(by_due_.begin());
            auto& e = entries_.find(*key)->second;
            if (e.warned)
                --at_risk_;
            else
                by_warning_.erase({e.warn_at, key});
            e.warned = true;
            e.overdue = true;
            overdue_.emplace(due, key);
            passed.push_back(e);
        }
        while (!overdue_.empty() && now - overdue_.begin()->first > keep_) {
            const Id* key = overdue_.begin()->second;
            overdue_.erase(overdue_.begin());
            entries_.erase(*key);
        }
        return passed;
    }

    // Requests past their warning level and not yet due, as of now().
    [[nodiscard]] std::size_t at_risk() const noexcept { return at_risk_; }
    // Requests watched and not yet due.
    [[nodiscard]] std::size_t pending() const noexcept { return by_due_.size(); }
    // Requests past due, unanswered, still remembered.
    [[nodiscard]] std::size_t overdue() const noexcept { return overdue_.size(); }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] std::uint64_t overflow() const noexcept { return overflow_; }

private:
    using queue = std::set<std::pair<time_point, const Id*>>;  // keys point into entries_, whose nodes stay put

    std::size_t capacity_;
    Duration keep_;
    time_point now_{time_point::min()};
    std::map<Id, entry> entries_;
    queue by_warning_;  // not yet warned
    queue by_due_;  // not yet due
    queue overdue_;  // due passed, kept until keep_ after due
    std::size_t at_risk_ = 0;
    std::uint64_t overflow_ = 0;
};
// ---------------------------------------------------------------------------
// The monitor
// ---------------------------------------------------------------------------

namespace detail {

inline void check_share(std::optional<double> share, const char* what) {
    if (share && !(*share >= 0.0 && *share <= 1.0))
        throw std::invalid_argument(std::string{"monitor_options: "} + what + " must be a fraction in [0, 1]");
}

}  // namespace detail

// Rolling SLA metrics of one stream over a trailing window.
template <class Duration = std::chrono::milliseconds>
struct rolling_metrics {
    clock_kind clock = clock_kind::wall;  // the stream's clock: its first-response threshold's
    window_totals<Duration> window{};  // on that clock (business: open time)
    std::optional<Duration> mean{};  // mean first-response time on that clock
    std::optional<double> compliance{};  // first responses within their threshold
    std::optional<double> handoff_compliance{};
    std::size_t pending = 0;  // watched, not yet due
    std::size_t at_risk = 0;  // of which past the warning level
    std::size_t overdue = 0;  // due passed, unanswered (breach recorded)
};

// An objective of a stream against a rule, with its figures. A stream is a channel and
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
    // Positions in monitor.streams(), the stream's objectives and the monitor's rules.
    std::size_t stream = 0;
    std::size_t objective_index = 0;
    std::size_t rule_index = 0;
};

enum class alert_change : unsigned char { fired, resolved };

[[nodiscard]] constexpr std::string_view to_string(alert_change c) noexcept {
    return c == alert_change::fired ? "fired" : "resolved";
}

template <>
struct enum_values<alert_change> {
    static constexpr std::string_view name = "alert change";
    static constexpr std::array values{alert_change::fired, alert_change::resolved};
};

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct alert_transition {
    alert_change change = alert_change::fired;
    slakit::alert<Channel, Priority, Duration> alert;
};

// Rolling windows and burn-rate alerts for a policy. A stream is a channel together
// with the priority part of the target key its requests match: requests of one
// channel held to one target share one budget (with the seed contract, one stream per
// channel; a priority tier set with at_least(high) is a stream of its own). Streams
// appear with their first outcome, each with the objectives of its target
// (plan_monitoring) and a rolling_window. Id, the host's request id, needs <.
// Not thread-safe: one writer.
template <class Channel, class Priority, class Id = std::string, class Duration = std::chrono::milliseconds,
          zone_pointer ZonePtr = zone_handle>
class basic_monitor {
public:
    using policy_type = basic_policy<Channel, Priority, ZonePtr>;
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;
    using ring_type = rolling_window<Duration>;
    using watch_type = pending_watch<Id, Duration>;
    using alert_type = slakit::alert<Channel, Priority, Duration>;
    using transition_type = alert_transition<Channel, Priority, Duration>;

    struct stream {
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
    [[nodiscard]] const std::vector<stream>& streams() const noexcept { return streams_; }

    // Moves every stream to now (an earlier now is ignored) and records, at its due
    // instant plus one tick, the breach of every watched request whose due passed.
    void advance(time_point now) {
        if (now <= now_) return;
        now_ = now;
        for (auto& g : streams_) {
            g.ring.advance(now);
            for (const auto& e : g.watch.advance(now))
                g.ring.add_status(scope::in_hours, status::breached, e.due + Duration{1});
        }
    }

    // Records the parts of an outcome at `at` (rolling_window::add). For hosts that
    // add each request once, when it is final; with watch() use respond().
    template <class D>
    requires std::is_convertible_v<D, Duration> add_result add(const basic_outcome<Channel, Priority, D>& o,
                                                               time_point at, recorded what = recorded::all) {
        return stream_for(o).ring.add(o, at, what);
    }

    // Watches a request that counts and waits for its first response (o evaluated
    // while it is pending): at risk once its warning level is crossed, and breached,
    // recorded by advance(), once its due passes. False when o is not pending with a
    // due instant, the id is already watched, or the stream's set is full.
    template <class D>
    requires std::is_convertible_v<D, Duration>
    bool watch(const Id& id, const basic_outcome<Channel, Priority, D>& o) {
        if (!o.counts() || o.first_response.status != status::pending || !o.first_response.due) return false;
        auto& g = stream_for(o);
        if (!g.first_response) return false;
        const time_point submitted{o.submitted_at};
        const time_point due{*o.first_response.due};
        time_point warn_at = due;
        if (const auto level = warning_level(); level && *level < 1.0) {
            const auto limit = std::chrono::duration_cast<Duration>(g.first_response->limit);
            const Duration part{
                static_cast<typename Duration::rep>(std::llround(*level * static_cast<double>(limit.count())))};
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
    requires std::is_convertible_v<D, Duration> add_result respond(const Id& id,
                                                                   const basic_outcome<Channel, Priority, D>& o,
                                                                   time_point at,
                                                                   recorded what = recorded::status |
                                                                                   recorded::response_time) {
        auto& g = stream_for(o);
        if (const auto e = g.watch.resolve(id); e && e->overdue)
            what = static_cast<recorded>(static_cast<unsigned>(what) & ~static_cast<unsigned>(recorded::status));
        return g.ring.add(o, at, what);
    }

    // Rolling metrics over the trailing span (on the stream's clock) of the stream a
    // request of this channel and priority belongs to; nullopt while that stream has
    // seen nothing. Throws no_target when no target matches.
    [[nodiscard]] std::optional<rolling_metrics<Duration>> metrics(const Channel& c, const Priority& p,
                                                                   std::chrono::milliseconds span) const {
        const auto i = index_of(c, policy_.at(c, p).key.priority);
        if (i == streams_.size()) return std::nullopt;
        const stream* g = &streams_[i];
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

    // Every objective of every stream against every rule at now (advancing to it
    // first), firing or not, in stream order.
    [[nodiscard]] std::vector<alert_type> assess(time_point now) {
        advance(now);
        std::vector<alert_type> out;
        for (std::size_t i = 0; i < streams_.size(); ++i) {
            const stream& g = streams_[i];
            const auto found =
                slakit::assess(g.ring, std::span<const objective>{g.objectives},
                               std::span<const alert_rule>{options_.rules}, policy_.calendar_for(g.channel));
            for (const auto& a : found)
                out.push_back(alert_type{g.channel, g.priorities, g.objectives[a.objective], options_.rules[a.rule],
                                         a.long_window, a.short_window, a.firing, i, a.objective, a.rule});
        }
        return out;
    }

    // The rules that fire at now, with their figures.
    [[nodiscard]] std::vector<alert_type> firing_alerts(time_point now) {
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
            const firing_key key{a.stream, a.objective_index, a.rule_index};
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

    // The stream's position, or streams_.size().
    [[nodiscard]] std::size_t index_of(const Channel& c, const priority_selector<Priority>& p) const {
        for (std::size_t i = 0; i < streams_.size(); ++i)
            if (streams_[i].channel == c && streams_[i].priorities == p) return i;
        return streams_.size();
    }

    template <class D>
    stream& stream_for(const basic_outcome<Channel, Priority, D>& o) {
        if (const auto i = index_of(o.channel, o.matched.priority); i < streams_.size()) return streams_[i];
        const target* t = policy_.find_exact(o.matched.channel, o.matched.priority);
        if (t == nullptr) t = &policy_.at(o.channel, o.priority).target;
        auto plan = plan_monitoring(*t, options_);
        const clock_kind clock = clock_of(*t);
        streams_.push_back(stream{o.channel, o.matched.priority, std::move(plan.objectives), t->first_response, clock,
                                  ring_type{std::move(plan.windows), now_},
                                  watch_type{options_.pending_capacity, Duration{options_.span}}});
        return streams_.back();
    }

    policy_type policy_;
    monitor_options options_;
    time_point now_;
    std::vector<stream> streams_;
    std::map<firing_key, time_point> firing_;  // fired alerts, and when their rule last held
};

// The seed contract's vocabulary, request ids as strings.
// The seed contract's monitor: requests named by strings.
using monitor = basic_monitor<channel, priority>;

// A readable name for a stream's priorities: "any", "high+" (at_least), or the priority's own name.
template <class Priority>
[[nodiscard]] std::string priorities_name(const priority_selector<Priority>& p) {
    switch (p.by()) {
    case match_by::exact: return detail::name_of(*p.priority());
    case match_by::at_least: return detail::name_of(*p.priority()) + "+";
    default: return "any";
    }
}

}  // namespace slakit::inline v0
