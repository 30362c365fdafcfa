#include <slakit/exceptions.hpp>

#include <slakit/schedule.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <vector>

using namespace std::chrono_literals;
using date::days;
using slakit::date_exceptions;
using slakit::weekly_schedule;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

date::year_month_day ymd(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

}  // namespace

TEST_CASE("date exceptions reject what cannot be meant") {
    date_exceptions x;
    CHECK_THROWS_AS(x.close(ymd(2026, 10, 7), ymd(2026, 10, 1)), std::invalid_argument);
    CHECK_THROWS_AS(x.close(ymd(2026, 2, 30)), std::invalid_argument);
    x.close(ymd(2026, 10, 1), ymd(2026, 10, 7));
    x.close(ymd(2026, 10, 5));  // closing twice is harmless
    CHECK_THROWS_WITH_AS(x.open(ymd(2026, 10, 3), "09:00-18:00"), "conflicting exceptions for 2026-10-03",
                         std::invalid_argument);
    x.open(ymd(2026, 10, 10), "09:00-18:00");
    CHECK_THROWS_AS(x.close(ymd(2026, 10, 10)), std::invalid_argument);
    CHECK_THROWS_AS(x.open(ymd(2026, 10, 11), std::vector<slakit::time_interval>{}), std::invalid_argument);
    CHECK(x.size() == 8);
    // A refused range closes nothing.
    date_exceptions y;
    y.open(ymd(2026, 10, 3), "09:00-18:00");
    CHECK_THROWS_WITH_AS(y.close(ymd(2026, 10, 1), ymd(2026, 10, 7)), "conflicting exceptions for 2026-10-03",
                         std::invalid_argument);
    CHECK(y.size() == 1);
}

TEST_CASE("special hours are sorted, checked with the intervals' own rules, and found by date") {
    date_exceptions x;
    x.open(ymd(2026, 10, 10), std::vector<slakit::time_interval>{{13h, 18h}, {9h, 12h}});
    const auto* special = x.find(date::local_days{ymd(2026, 10, 10)});
    REQUIRE(special != nullptr);
    REQUIRE(special->size() == 2);
    CHECK((*special)[0].open == 9h);
    CHECK((*special)[1].open == 13h);
    CHECK(x.find(date::local_days{ymd(2026, 10, 11)}) == nullptr);
    CHECK_THROWS_WITH_AS(x.open(ymd(2026, 10, 12), std::vector<slakit::time_interval>{{9h, 12h}, {11h, 13h}}),
                         "overlapping intervals in the special hours of 2026-10-12", std::invalid_argument);
    CHECK_THROWS_WITH_AS(x.open(ymd(2026, 10, 12), std::vector<slakit::time_interval>{{9h, 9h}}),
                         "invalid interval in the special hours of 2026-10-12", std::invalid_argument);
    CHECK(x.size() == 1);
}
