#include <slakit/time.hpp>
// Tests for slakit/time.hpp: supported range, instants, dates, date ranges, durations.

#include <date/tz.h>

#include <doctest/doctest.h>

#include "support/check_rejects.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include <date/date.h>

using namespace std::chrono_literals;
using slakit::parse_error;

namespace {

date::sys_days day(int y, unsigned m, unsigned d) {
    return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

date::year_month_day ymd(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

}  // namespace

TEST_CASE("the supported range is [1900-01-01, 2200-01-01) UTC") {
    static_assert(slakit::earliest_instant < slakit::latest_instant);
    CHECK(slakit::earliest_instant == day(1900, 1, 1));
    CHECK(slakit::latest_instant == day(2200, 1, 1));

    CHECK(slakit::in_supported_range(slakit::earliest_instant));
    CHECK_FALSE(slakit::in_supported_range(slakit::earliest_instant - 1s));
    CHECK_FALSE(slakit::in_supported_range(slakit::latest_instant));
    CHECK(slakit::in_supported_range(slakit::latest_instant - 1s));
    CHECK(slakit::in_supported_range(slakit::sys_time<std::chrono::milliseconds>{slakit::latest_instant - 1ms}));
    CHECK_FALSE(slakit::in_supported_range(slakit::sys_time<std::chrono::nanoseconds>{slakit::earliest_instant - 1ns}));
    CHECK(slakit::in_supported_range(day(2199, 12, 31)));
    CHECK_FALSE(slakit::in_supported_range(day(1899, 12, 31)));
    CHECK(slakit::in_supported_range(slakit::sys_seconds{0s}));
    static_assert(slakit::in_supported_range(slakit::sys_seconds{0s}));
}

TEST_CASE("parse_instant accepts ISO 8601 with an offset") {
    SUBCASE("an offset east of UTC moves the instant back") {
        CHECK(slakit::parse_instant("2026-03-31T23:30:00+08:00") == day(2026, 3, 31) + 15h + 30min);
    }
    SUBCASE("offset spellings") {
        const slakit::instant expected = day(2026, 3, 31) + 15h + 30min;
        CHECK(slakit::parse_instant("2026-03-31T15:30:00Z") == expected);
        CHECK(slakit::parse_instant("2026-03-31t15:30:00z") == expected);
        CHECK(slakit::parse_instant("2026-03-31 15:30:00Z") == expected);
        CHECK(slakit::parse_instant("2026-03-31T15:30Z") == expected);
        CHECK(slakit::parse_instant("2026-03-31T23:30+0800") == expected);
        CHECK(slakit::parse_instant("2026-03-31T23:30+08") == expected);
        CHECK(slakit::parse_instant("2026-03-31T10:00-05:30") == expected);
        CHECK(slakit::parse_instant("2026-03-31T10:00-0530") == expected);
        CHECK(slakit::parse_instant("2026-03-31T15:30-00:00") == expected);
        CHECK(slakit::parse_instant("2026-04-01T01:30:00+10:00") == expected);
    }
    SUBCASE("the offset can carry the instant into another day or year") {
        CHECK(slakit::parse_instant("2026-01-01T02:00:00+08:00") == day(2025, 12, 31) + 18h);
        CHECK(slakit::parse_instant("2025-12-31T22:00:00-03:00") == day(2026, 1, 1) + 1h);
    }
    SUBCASE("fractions keep milliseconds and drop the rest") {
        const auto base = day(2026, 3, 31) + 15h + 30min;
        CHECK(slakit::parse_instant("2026-03-31T15:30:00.5Z") == base + 500ms);
        CHECK(slakit::parse_instant("2026-03-31T15:30:00.05Z") == base + 50ms);
        CHECK(slakit::parse_instant("2026-03-31T15:30:00.123Z") == base + 123ms);
        CHECK(slakit::parse_instant("2026-03-31T15:30:00.1239Z") == base + 123ms);
        CHECK(slakit::parse_instant("2026-03-31T15:30:00.999999999Z") == base + 999ms);
        CHECK(slakit::parse_instant("2026-03-31T15:30:00.000000000Z") == base);
    }
    SUBCASE("dropping digits rounds toward the past, also before 1970") {
        CHECK(slakit::parse_instant("1969-12-31T23:59:59.9999Z").time_since_epoch() == -1ms);
        CHECK(slakit::parse_instant("1970-01-01T00:00:00.0009Z").time_since_epoch() == 0ms);
    }
    SUBCASE("whitespace around the text is trimmed") {
        CHECK(slakit::parse_instant("  2026-03-31T15:30Z\t\n") == day(2026, 3, 31) + 15h + 30min);
    }
    SUBCASE("leap days") {
        CHECK(slakit::parse_instant("2028-02-29T12:00Z") == day(2028, 2, 29) + 12h);
        CHECK(slakit::parse_instant("2000-02-29T00:00Z") == day(2000, 2, 29));
        CHECK_REJECTS(slakit::parse_instant("2027-02-29T12:00Z"), 8, "2027-02-29 is not a calendar date");
        CHECK_REJECTS(slakit::parse_instant("1900-02-29T12:00Z"), 8, "not a calendar date");
    }
    SUBCASE("the supported range is checked on the UTC instant") {
        CHECK(slakit::parse_instant("1900-01-01T00:00:00Z") == slakit::earliest_instant);
        CHECK(slakit::parse_instant("1899-12-31T23:00-02:00") == day(1900, 1, 1) + 1h);
        CHECK(slakit::parse_instant("2199-12-31T23:59:59.999Z") == slakit::latest_instant - 1ms);
        CHECK(slakit::parse_instant("2200-01-01T01:00+02:00") == day(2199, 12, 31) + 23h);
        CHECK_REJECTS(slakit::parse_instant("1899-12-31T23:59:59.999Z"), 0, "supported range");
        CHECK_REJECTS(slakit::parse_instant("1900-01-01T01:00+02:00"), 0, "supported range");
        CHECK_REJECTS(slakit::parse_instant("2200-01-01T00:00Z"), 0, "supported range");
        CHECK_REJECTS(slakit::parse_instant("2199-12-31T23:00-01:00"), 0, "supported range");
        CHECK_REJECTS(slakit::parse_instant("  9999-12-31T23:00Z"), 2, "supported range");
    }
}

TEST_CASE("parse_instant rejects malformed text and names the position") {
    CHECK_THROWS_AS(static_cast<void>(slakit::parse_instant("2026-03-31T23:30:00")), parse_error);
    CHECK_THROWS_AS(static_cast<void>(slakit::parse_instant("2026-03-31T23:30:00")), std::invalid_argument);
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30:00"), 19, "timestamp without an offset");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30"), 16, "timestamp without an offset");
    CHECK_REJECTS(slakit::parse_instant(""), 0, "empty timestamp");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31"), 10, "without a time of day");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31X23:30Z"), 10, "expected 'T'");
    CHECK_REJECTS(slakit::parse_instant("26-03-31T23:30Z"), 0, "4-digit year");
    CHECK_REJECTS(slakit::parse_instant("2026/03/31T23:30Z"), 4, "expected '-' after the year");
    CHECK_REJECTS(slakit::parse_instant("2026-3-31T23:30Z"), 5, "2-digit month");
    CHECK_REJECTS(slakit::parse_instant("2026-13-01T00:00Z"), 5, "month 13 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-00-01T00:00Z"), 5, "month 0 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-02-30T00:00Z"), 8, "2026-02-30 is not a calendar date");
    CHECK_REJECTS(slakit::parse_instant("2026-04-31T00:00Z"), 8, "not a calendar date");
    CHECK_REJECTS(slakit::parse_instant("2026-04-00T00:00Z"), 8, "not a calendar date");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T9:30Z"), 11, "2-digit hour");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T24:00Z"), 11, "hour 24 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23.30Z"), 13, "expected ':' after the hour");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:60Z"), 14, "minute 60 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:59:60Z"), 17, "second 60 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:59:5Z"), 17, "2-digit second");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30:00.Z"), 20, "expected digits after '.'");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30:00.1234567890Z"), 29, "more than 9 fraction digits");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30.5Z"), 16, "expected an offset");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30 +08:00"), 16, "expected an offset");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30+8"), 17, "2-digit offset hour");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30+24:00"), 17, "offset hour 24 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30+08:60"), 20, "offset minute 60 out of range");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30+08:"), 20, "2-digit offset minute");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30+080"), 19, "2-digit offset minute");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30:00+08:00x"), 25, "unexpected text");
    CHECK_REJECTS(slakit::parse_instant("2026-03-31T23:30:00Z 1"), 20, "unexpected text");
}

