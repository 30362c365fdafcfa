#include <slakit/calendar.hpp>

#include "support/calendar_oracle.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using date::days;
using slakit::calendar;
using slakit::date_exceptions;
using slakit::weekly_schedule;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

// The instant at which the zone's clock first shows y-m-d h:mi (or the gap's end).
sys_seconds at(const date::time_zone* z, int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
    const date::local_seconds l =
        date::local_days{date::year{y} / date::month{m} / date::day{d}} + hours{h} + minutes{mi} + seconds{s};
    const auto info = z->get_info(l);
    if (info.result == date::local_info::nonexistent) return info.second.begin;
    return sys_seconds{l.time_since_epoch() - info.first.offset};
}

date::year_month_day ymd(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

const date::time_zone* zone(const char* name) { return date::locate_zone(name); }

// China 2026 (State Council notice, see the project's shared holiday table).
date_exceptions china_2026() {
    date_exceptions x;
    x.close(ymd(2026, 1, 1), ymd(2026, 1, 3)).open(ymd(2026, 1, 4), "09:00-18:00");
    x.close(ymd(2026, 2, 15), ymd(2026, 2, 23))
        .open(ymd(2026, 2, 14), "09:00-18:00")
        .open(ymd(2026, 2, 28), "09:00-18:00");
    x.close(ymd(2026, 4, 4), ymd(2026, 4, 6));
    x.close(ymd(2026, 5, 1), ymd(2026, 5, 5)).open(ymd(2026, 5, 9), "09:00-18:00");
    x.close(ymd(2026, 6, 19), ymd(2026, 6, 21));
    x.close(ymd(2026, 9, 25), ymd(2026, 9, 27));
    x.close(ymd(2026, 10, 1), ymd(2026, 10, 7))
        .open(ymd(2026, 9, 20), "09:00-18:00")
        .open(ymd(2026, 10, 10), "09:00-18:00");
    return x;
}

}  // namespace

TEST_CASE("Mon-Fri 09:00-18:00 in Asia/Shanghai") {
    const auto* sh = zone("Asia/Shanghai");
    const calendar cal{sh, weekly_schedule::parse("Mon-Fri 09:00-18:00")};
    // 2026-11-30 is a Monday.
    SUBCASE("working hours are half-open") {
        CHECK(cal.is_open(at(sh, 2026, 11, 30, 9)));
        CHECK_FALSE(cal.is_open(at(sh, 2026, 11, 30, 8, 59, 59)));
        CHECK(cal.is_open(at(sh, 2026, 11, 30, 17, 59, 59)));
        CHECK_FALSE(cal.is_open(at(sh, 2026, 11, 30, 18)));
        CHECK(cal.is_open(at(sh, 2026, 11, 30, 18) - 1ms));
        CHECK_FALSE(cal.is_open(at(sh, 2026, 12, 5, 12)));  // Saturday
    }
    SUBCASE("elapsed") {
        CHECK(cal.elapsed(at(sh, 2026, 11, 30, 8), at(sh, 2026, 12, 1, 10)) == 10h);
        CHECK(cal.elapsed(at(sh, 2026, 12, 1, 10), at(sh, 2026, 11, 30, 8)) == -10h);
        CHECK(cal.elapsed(at(sh, 2026, 12, 4, 17, 30), at(sh, 2026, 12, 7, 9, 30)) == 1h);
        CHECK(cal.elapsed(at(sh, 2026, 11, 30), at(sh, 2026, 12, 28)) == 4 * 45h);
        CHECK(cal.elapsed(at(sh, 2026, 11, 30, 9) + 250ms, at(sh, 2026, 11, 30, 9, 0, 1)) == 750ms);
        CHECK(cal.elapsed(at(sh, 2026, 11, 30, 20), at(sh, 2026, 11, 30, 21)) == 0s);
    }
    SUBCASE("deadline") {
        CHECK(cal.deadline(at(sh, 2026, 12, 4, 17, 30), 1h) == at(sh, 2026, 12, 7, 9, 30));
        // Runs out exactly at a close: the close, not the next opening.
        CHECK(cal.deadline(at(sh, 2026, 12, 4, 17), 1h) == at(sh, 2026, 12, 4, 18));
        CHECK(cal.deadline(at(sh, 2026, 12, 5, 12), 30min) == at(sh, 2026, 12, 7, 9, 30));
        CHECK(cal.deadline(at(sh, 2026, 12, 5, 12), 0s) == at(sh, 2026, 12, 5, 12));
        CHECK(cal.deadline(at(sh, 2026, 11, 30, 9), 45h) == at(sh, 2026, 12, 4, 18));
        CHECK(cal.deadline(at(sh, 2026, 11, 30, 9), 45h + 1ms) == at(sh, 2026, 12, 7, 9) + 1ms);
        CHECK_THROWS_AS((void)cal.deadline(at(sh, 2026, 11, 30, 9), -1s), std::invalid_argument);
    }
    SUBCASE("next_open and next_close") {
        CHECK(cal.next_open(at(sh, 2026, 12, 5, 12)) == at(sh, 2026, 12, 7, 9));
        CHECK(cal.next_open(at(sh, 2026, 12, 7, 10)) == at(sh, 2026, 12, 7, 10));
        CHECK(cal.next_open(at(sh, 2026, 12, 7, 18)) == at(sh, 2026, 12, 8, 9));
        CHECK(cal.next_close(at(sh, 2026, 12, 7, 10)) == at(sh, 2026, 12, 7, 18));
        CHECK(cal.next_close(at(sh, 2026, 12, 7, 18)) == at(sh, 2026, 12, 8, 18));
        CHECK(cal.next_close(at(sh, 2026, 12, 5, 1)) == at(sh, 2026, 12, 7, 18));
    }
}

