#include <slakit/budget.hpp>

#include <slakit/stats.hpp>
#include <slakit/status.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

using namespace std::chrono_literals;
using slakit::scope;
using slakit::status;

TEST_CASE("error budgets") {
    SUBCASE("compliance at the current volume") {
        // 90 met, 3 breached, 95 % required: 90 / (90 + 4) = 95.7 % still meets, 90 / 95 does not.
        const auto b = slakit::breach_budget(90, 3, 0.95);
        CHECK(b.breaches_left == 1);
        REQUIRE(b.burn_rate);
        CHECK(*b.burn_rate == doctest::Approx((3.0 / 93.0) / 0.05));
        // Already past: 10 met, 5 breached at 90 % allows 1 breach, so 4 too many.
        CHECK(slakit::breach_budget(10, 5, 0.9).breaches_left == -4);
        CHECK(slakit::breach_budget(0, 0, 0.9).breaches_left == 0);
        CHECK(slakit::breach_budget(0, 0, 0.9).burn_rate == std::nullopt);
        CHECK(slakit::breach_budget(50, 2, 0.0).breaches_left == std::nullopt);  // no limit
    }
    SUBCASE("compliance over an expected volume") {
        // 200 expected at 95 %: 10 breaches allowed, 3 spent.
        CHECK(slakit::breach_budget(90, 3, 0.95, 200).breaches_left == 7);
        // 9 of 10 meets 90 % exactly, although 10 * (1 - 0.9) is 0.99999999999999978 in double.
        CHECK(10 * (1 - 0.9) < 1.0);
        CHECK(slakit::breach_budget(0, 0, 0.9, 10).breaches_left == 1);
        CHECK(slakit::breach_budget(5, 2, 0.9, 10).breaches_left == -1);
        // A volume below what is already decided counts what is decided.
        CHECK(slakit::breach_budget(18, 2, 0.9, 5).breaches_left == 0);
    }
    SUBCASE("a 100 % target") {
        const auto clean = slakit::breach_budget(10, 0, 1.0);
        CHECK(clean.breaches_left == 0);
        CHECK(clean.burn_rate == 0.0);
        const auto spoilt = slakit::breach_budget(10, 2, 1.0);
        CHECK(spoilt.breaches_left == -2);
        CHECK(spoilt.burn_rate == std::numeric_limits<double>::infinity());
        CHECK_THROWS_AS((void)slakit::breach_budget(1, 1, 1.5), std::invalid_argument);
    }
    SUBCASE("the budget agrees with the verdict's own test at every count") {
        for (const double required : {0.9, 0.95, 0.99, 0.333}) {
            for (std::uint64_t met = 0; met < 60; ++met) {
                const auto left = slakit::breach_budget(met, 0, required).breaches_left.value();
                const auto meets = [&](std::int64_t breaches) {
                    slakit::compliance_counters c;
                    for (std::uint64_t i = 0; i < met; ++i) c.add(scope::in_hours, status::met);
                    for (std::int64_t i = 0; i < breaches; ++i) c.add(scope::in_hours, status::breached);
                    return !c.rate() || *c.rate() >= required;
                };
                CAPTURE(required);
                CAPTURE(met);
                CHECK(meets(left));
                CHECK_FALSE(meets(left + 1));
            }
        }
    }
    SUBCASE("a mean target: limit * count - sum") {
        slakit::response_stats<> s;
        for (const auto t : {50s, 40s, 60s}) s.add(t);
        CHECK(slakit::time_budget(s, 60s) == 30s);
        s.add(90s);
        CHECK(slakit::time_budget(s, 60s) == 0s);  // the mean is exactly the limit: still met
        s.add(70s);
        CHECK(slakit::time_budget(s, 60s) == -10s);
        CHECK(slakit::time_budget(slakit::response_stats<>{}, 60s) == 0s);
    }
}
