// slakit/lifecycle.hpp: what a host's request statuses and priority changes do to
// the clocks (docs/timelines.md).
//
//   slakit::lifecycle rules;
//   rules.set_status("open", slakit::status_effect::run)
//        .set_status("waiting_on_customer", slakit::status_effect::pause)
//        .set_status("solved", slakit::status_effect::resolve)
//        .set_priority_change(slakit::priority_change::reselect);
//
// Nothing is built in: a status name the rules do not know is an error, never a guess.
#pragma once

#include <slakit/enums.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// What a status does to resolution, next-reply and periodic-update times.
enum class status_effect : unsigned char {
    run,  // the clocks run
    pause,  // they stop, e.g. "waiting on the customer"
    resolve,  // the request is resolved; a later run or pause status reopens it
};

[[nodiscard]] constexpr std::string_view to_string(status_effect e) noexcept {
    switch (e) {
    case status_effect::run: return "run";
    case status_effect::pause: return "pause";
    case status_effect::resolve: return "resolve";
    }
    return "status effect?";
}

template <>
struct enum_values<status_effect> {
    static constexpr std::string_view name = "status effect";
    static constexpr std::array values{status_effect::run, status_effect::pause, status_effect::resolve};
};

// Which targets hold after a request's priority changes.
enum class priority_change : unsigned char {
    keep,  // the targets chosen at submission stay
    reselect,  // the new priority's targets, timed from each metric's own start
    restart,  // the new priority's targets, timed from the change
};

[[nodiscard]] constexpr std::string_view to_string(priority_change m) noexcept {
    switch (m) {
    case priority_change::keep: return "keep";
    case priority_change::reselect: return "reselect";
    case priority_change::restart: return "restart";
    }
    return "priority change?";
}

template <>
struct enum_values<priority_change> {
    static constexpr std::string_view name = "priority change";
    static constexpr std::array values{priority_change::keep, priority_change::reselect, priority_change::restart};
};

class lifecycle {
public:
    // Adds a status name, or gives a known one another effect. Throws
    // std::invalid_argument for an empty name.
    lifecycle& set_status(std::string name, status_effect effect) {
        if (name.empty()) throw std::invalid_argument("set_status: a status needs a name");
        for (auto& [n, e] : statuses_) {
            if (n == name) {
                e = effect;
                return *this;
            }
        }
        statuses_.emplace_back(std::move(name), effect);
        return *this;
    }

    // The effect of a status name, or none when the rules do not know it.
    [[nodiscard]] std::optional<status_effect> find(std::string_view name) const noexcept {
        for (const auto& [n, e] : statuses_)
            if (n == name) return e;
        return std::nullopt;
    }

    [[nodiscard]] const std::vector<std::pair<std::string, status_effect>>& statuses() const noexcept {
        return statuses_;
    }

    lifecycle& set_priority_change(priority_change mode) noexcept {
        mode_ = mode;
        return *this;
    }

    [[nodiscard]] priority_change on_priority_change() const noexcept { return mode_; }

    friend bool operator==(const lifecycle&, const lifecycle&) = default;

private:
    std::vector<std::pair<std::string, status_effect>> statuses_;
    priority_change mode_ = priority_change::reselect;  // as ServiceNow: the timer runs on
};

}  // namespace slakit::inline v0
