#include <slakit/group.hpp>

#include <slakit/seed.hpp>

#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using slakit::channel;
using slakit::priority;

namespace {

constexpr date::local_days day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

}  // namespace

static_assert(slakit::report_key<slakit::no_dimensions>);
static_assert(slakit::report_key<std::vector<std::string>>);
static_assert(slakit::serializable_key<slakit::no_dimensions>);
// No dimensions cost no room in a key.
static_assert(sizeof(slakit::group_key<channel, priority>) ==
              sizeof(slakit::group_key<channel, priority, slakit::no_dimensions>));

TEST_CASE("groups sort by period, then dimensions, then channel and priority") {
    using dims = std::vector<std::string>;
    using key = slakit::group_key<channel, priority, dims>;
    using order = slakit::group_order<channel, priority, dims>;
    std::map<key, int, order> groups;
    groups.emplace(key{day(2026, 4, 1), channel::email, priority::normal, {"billing"}}, 1);
    groups.emplace(key{day(2026, 3, 1), channel::web_chat, priority::urgent, {"technical"}}, 2);
    groups.emplace(key{day(2026, 3, 1), channel::email, priority::normal, {"technical"}}, 3);
    groups.emplace(key{day(2026, 3, 1), channel::web_chat, priority::high, {"billing"}}, 4);
    groups.emplace(key{day(2026, 3, 1), channel::web_chat, priority::normal, {"billing"}}, 5);
    std::vector<int> order_seen;
    for (const auto& [k, v] : groups) order_seen.push_back(v);
    CHECK(order_seen == std::vector<int>{5, 4, 2, 3, 1});

    // Looked up by a probe of references, without copying a key.
    const dims billing{"billing"};
    const auto it = groups.find(order::probe{day(2026, 3, 1), channel::web_chat, priority::high, billing});
    REQUIRE(it != groups.end());
    CHECK(it->second == 4);
    CHECK(groups.find(order::probe{day(2026, 3, 1), channel::email, priority::high, billing}) == groups.end());
    // A period probe finds a period's first group.
    CHECK(groups.lower_bound(order::period_probe{day(2026, 4, 1)})->second == 1);
}

TEST_CASE("no_dimensions is one value, written as no text") {
    using codec = slakit::key_codec<slakit::no_dimensions>;
    CHECK(slakit::no_dimensions{} == slakit::no_dimensions{});
    CHECK_FALSE(slakit::no_dimensions{} < slakit::no_dimensions{});
    CHECK(codec::encode({}).empty());
    CHECK_THROWS_AS((void)codec::decode("7:billing"), std::invalid_argument);
}
