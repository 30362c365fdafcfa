// slakit/selector.hpp: the keys of a policy's targets: which channels (one, a kind,
// or any) and which priorities (one, at_least a floor, or any) a target is for,
// and the traits that give a host's channel its kind and a priority its rank.
#pragma once

#include <slakit/enums.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace slakit::inline v0 {

// Clause 1.2: each channel is real-time or not.
enum class channel_kind : unsigned char { real_time, asynchronous };

[[nodiscard]] constexpr std::string_view to_string(channel_kind k) noexcept {
    return k == channel_kind::real_time ? "real_time" : "asynchronous";
}

template <>
struct enum_values<channel_kind> {
    static constexpr std::string_view name = "channel kind";
    static constexpr std::array values{channel_kind::real_time, channel_kind::asynchronous};
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

template <class Channel>
concept has_channel_traits = requires(const Channel& c) {
    { channel_traits<Channel>::kind(c) } -> std::same_as<channel_kind>;
};

template <class Priority>
concept has_priority_traits = requires(const Priority& p) {
    { priority_traits<Priority>::rank(p) } -> std::convertible_to<std::size_t>;
};

// How a key part matches, from the least to the most specific.
enum class match_by : unsigned char { any, at_least, kind, exact };

[[nodiscard]] constexpr std::string_view to_string(match_by m) noexcept {
    switch (m) {
    case match_by::any: return "any";
    case match_by::at_least: return "at_least";
    case match_by::kind: return "kind";
    case match_by::exact: return "exact";
    }
    return "match_by?";
}

template <>
struct enum_values<match_by> {
    static constexpr std::string_view name = "match";
    static constexpr std::array values{match_by::any, match_by::at_least, match_by::kind, match_by::exact};
};

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
    requires(!std::same_as<std::remove_cvref_t<U>, slot>) explicit slot(U&& u) : value_(std::forward<U>(u)) {}
    [[nodiscard]] const T& operator*() const noexcept { return value_; }

private:
    T value_{};
};

template <class T>
class slot<T, false> {
public:
    slot() = default;
    template <class U>
    requires(!std::same_as<std::remove_cvref_t<U>, slot>) explicit slot(U&& u) : value_(std::forward<U>(u)) {}
    [[nodiscard]] const T& operator*() const noexcept { return *value_; }

private:
    std::optional<T> value_;
};

}  // namespace detail

template <class Channel>
class channel_selector {
    static_assert(!std::is_same_v<Channel, channel_kind>, "a Channel type must be distinct from channel_kind");

public:
    channel_selector(any_t) noexcept {}
    channel_selector(channel_kind k) noexcept : by_(match_by::kind), kind_(k) {}

    template <class C>
    requires(!std::same_as<std::remove_cvref_t<C>, any_t> && !std::same_as<std::remove_cvref_t<C>, channel_kind> &&
             !std::same_as<std::remove_cvref_t<C>, channel_selector> && std::constructible_from<Channel, C>)
        channel_selector(C&& c)
            : by_(match_by::exact), channel_(std::forward<C>(c)) {}

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
    match_by by_ = match_by::any;
    channel_kind kind_{};
    detail::slot<Channel> channel_;
};

template <class Priority>
class priority_selector {
public:
    priority_selector(any_t) noexcept {}

    template <class P>
    requires std::constructible_from<Priority, const P&> priority_selector(const at_least_t<P>& a)
            : by_(match_by::at_least), priority_(a.floor) {}

    template <class P>
    requires(!std::same_as<std::remove_cvref_t<P>, any_t> && !std::same_as<std::remove_cvref_t<P>, priority_selector> &&
             std::constructible_from<Priority, P>) priority_selector(P&& p)
            : by_(match_by::exact), priority_(std::forward<P>(p)) {}

    [[nodiscard]] match_by by() const noexcept { return by_; }
    // The exact priority, or the floor of an at_least key; nullptr for any.
    [[nodiscard]] const Priority* priority() const noexcept { return by_ == match_by::any ? nullptr : &*priority_; }

    // 0 any, 1 at_least, 2 exact.
    [[nodiscard]] int specificity() const noexcept {
        return by_ == match_by::exact ? 2 : by_ == match_by::at_least ? 1 : 0;
    }

    friend bool operator==(const priority_selector& a, const priority_selector& b) {
        return a.by_ == b.by_ && (a.by_ == match_by::any || *a.priority_ == *b.priority_);
    }

private:
    match_by by_ = match_by::any;
    detail::slot<Priority> priority_;
};

template <class Channel, class Priority>
struct target_key {
    channel_selector<Channel> channel;
    priority_selector<Priority> priority;

    friend bool operator==(const target_key&, const target_key&) = default;
};

}  // namespace slakit::inline v0
