// slakit/policy.hpp: what a contract promises, per channel and priority.
//
// A basic_policy<Channel, Priority> holds a calendar (optionally one per channel),
// the targets keyed by channel x priority, and the warning levels. Channel and
// Priority are the host's own types: its enums, or std::string read from a file.
// Nothing the contract fills in is a constant here; every value is configuration.
//
// Which target applies (docs/policy.md): among the keys that
// match a request, the most specific wins, compared in this order:
//   1. the priority part: an exact priority beats at_least(p), which beats any;
//      between two at_least keys the higher floor wins;
//   2. then the channel part: an exact channel beats its channel_kind, which beats any.
// Priority comes first so that a priority tier (clause 2.1(3)) is never shadowed by a
// channel-wide entry. A key is stored once; setting it again replaces its target.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/seed.hpp>
#include <slakit/selector.hpp>
#include <slakit/target.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

template <class Channel, class Priority, zone_pointer ZonePtr = zone_handle>
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
                throw std::invalid_argument(
                    "rank_priorities: the floor of an at_least target is missing from the order");
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
        if (auto problem = validate(t)) throw std::invalid_argument("set_target: " + *problem);
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
    [[nodiscard]] const slakit::target* find_exact(const channel_selector<Channel>& ch,
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
    [[nodiscard]] const entry& at(const Channel& c, const Priority& p) const {
        if (const entry* e = find(c, p)) return *e;
        throw no_target::for_request(c, p);
    }

    [[nodiscard]] const std::vector<entry>& targets() const noexcept { return entries_; }

    // What the setters above stored, for rekey and hosts that copy a policy.
    [[nodiscard]] const std::vector<std::pair<Channel, calendar_type>>& channel_calendars() const noexcept {
        return calendars_;
    }
    [[nodiscard]] const std::vector<std::pair<Channel, channel_kind>>& channel_kinds() const noexcept { return kinds_; }
    [[nodiscard]] const std::vector<Priority>& priority_order() const noexcept { return ranks_; }

    // --- warnings ---------------------------------------------------------

    // Fractions of a per-request threshold at which a host warns: positive, finite,
    // strictly increasing; 1.0 is "the threshold is reached", above 1 is after a breach.
    basic_policy& set_warning_levels(std::vector<double> levels) {
        if (const auto problem = validate_warning_levels(levels)) {
            if (problem->fault == level_fault::not_positive)
                throw std::invalid_argument("set_warning_levels: a level must be a positive, finite fraction");
            throw std::invalid_argument("set_warning_levels: levels must be strictly increasing");
        }
        levels_ = std::move(levels);
        return *this;
    }

    [[nodiscard]] const std::vector<double>& warning_levels() const noexcept { return levels_; }

    // --- timelines --------------------------------------------------------

    // What the host's statuses and priority changes do (lifecycle.hpp).
    [[nodiscard]] const slakit::lifecycle& lifecycle() const noexcept { return lifecycle_; }

    basic_policy& set_lifecycle(slakit::lifecycle rules) {
        lifecycle_ = std::move(rules);
        return *this;
    }

    basic_policy& set_status(std::string name, status_effect effect) {
        lifecycle_.set_status(std::move(name), effect);
        return *this;
    }

    basic_policy& set_priority_change(priority_change mode) noexcept {
        lifecycle_.set_priority_change(mode);
        return *this;
    }

private:
    calendar_type calendar_;
    std::vector<std::pair<Channel, calendar_type>> calendars_;
    std::vector<std::pair<Channel, channel_kind>> kinds_;
    std::vector<Priority> ranks_;
    std::vector<entry> entries_;
    std::vector<double> levels_{0.5, 0.75, 1.0};
    slakit::lifecycle lifecycle_;
};

// The policy with its channels and priorities mapped to other key types: the same
// calendars, kinds, priority order, targets (in the same order, so that ties
// resolve alike) and warning levels. map_channel(const Channel&) gives a NewChannel
// and map_priority(const Priority&) a NewPriority; both must be one-to-one. Channels
// named only by channel_traits keep their kind when they appear in a key or in
// known_channels.
template <class NewChannel, class NewPriority, class Channel, class Priority, class ZonePtr, class MapChannel,
          class MapPriority>
[[nodiscard]] basic_policy<NewChannel, NewPriority, ZonePtr> rekey(const basic_policy<Channel, Priority, ZonePtr>& from,
                                                                   MapChannel map_channel, MapPriority map_priority,
                                                                   std::span<const Channel> known_channels = {},
                                                                   std::span<const Priority> ranked = {}) {
    basic_policy<NewChannel, NewPriority, ZonePtr> to{from.calendar()};
    for (const auto& [c, cal] : from.channel_calendars()) to.set_calendar(map_channel(c), cal);
    for (const Channel& c : known_channels) {
        if (const auto k = from.kind_of(c)) to.set_kind(map_channel(c), *k);
        if (const auto& own = from.calendar_for(c); &own != &from.calendar()) to.set_calendar(map_channel(c), own);
    }
    for (const auto& [c, k] : from.channel_kinds()) to.set_kind(map_channel(c), k);
    std::vector<NewPriority> order;
    if (!from.priority_order().empty()) {
        for (const Priority& p : from.priority_order()) order.push_back(map_priority(p));
    } else {
        for (const Priority& p : ranked) order.push_back(map_priority(p));
    }
    if (!order.empty()) to.rank_priorities(std::move(order));
    for (const auto& e : from.targets()) {
        channel_selector<NewChannel> channel{any};
        switch (e.key.channel.by()) {
        case match_by::exact: channel = channel_selector<NewChannel>{map_channel(*e.key.channel.channel())}; break;
        case match_by::kind: channel = e.key.channel.kind(); break;
        default: break;
        }
        priority_selector<NewPriority> priority{any};
        switch (e.key.priority.by()) {
        case match_by::exact:
            priority = priority_selector<NewPriority>{map_priority(*e.key.priority.priority())};
            break;
        case match_by::at_least: priority = at_least(map_priority(*e.key.priority.priority())); break;
        default: break;
        }
        to.set_target(std::move(channel), std::move(priority), e.target);
    }
    to.set_warning_levels(from.warning_levels());
    to.set_lifecycle(from.lifecycle());
    return to;
}

// policy is the seed contract's vocabulary.
// The seed contract's policy: the seed channels and priorities.
using policy = basic_policy<channel, priority>;

}  // namespace slakit::inline v0
