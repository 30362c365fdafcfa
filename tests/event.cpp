#include <slakit/event.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>

using slakit::event_kind;

TEST_CASE("every event kind has its own name, read back by parse") {
    std::set<std::string> names;
    for (const auto k : slakit::enum_values<event_kind>::values) {
        names.insert(std::string{to_string(k)});
        CHECK(slakit::parse<event_kind>(to_string(k)) == k);
    }
    CHECK(names.size() == 9);
    CHECK(slakit::try_parse<slakit::author>("bot") == slakit::author::bot);
    CHECK_FALSE(slakit::try_parse<slakit::author>("agent").has_value());
}

TEST_CASE("an event leaves the fields its kind does not use empty") {
    const slakit::basic_event<int, int> e{};
    CHECK(e.kind == event_kind::submitted);
    CHECK_FALSE(e.channel.has_value());
    CHECK_FALSE(e.priority.has_value());
    CHECK(e.status.empty());
    CHECK(e.reason.empty());
}
