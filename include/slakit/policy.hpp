// slakit/policy.hpp: what a contract promises, per channel and priority.
//
// A basic_policy<Channel, Priority> holds a calendar (optionally one per channel),
// the targets keyed by channel x priority, and the warning levels. Channel and
// Priority are the host's own types: its enums, or std::string read from a file.
// Nothing the contract fills in is a constant here; every value is configuration.
//
// Which target applies (README, "Policy: which target applies"): among the keys that
// match a request, the most specific wins, compared in this order:
//   1. the priority part: an exact priority beats at_least(p), which beats any;
//      between two at_least keys the higher floor wins;
//   2. then the channel part: an exact channel beats its channel_kind, which beats any.
// Priority comes first so that a priority tier (clause 2.1(3)) is never shadowed by a
// channel-wide entry. A key is stored once; setting it again replaces its target.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/enums.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit {

// Clause 1.2: each channel is real-time or not.
enum class channel_kind : unsigned char { real_time, asynchronous };

// Clause 2.2 and the decisions: wall-clock time by default; business time pauses
// outside the calendar's working hours.
enum class clock_kind : unsigned char { wall, business };

// The seed contract's vocabulary. Hosts may use their own types instead.
enum class channel : unsigned char { web_chat, in_app_chat, social, email };
enum class priority : unsigned char { normal, high, urgent };

[[nodiscard]] constexpr std::string_view to_string(channel c) noexcept {
    switch (c) {
    case channel::web_chat: return "web_chat";
    case channel::in_app_chat: return "in_app_chat";
    case channel::social: return "social";
    case channel::email: return "email";
    }
    return "channel?";
}

[[nodiscard]] constexpr std::string_view to_string(priority p) noexcept {
    switch (p) {
    case priority::normal: return "normal";
    case priority::high: return "high";
    case priority::urgent: return "urgent";
    }
    return "priority?";
}

[[nodiscard]] constexpr std::string_view to_string(channel_kind k) noexcept {
    return k == channel_kind::real_time ? "real_time" : "asynchronous";
}

[[nodiscard]] constexpr std::string_view to_string(clock_kind k) noexcept {
    return k == clock_kind::wall ? "wall" : "business";
}

template <>
struct enum_values<channel> {
    static constexpr std::string_view name = "channel";
    static constexpr std::array values{channel::web_chat, channel::in_app_chat, channel::social, channel::email};
};

template <>
struct enum_values<priority> {
    static constexpr std::string_view name = "priority";
    static constexpr std::array values{priority::normal, priority::high, priority::urgent};
};

template <>
struct enum_values<channel_kind> {
    static constexpr std::string_view name = "channel kind";
    static constexpr std::array values{channel_kind::real_time, channel_kind::asynchronous};
};

template <>
struct enum_values<clock_kind> {
    static constexpr std::string_view name = "clock";
    static constexpr std::array values{clock_kind::wall, clock_kind::business};
};

// Customisation points. Specialise channel_traits<C> with
//   static constexpr channel_kind kind(const C&) noexcept;
// and priority_traits<P> with
//   static constexpr std::size_t rank(const P&) noexcept;   // higher = more important
// The primary templates are empty: nothing is guessed (an enum's declaration order
// is not assumed to be its importance). A policy's registry overrides both.
template <class Channel>
struct channel_traits {};

template <class Priority>
struct priority_traits {};

template <>
struct channel_traits<channel> {
    static constexpr channel_kind kind(channel c) noexcept {
        return c == channel::email ? channel_kind::asynchronous : channel_kind::real_time;
    }
};

template <>
struct priority_traits<priority> {
    static constexpr std::size_t rank(priority p) noexcept { return static_cast<std::size_t>(p); }
};

template <class Channel>
concept has_channel_traits = requires(const Channel& c) {
    { channel_traits<Channel>::kind(c) } -> std::same_as<channel_kind>;
};

template <class Priority>
concept has_priority_traits = requires(const Priority& p) {
    { priority_traits<Priority>::rank(p) } -> std::convertible_to<std::size_t>;
};

// ---------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------

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
    mean,        // mean first-response time <= limit (clause 1.5, 2.1(1))
    quantile,    // the q-quantile of first-response times <= limit
    compliance,  // share of requests that met their per-request threshold >= share (3.3)
};

