#include <slakit/lifecycle.hpp>

#include <doctest/doctest.h>

#include <stdexcept>

using slakit::lifecycle;
using slakit::priority_change;
using slakit::status_effect;

TEST_CASE("a lifecycle maps status names to effects and knows nothing else") {
    lifecycle rules;
    CHECK_FALSE(rules.find("open").has_value());
    rules.set_status("open", status_effect::run).set_status("on_hold", status_effect::pause);
    CHECK(rules.find("open") == status_effect::run);
    CHECK(rules.find("on_hold") == status_effect::pause);
    CHECK_FALSE(rules.find("Open").has_value());  // names are exact
    rules.set_status("on_hold", status_effect::resolve);  // replaces, does not add
    CHECK(rules.find("on_hold") == status_effect::resolve);
    CHECK(rules.statuses().size() == 2);
    CHECK_THROWS_AS(rules.set_status("", status_effect::run), std::invalid_argument);
}

TEST_CASE("reselect is the default priority-change rule") {
    lifecycle rules;
    CHECK(rules.on_priority_change() == priority_change::reselect);
    rules.set_priority_change(priority_change::restart);
    CHECK(rules.on_priority_change() == priority_change::restart);
}

TEST_CASE("effects and modes read back what to_string writes") {
    for (const auto e : {status_effect::run, status_effect::pause, status_effect::resolve})
        CHECK(slakit::parse<status_effect>(to_string(e)) == e);
    for (const auto m : {priority_change::keep, priority_change::reselect, priority_change::restart})
        CHECK(slakit::parse<priority_change>(to_string(m)) == m);
    CHECK_THROWS_AS((void)slakit::parse<status_effect>("paused"), slakit::parse_error);
}
