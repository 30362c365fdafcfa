#include <slakit/status.hpp>

#include <doctest/doctest.h>

TEST_CASE("status and scope read back what to_string writes") {
    for (const auto s : slakit::enum_values<slakit::status>::values)
        CHECK(slakit::parse<slakit::status>(to_string(s)) == s);
    for (const auto s : slakit::enum_values<slakit::scope>::values)
        CHECK(slakit::parse<slakit::scope>(to_string(s)) == s);
    CHECK(to_string(slakit::status::breached) == "breached");
    CHECK(to_string(slakit::scope::out_of_hours) == "out_of_hours");
    CHECK_FALSE(slakit::try_parse<slakit::scope>("out of hours"));
    CHECK_THROWS_AS((void)slakit::parse<slakit::status>("late"), slakit::parse_error);
}