// A target over a period, described here and evaluated by the report. Every
// aggregate measures first-response times on its own clock.
struct aggregate_target {
    std::string name;
    statistic measure = statistic::mean;
    std::chrono::milliseconds limit{};  // mean, quantile
    double quantile = 0.0;              // quantile: q in (0, 1]
    double share = 0.0;                 // compliance: a fraction in [0, 1], not a percentage
    clock_kind clock = clock_kind::wall;

    [[nodiscard]] static aggregate_target mean_within(std::chrono::milliseconds limit,
                                                      clock_kind clock = clock_kind::wall) {
        return aggregate_target{{}, statistic::mean, limit, 0.0, 0.0, clock};
    }

    [[nodiscard]] static aggregate_target quantile_within(double q, std::chrono::milliseconds limit,
                                                          clock_kind clock = clock_kind::wall) {
        return aggregate_target{{}, statistic::quantile, limit, q, 0.0, clock};
    }

    [[nodiscard]] static aggregate_target compliance_at_least(double share,
                                                              clock_kind clock = clock_kind::wall) {
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
            throw std::logic_error("aggregate_target::is_met_by: a " + std::string{measure == statistic::mean ? "mean" : "quantile"} +
                                   " target takes a duration, not a share");
        return achieved_share >= share;
    }

    friend bool operator==(const aggregate_target&, const aggregate_target&) = default;
};

// Everything a request category is held to. Each part is optional: a part that is
// absent is simply not evaluated (its status is "not applicable").
struct target {
    std::optional<threshold> first_response;   // submission -> first response (2.1(2), 2.2)
    std::vector<aggregate_target> aggregates;  // over a period (2.1(1), 3.3)
    std::optional<threshold> handoff;          // hand-off decision -> completion (2.4)
    std::optional<threshold> human_response;   // hand-off completion -> first human contact (2.4)

    friend bool operator==(const target&, const target&) = default;
};

