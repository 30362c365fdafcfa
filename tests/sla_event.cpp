#include <slakit/sla_event.hpp>

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using slakit::metric;

TEST_CASE("only resolution and the reply cycles pause") {
    CHECK(slakit::pausable(metric::resolution));
    CHECK(slakit::pausable(metric::next_reply));
    CHECK(slakit::pausable(metric::periodic_update));
    CHECK_FALSE(slakit::pausable(metric::first_response));
    CHECK_FALSE(slakit::pausable(metric::handoff));
    CHECK_FALSE(slakit::pausable(metric::human_response));
}

TEST_CASE("threshold_for picks each metric's own threshold") {
    slakit::target t;
    t.first_response = slakit::within(1min);
    t.next_reply = slakit::within(2min);
    t.periodic_update = slakit::within(3min);
    t.resolution = slakit::within(4min);
    t.handoff = slakit::within(5min);
    t.human_response = slakit::within(6min);
    int minutes = 0;
    for (const auto m : {metric::first_response, metric::next_reply, metric::periodic_update, metric::resolution,
                         metric::handoff, metric::human_response})
        CHECK(slakit::threshold_for(t, m)->limit == std::chrono::minutes{++minutes});
    CHECK(slakit::metric_count == 6);
    CHECK_FALSE(slakit::threshold_for(slakit::target{}, metric::resolution).has_value());
    CHECK(slakit::parse<metric>("next_reply") == metric::next_reply);
}