TEST_CASE("China 2026: National Day closure and make-up working days") {
    const auto* sh = zone("Asia/Shanghai");
    const calendar cal{sh, weekly_schedule::parse("Mon-Fri 09:00-18:00"), china_2026()};
    CHECK(cal.is_open(at(sh, 2026, 9, 20, 10)));  // Sunday, worked
    CHECK_FALSE(cal.is_open(at(sh, 2026, 9, 25, 10)));  // Mid-Autumn, a Friday
    CHECK_FALSE(cal.is_open(at(sh, 2026, 10, 1, 10)));
    CHECK_FALSE(cal.is_open(at(sh, 2026, 10, 7, 10)));
    CHECK(cal.is_open(at(sh, 2026, 10, 8, 9)));
    CHECK(cal.is_open(at(sh, 2026, 10, 10, 17)));  // Saturday, worked
    CHECK_FALSE(cal.is_open(at(sh, 2026, 10, 11, 10)));
    // 28, 29, 30 Sep; 8, 9, 10 Oct.
    CHECK(cal.elapsed(at(sh, 2026, 9, 28), at(sh, 2026, 10, 12)) == 6 * 9h);
    // Week of 14-20 Sep: five days plus the Sunday.
    CHECK(cal.elapsed(at(sh, 2026, 9, 14), at(sh, 2026, 9, 21)) == 6 * 9h);
    CHECK(cal.deadline(at(sh, 2026, 9, 30, 17), 2h) == at(sh, 2026, 10, 8, 10));
    CHECK(cal.next_open(at(sh, 2026, 9, 30, 18)) == at(sh, 2026, 10, 8, 9));
    CHECK(cal.next_open(at(sh, 2026, 9, 19, 12)) == at(sh, 2026, 9, 20, 9));
    // Spring Festival: closed 15-23 Feb, Saturdays 14 and 28 Feb worked.
    CHECK(cal.elapsed(at(sh, 2026, 2, 9), at(sh, 2026, 3, 2)) == (5 + 1 + 4 + 1) * 9h);
    // 261 weekdays, less 19 closed ones, plus 6 make-up days; and the oracle agrees.
    const slakit::testing::calendar_oracle oracle{sh, cal.week(), cal.exceptions(), at(sh, 2026, 1, 1),
                                                  at(sh, 2027, 1, 1)};
    CHECK(cal.elapsed(at(sh, 2026, 1, 1), at(sh, 2027, 1, 1)) ==
          oracle.elapsed(at(sh, 2026, 1, 1), at(sh, 2027, 1, 1)));
    CHECK(cal.elapsed(at(sh, 2026, 1, 1), at(sh, 2027, 1, 1)) == 248 * 9h);
}