// The clock on which t's response times are kept: that of its first-response
// threshold, else of its first aggregate, else the wall clock.
[[nodiscard]] inline clock_kind clock_of(const target& t) noexcept {
    return t.first_response ? t.first_response->clock : !t.aggregates.empty() ? t.aggregates.front().clock : clock_kind::wall;
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

struct any_t {
    explicit constexpr any_t(int) noexcept {}
    friend constexpr bool operator==(any_t, any_t) noexcept { return true; }
};

// Matches every channel, or every priority.
inline constexpr any_t any{0};

template <class Priority>
struct at_least_t {
    Priority floor;
};

// Matches a priority ranked at or above floor (clause 2.1(3): "high or urgent").
template <class Priority>
[[nodiscard]] constexpr at_least_t<std::decay_t<Priority>> at_least(Priority&& floor) {
    return {std::forward<Priority>(floor)};
}

namespace detail {

// A key's channel or priority, when it has one. Value-initialised where the type
// allows it, so that no path reads an unset value (and GCC sees that too).
template <class T, bool = std::is_default_constructible_v<T>>
class slot {
public:
    slot() = default;
    template <class U>
        requires(!std::same_as<std::remove_cvref_t<U>, slot>)
    explicit slot(U&& u) : value_(std::forward<U>(u)) {}
    [[nodiscard]] const T& operator*() const noexcept { return value_; }

private:
    T value_{};
};

template <class T>
class slot<T, false> {
public:
    slot() = default;
    template <class U>
        requires(!std::same_as<std::remove_cvref_t<U>, slot>)
    explicit slot(U&& u) : value_(std::forward<U>(u)) {}
    [[nodiscard]] const T& operator*() const noexcept { return *value_; }

private:
    std::optional<T> value_;
};

}  // namespace detail

// How a key part matches, from the least to the most specific.
enum class match_by : unsigned char { every, at_least, kind, exact };

template <class Channel>
class channel_selector {
    static_assert(!std::is_same_v<Channel, channel_kind>, "a Channel type must be distinct from channel_kind");

public:
    channel_selector(any_t) noexcept {}
    channel_selector(channel_kind k) noexcept : by_(match_by::kind), kind_(k) {}

    template <class C>
        requires(!std::same_as<std::remove_cvref_t<C>, any_t> &&
                 !std::same_as<std::remove_cvref_t<C>, channel_kind> &&
                 !std::same_as<std::remove_cvref_t<C>, channel_selector> &&
                 std::constructible_from<Channel, C>)
    channel_selector(C&& c) : by_(match_by::exact), channel_(std::forward<C>(c)) {}

    [[nodiscard]] match_by by() const noexcept { return by_; }
    [[nodiscard]] channel_kind kind() const noexcept { return kind_; }  // meaningful when by() == kind
    [[nodiscard]] const Channel* channel() const noexcept { return by_ == match_by::exact ? &*channel_ : nullptr; }

    // 0 any, 1 kind, 2 exact.
    [[nodiscard]] int specificity() const noexcept {
        return by_ == match_by::exact ? 2 : by_ == match_by::kind ? 1 : 0;
    }

    [[nodiscard]] bool matches(const Channel& c, std::optional<channel_kind> k) const {
        switch (by_) {
        case match_by::exact: return *channel_ == c;
        case match_by::kind: return k == kind_;
        default: return true;
        }
    }

    friend bool operator==(const channel_selector& a, const channel_selector& b) {
        if (a.by_ != b.by_) return false;
        if (a.by_ == match_by::kind) return a.kind_ == b.kind_;
        return a.by_ != match_by::exact || *a.channel_ == *b.channel_;
    }

private:
    match_by by_ = match_by::every;
    channel_kind kind_{};
    detail::slot<Channel> channel_;
};

template <class Priority>
class priority_selector {
public:
    priority_selector(any_t) noexcept {}

    template <class P>
        requires std::constructible_from<Priority, const P&>
    priority_selector(const at_least_t<P>& a) : by_(match_by::at_least), priority_(a.floor) {}

    template <class P>
        requires(!std::same_as<std::remove_cvref_t<P>, any_t> &&
                 !std::same_as<std::remove_cvref_t<P>, priority_selector> &&
                 std::constructible_from<Priority, P>)
    priority_selector(P&& p) : by_(match_by::exact), priority_(std::forward<P>(p)) {}

    [[nodiscard]] match_by by() const noexcept { return by_; }
    // The exact priority, or the floor of an at_least key; nullptr for any.
    [[nodiscard]] const Priority* priority() const noexcept { return by_ == match_by::every ? nullptr : &*priority_; }

    // 0 any, 1 at_least, 2 exact.
    [[nodiscard]] int specificity() const noexcept {
        return by_ == match_by::exact ? 2 : by_ == match_by::at_least ? 1 : 0;
    }

    friend bool operator==(const priority_selector& a, const priority_selector& b) {
        return a.by_ == b.by_ && (a.by_ == match_by::every || *a.priority_ == *b.priority_);
    }

private:
    match_by by_ = match_by::every;
    detail::slot<Priority> priority_;
};

template <class Channel, class Priority>
struct target_key {
    channel_selector<Channel> channel;
    priority_selector<Priority> priority;

    friend bool operator==(const target_key&, const target_key&) = default;
};

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

namespace detail {

// A readable name for a host value, or "" when it has none: string-like values,
// to_string(v) found by ADL (returning anything convertible to std::string), numbers.
template <class T>
std::string name_of(const T& v) {
    if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        return std::string{std::string_view{v}};
    } else if constexpr (requires { std::string{to_string(v)}; }) {
        return std::string{to_string(v)};
    } else if constexpr (std::is_arithmetic_v<T>) {
        return std::to_string(v);
    } else {
        return {};
    }
}

}  // namespace detail

// A request whose channel and priority match no target in the policy.
class no_target : public std::out_of_range {
public:
    using std::out_of_range::out_of_range;

    template <class Channel, class Priority>
    static no_target for_request(const Channel& c, const Priority& p) {
        const std::string cn = detail::name_of(c);
        const std::string pn = detail::name_of(p);
        if (cn.empty() || pn.empty()) return no_target{"no target for this channel and priority"};
        return no_target{"no target for channel \"" + cn + "\" and priority \"" + pn + '"'};
    }
};

// ---------------------------------------------------------------------------
// The policy
// ---------------------------------------------------------------------------

template <class Channel, class Priority, zone_pointer ZonePtr = const date::time_zone*>
class basic_policy {
public:
    using channel_type = Channel;
    using priority_type = Priority;
    using calendar_type = basic_calendar<ZonePtr>;
    using key_type = target_key<Channel, Priority>;

    struct entry {
        key_type key;
        slakit::target target;
    };

