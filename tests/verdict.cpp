#include <slakit/verdict.hpp>

#include <slakit/policy.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace std::chrono_literals;
using slakit::any;
using slakit::channel;
using slakit::priority;

namespace {

constexpr date::local_days march{date::year{2026} / date::March / date::day{1}};

}  // namespace

TEST_CASE("target keys in words") {
    CHECK(slakit::target_label(slakit::target_key<channel, priority>{
              channel::email, slakit::at_least(priority::high)}) == "email high and above");
    CHECK(slakit::target_label(slakit::target_key<channel, priority>{any, priority::urgent}) == "all channels urgent");
    CHECK(slakit::target_label(slakit::target_key<channel, priority>{slakit::channel_kind::real_time, any}) ==
          "real-time");
}

TEST_CASE("verdict texts: met, not met, no data") {
    slakit::aggregate_verdict<> mean{march, "real-time", slakit::aggregate_target::mean_within(60s)};
    CHECK(mean.text() == "real-time mean: no data");
    mean.count = 3;
    mean.value = 48'200ms;
    mean.met = true;
    CHECK(mean.text() == "real-time mean 48.2 s <= 60 s: met");

    slakit::aggregate_verdict<> share{march, "email", slakit::aggregate_target::compliance_at_least(0.95).named("3.3")};
    share.count = 1000;
    share.share = 0.93109;
    share.met = false;
    CHECK(share.text() == "3.3: email compliance 93.10 % < 95 %: not met");

    slakit::aggregate_verdict<> p999{march, "web_chat", slakit::aggregate_target::quantile_within(0.999, 2min)};
    p999.value = 90s;
    p999.met = true;
    CHECK(p999.text() == "web_chat p99.9 1 min 30 s <= 2 min: met");
}

TEST_CASE("judging a cell: budgets for compliance, time left for a mean") {
    slakit::target t;
    t.first_response = slakit::within(1min);
    slakit::report_cell<> cell{t};
    const auto share = slakit::aggregate_target::compliance_at_least(0.9);
    const auto none = slakit::detail::judge(march, "all", share, static_cast<const slakit::report_cell<>*>(nullptr));
    CHECK_FALSE(none.met.has_value());
    const auto empty = slakit::detail::judge(march, "all", share, &cell);
    CHECK(empty.count == 0);
    CHECK_FALSE(empty.met.has_value());
    REQUIRE(empty.budget.has_value());
    CHECK(empty.budget->burn_rate == std::nullopt);

    const auto mean = slakit::aggregate_target::mean_within(1min);
    CHECK(slakit::detail::judge(march, "all", mean, &cell).count == 0);
}
