// Tests for slakit/schedule.hpp: intervals, their lists, and the weekly schedule.
#include <slakit/schedule.hpp>

#include <doctest/doctest.h>

#include "support/check_rejects.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

using namespace std::chrono_literals;
using slakit::parse_error;
using slakit::time_interval;
using slakit::weekly_schedule;

namespace {

// The message std::invalid_argument carries out of `f`, or "" if nothing was thrown.
template <class F>
std::string invalid_argument_from(F&& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

constexpr std::array<date::weekday, 7> week{date::Monday, date::Tuesday,  date::Wednesday, date::Thursday,
                                            date::Friday, date::Saturday, date::Sunday};

std::vector<time_interval> intervals_on(const weekly_schedule& s, date::weekday day) {
    const auto span = s.on(day);
    return {span.begin(), span.end()};
}

constexpr time_interval iv(std::chrono::seconds open, std::chrono::seconds close) { return {open, close}; }

}  // namespace

TEST_CASE("time_interval length and midnight crossing") {
    static_assert(iv(9h, 18h).length() == 9h);
    static_assert(!iv(9h, 18h).crosses_midnight());
    static_assert(iv(22h, 6h).crosses_midnight());
    static_assert(iv(22h, 6h).length() == 8h);
    static_assert(iv(0h, 24h).length() == 24h);
    static_assert(iv(1s, 0s).length() == 24h - 1s);
    CHECK(slakit::is_valid(iv(0h, 24h)));
    CHECK(slakit::is_valid(iv(23h, 0h)));
    CHECK_FALSE(slakit::is_valid(iv(24h, 6h)));
    CHECK_FALSE(slakit::is_valid(iv(9h, 9h)));
    CHECK_FALSE(slakit::is_valid(iv(-1s, 9h)));
    CHECK_FALSE(slakit::is_valid(iv(9h, 24h + 1s)));
    CHECK(slakit::to_string(iv(9h, 18h)) == "09:00-18:00");
    CHECK(slakit::to_string(iv(22h + 30s, 24h)) == "22:00:30-24:00");
    CHECK(slakit::to_string(iv(23h + 59min + 59s, 6h)) == "23:59:59-06:00");
}

TEST_CASE("parse_interval") {
    CHECK(slakit::parse_interval("09:00-18:00") == iv(9h, 18h));
    CHECK(slakit::parse_interval("22:00-06:00") == iv(22h, 6h));
    CHECK(slakit::parse_interval("22:00-06:00").crosses_midnight());
    CHECK(slakit::parse_interval("00:00-24:00") == iv(0h, 24h));
    CHECK(slakit::parse_interval("00:00:00-24:00:00") == iv(0h, 24h));
    CHECK(slakit::parse_interval("09:00:30-17:59:59") == iv(9h + 30s, 17h + 59min + 59s));
    CHECK(slakit::parse_interval("23:59:59-24:00") == iv(23h + 59min + 59s, 24h));
    CHECK(slakit::parse_interval(" 09:00 - 18:00\t") == iv(9h, 18h));
    SUBCASE("a close of 00:00 ends the interval at its own midnight") {
        CHECK(slakit::parse_interval("22:00-00:00") == iv(22h, 24h));
        CHECK_FALSE(slakit::parse_interval("22:00-00:00").crosses_midnight());
    }
    SUBCASE("rejections name the fragment and its position") {
        CHECK_THROWS_AS(static_cast<void>(slakit::parse_interval("25:00-26:00")), parse_error);
        CHECK_REJECTS(slakit::parse_interval("25:00-26:00"), 0, "invalid time \"25:00\": hour 25");
        CHECK_REJECTS(slakit::parse_interval("09:60-10:00"), 0, "invalid time \"09:60\": minute 60");
        CHECK_REJECTS(slakit::parse_interval("09:00-10:00:60"), 6, "\"10:00:60\": second 60");
        CHECK_REJECTS(slakit::parse_interval("09:00-24:01"), 6, "invalid time \"24:01\"");
        CHECK_REJECTS(slakit::parse_interval("09:00-24:00:01"), 6, "invalid time \"24:00:01\"");
        CHECK_REJECTS(slakit::parse_interval("24:00-06:00"), 0, "\"24:00-06:00\" opens at 24:00");
        CHECK_REJECTS(slakit::parse_interval("09:00-09:00"), 0, "empty interval \"09:00-09:00\"");
        CHECK_REJECTS(slakit::parse_interval("  00:00-00:00"), 2, "a whole day is 00:00-24:00");
        CHECK_REJECTS(slakit::parse_interval("09:00:00-09:00"), 0, "empty interval");
        CHECK_REJECTS(slakit::parse_interval("9:00-18:00"), 0, "invalid time \"9:00\"");
        CHECK_REJECTS(slakit::parse_interval("09:00-18:00:5"), 6, "expected HH:MM or HH:MM:SS");
        CHECK_REJECTS(slakit::parse_interval("0900-1800"), 0, "expected HH:MM or HH:MM:SS");
        CHECK_REJECTS(slakit::parse_interval("09:00 18:00"), 6, "expected '-' after \"09:00\"");
        CHECK_REJECTS(slakit::parse_interval("09:00-"), 6, "invalid time");
        CHECK_REJECTS(slakit::parse_interval("09:00-18:00x"), 11, "unexpected \"x\"");
        CHECK_REJECTS(slakit::parse_interval("09:00-18:00 x"), 12, "after interval \"09:00-18:00\"");
        CHECK_REJECTS(slakit::parse_interval("09:00-12:00,13:00-18:00"), 11, "unexpected");
        CHECK_REJECTS(slakit::parse_interval(""), 0, "expected an interval");
    }
}

TEST_CASE("parse_intervals") {
    using list = std::vector<time_interval>;
    CHECK(slakit::parse_intervals("09:00-12:00,13:00-18:00") == list{iv(9h, 12h), iv(13h, 18h)});
    CHECK(slakit::parse_intervals("13:00-18:00 , 09:00-12:00") == list{iv(9h, 12h), iv(13h, 18h)});
    CHECK(slakit::parse_intervals("09:00-12:00,12:00-13:00") == list{iv(9h, 12h), iv(12h, 13h)});
    CHECK(slakit::parse_intervals("22:00-06:00, 06:00-07:00") == list{iv(6h, 7h), iv(22h, 6h)});
    CHECK(slakit::parse_intervals("00:00-24:00") == list{iv(0h, 24h)});
    SUBCASE("overlaps on the line 00:00..48:00 are refused, naming both") {
        CHECK_REJECTS(slakit::parse_intervals("09:00-12:00,11:00-13:00"), 12, "09:00-12:00 overlaps 11:00-13:00");
        CHECK_REJECTS(slakit::parse_intervals("11:00-13:00, 09:00-12:00"), 13, "09:00-12:00 overlaps 11:00-13:00");
        CHECK_REJECTS(slakit::parse_intervals("22:00-06:00,20:00-23:00"), 12, "20:00-23:00 overlaps 22:00-06:00");
        CHECK_REJECTS(slakit::parse_intervals("00:00-24:00,23:00-01:00"), 12, "00:00-24:00 overlaps 23:00-01:00");
        CHECK_REJECTS(slakit::parse_intervals("08:00-09:00,10:00-11:00,08:30-08:45"), 24,
                      "08:00-09:00 overlaps 08:30-08:45");
        CHECK_REJECTS(slakit::parse_intervals("09:00-10:00,09:00-09:30"), 12, "09:00-10:00 overlaps 09:00-09:30");
    }
    SUBCASE("list syntax") {
        CHECK_REJECTS(slakit::parse_intervals(""), 0, "expected an interval");
        CHECK_REJECTS(slakit::parse_intervals("09:00-12:00,,13:00-14:00"), 12, "expected an interval");
        CHECK_REJECTS(slakit::parse_intervals("09:00-12:00,"), 12, "expected an interval");
        CHECK_REJECTS(slakit::parse_intervals(",09:00-12:00"), 0, "expected an interval");
        CHECK_REJECTS(slakit::parse_intervals("09:00-12:00;13:00-14:00"), 11, "unexpected \";13:00-14:00\"");
        CHECK_REJECTS(slakit::parse_intervals("09:00-12:00, 13:00-25:00"), 19, "hour 25");
    }
}

TEST_CASE("weekly_schedule basics") {
    SUBCASE("default is closed all week") {
        const weekly_schedule s;
        CHECK(s.empty());
        CHECK(s.open_per_week() == 0s);
        CHECK(s.to_string().empty());
        for (const auto d : week) {
            CHECK(s.on(d).empty());
            CHECK_FALSE(s.is_open(d, 12h));
        }
        CHECK(s == weekly_schedule::parse(""));
        CHECK(s == weekly_schedule::parse(" ;; ; "));
    }
    SUBCASE("always_open") {
        const auto s = weekly_schedule::always_open();
        CHECK_FALSE(s.empty());
        CHECK(s.open_per_week() == 7 * 24h);
        for (const auto d : week) {
            CHECK(intervals_on(s, d) == std::vector{iv(0h, 24h)});
            CHECK(s.is_open(d, 0s));
            CHECK(s.is_open(d, 24h - 1s));
        }
        CHECK(s == weekly_schedule::parse("Mon-Sun 00:00-24:00"));
        CHECK(s == weekly_schedule::parse("monday-SUNDAY 00:00-24:00"));
        CHECK(s == weekly_schedule::parse("Tue-Mon 00:00-24:00"));
        CHECK(s.to_string() ==
              "Mon 00:00-24:00; Tue 00:00-24:00; Wed 00:00-24:00; Thu 00:00-24:00; "
              "Fri 00:00-24:00; Sat 00:00-24:00; Sun 00:00-24:00");
    }
    SUBCASE("add keeps each day sorted and chains") {
        weekly_schedule s;
        s.add(date::Monday, iv(13h, 18h)).add(date::Monday, iv(9h, 12h)).add(date::Friday, iv(22h, 2h));
        CHECK(intervals_on(s, date::Monday) == std::vector{iv(9h, 12h), iv(13h, 18h)});
        CHECK(intervals_on(s, date::Friday) == std::vector{iv(22h, 2h)});
        CHECK(s.on(date::Saturday).empty());
        CHECK(s.open_per_week() == 3h + 5h + 4h);
        CHECK(s.to_string() == "Mon 09:00-12:00,13:00-18:00; Fri 22:00-02:00");
    }
    SUBCASE("add stores a 00:00 close as 24:00") {
        weekly_schedule s;
        s.add(date::Tuesday, iv(20h, 0h));
        CHECK(intervals_on(s, date::Tuesday) == std::vector{iv(20h, 24h)});
        CHECK(s == weekly_schedule::parse("Tue 20:00-24:00"));
        CHECK_NOTHROW(s.add(date::Wednesday, iv(0h, 1h)));
    }
    SUBCASE("on() of something that is not a weekday is empty") {
        const auto s = weekly_schedule::always_open();
        CHECK(s.on(date::weekday{9}).empty());
        CHECK_FALSE(s.is_open(date::weekday{9}, 1h));
        CHECK_FALSE(s.is_open(date::Monday, 24h));
        CHECK_FALSE(s.is_open(date::Monday, -1s));
    }
}

TEST_CASE("weekly_schedule::add refuses bad intervals and overlaps, leaving the week as it was") {
    weekly_schedule s;
    s.add(date::Monday, iv(9h, 12h)).add(date::Sunday, iv(22h, 6h));
    const weekly_schedule before = s;

    CHECK_THROWS_AS(s.add(date::Monday, iv(24h, 1h)), std::invalid_argument);
    CHECK_THROWS_AS(s.add(date::Monday, iv(-1s, 1h)), std::invalid_argument);
    CHECK_THROWS_AS(s.add(date::Monday, iv(1h, 25h)), std::invalid_argument);
    CHECK_THROWS_AS(s.add(date::Monday, iv(15h, 15h)), std::invalid_argument);
    CHECK_THROWS_AS(s.add(date::weekday{8}, iv(15h, 16h)), std::invalid_argument);

    CHECK(invalid_argument_from([&] { s.add(date::Monday, iv(11h, 13h)); }) ==
          "Mon 09:00-12:00 overlaps Mon 11:00-13:00");
    CHECK(invalid_argument_from([&] { s.add(date::Monday, iv(8h, 9h + 1s)); }) ==
          "Mon 08:00-09:00:01 overlaps Mon 09:00-12:00");
    // Sunday's 22:00-06:00 runs into Monday: the week wraps around.
    CHECK(invalid_argument_from([&] { s.add(date::Monday, iv(5h, 7h)); }) ==
          "Sun 22:00-06:00 overlaps Mon 05:00-07:00");
    CHECK(invalid_argument_from([&] { s.add(date::Saturday, iv(23h, 22h + 30min)); }) ==
          "Sat 23:00-22:30 overlaps Sun 22:00-06:00");
    CHECK(invalid_argument_from([&] { s.add(date::Sunday, iv(0h, 24h)); }) ==
          "Sun 00:00-24:00 overlaps Sun 22:00-06:00");
    CHECK(s == before);

    // Touching is not overlapping: intervals are half-open.
    CHECK_NOTHROW(s.add(date::Monday, iv(6h, 9h)));
    CHECK_NOTHROW(s.add(date::Monday, iv(12h, 13h)));
    CHECK_NOTHROW(s.add(date::Sunday, iv(20h, 22h)));
    CHECK(intervals_on(s, date::Monday) == std::vector{iv(6h, 9h), iv(9h, 12h), iv(12h, 13h)});
}

TEST_CASE("weekly_schedule::parse") {
    SUBCASE("the example from the contract annex") {
        const auto s = weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00; Sun 22:00-06:00");
        for (const auto d : {date::Monday, date::Tuesday, date::Wednesday, date::Thursday, date::Friday}) {
            CHECK(intervals_on(s, d) == std::vector{iv(9h, 12h), iv(13h, 18h)});
        }
        CHECK(intervals_on(s, date::Saturday) == std::vector{iv(10h, 14h)});
        CHECK(intervals_on(s, date::Sunday) == std::vector{iv(22h, 6h)});
        CHECK(s.open_per_week() == 5 * 8h + 4h + 8h);
        // The Sunday interval belongs to Sunday but keeps Monday morning open.
        CHECK(s.is_open(date::Monday, 5h + 59min));
        CHECK_FALSE(s.is_open(date::Monday, 6h));
        CHECK_FALSE(s.is_open(date::Sunday, 21h + 59min + 59s));
        CHECK(s.is_open(date::Sunday, 22h));
        CHECK(s.is_open(date::Friday, 9h));
        CHECK_FALSE(s.is_open(date::Friday, 12h));
        CHECK_FALSE(s.is_open(date::Friday, 18h));
        CHECK(s.to_string() ==
              "Mon 09:00-12:00,13:00-18:00; Tue 09:00-12:00,13:00-18:00; Wed 09:00-12:00,13:00-18:00; "
              "Thu 09:00-12:00,13:00-18:00; Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00; "
              "Sun 22:00-06:00");
        CHECK(weekly_schedule::parse(s.to_string()) == s);
    }
    SUBCASE("equals the same week built with add") {
        weekly_schedule built;
        built.add(date::Saturday, iv(10h, 14h)).add(date::Sunday, iv(22h, 6h));
        for (const auto d : {date::Monday, date::Tuesday, date::Wednesday, date::Thursday, date::Friday}) {
            built.add(d, iv(13h, 18h)).add(d, iv(9h, 12h));
        }
        CHECK(built == weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00; Sun 22:00-06:00"));
        CHECK_FALSE(built == weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00"));
    }
    SUBCASE("day names: abbreviations or full names, any case") {
        const auto s = weekly_schedule::parse("monday,WED , Friday 09:00-10:00; sUn 11:00-12:00");
        CHECK(intervals_on(s, date::Monday) == std::vector{iv(9h, 10h)});
        CHECK(s.on(date::Tuesday).empty());
        CHECK(intervals_on(s, date::Wednesday) == std::vector{iv(9h, 10h)});
        CHECK(s.on(date::Thursday).empty());
        CHECK(intervals_on(s, date::Friday) == std::vector{iv(9h, 10h)});
        CHECK(s.on(date::Saturday).empty());
        CHECK(intervals_on(s, date::Sunday) == std::vector{iv(11h, 12h)});
        CHECK(s == weekly_schedule::parse("Mon,Wed,Fri 09:00-10:00;Sun 11:00-12:00"));
        CHECK(s == weekly_schedule::parse(
                       "Monday 09:00-10:00; Wednesday 09:00-10:00; Friday 09:00-10:00; Sunday 11:00-12:00"));
    }
    SUBCASE("ranges wrap around the week") {
        const auto sun_thu = weekly_schedule::parse("Sun-Thu 09:00-10:00");
        CHECK(sun_thu == weekly_schedule::parse("Sun,Mon,Tue,Wed,Thu 09:00-10:00"));
        CHECK(sun_thu.on(date::Friday).empty());
        CHECK(sun_thu.on(date::Saturday).empty());
        CHECK(sun_thu.open_per_week() == 5h);
        const auto fri_mon = weekly_schedule::parse("Fri - Mon 09:00-10:00");
        CHECK(fri_mon == weekly_schedule::parse("Mon,Fri,Sat,Sun 09:00-10:00"));
        CHECK(weekly_schedule::parse("Wed-Wed 09:00-10:00") == weekly_schedule::parse("Wed 09:00-10:00"));
        CHECK(weekly_schedule::parse("Sat-Sun 10:00-12:00; Mon 09:00-10:00").open_per_week() == 5h);
    }
    SUBCASE("clauses: empty ones are skipped, later ones add to earlier days") {
        const auto s = weekly_schedule::parse(";; Mon 09:00-10:00 ;; Mon 11:00-12:00;\n Tue 08:00-09:00;");
        CHECK(intervals_on(s, date::Monday) == std::vector{iv(9h, 10h), iv(11h, 12h)});
        CHECK(intervals_on(s, date::Tuesday) == std::vector{iv(8h, 9h)});
        CHECK(s.open_per_week() == 3h);
    }
    SUBCASE("seconds and 24:00") {
        const auto s = weekly_schedule::parse("Mon 09:00:30-10:00, 23:00-24:00:00; Tue 00:00-01:00");
        CHECK(intervals_on(s, date::Monday) == std::vector{iv(9h + 30s, 10h), iv(23h, 24h)});
        CHECK(s.to_string() == "Mon 09:00:30-10:00,23:00-24:00; Tue 00:00-01:00");
    }
}

TEST_CASE("weekly_schedule::parse rejects with the problem, the fragment and its position") {
    SUBCASE("overlaps, naming both intervals with their days") {
        CHECK_THROWS_AS(static_cast<void>(weekly_schedule::parse("Mon 09:00-12:00,11:00-13:00")), parse_error);
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-12:00,11:00-13:00"), 16,
                      "Mon 09:00-12:00 overlaps Mon 11:00-13:00");
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-12:00; Mon 11:00-13:00"), 21,
                      "Mon 09:00-12:00 overlaps Mon 11:00-13:00");
        CHECK_REJECTS(weekly_schedule::parse("Sun 22:00-06:00; Mon 05:00-09:00"), 21,
                      "Sun 22:00-06:00 overlaps Mon 05:00-09:00");
        CHECK_REJECTS(weekly_schedule::parse("Mon 05:00-09:00; Sun 22:00-06:00"), 21,
                      "Sun 22:00-06:00 overlaps Mon 05:00-09:00");
        CHECK_REJECTS(weekly_schedule::parse("Mon-Sun 22:00-06:00,05:00-09:00"), 20,
                      "Mon 22:00-06:00 overlaps Tue 05:00-09:00");
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri 09:00-18:00; Wed 17:00-19:00"), 25,
                      "Wed 09:00-18:00 overlaps Wed 17:00-19:00");
        CHECK_REJECTS(weekly_schedule::parse("Wed 17:00-19:00; Mon-Fri 09:00-18:00"), 25,
                      "Wed 09:00-18:00 overlaps Wed 17:00-19:00");
    }
    SUBCASE("days named twice in one clause") {
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri,Wed 09:00-10:00"), 8, "day Wed named twice");
        CHECK_REJECTS(weekly_schedule::parse("Sat, Mon-Fri, Tue-Thu 09:00-10:00"), 14,
                      "day Tue named twice in the clause, again by \"Tue-Thu\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon,monday 09:00-10:00"), 4, "day Mon named twice");
    }
    SUBCASE("bad times and intervals") {
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri 25:00-26:00"), 8, "invalid time \"25:00\": hour 25");
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri 09:60-18:00"), 8, "invalid time \"09:60\": minute 60");
        CHECK_REJECTS(weekly_schedule::parse("Sat 10:00-14:00; Mon 09:00-24:01"), 27, "invalid time \"24:01\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-09:00"), 4, "empty interval \"09:00-09:00\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon 00:00-00:00"), 4, "a whole day is 00:00-24:00");
        CHECK_REJECTS(weekly_schedule::parse("Mon 24:00-06:00"), 4, "opens at 24:00");
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-12:00,,13:00-18:00"), 16, "expected an interval");
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-12:00,"), 16, "expected an interval");
    }
    SUBCASE("bad days and clauses") {
        CHECK_REJECTS(weekly_schedule::parse("Mnday 09:00-10:00"), 0, "unknown day name \"Mnday\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri 09:00-18:00; Sat-Sonday 10:00-12:00"), 25,
                      "unknown day name \"Sonday\"");
        CHECK_REJECTS(weekly_schedule::parse("Tues 09:00-10:00"), 0, "unknown day name \"Tues\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri"), 0, "clause \"Mon-Fri\" has no intervals");
        CHECK_REJECTS(weekly_schedule::parse("Mon-Fri 09:00-18:00;  Sat ; Sun 10:00-11:00"), 22,
                      "clause \"Sat\" has no intervals");
        CHECK_REJECTS(weekly_schedule::parse("09:00-18:00"), 0, "expected a day name");
        CHECK_REJECTS(weekly_schedule::parse("Mon- 09:00-18:00"), 5, "expected a day name");
        CHECK_REJECTS(weekly_schedule::parse("Mon, 09:00-18:00"), 5, "expected a day name");
        CHECK_REJECTS(weekly_schedule::parse("Mon09:00-18:00"), 3, "expected whitespace");
        CHECK_REJECTS(weekly_schedule::parse("Mon Tue 09:00-18:00"), 4, "unexpected \"Tue\" after the days");
        CHECK_REJECTS(weekly_schedule::parse("Mon/Tue 09:00-18:00"), 3, "unexpected \"/Tue\"");
    }
    SUBCASE("garbage after intervals, e.g. a missing ';'") {
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-18:00 Tue 10:00-12:00"), 16,
                      "unexpected \"Tue\" after interval \"09:00-18:00\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-18:00 xyz"), 16, "unexpected \"xyz\"");
        CHECK_REJECTS(weekly_schedule::parse("Mon 09:00-18:00!"), 15, "unexpected \"!\"");
    }
}

