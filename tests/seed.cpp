#include <slakit/seed.hpp>

#include <doctest/doctest.h>

using slakit::channel;
using slakit::priority;

TEST_CASE("the seed vocabulary: names, kinds and ranks") {
    for (const auto c : slakit::enum_values<channel>::values) CHECK(slakit::parse<channel>(to_string(c)) == c);
    for (const auto p : slakit::enum_values<priority>::values) CHECK(slakit::parse<priority>(to_string(p)) == p);
    CHECK(slakit::channel_traits<channel>::kind(channel::email) == slakit::channel_kind::asynchronous);
    CHECK(slakit::channel_traits<channel>::kind(channel::social) == slakit::channel_kind::real_time);
    CHECK(slakit::priority_traits<priority>::rank(priority::urgent) >
          slakit::priority_traits<priority>::rank(priority::high));
    static_assert(slakit::has_channel_traits<channel> && slakit::has_priority_traits<priority>);
}
