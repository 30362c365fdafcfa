#include <slakit/open_spans.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <random>

using namespace std::chrono_literals;
using slakit::instant;

namespace {

slakit::calendar new_york() {
    return slakit::calendar{"America/New_York", slakit::weekly_schedule::parse("Mon-Fri 09:00-12:00, 13:00-18:00"),
                            slakit::date_exceptions{}.close(date::July / 3 / 2026)};
}

}  // namespace

TEST_CASE("open spans of a day with a lunch break, in UTC") {
    const instant monday = instant{date::sys_days{date::March / 2 / 2026}};  // EST, UTC-5
    const auto spans = slakit::open_spans(new_york(), monday, monday + 24h);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].first == monday + 14h);
    CHECK(spans[0].second == monday + 17h);
    CHECK(spans[1].first == monday + 18h);
    CHECK(spans[1].second == monday + 23h);
}

TEST_CASE("spans are clipped to the range, and a holiday has none") {
    const instant monday = instant{date::sys_days{date::March / 2 / 2026}};
    const auto spans = slakit::open_spans(new_york(), monday + 15h, monday + 19h);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].first == monday + 15h);
    CHECK(spans[1].second == monday + 19h);
    const instant holiday = instant{date::sys_days{date::July / 3 / 2026}};
    CHECK(slakit::open_spans(new_york(), holiday, holiday + 24h).empty());
    CHECK(slakit::open_spans(new_york(), monday, monday).empty());
    CHECK_THROWS_AS((void)slakit::open_spans(new_york(), monday, monday - 1s), std::invalid_argument);
}

TEST_CASE("the spans' lengths add up to elapsed, over DST changes") {
    const auto cal = new_york();
    std::mt19937_64 rng{20261206};
    const instant start = instant{date::sys_days{date::January / 1 / 2026}};
    std::uniform_int_distribution<long> minute(0, 365L * 24 * 60), length(0, 40L * 24 * 60);
    for (int i = 0; i < 2000; ++i) {
        const instant from = start + std::chrono::minutes{minute(rng)} + std::chrono::milliseconds{i};
        const instant to = from + std::chrono::minutes{length(rng)};
        std::chrono::milliseconds sum{};
        instant previous = from;
        for (const auto& [b, e] : slakit::open_spans(cal, from, to)) {
            REQUIRE(b < e);
            REQUIRE(b >= previous);
            REQUIRE(cal.is_open(b));
            sum += e - b;
            previous = e;
        }
        REQUIRE(sum == cal.elapsed(from, to));
    }
}
