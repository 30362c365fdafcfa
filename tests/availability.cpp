#include <slakit/availability.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>

using namespace std::chrono_literals;

TEST_CASE("uptime over all hours and within working hours") {
    slakit::period_availability<> a;
    a.begin = std::chrono::sys_days{std::chrono::days{20'000}};
    a.end = a.begin + 24h;
    CHECK(a.length() == 24h);
    CHECK(a.uptime() == 1.0);
    CHECK(a.working_uptime() == std::nullopt);  // no working time: nothing to measure
    a.down = 6h;
    a.working = 8h;
    a.working_down = 2h;
    CHECK(a.uptime() == 0.75);
    REQUIRE(a.working_uptime().has_value());
    CHECK(*a.working_uptime() == 0.75);
    a.working_down = 8h;
    CHECK(*a.working_uptime() == 0.0);
}

TEST_CASE("outages compare by their bounds") {
    const auto t = std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{1'000}};
    const slakit::outage<> a{t, t + 1min};
    CHECK(a == slakit::outage<>{t, t + 1min});
    CHECK_FALSE(a == slakit::outage<>{t, t + 2min});
}
