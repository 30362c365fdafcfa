#include <slakit/posix_rule.hpp>

#include <doctest/doctest.h>

#include <date/date.h>

#include <chrono>
#include <string>

using namespace std::chrono_literals;
using slakit::posix_rule;
using std::chrono::sys_seconds;

namespace {

sys_seconds utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0) {
    return date::sys_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
}

}  // namespace

TEST_CASE("New York's footer: second Sunday of March to first Sunday of November at 02:00") {
    const auto r = posix_rule::parse("EST5EDT,M3.2.0,M11.1.0");
    CHECK(r.standard_name() == "EST");
    CHECK(r.daylight_name() == "EDT");
    CHECK(r.standard_offset() == -5h);
    CHECK(r.daylight_offset() == -4h);
    // 2045: 12 March and 5 November are those Sundays; 02:00 EST is 07:00Z, 02:00 EDT 06:00Z.
    CHECK(r.daylight_start_in(date::year{2045}) == utc(2045, 3, 12, 7));
    CHECK(r.daylight_end_in(date::year{2045}) == utc(2045, 11, 5, 6));
    const auto summer = r.get_info(utc(2045, 7, 3, 13, 30));
    CHECK(summer.offset == -4h);
    CHECK(summer.abbrev == "EDT");
    CHECK(summer.save == 60min);
    CHECK(summer.begin == utc(2045, 3, 12, 7));
    CHECK(summer.end == utc(2045, 11, 5, 6));
    const auto winter = r.get_info(utc(2045, 12, 24));
    CHECK(winter.offset == -5h);
    CHECK(winter.save == 0min);
    CHECK(winter.begin == utc(2045, 11, 5, 6));
    CHECK(winter.end == r.daylight_start_in(date::year{2046}));
    // The instant of a change belongs to the new offset.
    CHECK(r.get_info(utc(2045, 3, 12, 7)).offset == -4h);
    CHECK(r.get_info(utc(2045, 3, 12, 7) - 1s).offset == -5h);
}

TEST_CASE("Southern rules keep daylight time over New Year") {
    // Sydney: AEDT from the first Sunday of October at 02:00 to the first Sunday of April at 03:00.
    const auto r = posix_rule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
    CHECK(r.standard_offset() == 10h);
    CHECK(r.get_info(utc(2050, 1, 15)).offset == 11h);
    CHECK(r.get_info(utc(2050, 6, 15)).offset == 10h);
    // 3 April 2050 is the first Sunday: 03:00 AEDT is 16:00Z the day before.
    CHECK(r.get_info(utc(2050, 6, 15)).begin == utc(2050, 4, 2, 16));
    CHECK(r.get_info(utc(2050, 1, 15)).begin == utc(2049, 10, 2, 16));  // 02:00 AEST on 3 October
}