TEST_CASE("parse_instant reads back what date::format writes, for random instants and offsets") {
    std::mt19937_64 rng{20260331};
    const auto lo =
        std::chrono::time_point_cast<std::chrono::milliseconds>(slakit::earliest_instant).time_since_epoch().count();
    const auto hi =
        std::chrono::time_point_cast<std::chrono::milliseconds>(slakit::latest_instant).time_since_epoch().count() - 1;
    std::uniform_int_distribution<std::int64_t> instant_ms{lo, hi};
    std::uniform_int_distribution<int> quarter_hours{-14 * 4, 14 * 4};
    std::uniform_int_distribution<int> style{0, 3};
    for (int i = 0; i < 3000; ++i) {
        const slakit::instant utc{std::chrono::milliseconds{instant_ms(rng)}};
        const std::chrono::minutes offset{15 * quarter_hours(rng)};
        const slakit::instant local = utc + offset;
        std::string text = date::format(style(rng) == 0 ? "%F %T" : "%FT%T", local);
        const auto abs_offset = offset < 0min ? -offset : offset;
        const auto oh = abs_offset.count() / 60;
        const auto om = abs_offset.count() % 60;
        if (offset == 0min && style(rng) == 0) {
            text += 'Z';
        } else {
            text += offset < 0min ? '-' : '+';
            text += static_cast<char>('0' + oh / 10);
            text += static_cast<char>('0' + oh % 10);
            if (style(rng) != 0) text += ':';
            text += static_cast<char>('0' + om / 10);
            text += static_cast<char>('0' + om % 10);
        }
        INFO(text);
        CHECK(slakit::parse_instant(text) == utc);
    }
}

