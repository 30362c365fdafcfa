#include <slakit/target.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <vector>

using namespace std::chrono_literals;
using slakit::aggregate_target;
using slakit::clock_kind;
using slakit::statistic;

TEST_CASE("thresholds and aggregates are inclusive") {
    CHECK(slakit::within(30s) == slakit::threshold{30s, clock_kind::wall});
    const auto mean = aggregate_target::mean_within(60s).named("mean");
    CHECK(mean.is_met_by(60s));
    CHECK_FALSE(mean.is_met_by(60001ms));
    const auto share = aggregate_target::compliance_at_least(0.95);
    CHECK(share.is_met_by(0.95));
    CHECK_THROWS_AS((void)share.is_met_by(1s), std::logic_error);
    CHECK_THROWS_AS((void)mean.is_met_by(0.5), std::logic_error);
}

TEST_CASE("clock_of: the first response's clock, else the first aggregate's") {
    slakit::target t;
    CHECK(slakit::clock_of(t) == clock_kind::wall);
    t.aggregates.push_back(aggregate_target::mean_within(60s, clock_kind::business));
    CHECK(slakit::clock_of(t) == clock_kind::business);
    t.first_response = slakit::within(30s, clock_kind::wall);
    CHECK(slakit::clock_of(t) == clock_kind::wall);
}

TEST_CASE("validate(target) says what set_target refuses") {
    slakit::target t;
    CHECK_FALSE(slakit::validate(t));
    t.first_response = slakit::within(0s);
    CHECK(slakit::validate(t) == "the first-response threshold must be positive and at most ten years");
    t.first_response = slakit::within(30s);
    t.aggregates.push_back(aggregate_target::quantile_within(1.5, 60s).named("p150"));
    CHECK(slakit::validate(t) == "aggregate \"p150\": quantile must lie in (0, 1]");
    t.aggregates.back() = aggregate_target::compliance_at_least(95.0).named("share");
    CHECK(slakit::validate(t) == "aggregate \"share\": share must be a fraction in [0, 1]");
    t.aggregates.back() = aggregate_target::compliance_at_least(0.95);
    t.handoff = slakit::within(slakit::longest_limit + 1ms);
    CHECK(slakit::validate(t) == "the hand-off threshold must be positive and at most ten years");
}

TEST_CASE("validate_warning_levels names the first bad level") {
    CHECK_FALSE(slakit::validate_warning_levels(std::vector{0.5, 0.75, 1.0}));
    const auto zero = slakit::validate_warning_levels(std::vector{0.5, 0.0});
    REQUIRE(zero);
    CHECK(zero->index == 1);
    CHECK(zero->fault == slakit::level_fault::not_positive);
    const auto down = slakit::validate_warning_levels(std::vector{0.5, 0.75, 0.75});
    REQUIRE(down);
    CHECK(down->index == 2);
    CHECK(down->fault == slakit::level_fault::not_increasing);
    CHECK(slakit::validate_warning_levels(std::vector{std::numeric_limits<double>::infinity()})->fault ==
          slakit::level_fault::not_positive);
}

TEST_CASE("statistic and clock_kind read back what to_string writes") {
    for (const auto s : slakit::enum_values<statistic>::values) CHECK(slakit::parse<statistic>(to_string(s)) == s);
    CHECK(slakit::parse<clock_kind>("business") == clock_kind::business);
    CHECK(to_string(statistic::quantile) == "quantile");
}
