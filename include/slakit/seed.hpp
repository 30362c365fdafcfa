// slakit/seed.hpp: the seed contract's channels and priorities, with their names,
// kinds and ranks. Hosts may use their own types instead.
#pragma once

#include <slakit/enums.hpp>
#include <slakit/selector.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace slakit::inline v0 {

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
struct channel_traits<channel> {
    static constexpr channel_kind kind(channel c) noexcept {
        return c == channel::email ? channel_kind::asynchronous : channel_kind::real_time;
    }
};

template <>
struct priority_traits<priority> {
    static constexpr std::size_t rank(priority p) noexcept { return static_cast<std::size_t>(p); }
};

}  // namespace slakit::inline v0
