#include <slakit/zone.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <stdexcept>
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

TEST_CASE("zone_handle without a rule is date's zone") {
    const auto* ny = date::locate_zone("America/New_York");
    const slakit::zone_handle z{ny};
    CHECK(z.name() == "America/New_York");
    CHECK(z.database_zone() == ny);
    CHECK(z.rule_after_last() == nullptr);
    for (const int y : {1950, 2026, 2037, 2045, 2200}) {
        const sys_seconds t = date::sys_days{date::year{y} / 7 / 1};
        CHECK(z->get_info(t).offset == ny->get_info(t).offset);
        CHECK(z->get_info(t).begin == ny->get_info(t).begin);
    }
    CHECK_THROWS_AS(slakit::zone_handle{static_cast<const date::time_zone*>(nullptr)}, std::invalid_argument);
}

TEST_CASE("zone_handle with New York's footer keeps daylight saving time after 2037") {
    const auto* ny = date::locate_zone("America/New_York");
    const slakit::zone_handle z{ny, slakit::posix_rule::parse("EST5EDT,M3.2.0,M11.1.0")};
    // date's last transition is on 1 November 2037; the rule takes over there.
    CHECK(z.rule_from() == ny->get_info(sys_seconds{date::sys_days{date::year{2040} / 1 / 1}}).begin);
    const sys_seconds before = date::sys_days{date::year{2030} / 7 / 1};
    CHECK(z->get_info(before).offset == ny->get_info(before).offset);
    const auto july_2045 = z->get_info(sys_seconds{date::sys_days{date::year{2045} / 7 / 3} + 13h + 30min});
    CHECK(july_2045.offset == -4h);
    CHECK(july_2045.abbrev == "EDT");
    // The span the rule starts in begins where date's last one does, not earlier.
    const auto first = z->get_info(z.rule_from());
    CHECK(first.begin == z.rule_from());
    CHECK(first.offset == -5h);
    CHECK(first.end == sys_seconds{date::sys_days{date::year{2038} / 3 / 14} + 7h});
    // Local readings: a skipped hour, a repeated hour and the choices date makes.
    const date::local_seconds gap{date::local_days{date::year{2045} / 3 / 12} + 2h + 30min};
    CHECK(z->get_info(gap).result == date::local_info::nonexistent);
    CHECK(z->to_sys(gap, date::choose::earliest) == sys_seconds{date::sys_days{date::year{2045} / 3 / 12} + 7h});
    CHECK_THROWS_AS((void)z->to_sys(gap), date::nonexistent_local_time);
    const date::local_seconds repeat{date::local_days{date::year{2045} / 11 / 5} + 1h + 30min};
    CHECK(z->get_info(repeat).result == date::local_info::ambiguous);
    CHECK(z->to_sys(repeat, date::choose::earliest) ==
          sys_seconds{date::sys_days{date::year{2045} / 11 / 5} + 5h + 30min});
    CHECK(z->to_sys(repeat, date::choose::latest) ==
          sys_seconds{date::sys_days{date::year{2045} / 11 / 5} + 6h + 30min});
    CHECK_THROWS_AS((void)z->to_sys(repeat), date::ambiguous_local_time);
    CHECK(z->to_local(sys_seconds{date::sys_days{date::year{2045} / 7 / 3} + 13h}) ==
          date::local_seconds{date::local_days{date::year{2045} / 7 / 3} + 9h});
    // date's zoned_time takes the handle as its zone pointer.
    const date::zoned_time<std::chrono::seconds, slakit::zone_handle> zt{z, gap + 1h};
    CHECK(zt.get_sys_time() == sys_seconds{date::sys_days{date::year{2045} / 3 / 12} + 7h + 30min});
}

TEST_CASE("zone_handle reads local times as date does, up to date's last transition") {
    std::mt19937_64 random{18};
    for (const char* name : {"America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia",
                             "America/St_Johns", "Europe/Dublin", "Asia/Jerusalem"}) {
        const auto* tz = date::locate_zone(name);
        // A rule unlike the zone's: its answers must not leak before the last transition.
        const slakit::zone_handle z{tz, slakit::posix_rule::parse("UTC0")};
        const long last = z.rule_from().time_since_epoch().count() - 2 * 86400;
        for (int i = 0; i < 3000; ++i) {
            // Half the readings near a change, where the answers differ.
            date::local_seconds l{
                std::chrono::seconds{std::uniform_int_distribution<long>{-2'000'000'000, last}(random)}};
            if (i % 2 == 0) {
                const auto info = tz->get_info(sys_seconds{l.time_since_epoch()});
                l = date::local_seconds{info.end.time_since_epoch() + info.offset} +
                    std::chrono::minutes{std::uniform_int_distribution<int>{-90, 90}(random)};
            }
            if (l.time_since_epoch().count() > last) continue;
            const auto want = tz->get_info(l);
            const auto got = z->get_info(l);
            CAPTURE(name);
            CAPTURE(l.time_since_epoch().count());
            REQUIRE(got.result == want.result);
            CHECK(got.first.offset == want.first.offset);
            CHECK(got.first.begin == want.first.begin);
            if (want.result != date::local_info::unique) CHECK(got.second.offset == want.second.offset);
        }
    }
}
