// slakit/availability.hpp: outages, and the uptime of a period over all hours and
// within working hours.
#pragma once

#include <date/date.h>

#include <chrono>
#include <optional>

namespace slakit::inline v0 {

// An interval [begin, end) during which the system was down.
template <class Duration = std::chrono::milliseconds>
struct outage {
    std::chrono::sys_time<Duration> begin;
    std::chrono::sys_time<Duration> end;

    friend bool operator==(const outage&, const outage&) = default;
};

template <class Duration = std::chrono::milliseconds>
struct period_availability {
    date::local_days period{};  // its first local date
    std::chrono::sys_time<Duration> begin{};  // local midnight starting the period
    std::chrono::sys_time<Duration> end{};  // local midnight ending it
    Duration down{};  // outage time within [begin, end)
    Duration working{};  // working time within [begin, end)
    Duration working_down{};  // outage time within working hours

    [[nodiscard]] Duration length() const noexcept { return end - begin; }

    // 1 - down / length.
    [[nodiscard]] double uptime() const noexcept {
        return 1.0 - static_cast<double>(down.count()) / static_cast<double>(length().count());
    }

    // 1 - working_down / working; absent for a period without working time.
    [[nodiscard]] std::optional<double> working_uptime() const noexcept {
        if (working <= Duration::zero()) return std::nullopt;
        return 1.0 - static_cast<double>(working_down.count()) / static_cast<double>(working.count());
    }

    friend bool operator==(const period_availability&, const period_availability&) = default;
};

}  // namespace slakit::inline v0
