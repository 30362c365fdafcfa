// slakit/group.hpp: the key of a report's group: the period, the host's dimensions,
// the channel and the priority.
//
// Dimensions are whatever the host breaks a report down by besides channel and
// priority (team, agent, customer): one value type of the host's, ordered by == and <,
// for example std::string, std::vector<std::string> or a struct with a defaulted <=>.
// no_dimensions, the default, is the report of channel and priority alone.
#pragma once

#include <slakit/key_codec.hpp>

#include <date/date.h>

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace slakit::inline v0 {

// What report keys need: copies, == and < (a strict weak order, consistent with ==).
// Enums, std::string and std::vector<std::string> qualify.
template <class T>
concept report_key = std::copy_constructible<T> && requires(const T& a, const T& b) {
    { a == b } -> std::convertible_to<bool>;
    { a < b } -> std::convertible_to<bool>;
};

// The dimensions of a report broken down by channel and priority alone.
struct no_dimensions {
    friend constexpr bool operator==(no_dimensions, no_dimensions) noexcept { return true; }
    friend constexpr bool operator<(no_dimensions, no_dimensions) noexcept { return false; }
};

template <>
struct key_codec<no_dimensions> {
    static std::string encode(no_dimensions) { return {}; }
    static no_dimensions decode(std::string_view text) {
        if (!text.empty()) throw std::invalid_argument("dimensions found in a report that has none");
        return {};
    }
};

// A group: the period's first local date, the host's dimensions, the channel and the
// priority. Groups sort in that order, so a period's groups of one dimension value
// are neighbours.
template <class Channel, class Priority, class Dimensions = no_dimensions>
struct group_key {
    date::local_days period;
    Channel channel;
    Priority priority;
    [[no_unique_address]] Dimensions dimensions{};

    friend bool operator==(const group_key&, const group_key&) = default;
};

// Orders group keys; looks up without copying a key.
template <class Channel, class Priority, class Dimensions = no_dimensions>
struct group_order {
    using is_transparent = void;
    using key_type = group_key<Channel, Priority, Dimensions>;

    struct probe {  // a key's parts by reference
        date::local_days period;
        const Channel& channel;
        const Priority& priority;
        const Dimensions& dimensions;
    };
    struct period_probe {  // sorts before every key of its period
        date::local_days period;
    };

    static probe view(const key_type& k) noexcept { return {k.period, k.channel, k.priority, k.dimensions}; }
    static const probe& view(const probe& p) noexcept { return p; }

    template <class A, class B>
    requires(!std::same_as<A, period_probe> && !std::same_as<B, period_probe>) bool operator()(const A& a,
                                                                                               const B& b) const {
        const probe x = view(a), y = view(b);
        if (x.period != y.period) return x.period < y.period;
        if constexpr (!std::is_same_v<Dimensions, no_dimensions>) {
            if (x.dimensions < y.dimensions) return true;
            if (y.dimensions < x.dimensions) return false;
        }
        if (x.channel < y.channel) return true;
        if (y.channel < x.channel) return false;
        return x.priority < y.priority;
    }
    bool operator()(const key_type& k, const period_probe& p) const { return k.period < p.period; }
    bool operator()(const period_probe& p, const key_type& k) const { return p.period < k.period; }
};

}  // namespace slakit::inline v0
