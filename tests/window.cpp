#include <slakit/window.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <stdexcept>

using namespace std::chrono_literals;
using slakit::clock_kind;

TEST_CASE("window totals: rates, sums and means by clock") {
    slakit::window_totals<> w;
    CHECK(w.compliance() == std::nullopt);
    CHECK(w.handoff_compliance() == std::nullopt);
    CHECK(w.mean(clock_kind::wall) == std::nullopt);
    w.met = 3;
    w.breached = 1;
    w.handoff_met = 1;
    w.handoff_breached = 1;
    w.answered = 3;
    w.wall_sum = 10;
    w.business_sum = 4;
    CHECK(w.decided() == 4);
    CHECK(w.compliance() == 0.75);
    CHECK(w.handoff_compliance() == 0.5);
    CHECK(w.sum(clock_kind::wall) == 10);
    CHECK(w.sum(clock_kind::business) == 4);
    CHECK(w.mean(clock_kind::wall) == 3ms);  // 3.33 rounds down
    CHECK(w.mean(clock_kind::business) == 1ms);  // 1.33 rounds down
    w.wall_sum = 11;
    CHECK(w.mean(clock_kind::wall) == 4ms);  // 3.67 rounds up
}

TEST_CASE("what add() records combines with |") {
    using slakit::recorded;
    CHECK(slakit::includes(recorded::all, recorded::handoff));
    CHECK(slakit::includes(recorded::status | recorded::response_time, recorded::response_time));
    CHECK_FALSE(slakit::includes(recorded::status | recorded::response_time, recorded::handoff));
}

TEST_CASE("configurations a ring cannot take are refused") {
    slakit::rolling_config c;
    CHECK_NOTHROW(slakit::detail::rolling::check(c));
    CHECK(c.span() == 4321min);
    c.sketch_width = 90s;
    CHECK_THROWS_AS(slakit::detail::rolling::check(c), std::invalid_argument);
    c = {};
    c.buckets = 0;
    CHECK_THROWS_AS(slakit::detail::rolling::check(c), std::invalid_argument);
    c = {};
    c.exceedances.assign(slakit::max_exceedances + 1, slakit::within(1min));
    CHECK_THROWS_AS(slakit::detail::rolling::check(c), std::invalid_argument);
}

TEST_CASE("a configuration survives its bytes") {
    slakit::rolling_config c;
    c.exceedances = {slakit::within(2min), slakit::within(8min, clock_kind::business)};
    c.sketch_clock = clock_kind::business;
    std::vector<std::byte> bytes;
    slakit::detail::rolling::put_config(bytes, c, 1);
    slakit::detail::byte_reader in(bytes, "test");
    CHECK(slakit::detail::rolling::read_config(in, 1) == c);
    in.expect_end();
}
