// Zones: what slakit needs of one, a zone with one fixed offset, and the local
// clock read back as UTC instants.
#pragma once

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>

namespace slakit::inline v0 {

// What a calendar needs of a zone: the UTC offset in force at a UTC instant and the
// span of time over which it holds, as date::time_zone::get_info gives it.
template <class ZonePtr>
concept zone_pointer = requires(const ZonePtr& zone, std::chrono::sys_seconds t) {
    { zone->get_info(t).begin } -> std::convertible_to<std::chrono::sys_seconds>;
    { zone->get_info(t).end } -> std::convertible_to<std::chrono::sys_seconds>;
    { zone->get_info(t).offset } -> std::convertible_to<std::chrono::seconds>;
};

// A zone that keeps one UTC offset for ever: works without the tz database.
class fixed_offset_zone {
public:
    constexpr explicit fixed_offset_zone(std::chrono::seconds offset) noexcept : offset_(offset) {}

    [[nodiscard]] constexpr std::chrono::seconds offset() const noexcept { return offset_; }

    template <class Duration>
    [[nodiscard]] date::sys_info get_info(std::chrono::sys_time<Duration>) const {
        date::sys_info info;
        info.begin = std::chrono::sys_seconds{std::chrono::seconds{std::numeric_limits<std::int64_t>::min() / 2}};
        info.end = std::chrono::sys_seconds{std::chrono::seconds{std::numeric_limits<std::int64_t>::max() / 2}};
        info.offset = offset_;
        info.save = std::chrono::minutes{0};
        return info;
    }

    template <class Duration>
    [[nodiscard]] date::local_info get_info(date::local_time<Duration> t) const {
        date::local_info info{};
        info.result = date::local_info::unique;
        info.first = get_info(std::chrono::sys_seconds{std::chrono::floor<std::chrono::seconds>(t.time_since_epoch())});
        return info;
    }

private:
    std::chrono::seconds offset_;
};

// The first UTC instant at which the zone's clock shows l or, when a gap skips l,
// the instant the gap ends (date's choose::earliest). Walks the zone's offsets
// from a day before l, so any number of changes within a day is fine; offsets
// must stay within a day of UTC.
template <zone_pointer ZonePtr>
[[nodiscard]] std::chrono::sys_seconds first_instant_showing(const ZonePtr& zone, date::local_seconds l) {
    using std::chrono::seconds;
    const std::chrono::sys_seconds as_utc{l.time_since_epoch()};
    std::chrono::sys_seconds t = as_utc - std::chrono::hours{25};
    for (;;) {
        const auto info = zone->get_info(t);
        const std::chrono::sys_seconds begin = std::max(std::chrono::sys_seconds{info.begin}, t);
        const std::chrono::sys_seconds end{info.end};
        const seconds offset{info.offset};
        // Over [begin, end) the clock shows [begin + offset, end + offset).
        if (as_utc < end + offset) return as_utc < begin + offset ? begin : as_utc - offset;
        t = end;
    }
}

}  // namespace slakit::inline v0