TEST_CASE("DST in America/New_York") {
    const auto* ny = zone("America/New_York");
    SUBCASE("a 24/7 calendar counts real hours") {
        const calendar cal{ny, weekly_schedule::always_open()};
        CHECK(cal.elapsed(at(ny, 2026, 3, 8), at(ny, 2026, 3, 9)) == 23h);
        CHECK(cal.elapsed(at(ny, 2026, 11, 1), at(ny, 2026, 11, 2)) == 25h);
        CHECK(cal.elapsed(at(ny, 2026, 1, 1), at(ny, 2027, 1, 1)) == days{365});
        CHECK_THROWS_AS((void)cal.next_close(at(ny, 2026, 3, 8)), slakit::never_closes);
        CHECK(cal.deadline(at(ny, 2026, 3, 7, 12), 24h) == at(ny, 2026, 3, 8, 13));
    }
    SUBCASE("a shift across the fall-back runs from the first 01:30") {
        const calendar cal{ny, weekly_schedule::parse("Sun 01:30-03:00")};
        const auto first_0130 = sys_seconds{date::sys_days{date::year{2026} / 11 / 1}.time_since_epoch()} + 5h + 30min;
        CHECK(cal.next_open(at(ny, 2026, 10, 31, 12)) == first_0130);
        CHECK(cal.next_close(first_0130) == at(ny, 2026, 11, 1, 3));
        CHECK(cal.elapsed(at(ny, 2026, 11, 1), at(ny, 2026, 11, 2)) == 2h + 30min);
        CHECK(cal.is_open(first_0130 + 1h));  // 01:30 again, now EST
        CHECK(cal.is_open(first_0130 - 30min + 1h));  // 01:00 EST: inside the span
    }
    SUBCASE("a shift that ends inside the repeated hour") {
        const calendar cal{ny, weekly_schedule::parse("Sun 00:00-01:30")};
        CHECK(cal.elapsed(at(ny, 2026, 11, 1), at(ny, 2026, 11, 2)) == 1h + 30min);
        const auto first_0100 = at(ny, 2026, 11, 1, 1);
        CHECK(cal.is_open(first_0100 + 20min));
        CHECK_FALSE(cal.is_open(first_0100 + 1h + 20min));  // 01:20 EST, the second time round
    }
    SUBCASE("spring-forward gap") {
        const calendar cal{ny, weekly_schedule::parse("Sun 01:00-03:00,05:00-06:00")};
        CHECK(cal.elapsed(at(ny, 2026, 3, 8), at(ny, 2026, 3, 9)) == 2h);
        const calendar gap_only{ny, weekly_schedule::parse("Sun 02:10-02:50")};
        CHECK(gap_only.elapsed(at(ny, 2026, 3, 8), at(ny, 2026, 3, 9)) == 0s);
        CHECK(gap_only.elapsed(at(ny, 2026, 3, 15), at(ny, 2026, 3, 16)) == 40min);
    }
}