TEST_CASE("Quoted names, explicit daylight offsets, minutes and the RFC 8536 time extension") {
    SUBCASE("Lord Howe: half an hour of daylight saving") {
        const auto r = posix_rule::parse("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
        CHECK(r.standard_name() == "+1030");
        CHECK(r.standard_offset() == 10h + 30min);
        CHECK(r.daylight_offset() == 11h);
        CHECK(r.get_info(utc(2060, 1, 1)).save == 30min);
    }
    SUBCASE("Godthab style: negative rule times") {
        // America/Nuuk before 2023: "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1".
        const auto r = posix_rule::parse("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
        // Last Sunday of March 2040 is 25 March; -2:00 local standard (-03) is 24 March 22:00 local = 25 March 01:00Z.
        CHECK(r.daylight_start_in(date::year{2040}) == utc(2040, 3, 25, 1));
    }
    SUBCASE("Hours beyond a day, as in Jerusalem's footer") {
        const auto r = posix_rule::parse("IST-2IDT,M3.4.4/26,M10.5.0");
        // The Thursday of March's fourth week, 26:00: Friday 02:00. In 2041 that Thursday is 28 March.
        CHECK(r.daylight_start_in(date::year{2041}) == utc(2041, 3, 29, 0));
    }
    SUBCASE("All-year daylight time") {
        const auto r = posix_rule::parse("EST5EDT,0/0,J365/25");
        CHECK(r.get_info(utc(2050, 1, 1)).offset == -4h);
        CHECK(r.get_info(utc(2050, 7, 1)).offset == -4h);
        CHECK(r.get_info(utc(2050, 12, 31, 23)).offset == -4h);
    }
    SUBCASE("Julian and zero-based days around 29 February") {
        const auto j = posix_rule::parse("AAA0BBB,J60/0,J300/0");
        const auto z = posix_rule::parse("AAA0BBB,59/0,300/0");
        // J60 is 1 March in every year; day 59 (from 0) is 29 February in a leap year.
        CHECK(j.daylight_start_in(date::year{2048}) == utc(2048, 3, 1));
        CHECK(j.daylight_start_in(date::year{2047}) == utc(2047, 3, 1));
        CHECK(z.daylight_start_in(date::year{2048}) == utc(2048, 2, 29));
        CHECK(z.daylight_start_in(date::year{2047}) == utc(2047, 3, 1));
    }
    SUBCASE("Last week of the month") {
        const auto r = posix_rule::parse("GMT0BST,M3.5.0/1,M10.5.0");
        CHECK(r.daylight_start_in(date::year{2044}) == utc(2044, 3, 27, 1));  // 27 March 2044 is the last Sunday
    }
}

TEST_CASE("A rule without daylight time holds for ever") {
    const auto r = posix_rule::parse("<+08>-8");
    CHECK_FALSE(r.has_daylight_time());
    const auto i = r.get_info(utc(2100, 1, 1));
    CHECK(i.offset == 8h);
    CHECK(i.begin < utc(1000, 1, 1));
    CHECK(i.end > utc(9000, 1, 1));
    CHECK(posix_rule::parse("CST-8").standard_offset() == 8h);
    CHECK(posix_rule::parse("UTC0").standard_offset() == 0s);
}

TEST_CASE("Bad rules are refused with what is wrong and where") {
    const auto problem = [](const char* text) -> std::string {
        try {
            (void)posix_rule::parse(text);
        } catch (const slakit::parse_error& e) {
            return e.problem() + " @" + std::to_string(e.position());
        }
        return "accepted";
    };
    CHECK(problem("") == "expected a standard time name of 3 or more letters @0");
    CHECK(problem("ES5") == "expected a standard time name of 3 or more letters @0");
    CHECK(problem("EST") == "expected a number in the standard time offset @3");
    CHECK(problem("EST25") == "a number above 24 in the standard time offset @3");
    CHECK(problem("EST5:60") == "a number above 59 in the standard time offset @5");
    CHECK(problem("EST5EDT") == "a daylight time name without the dates it starts and ends @7");
    CHECK(problem("EST5EDT,M3.2.0") == "expected ',' before the date daylight time ends @14");
    CHECK(problem("EST5EDT,M13.2.0,M11.1.0") == "a number above 12 in the daylight time start @9");
    CHECK(problem("EST5EDT,M3.6.0,M11.1.0") == "a number above 5 in the daylight time start @11");
    CHECK(problem("EST5EDT,M3.2.7,M11.1.0") == "a number above 6 in the daylight time start @13");
    CHECK(problem("EST5EDT,M3.0.0,M11.1.0").starts_with("a month or week 0"));
    CHECK(problem("EST5EDT,J0,M11.1.0").starts_with("a Julian day 0"));
    CHECK(problem("EST5EDT,M3.2.0/168,M11.1.0") == "a number above 167 in the daylight time start time @15");
    CHECK(problem("EST5EDT,M3.2.0,M11.1.0x") == "text after the rule @22");
    CHECK(problem("<+08-8") == "a standard time name opened with '<' and not closed @6");
    CHECK(problem("<+8>-8") == "a standard time name shorter than 3 characters @3");
    CHECK(problem("EST5EDT,M3.2.0,M11.1.0") == "accepted");
}