    explicit basic_policy(calendar_type default_calendar) : calendar_(std::move(default_calendar)) {}

    // --- calendars --------------------------------------------------------

    [[nodiscard]] const calendar_type& calendar() const noexcept { return calendar_; }

    basic_policy& set_calendar(calendar_type c) {
        calendar_ = std::move(c);
        return *this;
    }

    // A channel with its own working hours (e.g. a 24/7 chat desk).
    basic_policy& set_calendar(const Channel& c, calendar_type cal) {
        for (auto& [ch, existing] : calendars_) {
            if (ch == c) {
                existing = std::move(cal);
                return *this;
            }
        }
        calendars_.emplace_back(c, std::move(cal));
        return *this;
    }

    [[nodiscard]] const calendar_type& calendar_for(const Channel& c) const {
        for (const auto& [ch, cal] : calendars_)
            if (ch == c) return cal;
        return calendar_;
    }

    // --- channel kinds ----------------------------------------------------

    // Overrides channel_traits for one channel (the way to go for string channels).
    basic_policy& set_kind(const Channel& c, channel_kind k) {
        for (auto& [ch, existing] : kinds_) {
            if (ch == c) {
                existing = k;
                return *this;
            }
        }
        kinds_.emplace_back(c, k);
        return *this;
    }

    // The registry first, then channel_traits; none when neither knows the channel
    // (then only exact and any keys can match it).
    [[nodiscard]] std::optional<channel_kind> kind_of(const Channel& c) const {
        for (const auto& [ch, k] : kinds_)
            if (ch == c) return k;
        if constexpr (has_channel_traits<Channel>) return channel_traits<Channel>::kind(c);
        return std::nullopt;
    }

    // --- priority order ---------------------------------------------------

    // Replaces priority_traits with an explicit order, least important first.
    // Priorities left out have no rank: no at_least key matches them.
    basic_policy& rank_priorities(std::vector<Priority> least_important_first) {
        for (std::size_t i = 0; i < least_important_first.size(); ++i)
            for (std::size_t j = i + 1; j < least_important_first.size(); ++j)
                if (least_important_first[i] == least_important_first[j])
                    throw std::invalid_argument("rank_priorities: a priority is listed twice");
        std::swap(ranks_, least_important_first);
        for (const auto& e : entries_) {
            if (e.key.priority.by() == match_by::at_least && !rank_of(*e.key.priority.priority())) {
                std::swap(ranks_, least_important_first);
                throw std::invalid_argument("rank_priorities: the floor of an at_least target is missing from the order");
            }
        }
        return *this;
    }

    [[nodiscard]] std::optional<std::size_t> rank_of(const Priority& p) const {
        if (!ranks_.empty()) {
            for (std::size_t i = 0; i < ranks_.size(); ++i)
                if (ranks_[i] == p) return i;
            return std::nullopt;
        }
        if constexpr (has_priority_traits<Priority>)
            return static_cast<std::size_t>(priority_traits<Priority>::rank(p));
        return std::nullopt;
    }

    // --- targets ----------------------------------------------------------

    // Adds a target, or replaces the one stored under the same key.
    // Throws std::invalid_argument for a limit that is not positive (or beyond
    // longest_limit), a quantile outside (0, 1], a share outside [0, 1], or an
    // at_least floor without a rank.
    basic_policy& set_target(channel_selector<Channel> ch, priority_selector<Priority> pr, slakit::target t) {
        check(t);
        if (pr.by() == match_by::at_least && !rank_of(*pr.priority()))
            throw std::invalid_argument(
                "set_target: at_least needs a priority order: specialise priority_traits or call rank_priorities");
        key_type key{std::move(ch), std::move(pr)};
        for (auto& e : entries_) {
            if (e.key == key) {
                e.target = std::move(t);
                return *this;
            }
        }
        entries_.push_back(entry{std::move(key), std::move(t)});
        return *this;
    }