TEST_CASE("DST elsewhere: London, Lord Howe, Sao Paulo 2018, Apia 2011") {
    SUBCASE("Europe/London") {
        const auto* z = zone("Europe/London");
        const calendar cal{z, weekly_schedule::always_open()};
        CHECK(cal.elapsed(at(z, 2026, 3, 29), at(z, 2026, 3, 30)) == 23h);
        CHECK(cal.elapsed(at(z, 2026, 10, 25), at(z, 2026, 10, 26)) == 25h);
    }
    SUBCASE("Australia/Lord_Howe shifts by 30 minutes") {
        const auto* z = zone("Australia/Lord_Howe");
        const calendar cal{z, weekly_schedule::always_open()};
        CHECK(cal.elapsed(at(z, 2026, 10, 4), at(z, 2026, 10, 5)) == 23h + 30min);
        CHECK(cal.elapsed(at(z, 2026, 4, 5), at(z, 2026, 4, 6)) == 24h + 30min);
        const calendar night{z, weekly_schedule::parse("Sun 01:00-03:00")};
        CHECK(night.elapsed(at(z, 2026, 10, 4), at(z, 2026, 10, 5)) == 1h + 30min);
        CHECK(night.elapsed(at(z, 2026, 4, 5), at(z, 2026, 4, 6)) == 2h + 30min);
    }
    SUBCASE("America/Sao_Paulo 2018: the clock skips midnight") {
        const auto* z = zone("America/Sao_Paulo");
        const calendar cal{z, weekly_schedule::parse("Mon-Sun 00:00-06:00")};
        CHECK(cal.elapsed(at(z, 2018, 11, 3, 12), at(z, 2018, 11, 4, 12)) == 5h);
        CHECK(cal.next_open(at(z, 2018, 11, 3, 12)) == at(z, 2018, 11, 4, 1));
        CHECK(at(z, 2018, 11, 4, 0) == at(z, 2018, 11, 4, 1));
        const calendar night{z, weekly_schedule::parse("Sat 22:00-06:00")};
        CHECK(night.elapsed(at(z, 2018, 11, 3, 12), at(z, 2018, 11, 4, 12)) == 7h);
        CHECK(night.next_close(at(z, 2018, 11, 3, 23)) == at(z, 2018, 11, 4, 6));
    }
    SUBCASE("Pacific/Apia skips 30 December 2011") {
        const auto* z = zone("Pacific/Apia");
        const calendar cal{z, weekly_schedule::parse("Mon-Sun 09:00-17:00")};
        CHECK(cal.elapsed(at(z, 2011, 12, 29), at(z, 2012, 1, 1)) == 16h);
        CHECK(cal.next_open(at(z, 2011, 12, 29, 18)) == at(z, 2011, 12, 31, 9));
        CHECK(cal.deadline(at(z, 2011, 12, 29, 16), 2h) == at(z, 2011, 12, 31, 10));
        const calendar all{z, weekly_schedule::always_open()};
        CHECK(all.elapsed(at(z, 2011, 12, 29), at(z, 2011, 12, 31)) == 24h);
    }
}

