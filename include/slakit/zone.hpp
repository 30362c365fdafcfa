// Zones: what slakit needs of one, a zone of the tz database continued past its last
// transition by its POSIX rule, a zone with one fixed offset, and the local clock read
// back as UTC instants.
#pragma once

#include <slakit/posix_rule.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace slakit::inline v0 {

// What a calendar needs of a zone: the UTC offset in force at a UTC instant and the
// span of time over which it holds, as date::time_zone::get_info gives it.
template <class ZonePtr>
concept zone_pointer = requires(const ZonePtr& zone, std::chrono::sys_seconds t) {
    { zone->get_info(t).begin } -> std::convertible_to<std::chrono::sys_seconds>;
    { zone->get_info(t).end } -> std::convertible_to<std::chrono::sys_seconds>;
    { zone->get_info(t).offset } -> std::convertible_to<std::chrono::seconds>;
};

// A zone of the tz database and, if the host hands it over, the POSIX rule that
// continues it after its last explicit transition: the footer of its TZif file (RFC
// 8536 section 3.3). date reads the explicit transitions only, which end in 2037 in
// Debian's tzdata; without the rule the zone keeps its last offset after them, as
// date does. slakit reads no file: a host reads the footer (the examples do, in
// support/tzif) and passes it here. A pointer-like value: zone->get_info(t) works,
// as do name(), to_local and to_sys, so date::zoned_time takes it too.
class zone_handle {
public:
    // Implicit, so that a date zone goes wherever it went before (without a rule).
    zone_handle(const date::time_zone* zone) : zone_(checked(zone)) {}

    zone_handle(const date::time_zone* zone, posix_rule after_last)
            : zone_(checked(zone)),
              rule_(std::make_shared<const posix_rule>(std::move(after_last))),
              rule_from_(zone_->get_info(date::sys_days{date::year{9999} / date::January / 1}).begin) {}

    [[nodiscard]] const zone_handle* operator->() const noexcept { return this; }
    [[nodiscard]] const date::time_zone* database_zone() const noexcept { return zone_; }
    // The rule after the last transition, or nullptr; and the instant it takes over.
    [[nodiscard]] const posix_rule* rule_after_last() const noexcept { return rule_.get(); }
    [[nodiscard]] std::chrono::sys_seconds rule_from() const noexcept { return rule_from_; }
    [[nodiscard]] const std::string& name() const noexcept { return zone_->name(); }

    // Where a date zone is asked for, the handle gives date's zone, without the rule:
    // code written for const date::time_zone* keeps working, and keeps date's answers.
    operator const date::time_zone*() const noexcept { return zone_; }

    template <class Duration>
    [[nodiscard]] date::sys_info get_info(std::chrono::sys_time<Duration> tp) const {
        const auto t = std::chrono::floor<std::chrono::seconds>(tp);
        if (!rule_ || t < rule_from_) return zone_->get_info(t);
        auto info = rule_->get_info(t);
        info.begin = std::max(info.begin, rule_from_);
        return info;
    }

    // How the local reading tp maps to UTC: once, twice (a repeated hour) or not at
    // all (a skipped hour), as date::time_zone::get_info(local_time) tells it.
    template <class Duration>
    [[nodiscard]] date::local_info get_info(date::local_time<Duration> tp) const {
        using std::chrono::hours;
        // Offsets lie within a day of UTC: the spans two days around cover tp.
        const std::chrono::sys_seconds guess{std::chrono::floor<std::chrono::seconds>(tp.time_since_epoch())};
        const auto shows = [&](const date::sys_info& s) {
            return guess - s.offset >= s.begin && guess - s.offset < s.end;
        };
        date::local_info r{};
        r.result = date::local_info::nonexistent;
        int found = 0;
        auto record = [&](const date::sys_info& s) {
            (found++ == 0 ? r.first : r.second) = s;
            r.result = found == 1 ? date::local_info::unique : date::local_info::ambiguous;
        };
        auto before = get_info(guess - hours{50});
        if (shows(before)) record(before);
        while (before.end <= guess + hours{50}) {
            auto next = get_info(before.end);
            if (shows(next)) {
                record(next);
            } else if (found == 0 && guess - before.offset >= before.end && guess - next.offset < next.begin) {
                r.first = before;  // tp lies in the gap between these two
                r.second = next;
            }
            before = std::move(next);
        }
        return r;
    }

    template <class Duration>
    [[nodiscard]] auto to_local(std::chrono::sys_time<Duration> t) const {
        using D = std::common_type_t<Duration, std::chrono::seconds>;
        return date::local_time<D>{t.time_since_epoch() + get_info(t).offset};
    }

    // As date::time_zone::to_sys: a skipped reading maps to the end of the gap.
    template <class Duration>
    [[nodiscard]] auto to_sys(date::local_time<Duration> tp, date::choose z) const {
        using T = std::chrono::sys_time<std::common_type_t<Duration, std::chrono::seconds>>;
        const auto i = get_info(tp);
        if (i.result == date::local_info::nonexistent) return T{i.first.end};
        const auto& info = i.result == date::local_info::ambiguous && z == date::choose::latest ? i.second : i.first;
        return T{tp.time_since_epoch() - info.offset};
    }

    // Throws date::nonexistent_local_time or date::ambiguous_local_time as date does.
    template <class Duration>
    [[nodiscard]] auto to_sys(date::local_time<Duration> tp) const {
        const auto i = get_info(tp);
        if (i.result == date::local_info::nonexistent) throw date::nonexistent_local_time(tp, i);
        if (i.result == date::local_info::ambiguous) throw date::ambiguous_local_time(tp, i);
        return to_sys(tp, date::choose::earliest);
    }

private:
    static const date::time_zone* checked(const date::time_zone* zone) {
        if (zone == nullptr) throw std::invalid_argument("zone_handle: a null time zone");
        return zone;
    }

    const date::time_zone* zone_;
    std::shared_ptr<const posix_rule> rule_;
    std::chrono::sys_seconds rule_from_{};
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

// A zone_handle located by name carries no rule: the host adds it (the library reads
// no file).
template <>
struct date::zoned_traits<slakit::zone_handle> {
    static slakit::zone_handle default_zone() { return date::locate_zone("Etc/UTC"); }
    static slakit::zone_handle locate_zone(std::string_view name) { return date::locate_zone(name); }
};
