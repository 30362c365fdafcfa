#include <slakit/interval.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <vector>

using namespace std::chrono_literals;
using slakit::time_interval;

TEST_CASE("interval bounds, length and text") {
    CHECK(slakit::is_valid({9h, 18h}));
    CHECK(slakit::is_valid({22h, 6h}));
    CHECK_FALSE(slakit::is_valid({9h, 9h}));
    CHECK_FALSE(slakit::is_valid({24h, 1h}));
    CHECK((time_interval{22h, 6h}.length() == 8h));
    CHECK(slakit::to_string(slakit::parse_interval("22:00-00:00")) == "22:00-24:00");
    CHECK(slakit::to_string(time_interval{9h + 30s, 17h}) == "09:00:30-17:00");
}

TEST_CASE("first_overlap: the one check of a day's intervals") {
    const std::vector<time_interval> apart{{9h, 12h}, {13h, 18h}, {22h, 2h}};
    CHECK_FALSE(slakit::first_overlap(apart));
    const std::vector<time_interval> touching{{9h, 12h}, {12h, 18h}};
    CHECK_FALSE(slakit::first_overlap(touching));
    const std::vector<time_interval> overlapping{{9h, 12h}, {13h, 18h}, {11h, 14h}};
    const auto pair = slakit::first_overlap(overlapping);
    REQUIRE(pair);
    CHECK(pair->first == 0);
    CHECK(pair->second == 2);
    // Past midnight on the 48-hour line: 22:00-10:00 reaches into 09:00-12:00 only
    // when laid after 24:00, which it is not (09:00 < 22:00).
    const std::vector<time_interval> night{{22h, 10h}, {9h, 12h}};
    CHECK_FALSE(slakit::first_overlap(night));
    CHECK_THROWS_WITH_AS((void)slakit::parse_intervals("09:00-12:00, 11:00-13:00"),
                         "09:00-12:00 overlaps 11:00-13:00 at position 13 in \"09:00-12:00, 11:00-13:00\"",
                         slakit::parse_error);
    const auto sorted = slakit::parse_intervals("13:00-18:00,09:00-12:00");
    REQUIRE(sorted.size() == 2);
    CHECK(sorted[0].open == 9h);
}