TEST_CASE("parse_date") {
    CHECK(slakit::parse_date("2026-10-01") == ymd(2026, 10, 1));
    CHECK(slakit::parse_date(" 2028-02-29 ") == ymd(2028, 2, 29));
    CHECK(slakit::parse_date("1900-01-01") == ymd(1900, 1, 1));
    CHECK(slakit::parse_date("2199-12-31") == ymd(2199, 12, 31));
    CHECK_REJECTS(slakit::parse_date("2027-02-29"), 8, "2027-02-29 is not a calendar date");
    CHECK_REJECTS(slakit::parse_date("2026-02-30"), 8, "not a calendar date");
    CHECK_REJECTS(slakit::parse_date("1899-12-31"), 0, "supported range");
    CHECK_REJECTS(slakit::parse_date(" 2200-01-01"), 1, "supported range");
    CHECK_REJECTS(slakit::parse_date("2026-10-01T00:00Z"), 10, "unexpected text after the date");
    CHECK_REJECTS(slakit::parse_date("2026-10-1"), 8, "2-digit day");
    CHECK_REJECTS(slakit::parse_date("20261001"), 4, "expected '-'");
    CHECK_REJECTS(slakit::parse_date(""), 0, "empty date");
}

TEST_CASE("parse_date_range") {
    using slakit::date_range;
    CHECK(slakit::parse_date_range("2026-10-01..2026-10-07") == date_range{ymd(2026, 10, 1), ymd(2026, 10, 7)});
    CHECK(slakit::parse_date_range(" 2026-10-01 .. 2026-10-07 ") == date_range{ymd(2026, 10, 1), ymd(2026, 10, 7)});
    CHECK(slakit::parse_date_range("2026-02-15..2026-02-23") == date_range{ymd(2026, 2, 15), ymd(2026, 2, 23)});
    CHECK(slakit::parse_date_range("2025-12-31..2026-01-03") == date_range{ymd(2025, 12, 31), ymd(2026, 1, 3)});
    CHECK(slakit::parse_date_range("2026-10-10") == date_range{ymd(2026, 10, 10), ymd(2026, 10, 10)});
    CHECK(slakit::parse_date_range("2026-10-10..2026-10-10") == date_range{ymd(2026, 10, 10), ymd(2026, 10, 10)});

    CHECK_REJECTS(slakit::parse_date_range("2026-10-07..2026-10-01"), 12, "ends before it starts");
    CHECK_REJECTS(slakit::parse_date_range("2026-10-07 .. 2026-10-01"), 14, "ends before it starts");
    CHECK_REJECTS(slakit::parse_date_range("2026-10-01.2026-10-07"), 10, "expected \"..\"");
    CHECK_REJECTS(slakit::parse_date_range("2026-10-01 2026-10-07"), 11, "expected \"..\"");
    CHECK_REJECTS(slakit::parse_date_range("2026-10-01.."), 12, "4-digit year");
    CHECK_REJECTS(slakit::parse_date_range("2026-10-01..2026-10-07x"), 22, "unexpected text");
    CHECK_REJECTS(slakit::parse_date_range("2027-02-01..2027-02-29"), 20, "not a calendar date");
    CHECK_REJECTS(slakit::parse_date_range("2199-12-01..2200-01-01"), 12, "supported range");
    CHECK_REJECTS(slakit::parse_date_range(""), 0, "empty date range");
}