TEST_CASE("night shifts, touching spans, split shifts") {
    const auto* sh = zone("Asia/Shanghai");
    SUBCASE("22:00-06:00 belongs to the day it opens") {
        const calendar cal{sh, weekly_schedule::parse("Mon-Fri 22:00-06:00")};
        CHECK(cal.is_open(at(sh, 2026, 12, 5, 5)));  // Saturday morning: Friday's shift
        CHECK_FALSE(cal.is_open(at(sh, 2026, 12, 7, 5)));  // Monday morning: Sunday had none
        CHECK(cal.next_close(at(sh, 2026, 12, 4, 23)) == at(sh, 2026, 12, 5, 6));
        CHECK(cal.elapsed(at(sh, 2026, 11, 30), at(sh, 2026, 12, 7)) == 40h);
    }
    SUBCASE("a midnight-crossing shift that opens on a closed date does not run") {
        date_exceptions x;
        x.close(ymd(2026, 12, 4));  // Friday
        const calendar cal{sh, weekly_schedule::parse("Mon-Fri 22:00-06:00"), x};
        CHECK_FALSE(cal.is_open(at(sh, 2026, 12, 5, 5)));
        CHECK(cal.is_open(at(sh, 2026, 12, 4, 5)));  // Thursday's shift still runs into Friday
    }
    SUBCASE("touching intervals form one span") {
        const calendar cal{sh, weekly_schedule::parse("Mon-Sun 22:00-24:00; Mon-Sun 00:00-06:00")};
        CHECK(cal.next_close(at(sh, 2026, 12, 1, 22, 30)) == at(sh, 2026, 12, 2, 6));
        CHECK(cal.next_close(at(sh, 2026, 12, 1, 7)) == at(sh, 2026, 12, 2, 6));
    }
    SUBCASE("split shift with a lunch break") {
        const calendar cal{sh, weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00")};
        CHECK(cal.elapsed(at(sh, 2026, 11, 30, 9), at(sh, 2026, 11, 30, 18)) == 8h);
        CHECK(cal.deadline(at(sh, 2026, 11, 30, 11, 30), 1h) == at(sh, 2026, 11, 30, 13, 30));
        CHECK(cal.deadline(at(sh, 2026, 11, 30, 11), 1h) == at(sh, 2026, 11, 30, 12));
        CHECK(cal.next_close(at(sh, 2026, 11, 30, 12, 30)) == at(sh, 2026, 11, 30, 18));
        CHECK(cal.next_open(at(sh, 2026, 11, 30, 12, 30)) == at(sh, 2026, 11, 30, 13));
    }
    SUBCASE("special hours replace the week for one date") {
        date_exceptions x;
        x.open(ymd(2026, 12, 31), "09:00-12:00");
        const calendar cal{sh, weekly_schedule::parse("Mon-Fri 09:00-18:00"), x};
        CHECK(cal.elapsed(at(sh, 2026, 12, 31), at(sh, 2027, 1, 1)) == 3h);
        CHECK(cal.next_close(at(sh, 2026, 12, 31, 10)) == at(sh, 2026, 12, 31, 12));
    }
    SUBCASE("special hours crossing into a night shift merge with it") {
        date_exceptions x;
        x.open(ymd(2026, 12, 1), "00:00-08:00");  // Tuesday: overlaps Monday's 22:00-06:00
        const calendar cal{sh, weekly_schedule::parse("Mon-Fri 22:00-06:00"), x};
        CHECK(cal.elapsed(at(sh, 2026, 11, 30, 12), at(sh, 2026, 12, 1, 12)) == 10h);
        CHECK(cal.next_close(at(sh, 2026, 11, 30, 23)) == at(sh, 2026, 12, 1, 8));
    }
}

TEST_CASE("calendars without open time, and other zones") {
    const auto* sh = zone("Asia/Shanghai");
    const calendar closed{sh, weekly_schedule{}};
    CHECK_FALSE(closed.is_open(at(sh, 2026, 1, 1)));
    CHECK(closed.elapsed(at(sh, 2026, 1, 1), at(sh, 2027, 1, 1)) == 0s);
    CHECK_THROWS_AS((void)closed.deadline(at(sh, 2026, 1, 1), 1s), slakit::no_open_time);
    CHECK_THROWS_AS((void)closed.next_open(at(sh, 2026, 1, 1)), slakit::no_open_time);

    date_exceptions only;
    only.open(ymd(2026, 6, 1), "10:00-11:00");
    const calendar one_day{sh, weekly_schedule{}, only};
    CHECK(one_day.deadline(at(sh, 2026, 1, 1), 30min) == at(sh, 2026, 6, 1, 10, 30));
    CHECK(one_day.next_close(at(sh, 2026, 1, 1)) == at(sh, 2026, 6, 1, 11));
    CHECK_THROWS_AS((void)one_day.deadline(at(sh, 2026, 1, 1), 61min), slakit::no_open_time);

    const slakit::fixed_offset_zone plus_five_thirty{5h + 30min};
    const slakit::basic_calendar<const slakit::fixed_offset_zone*> fixed{&plus_five_thirty,
                                                                         weekly_schedule::parse("Mon-Fri 09:00-18:00")};
    const sys_seconds monday_0900_ist = date::sys_days{date::year{2026} / 11 / 30} + 3h + 30min;
    CHECK(fixed.is_open(monday_0900_ist));
    CHECK_FALSE(fixed.is_open(monday_0900_ist - 1s));
    CHECK(fixed.deadline(monday_0900_ist, 10h) == monday_0900_ist + 24h + 1h);

    CHECK_THROWS_AS(calendar("Mars/Olympus_Mons", weekly_schedule::always_open()), std::runtime_error);
}

namespace {

struct random_case_maker {
    std::mt19937_64 rng;

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

    slakit::time_interval interval() {
        for (;;) {
            const int open = uniform(0, 24 * 4 - 1) * 15;
            int close = uniform(0, 24 * 4) * 15;
            if (chance(0.1)) close = 24 * 60;
            if (close == open) continue;
            return {minutes{open}, minutes{close}};
        }
    }

    weekly_schedule week() {
        if (chance(0.05)) return weekly_schedule::always_open();
        weekly_schedule w;
        const int n = uniform(0, 9);
        for (int i = 0; i < n; ++i) {
            try {
                w.add(date::weekday{static_cast<unsigned>(uniform(0, 6))}, interval());
            } catch (const std::invalid_argument&) {
                // overlapping: skip
            }
        }
        return w;
    }

    date_exceptions exceptions(date::local_days around) {
        date_exceptions x;
        const int n = uniform(0, 6);
        for (int i = 0; i < n; ++i) {
            const date::year_month_day d{around + days{uniform(-3, 20)}};
            try {
                if (chance(0.5)) {
                    x.close(d);
                } else {
                    std::vector<slakit::time_interval> hours{interval()};
                    if (chance(0.3)) hours.push_back(interval());
                    x.open(d, std::move(hours));
                }
            } catch (const std::invalid_argument&) {
                // conflicting or overlapping: skip
            }
        }
        return x;
    }
};

}  // namespace

TEST_CASE("differential test against the minute-by-minute oracle") {
    const std::vector<const char*> zones{"America/New_York",  "Europe/London",      "Australia/Lord_Howe",
                                         "America/Sao_Paulo", "Pacific/Apia",       "Asia/Shanghai",
                                         "Asia/Kolkata",      "Australia/Adelaide", "America/St_Johns"};
    random_case_maker make{std::mt19937_64{20261129}};
    long cases = 0, mismatches = 0, skipped = 0;
    std::string first_mismatch;
    auto report = [&](bool ok, const std::string& what) {
        ++cases;
        if (!ok) {
            if (mismatches++ == 0) first_mismatch = what;
        }
    };
    for (int c = 0; c < 600; ++c) {
        const auto* z = zone(zones[static_cast<std::size_t>(make.uniform(0, static_cast<int>(zones.size()) - 1))]);
        // Half of the windows start near an offset change of the zone.
        sys_seconds base =
            date::sys_days{date::year{make.uniform(2008, 2030)} / 1 / 1} + minutes{make.uniform(0, 365 * 1440)};
        if (make.chance(0.5)) {
            const auto info = z->get_info(base);
            if (info.end < date::sys_days{date::year{2036} / 1 / 1})
                base = info.end - minutes{make.uniform(0, 5 * 1440)};
        }
        if (c % 50 == 0)
            base = date::sys_days{date::year{2011} / 12 / 26} + minutes{make.uniform(0, 4 * 1440)};  // Apia
        base = std::chrono::floor<minutes>(base);
        const auto week = make.week();
        const auto exceptions = make.exceptions(date::floor<days>(date::local_seconds{base.time_since_epoch()}));
        const calendar plain{z, week, exceptions};
        // Each query also goes to a tabulated calendar whose horizon starts and ends
        // inside the queries' range, so that both paths and the edges between them are met.
        calendar tabulated{z, week, exceptions};
        const auto day = date::floor<days>(base);
        tabulated.tabulate(day + days{make.uniform(-1, 3)}, day + days{make.uniform(4, 12)});
        const slakit::testing::calendar_oracle oracle{z, week, exceptions, base - days{2}, base + days{30}};
        const calendar* cal_in_use = &plain;
        auto name = [&](const char* what, sys_seconds a, sys_seconds b) {
            return std::string(what) + (cal_in_use == &plain ? "" : " (tabulated)") + " zone=" + z->name() +
                   " from=" + date::format("%FT%TZ", a) + " to=" + date::format("%FT%TZ", b) +
                   " week=" + week.to_string();
        };
        for (int q = 0; q < 20; ++q) {
            const sys_seconds a = base + minutes{make.uniform(0, 5 * 1440)};
            const int span = make.chance(0.7) ? make.uniform(0, 2 * 1440) : make.uniform(0, 20 * 1440);
            const sys_seconds b = a + minutes{make.chance(0.1) ? -span / 4 : span};
            const auto d = minutes{make.chance(0.2) ? make.uniform(0, 60) : make.uniform(0, 3 * 1440)};
            // The oracle is slow: asked once, its answers checked against both calendars.
            const bool want_open = oracle.is_open(a);
            const auto want_elapsed = oracle.elapsed(a, b);
            const auto want_deadline = oracle.deadline(a, d);
            const auto want_next_open = oracle.next_open(a);
            const auto want_next_close = oracle.next_close(a);
            for (const calendar* in_use : {&plain, static_cast<const calendar*>(&tabulated)}) {
                cal_in_use = in_use;
                const calendar& cal = *in_use;
                report(cal.is_open(a) == want_open, name("is_open", a, a));
                report(cal.elapsed(a, b) == want_elapsed, name("elapsed", a, b));
                if (const auto& want = want_deadline) {
                    try {
                        report(cal.deadline(a, d) == *want, name("deadline", a, *want));
                    } catch (const slakit::no_open_time&) {
                        report(false, name("deadline threw", a, *want));
                    }
                } else {
                    ++skipped;
                }
                if (const auto& want = want_next_open) {
                    try {
                        report(cal.next_open(a) == *want, name("next_open", a, *want));
                    } catch (const std::exception&) {
                        report(false, name("next_open threw", a, *want));
                    }
                } else {
                    ++skipped;
                }
                if (const auto& want = want_next_close) {
                    try {
                        report(cal.next_close(a) == *want, name("next_close", a, *want));
                    } catch (const std::exception&) {
                        report(false, name("next_close threw", a, *want));
                    }
                } else {
                    ++skipped;
                }
            }
        }
    }
    MESSAGE("differential cases: " << cases << ", mismatches: " << mismatches
                                   << ", skipped (past the window): " << skipped);
    CHECK_MESSAGE(mismatches == 0, first_mismatch);
    CHECK(cases >= 2 * 10'000 * 5 / 2);
    CHECK(skipped < cases / 5);
}

TEST_CASE("properties: elapsed adds up, deadline inverts elapsed") {
    const std::vector<const char*> zones{"America/New_York", "Australia/Lord_Howe", "Europe/London", "Pacific/Apia"};
    random_case_maker make{std::mt19937_64{7}};
    for (int c = 0; c < 300; ++c) {
        const auto* z = zone(zones[static_cast<std::size_t>(c) % zones.size()]);
        const sys_seconds base =
            date::sys_days{date::year{make.uniform(2005, 2035)} / 1 / 1} + minutes{make.uniform(0, 365 * 1440)};
        auto week = make.week();
        if (week.empty()) week = weekly_schedule::parse("Mon-Fri 09:00-18:00");
        const auto exceptions = make.exceptions(date::floor<days>(date::local_seconds{base.time_since_epoch()}));
        const calendar cal{z, week, exceptions};
        for (int q = 0; q < 20; ++q) {
            auto instant = [&] {
                return std::chrono::sys_time<milliseconds>{base} +
                       milliseconds{
                           std::uniform_int_distribution<std::int64_t>(0, std::int64_t{400} * 86'400'000)(make.rng)};
            };
            const auto a = instant(), b = instant(), c3 = instant();
            CHECK(cal.elapsed(a, b) + cal.elapsed(b, c3) == cal.elapsed(a, c3));
            const auto d =
                milliseconds{std::uniform_int_distribution<std::int64_t>(0, std::int64_t{60} * 86'400'000)(make.rng)};
            const auto t = cal.deadline(a, d);
            CHECK(cal.elapsed(a, t) == d);
            CHECK(t >= a);
            if (d > 0ms) CHECK(cal.elapsed(a, t - 1ms) < d);  // the earliest such instant
            const auto o = cal.next_open(a);
            CHECK(cal.is_open(o));
            CHECK(cal.elapsed(a, o) == 0ms);
            if (week == weekly_schedule::always_open()) {
                // Open for ever unless an exception closes it: either way, a close is never wrong.
                try {
                    (void)cal.next_close(a);
                } catch (const std::domain_error&) {
                    continue;
                }
            }
            const auto cl = cal.next_close(a);
            CHECK(cl > o);
            CHECK_FALSE(cal.is_open(cl));
            CHECK(cal.elapsed(o, cl) == std::chrono::duration_cast<milliseconds>(cl - o));
        }
    }
}

TEST_CASE("a tabulated calendar answers as the plain one") {
    struct setting {
        const char* zone;
        const char* week;
        date_exceptions exceptions;
        int year;
    };
    date_exceptions new_york_2024;
    new_york_2024.close(ymd(2024, 7, 4))
        .close(ymd(2024, 12, 24), ymd(2024, 12, 26))
        .open(ymd(2024, 11, 2), "10:00-14:00");
    const std::vector<setting> settings{
        {"America/New_York", "Mon-Fri 09:00-18:00", new_york_2024, 2024},
        {"Asia/Shanghai", "Mon-Fri 09:00-18:00", china_2026(), 2026},
        {"America/New_York", "Mon-Sun 00:00-02:30, 22:00-24:00", {}, 2024},  // nights over the fall-back hour
        {"Australia/Lord_Howe", "Mon-Sun 01:00-03:00", {}, 2024},  // half-hour shifts
        {"Pacific/Apia", "Mon-Sun 08:00-12:00, 13:00-17:00", {}, 2011},  // 2011-12-30 never happened
        {"Europe/London", "Mon-Sun 00:00-24:00", {}, 2024},  // open for ever
        {"Europe/London", "", {}, 2024},  // never open
    };
    std::mt19937_64 rng{17};
    for (const auto& x : settings) {
        const auto* z = zone(x.zone);
        const auto week = weekly_schedule::parse(x.week);
        const calendar plain{z, week, x.exceptions};
        calendar tabulated{z, week, x.exceptions};
        tabulated.tabulate(x.year, x.year);
        CHECK(tabulated.tabulated());
        CHECK(tabulated.table_bytes() >= 365 * 16);
        CHECK(tabulated.table_bytes() <= 366 * 40 * 2);
        CAPTURE(x.zone);
        CAPTURE(x.week);
        // Instants in milliseconds from a month before the year to a month after it.
        const auto lo = std::chrono::sys_time<milliseconds>{date::sys_days{date::year{x.year} / 1 / 1} - days{31}};
        std::uniform_int_distribution<std::int64_t> pick(0, std::int64_t{430} * 86'400'000);
        for (int q = 0; q < 3000; ++q) {
            const auto a = lo + milliseconds{pick(rng)};
            const auto b = q % 3 == 0 ? a + milliseconds{pick(rng) % 7'200'000} : lo + milliseconds{pick(rng)};
            CAPTURE(date::format("%FT%TZ", a));
            CAPTURE(date::format("%FT%TZ", b));
            REQUIRE(tabulated.is_open(a) == plain.is_open(a));
            REQUIRE(tabulated.elapsed(a, b) == plain.elapsed(a, b));
            REQUIRE(tabulated.open_time(a) == plain.open_time(a));
            if (week.empty()) {
                CHECK_THROWS_AS((void)tabulated.next_open(a), slakit::no_open_time);
                continue;
            }
            REQUIRE(tabulated.next_open(a) == plain.next_open(a));
            const auto d = milliseconds{pick(rng) % (std::int64_t{20} * 86'400'000)};
            REQUIRE(tabulated.deadline(a, d) == plain.deadline(a, d));
            if (d > 0ms)
                REQUIRE(tabulated.reaching(a, plain.open_time(a) + d) == plain.reaching(a, plain.open_time(a) + d));
            if (x.week != std::string{"Mon-Sun 00:00-24:00"}) REQUIRE(tabulated.next_close(a) == plain.next_close(a));
        }
    }
}

TEST_CASE("tabulate: horizons it refuses, and taking the table away") {
    calendar cal{zone("Europe/London"), weekly_schedule::parse("Mon-Fri 09:00-17:00")};
    CHECK_THROWS_AS(cal.tabulate(2025, 2024), std::out_of_range);
    CHECK_THROWS_AS(cal.tabulate(1700, 2024), std::out_of_range);
    CHECK_THROWS_AS(cal.tabulate(2024, 2300), std::out_of_range);
    CHECK_FALSE(cal.tabulated());
    CHECK(cal.table_bytes() == 0);
    const auto t = at(zone("Europe/London"), 2024, 3, 4, 10);
    const auto before = cal.elapsed(t, t + days{3});
    cal.tabulate(2024, 2027);
    CHECK(cal.tabulated());
    CHECK(cal.table_bytes() < 40 * 1024);  // four years
    CHECK(cal.elapsed(t, t + days{3}) == before);
    cal.untabulate();
    CHECK_FALSE(cal.tabulated());
    CHECK(cal.elapsed(t, t + days{3}) == before);
}