namespace {

constexpr int minutes_per_day = 24 * 60;
constexpr int minutes_per_week = 7 * minutes_per_day;

// Which minutes of the week are open, the slow and obvious way.
using occupancy = std::array<bool, minutes_per_week>;

struct candidate {
    int day;  // 0 = Monday
    int open;  // minutes since midnight
    int length;  // minutes
    time_interval interval;
};

bool occupied(const occupancy& week_minutes, const candidate& c) {
    for (int k = 0; k < c.length; ++k) {
        if (week_minutes[static_cast<std::size_t>((c.day * minutes_per_day + c.open + k) % minutes_per_week)]) {
            return true;
        }
    }
    return false;
}

void occupy(occupancy& week_minutes, const candidate& c) {
    for (int k = 0; k < c.length; ++k) {
        week_minutes[static_cast<std::size_t>((c.day * minutes_per_day + c.open + k) % minutes_per_week)] = true;
    }
}

candidate random_candidate(std::mt19937& rng) {
    std::uniform_int_distribution<int> day{0, 6};
    std::uniform_int_distribution<int> minute_of_day{0, minutes_per_day - 1};
    std::uniform_int_distribution<int> percent{0, 99};
    candidate c{};
    c.day = day(rng);
    c.open = minute_of_day(rng);
    const int kind = percent(rng);
    const int longest = c.open == 0 ? minutes_per_day : minutes_per_day - 1;
    const int cap = kind < 70 ? 180 : kind < 90 ? 720 : longest;
    c.length = std::uniform_int_distribution<int>{1, std::min(cap, longest)}(rng);
    const int end = c.open + c.length;
    int close = end <= minutes_per_day ? end : end - minutes_per_day;
    // Sometimes write an end at midnight as 00:00, which add() must store as 24:00.
    if (end == minutes_per_day && percent(rng) < 50) close = 0;
    c.interval = {std::chrono::minutes{c.open}, std::chrono::minutes{close}};
    return c;
}

// Day names, cases and spacing chosen at random; days with equal hours grouped
// into ranges, so the text is not the canonical one.
std::string random_text(const weekly_schedule& s, std::mt19937& rng) {
    static constexpr std::array<std::string_view, 7> full{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                          "Friday", "Saturday", "Sunday"};
    std::uniform_int_distribution<int> coin{0, 1};
    const auto name = [&](std::size_t i) {
        std::string n{coin(rng) ? full[i] : full[i].substr(0, 3)};
        if (coin(rng)) {
            for (char& ch : n) ch = static_cast<char>(ch >= 'a' ? ch - 'a' + 'A' : ch);
        }
        return n;
    };
    const auto spaces = [&] { return std::string(static_cast<std::size_t>(coin(rng) + coin(rng)), ' '); };
    const auto clock = [&](std::chrono::seconds t) {
        std::string text = slakit::to_string(time_interval{t, 1s});  // "HH:MM-00:00:01"
        text.resize(text.find('-'));
        if (coin(rng)) text += ":00";
        return text;
    };
    std::string out;
    std::size_t i = 0;
    while (i < week.size()) {
        const auto hours = s.on(week[i]);
        std::size_t j = i + 1;
        while (j < week.size() && std::ranges::equal(s.on(week[j]), hours)) ++j;
        if (!hours.empty()) {
            out += spaces() + ";" + spaces();
            out += name(i);
            if (j - i > 1) out += spaces() + "-" + spaces() + name(j - 1);
            out += ' ' + spaces();
            for (std::size_t k = 0; k < hours.size(); ++k) {
                if (k > 0) out += spaces() + "," + spaces();
                out += clock(hours[k].open) + "-" + clock(hours[k].close);
            }
        }
        i = j;
    }
    return out + spaces() + (coin(rng) ? ";" : "");
}

}  // namespace

