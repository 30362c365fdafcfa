// slakit/event.hpp: one thing that happened to a request, at an instant.
//
// A request's timeline (timeline.hpp) is a list of these. Each kind uses the fields
// its comment names; the others stay empty.
#pragma once

#include <slakit/enums.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace slakit::inline v0 {

enum class event_kind : unsigned char {
    submitted,  // once, first: channel and priority
    customer_message,  // the customer wrote again
    reply,  // an answer shown to the customer: author
    status,  // the host's status changed: status (a name the policy's lifecycle knows)
    priority,  // the priority changed: priority (the new one)
    handoff_decided,  // the system decided a human is needed (2.4)
    handoff_completed,  // the request reached a human, user told
    human_contact,  // first effective agent-user contact
    excluded,  // a delay the business caused (4.1(5)): reason
};

[[nodiscard]] constexpr std::string_view to_string(event_kind k) noexcept {
    switch (k) {
    case event_kind::submitted: return "submitted";
    case event_kind::customer_message: return "customer_message";
    case event_kind::reply: return "reply";
    case event_kind::status: return "status";
    case event_kind::priority: return "priority";
    case event_kind::handoff_decided: return "handoff_decided";
    case event_kind::handoff_completed: return "handoff_completed";
    case event_kind::human_contact: return "human_contact";
    case event_kind::excluded: return "excluded";
    }
    return "event?";
}

template <>
struct enum_values<event_kind> {
    static constexpr std::string_view name = "event";
    static constexpr std::array values{event_kind::submitted,
                                       event_kind::customer_message,
                                       event_kind::reply,
                                       event_kind::status,
                                       event_kind::priority,
                                       event_kind::handoff_decided,
                                       event_kind::handoff_completed,
                                       event_kind::human_contact,
                                       event_kind::excluded};
};

// Who wrote a reply.
enum class author : unsigned char { bot, human };

[[nodiscard]] constexpr std::string_view to_string(author a) noexcept { return a == author::bot ? "bot" : "human"; }

template <>
struct enum_values<author> {
    static constexpr std::string_view name = "author";
    static constexpr std::array values{author::bot, author::human};
};

template <class Channel, class Priority, class Duration = std::chrono::milliseconds>
struct basic_event {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    time_point at;
    event_kind kind = event_kind::submitted;
    std::optional<Channel> channel{};  // submitted
    std::optional<Priority> priority{};  // submitted, priority
    slakit::author by = author::human;  // reply
    std::string status{};  // status
    std::string reason{};  // excluded
};

}  // namespace slakit::inline v0
