#include <slakit/zone.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::sys_seconds;

namespace {

// Two offset changes within one local day: +01:00 until 01:00Z, then +03:00 until
// 12:00Z, then back to +01:00. Nothing outside that day changes.
struct two_changes_zone {
    sys_seconds first_change;
    [[nodiscard]] date::sys_info get_info(sys_seconds t) const {
        date::sys_info info{};
        const sys_seconds second_change = first_change + 11h;
        if (t < first_change) {
            info.begin = sys_seconds{-100'000'000'000s};
            info.end = first_change;
            info.offset = 1h;
        } else if (t < second_change) {
            info.begin = first_change;
            info.end = second_change;
            info.offset = 3h;
        } else {
            info.begin = second_change;
            info.end = sys_seconds{100'000'000'000s};
            info.offset = 1h;
        }
        return info;
    }
};

struct two_changes_pointer {
    two_changes_zone zone;
    const two_changes_zone* operator->() const noexcept { return &zone; }
};

}  // namespace

TEST_CASE("first_instant_showing agrees with date's choose::earliest in many zones") {
    std::mt19937_64 random{13};
    const char* names[] = {"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo",
                           "Pacific/Apia",     "Asia/Shanghai", "Asia/Kolkata",        "Europe/Moscow"};
    const auto first = date::local_days{date::year{1990} / 1 / 1};
    for (const char* name : names) {
        const auto* zone = date::locate_zone(name);
        std::size_t gaps = 0;
        for (int i = 0; i < 3000; ++i) {
            // Half of the readings near a transition, so that gaps and repeats are tried.
            date::local_seconds l =
                first + std::chrono::seconds{static_cast<std::int64_t>(random() % (40ULL * 365 * 86'400))};
            const auto info = zone->get_info(sys_seconds{l.time_since_epoch()});
            // Zones without changes after a year (Sao Paulo since 2019) end their last span at the end of time.
            if (i % 2 == 1 && info.end < date::sys_days{date::year{2100} / 1 / 1}) {
                l = date::local_seconds{info.end.time_since_epoch() + info.offset} +
                    std::chrono::minutes{static_cast<int>(random() % 240) - 120};
            }
            const auto expected = zone->get_info(l).result == date::local_info::nonexistent
                                      ? zone->get_info(l).second.begin
                                      : zone->to_sys(l, date::choose::earliest);
            if (zone->get_info(l).result == date::local_info::nonexistent) ++gaps;
            CHECK(slakit::first_instant_showing(zone, l) == expected);
        }
        if (std::string_view{name} == "America/New_York") CHECK(gaps > 0);  // or the test proves little
    }
}

TEST_CASE("first_instant_showing with two offset changes in one day") {
    const sys_seconds change = date::sys_days{date::year{2026} / 3 / 1} + 1h;
    const two_changes_pointer zone{{change}};
    static_assert(slakit::zone_pointer<two_changes_pointer>);
    const auto local = [](int h, int m) {
        return date::local_days{date::year{2026} / 3 / 1} + std::chrono::hours{h} + std::chrono::minutes{m};
    };
    // Before the first change: +01:00.
    CHECK(slakit::first_instant_showing(zone, local(1, 30)) == change - 30min);
    // 02:00..04:00 local is skipped (01:00Z jumps from 02:00 to 04:00): the gap's end.
    CHECK(slakit::first_instant_showing(zone, local(3, 0)) == change);
    CHECK(slakit::first_instant_showing(zone, local(4, 0)) == change);
    CHECK(slakit::first_instant_showing(zone, local(10, 0)) == change + 6h);
    // 12:00Z goes back from 15:00 to 13:00: 13:00..15:00 is shown twice, first at +03:00.
    CHECK(slakit::first_instant_showing(zone, local(13, 30)) == change + 9h + 30min);
    CHECK(slakit::first_instant_showing(zone, local(15, 0)) == change + 13h);
    CHECK(slakit::first_instant_showing(zone, local(23, 0)) == change + 21h);
}

TEST_CASE("fixed_offset_zone keeps one offset") {
    const slakit::fixed_offset_zone plus_eight{8h};
    const auto* zone = &plus_eight;
    const auto l = date::local_days{date::year{2026} / 3 / 1} + 9h;
    CHECK(slakit::first_instant_showing(zone, l) == date::sys_days{date::year{2026} / 3 / 1} + 1h);
    CHECK(plus_eight.get_info(sys_seconds{}).offset == 8h);
}