TEST_CASE("add() refuses exactly the intervals that meet open minutes of the week (random)") {
    std::mt19937 rng{10080};
    int accepted_total = 0;
    int rejected_total = 0;
    for (int round = 0; round < 300; ++round) {
        weekly_schedule s;
        occupancy week_minutes{};
        std::vector<candidate> accepted;
        for (int attempt = 0; attempt < 30; ++attempt) {
            const candidate c = random_candidate(rng);
            const bool expected_rejection = occupied(week_minutes, c);
            const std::string message =
                invalid_argument_from([&] { s.add(week[static_cast<std::size_t>(c.day)], c.interval); });
            INFO("day ", c.day, " interval ", slakit::to_string(c.interval), " message ", message);
            CHECK((!message.empty()) == expected_rejection);
            if (message.empty()) {
                occupy(week_minutes, c);
                accepted.push_back(c);
                ++accepted_total;
            } else {
                CHECK(message.find(" overlaps ") != std::string::npos);
                ++rejected_total;
            }
        }

        const auto open_minutes = std::count(week_minutes.begin(), week_minutes.end(), true);
        CHECK(s.open_per_week() == std::chrono::minutes{open_minutes});
        CHECK(s.empty() == (open_minutes == 0));
        int is_open_mismatches = 0;
        for (int m = 0; m < minutes_per_week; ++m) {
            const auto day = week[static_cast<std::size_t>(m / minutes_per_day)];
            const std::chrono::seconds at = std::chrono::minutes{m % minutes_per_day};
            const bool expected = week_minutes[static_cast<std::size_t>(m)];
            if (s.is_open(day, at) != expected || s.is_open(day, at + 59s) != expected) ++is_open_mismatches;
        }
        CHECK(is_open_mismatches == 0);
        for (const auto d : week) {
            const auto hours = s.on(d);
            CHECK(std::ranges::is_sorted(hours, {}, &time_interval::open));
            for (const auto& h : hours) CHECK(h.close != 0s);
        }

        // The same intervals in another order build the same week.
        std::shuffle(accepted.begin(), accepted.end(), rng);
        weekly_schedule rebuilt;
        for (const auto& c : accepted) rebuilt.add(week[static_cast<std::size_t>(c.day)], c.interval);
        CHECK(rebuilt == s);

        // Text round trips: the canonical form and a free-form one.
        const std::string canonical = s.to_string();
        INFO(canonical);
        CHECK(weekly_schedule::parse(canonical) == s);
        const std::string free_form = random_text(s, rng);
        INFO(free_form);
        CHECK(weekly_schedule::parse(free_form) == s);
    }
    // The generator must exercise both outcomes, or the test proves little.
    CHECK(accepted_total > 1000);
    CHECK(rejected_total > 1000);
}