TEST_CASE("parse_duration accepts parts in decreasing units") {
    using std::chrono::milliseconds;
    CHECK(slakit::parse_duration("45s") == 45s);
    CHECK(slakit::parse_duration("30min") == 30min);
    CHECK(slakit::parse_duration("1h30min") == 90min);
    CHECK(slakit::parse_duration("1h 30min") == 90min);
    CHECK(slakit::parse_duration("1 h 30 min") == 90min);
    CHECK(slakit::parse_duration("2d") == 48h);
    CHECK(slakit::parse_duration("1d2h") == 26h);
    CHECK(slakit::parse_duration("90") == 90s);
    CHECK(slakit::parse_duration(" 60 ") == 60s);
    CHECK(slakit::parse_duration("250ms") == 250ms);
    CHECK(slakit::parse_duration("1s500ms") == 1500ms);
    CHECK(slakit::parse_duration("1d 2h 3min 4s 5ms") == 24h + 2h + 3min + 4s + 5ms);
    CHECK(slakit::parse_duration("0") == 0ms);
    CHECK(slakit::parse_duration("0s") == 0ms);
    CHECK(slakit::parse_duration("007min") == 7min);
    CHECK(slakit::parse_duration("9223372036854775807ms") == milliseconds::max());
    CHECK(slakit::parse_duration("106751991167d") == 106751991167LL * 24h);
}

TEST_CASE("parse_duration rejects the rest and names the position") {
    CHECK_THROWS_AS(static_cast<void>(slakit::parse_duration("-5s")), parse_error);
    CHECK_REJECTS(slakit::parse_duration(""), 0, "empty duration");
    CHECK_REJECTS(slakit::parse_duration("   "), 3, "empty duration");
    CHECK_REJECTS(slakit::parse_duration("-5s"), 0, "negative duration");
    CHECK_REJECTS(slakit::parse_duration("1h-5min"), 2, "negative duration");
    CHECK_REJECTS(slakit::parse_duration("+5s"), 0, "expected a number");
    CHECK_REJECTS(slakit::parse_duration("h"), 0, "expected a number");
    CHECK_REJECTS(slakit::parse_duration("1h,30min"), 2, "expected a number");
    CHECK_REJECTS(slakit::parse_duration("30m"), 2, "unknown unit \"m\"");
    CHECK_REJECTS(slakit::parse_duration("30 sec"), 3, "unknown unit \"sec\"");
    CHECK_REJECTS(slakit::parse_duration("30MIN"), 2, "unknown unit \"MIN\"");
    CHECK_REJECTS(slakit::parse_duration("30min1h"), 6, "unit \"h\" repeated or after a smaller unit");
    CHECK_REJECTS(slakit::parse_duration("1h2h"), 3, "unit \"h\" repeated");
    CHECK_REJECTS(slakit::parse_duration("1h30"), 4, "expected a unit");
    CHECK_REJECTS(slakit::parse_duration("1h 30"), 5, "expected a unit");
    CHECK_REJECTS(slakit::parse_duration("90 90"), 3, "expected a unit");
    CHECK_REJECTS(slakit::parse_duration("1.5h"), 1, "fractional");
    CHECK_REJECTS(slakit::parse_duration("9223372036854775808ms"), 0, "duration too large");
    CHECK_REJECTS(slakit::parse_duration("106751991168d"), 0, "duration too large");
    CHECK_REJECTS(slakit::parse_duration("106751991167d 23h"), 14, "duration too large");
    CHECK_REJECTS(slakit::parse_duration("99999999999999999999999s"), 0, "duration too large");
}

