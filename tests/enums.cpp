#include <slakit/enums.hpp>

#include <slakit/policy.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace slakit;

TEST_CASE("parse reads back every name to_string writes") {
    for (const channel c : enum_values<channel>::values) CHECK(parse<channel>(to_string(c)) == c);
    for (const priority p : enum_values<priority>::values) CHECK(parse<priority>(to_string(p)) == p);
    for (const channel_kind k : enum_values<channel_kind>::values) CHECK(parse<channel_kind>(to_string(k)) == k);
    for (const clock_kind k : enum_values<clock_kind>::values) CHECK(parse<clock_kind>(to_string(k)) == k);
}

TEST_CASE("try_parse takes exact spellings only") {
    CHECK(try_parse<channel>("email") == channel::email);
    CHECK_FALSE(try_parse<channel>("Email").has_value());
    CHECK_FALSE(try_parse<channel>("email ").has_value());
    CHECK_FALSE(try_parse<priority>("").has_value());
    static_assert(try_parse<clock_kind>("business") == clock_kind::business);
}

TEST_CASE("parse names the enum, the text and what it accepts") {
    try {
        (void)parse<priority>("critical");
        FAIL("parse accepted an unknown priority");
    } catch (const parse_error& e) {
        CHECK(e.input() == "critical");
        CHECK(std::string{e.what()} ==
              "unknown priority (expected normal, high, urgent) at position 0 in \"critical\"");
    }
}
