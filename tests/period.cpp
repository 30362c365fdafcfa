#include <slakit/period.hpp>

#include <slakit/error.hpp>

#include <doctest/doctest.h>

#include <date/date.h>

#include <string>

using slakit::reporting_period;

namespace {

constexpr date::local_days day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

}  // namespace

TEST_CASE("periods: days, ISO weeks from Monday, months, and their labels") {
    CHECK(slakit::period_start(day(2026, 3, 31), reporting_period::day) == day(2026, 3, 31));
    CHECK(slakit::period_start(day(2026, 3, 31), reporting_period::month) == day(2026, 3, 1));
    CHECK(slakit::period_end(day(2026, 2, 1), reporting_period::month) == day(2026, 3, 1));
    CHECK(slakit::period_end(day(2026, 12, 1), reporting_period::month) == day(2027, 1, 1));
    // 2026-03-08 is a Sunday: it closes the week that began on Monday 03-02.
    CHECK(slakit::period_start(day(2026, 3, 8), reporting_period::week) == day(2026, 3, 2));
    CHECK(slakit::period_start(day(2026, 3, 9), reporting_period::week) == day(2026, 3, 9));
    CHECK(slakit::period_end(day(2026, 3, 9), reporting_period::week) == day(2026, 3, 16));

    CHECK(slakit::period_label(day(2026, 3, 31), reporting_period::day) == "2026-03-31");
    CHECK(slakit::period_label(day(2026, 3, 31), reporting_period::month) == "2026-03");
    CHECK(slakit::period_label(day(2026, 3, 8), reporting_period::week) == "2026-W10");
    CHECK(slakit::period_label(day(2026, 3, 9), reporting_period::week) == "2026-W11");
    // ISO week-numbering years: 2026 starts on a Thursday, so its week 1 begins on
    // 2025-12-29 and it has 53 weeks; 2027-01-01 (a Friday) is in 2026-W53.
    CHECK(slakit::period_label(day(2025, 12, 29), reporting_period::week) == "2026-W01");
    CHECK(slakit::period_label(day(2027, 1, 1), reporting_period::week) == "2026-W53");
    CHECK(slakit::period_label(day(2027, 1, 4), reporting_period::week) == "2027-W01");
}

TEST_CASE("reporting periods read back what to_string writes") {
    for (const auto p : {reporting_period::day, reporting_period::week, reporting_period::month}) {
        CHECK(slakit::parse<reporting_period>(slakit::to_string(p)) == p);
        CHECK(slakit::try_parse<reporting_period>(slakit::to_string(p)) == p);
    }
    CHECK(slakit::try_parse<reporting_period>("Month") == std::nullopt);
    CHECK_THROWS_WITH_AS((void)slakit::parse<reporting_period>("quarter"),
                         "unknown reporting period (expected day, week, month) at position 0 in \"quarter\"",
                         slakit::parse_error);
}