TEST_CASE("parse_duration sums random parts written in random spacing") {
    std::mt19937 rng{45};
    std::uniform_int_distribution<int> coin{0, 1};
    std::uniform_int_distribution<long long> amount{0, 100000};
    const struct {
        const char* unit;
        std::chrono::milliseconds size;
    } units[] = {{"d", 24h}, {"h", 1h}, {"min", 1min}, {"s", 1s}, {"ms", 1ms}};
    for (int i = 0; i < 2000; ++i) {
        std::string text;
        std::chrono::milliseconds expected{0};
        for (const auto& u : units) {
            if (coin(rng) == 0) continue;
            const long long n = amount(rng);
            if (!text.empty() && coin(rng) == 0) text += ' ';
            text += std::to_string(n);
            if (coin(rng) == 0) text += ' ';
            text += u.unit;
            expected += n * u.size;
        }
        if (text.empty()) {
            const long long n = amount(rng);
            text = std::to_string(n);
            expected = n * std::chrono::milliseconds{1s};
        }
        INFO(text);
        CHECK(slakit::parse_duration(text) == expected);
    }
}

TEST_CASE("format_instant writes what parse_instant reads back") {
    using namespace std::chrono_literals;
    const slakit::instant t = date::sys_days{date::year{2026} / 3 / 2} + 1h + 30min + 250ms;
    CHECK(slakit::format_instant(t) == "2026-03-02T01:30:00.250Z");
    CHECK(slakit::format_instant(t - 250ms) == "2026-03-02T01:30:00Z");
    CHECK(slakit::format_instant(t - 250ms, slakit::fraction::always) == "2026-03-02T01:30:00.000Z");
    CHECK(slakit::format_instant(std::chrono::sys_seconds{date::sys_days{date::year{1969} / 12 / 31}}) ==
          "1969-12-31T00:00:00Z");
    CHECK(slakit::format_instant(std::chrono::sys_time<std::chrono::microseconds>{t} + 7us) ==
          "2026-03-02T01:30:00.250007Z");
    CHECK_THROWS_AS((void)slakit::format_instant(std::chrono::sys_seconds{date::sys_days{date::year{10000} / 1 / 1}}),
                    std::out_of_range);
    std::mt19937_64 random{42};
    const auto first = slakit::instant{slakit::earliest_instant};
    const auto span = (slakit::instant{slakit::latest_instant} - first).count();
    for (int i = 0; i < 20000; ++i) {
        auto u =
            first + std::chrono::milliseconds{static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(span))};
        if (i % 3 == 0) u = std::chrono::floor<std::chrono::seconds>(u);
        const auto text =
            slakit::format_instant(u, i % 2 == 0 ? slakit::fraction::always : slakit::fraction::when_nonzero);
        CHECK(slakit::parse_instant(text) == u);
    }
}

TEST_CASE("format_instant in a zone writes the local time and its offset") {
    using namespace std::chrono_literals;
    const auto* shanghai = date::locate_zone("Asia/Shanghai");
    const auto* new_york = date::locate_zone("America/New_York");
    const slakit::instant t = date::sys_days{date::year{2026} / 3 / 9} + 1h;
    CHECK(slakit::format_instant(t, shanghai) == "2026-03-09T09:00:00+08:00");
    CHECK(slakit::format_instant(t + 5ms, new_york) == "2026-03-08T21:00:00.005-04:00");
    CHECK(slakit::format_instant(t, new_york, slakit::fraction::always) == "2026-03-08T21:00:00.000-04:00");
    std::mt19937_64 random{7};
    for (int i = 0; i < 5000; ++i) {
        const slakit::instant u =
            date::sys_days{date::year{1990} / 1 / 1} +
            std::chrono::milliseconds{static_cast<std::int64_t>(random() % (60ULL * 365 * 86'400'000))};
        CHECK(slakit::parse_instant(slakit::format_instant(u, new_york)) == u);
        CHECK(slakit::parse_instant(slakit::format_instant(u, shanghai)) == u);
    }
}

TEST_CASE("format_date writes what parse_date reads") {
    CHECK(slakit::format_date(date::year{2026} / 10 / 1) == "2026-10-01");
    CHECK(slakit::format_date(date::year{987} / 1 / 2) == "0987-01-02");
    CHECK(slakit::parse_date(slakit::format_date(date::year{2199} / 12 / 31)) == date::year{2199} / 12 / 31);
    CHECK(slakit::parse<slakit::fraction>("always") == slakit::fraction::always);
}