    bool remove_target(const channel_selector<Channel>& ch, const priority_selector<Priority>& pr) {
        const key_type key{ch, pr};
        const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const entry& e) { return e.key == key; });
        if (it == entries_.end()) return false;
        entries_.erase(it);
        return true;
    }

    // The target stored under exactly this key, or nullptr. Copy it, change it and
    // set it again to override one value.
    [[nodiscard]] const slakit::target* target_at(const channel_selector<Channel>& ch,
                                                  const priority_selector<Priority>& pr) const {
        const key_type key{ch, pr};
        for (const auto& e : entries_)
            if (e.key == key) return &e.target;
        return nullptr;
    }

    // The most specific entry matching a request, or nullptr.
    [[nodiscard]] const entry* find(const Channel& c, const Priority& p) const {
        const auto kind = kind_of(c);
        const auto rank = rank_of(p);
        const entry* best = nullptr;
        std::tuple<int, std::size_t, int> best_score{};
        for (const auto& e : entries_) {
            const auto& pr = e.key.priority;
            std::size_t floor = 0;
            switch (pr.by()) {
            case match_by::exact:
                if (!(*pr.priority() == p)) continue;
                break;
            case match_by::at_least: {
                const auto f = rank_of(*pr.priority());
                if (!rank || !f || *rank < *f) continue;
                floor = *f;
                break;
            }
            default: break;
            }
            if (!e.key.channel.matches(c, kind)) continue;
            const std::tuple<int, std::size_t, int> score{pr.specificity(), floor, e.key.channel.specificity()};
            if (best == nullptr || best_score < score) {  // strictly better: the earlier entry keeps a tie
                best = &e;
                best_score = score;
            }
        }
        return best;
    }

    // As find, but throws no_target when nothing matches.
    [[nodiscard]] const entry& match(const Channel& c, const Priority& p) const {
        if (const entry* e = find(c, p)) return *e;
        throw no_target::for_request(c, p);
    }

    [[nodiscard]] const slakit::target& target_for(const Channel& c, const Priority& p) const {
        return match(c, p).target;
    }

    [[nodiscard]] const std::vector<entry>& targets() const noexcept { return entries_; }

    // --- warnings ---------------------------------------------------------

    // Fractions of a per-request threshold at which a host warns: positive, finite,
    // strictly increasing; 1.0 is "the threshold is reached", above 1 is after a breach.
    basic_policy& set_warning_levels(std::vector<double> levels) {
        for (std::size_t i = 0; i < levels.size(); ++i) {
            if (!std::isfinite(levels[i]) || levels[i] <= 0.0)
                throw std::invalid_argument("set_warning_levels: a level must be a positive, finite fraction");
            if (i > 0 && levels[i] <= levels[i - 1])
                throw std::invalid_argument("set_warning_levels: levels must be strictly increasing");
        }
        levels_ = std::move(levels);
        return *this;
    }

    [[nodiscard]] const std::vector<double>& warning_levels() const noexcept { return levels_; }

private:
    static void check(const threshold& t, const char* what) {
        if (t.limit <= t.limit.zero() || t.limit > longest_limit)
            throw std::invalid_argument(std::string{"set_target: the "} + what +
                                        " threshold must be positive and at most ten years");
    }

    static void check(const slakit::target& t) {
        if (t.first_response) check(*t.first_response, "first-response");
        if (t.handoff) check(*t.handoff, "hand-off");
        if (t.human_response) check(*t.human_response, "human-response");
        for (const auto& a : t.aggregates) {
            switch (a.measure) {
            case statistic::quantile:
                if (!(a.quantile > 0.0 && a.quantile <= 1.0))
                    throw std::invalid_argument("set_target: aggregate \"" + a.name + "\": quantile must lie in (0, 1]");
                [[fallthrough]];
            case statistic::mean:
                if (a.limit <= a.limit.zero() || a.limit > longest_limit)
                    throw std::invalid_argument("set_target: aggregate \"" + a.name +
                                                "\": limit must be positive and at most ten years");
                break;
            case statistic::compliance:
                if (!(a.share >= 0.0 && a.share <= 1.0))
                    throw std::invalid_argument("set_target: aggregate \"" + a.name +
                                                "\": share must be a fraction in [0, 1]");
                break;
            }
        }
    }

    calendar_type calendar_;
    std::vector<std::pair<Channel, calendar_type>> calendars_;
    std::vector<std::pair<Channel, channel_kind>> kinds_;
    std::vector<Priority> ranks_;
    std::vector<entry> entries_;
    std::vector<double> levels_{0.5, 0.75, 1.0};
};

// policy<> is the seed contract's vocabulary.
template <class Channel = channel, class Priority = priority>
using policy = basic_policy<Channel, Priority>;

}  // namespace slakit
