// A catalogue of bad inputs and what each one gets: one TEST_CASE per input,
// asserting the exact exception type, the exact message and, for parse errors,
// the position. docs/errors.md lists the same rows as a table.
//
// Text parsers throw slakit::parse_error (a std::invalid_argument) whose what()
// ends "at position P in \"<input>\""; builders such as weekly_schedule::add and
// date_exceptions throw std::invalid_argument; serialized state throws
// slakit::corrupt_state.
#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/schedule.hpp>
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <vector>

using namespace std::chrono_literals;
using slakit::calendar;
using slakit::parse_error;
using slakit::weekly_schedule;

namespace {

// What a call threw: its dynamic type, and where a parse_error says the problem is.
struct refusal {
    std::type_index type = typeid(void);  // typeid(void): nothing was thrown
    std::optional<std::size_t> position;
    std::string input;
};

template <class F>
refusal refusal_of(F&& f) {
    try {
        f();
    } catch (const parse_error& e) {
        return {typeid(e), e.position(), e.input()};
    } catch (const std::exception& e) {
        return {typeid(e), std::nullopt, {}};
    }
    return {};
}

// Exactly a parse_error (not merely something derived from invalid_argument),
// quoting the whole input and pointing at `position` in it.
template <class F>
void check_parse_error_at(F&& f, std::string_view input, std::size_t position) {
    const refusal r = refusal_of(f);
    CHECK(r.type == std::type_index(typeid(parse_error)));
    CHECK(r.input == input);
    CHECK(r.position == position);
}

template <class Exception, class F>
void check_exact_type(F&& f) {
    CHECK(refusal_of(f).type == std::type_index(typeid(Exception)));
}

date::year_month_day ymd(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int h = 0) {
    return date::sys_days{ymd(y, m, d)} + std::chrono::hours{h};
}

}  // namespace

// ---------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------

TEST_CASE("bad input: an unknown time zone name") {
    const auto make = [] { return calendar("Mars/Olympus_Mons", weekly_schedule::always_open()); };
    CHECK_THROWS_WITH_AS(make(), "Mars/Olympus_Mons not found in timezone database", std::runtime_error);
    check_exact_type<std::runtime_error>(make);
}

TEST_CASE("bad input: a time zone name in the wrong case") {
    // The tz database's names are case-sensitive.
    const auto make = [] { return calendar("america/new_york", weekly_schedule::always_open()); };
    CHECK_THROWS_WITH_AS(make(), "america/new_york not found in timezone database", std::runtime_error);
    check_exact_type<std::runtime_error>(make);
}

TEST_CASE("bad input: a UTC offset where a time zone name belongs") {
    // An offset has no DST rules: use slakit::fixed_offset_zone for one on purpose.
    const auto make = [] { return calendar("+05:30", weekly_schedule::always_open()); };
    CHECK_THROWS_WITH_AS(make(), "+05:30 not found in timezone database", std::runtime_error);
    check_exact_type<std::runtime_error>(make);
}

// ---------------------------------------------------------------------------
// Schedules and intervals
// ---------------------------------------------------------------------------

TEST_CASE("bad input: overlapping intervals on one day") {
    constexpr std::string_view text = "09:00-12:00,11:00-13:00";
    CHECK_THROWS_WITH_AS((void)slakit::parse_intervals(text),
                         "09:00-12:00 overlaps 11:00-13:00 at position 12 in \"09:00-12:00,11:00-13:00\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_intervals(text); }, text, 12);
}

TEST_CASE("bad input: a night shift overlapping the next morning's") {
    constexpr std::string_view text = "Mon 22:00-06:00; Tue 05:00-07:00";
    CHECK_THROWS_WITH_AS(
        (void)weekly_schedule::parse(text),
        "Mon 22:00-06:00 overlaps Tue 05:00-07:00 at position 21 in \"Mon 22:00-06:00; Tue 05:00-07:00\"", parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 21);
}

TEST_CASE("bad input: a Sunday night shift overlapping Monday morning") {
    constexpr std::string_view text = "Sun 22:00-06:00; Mon 05:00-07:00";
    CHECK_THROWS_WITH_AS(
        (void)weekly_schedule::parse(text),
        "Sun 22:00-06:00 overlaps Mon 05:00-07:00 at position 21 in \"Sun 22:00-06:00; Mon 05:00-07:00\"", parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 21);
}

TEST_CASE("bad input: weekly_schedule::add of an overlapping interval") {
    weekly_schedule week = weekly_schedule::parse("Mon 09:00-12:00");
    const auto add = [&] { week.add(date::Monday, {11h, 13h}); };
    CHECK_THROWS_WITH_AS(add(), "Mon 09:00-12:00 overlaps Mon 11:00-13:00", std::invalid_argument);
    check_exact_type<std::invalid_argument>(add);  // not a parse_error: there is no text
    CHECK(week == weekly_schedule::parse("Mon 09:00-12:00"));  // left as it was
}

TEST_CASE("bad input: weekly_schedule::add of an invalid interval") {
    weekly_schedule week;
    const auto add = [&] { week.add(date::Tuesday, {9h, 9h}); };
    CHECK_THROWS_WITH_AS(add(),
                         "weekly_schedule::add: not a valid interval (open 32400s, close 32400s; "
                         "want open in [0, 24h), close in [0, 24h], open != close)",
                         std::invalid_argument);
    check_exact_type<std::invalid_argument>(add);
}

TEST_CASE("bad input: 24:01") {
    constexpr std::string_view text = "09:00-24:01";
    CHECK_THROWS_WITH_AS((void)slakit::parse_interval(text),
                         "invalid time \"24:01\": past the end of the day (24:00) at position 6 in \"09:00-24:01\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_interval(text); }, text, 6);
}

TEST_CASE("bad input: 24:00 as an opening time") {
    constexpr std::string_view text = "Mon 24:00-06:00";
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "interval \"24:00-06:00\" opens at 24:00, which can only close one at position 4 in "
                         "\"Mon 24:00-06:00\"",
                         parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 4);
}

TEST_CASE("bad input: a single-digit hour") {
    constexpr std::string_view text = "Mon-Fri 9:00-18:00";
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "invalid time \"9:00\": expected HH:MM or HH:MM:SS at position 8 in \"Mon-Fri 9:00-18:00\"",
                         parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 8);
}

TEST_CASE("bad input: an empty interval") {
    constexpr std::string_view text = "Mon 00:00-00:00";
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "empty interval \"00:00-00:00\" (a whole day is 00:00-24:00) at position 4 in "
                         "\"Mon 00:00-00:00\"",
                         parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 4);
}

TEST_CASE("bad input: a day named twice in one clause") {
    constexpr std::string_view text = "Mon-Fri,Wed 09:00-18:00";
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "day Wed named twice in the clause, again by \"Wed\" at position 8 in "
                         "\"Mon-Fri,Wed 09:00-18:00\"",
                         parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 8);
}

TEST_CASE("bad input: days without hours") {
    constexpr std::string_view text = "Mon-Fri";
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "clause \"Mon-Fri\" has no intervals at position 0 in \"Mon-Fri\"", parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 0);
}

TEST_CASE("bad input: an en dash between day names (pasted from a word processor)") {
    constexpr std::string_view text = "Mon\u2013Fri 09:00-18:00";  // UTF-8 E2 80 93
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "unexpected \"\u2013Fri\" after the days (expected intervals such as 09:00-18:00) "
                         "at position 3 in \"Mon\u2013Fri 09:00-18:00\"",
                         parse_error);
    // Positions count bytes, not characters.
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 3);
}

TEST_CASE("bad input: a non-UTF-8 byte in a schedule") {
    constexpr std::string_view text = "Mon\xff 09:00-18:00";
    CHECK_THROWS_WITH_AS((void)weekly_schedule::parse(text),
                         "unexpected \"\xff\" after the days (expected intervals such as 09:00-18:00) "
                         "at position 3 in \"Mon\xff 09:00-18:00\"",
                         parse_error);
    check_parse_error_at([&] { (void)weekly_schedule::parse(text); }, text, 3);
}

TEST_CASE("not an error: an empty schedule is closed all week") {
    // Nothing to refuse in the text; the calendar then refuses queries that need open time.
    const weekly_schedule week = weekly_schedule::parse(" ; ");
    CHECK(week.empty());
    const calendar cal{date::locate_zone("Europe/London"), week};
    CHECK_THROWS_WITH_AS((void)cal.next_open(utc(2026, 6, 1)), "the calendar has no open time after this instant",
                         slakit::no_open_time);
}

// ---------------------------------------------------------------------------
// Dates and date ranges
// ---------------------------------------------------------------------------

TEST_CASE("bad input: a date range that ends before it starts (parse_date_range)") {
    constexpr std::string_view text = "2026-10-07..2026-10-01";
    CHECK_THROWS_WITH_AS((void)slakit::parse_date_range(text),
                         "date range ends before it starts at position 12 in \"2026-10-07..2026-10-01\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_date_range(text); }, text, 12);
}

TEST_CASE("bad input: a date range that ends before it starts (date_exceptions::close)") {
    slakit::date_exceptions holidays;
    const auto close = [&] { holidays.close(ymd(2026, 10, 7), ymd(2026, 10, 1)); };
    CHECK_THROWS_WITH_AS(close(), "date range ends (2026-10-01) before it starts (2026-10-07)", std::invalid_argument);
    check_exact_type<std::invalid_argument>(close);
    CHECK(holidays.empty());
}

TEST_CASE("bad input: a date that is not in the calendar") {
    constexpr std::string_view text = "2027-02-29";
    CHECK_THROWS_WITH_AS((void)slakit::parse_date(text),
                         "2027-02-29 is not a calendar date at position 8 in \"2027-02-29\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_date(text); }, text, 8);

    slakit::date_exceptions holidays;
    CHECK_THROWS_WITH_AS(holidays.close(ymd(2027, 2, 29)), "not a valid date in a calendar exception",
                         std::invalid_argument);
}

TEST_CASE("bad input: two answers for one date in the exceptions") {
    slakit::date_exceptions holidays;
    holidays.close(ymd(2026, 10, 1), ymd(2026, 10, 7));
    const auto reopen = [&] { holidays.open(ymd(2026, 10, 3), "09:00-18:00"); };
    CHECK_THROWS_WITH_AS(reopen(), "conflicting exceptions for 2026-10-03", std::invalid_argument);
    check_exact_type<std::invalid_argument>(reopen);
}

// ---------------------------------------------------------------------------
// Instants
// ---------------------------------------------------------------------------

TEST_CASE("bad input: an instant before 1900") {
    constexpr std::string_view text = "1899-12-31T23:59:59Z";
    CHECK_THROWS_WITH_AS((void)slakit::parse_instant(text),
                         "instant outside the supported range [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z) "
                         "at position 0 in \"1899-12-31T23:59:59Z\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_instant(text); }, text, 0);
    // The range is on UTC, not on the local date written.
    CHECK(slakit::parse_instant("1899-12-31T23:30:00-01:00") == slakit::instant{utc(1900, 1, 1) + 30min});
    CHECK_THROWS_AS((void)slakit::parse_instant("1900-01-01T00:30:00+01:00"), parse_error);
}

TEST_CASE("bad input: an instant at or after 2200") {
    constexpr std::string_view text = "2200-01-01T00:00:00Z";
    CHECK_THROWS_WITH_AS((void)slakit::parse_instant(text),
                         "instant outside the supported range [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z) "
                         "at position 0 in \"2200-01-01T00:00:00Z\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_instant(text); }, text, 0);
    CHECK(slakit::parse_instant("2199-12-31T23:59:59.999Z") == slakit::instant{utc(2200, 1, 1)} - 1ms);
}

TEST_CASE("bad input: a timestamp without an offset") {
    constexpr std::string_view text = "2026-03-08T09:00:00";
    CHECK_THROWS_WITH_AS((void)slakit::parse_instant(text),
                         "timestamp without an offset at position 19 in \"2026-03-08T09:00:00\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_instant(text); }, text, 19);
}

TEST_CASE("bad input: a non-UTF-8 byte in an instant") {
    constexpr std::string_view text = "2026-03-08T09:00:00\xffZ";
    CHECK_THROWS_WITH_AS((void)slakit::parse_instant(text),
                         "expected an offset (Z, +HH:MM or -HH:MM) at position 19 in \"2026-03-08T09:00:00\xffZ\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_instant(text); }, text, 19);
}

TEST_CASE("bad input: a leap second") {
    constexpr std::string_view text = "2016-12-31T23:59:60Z";
    CHECK_THROWS_WITH_AS((void)slakit::parse_instant(text),
                         "second 60 out of range (leap seconds are not accepted) at position 17 in "
                         "\"2016-12-31T23:59:60Z\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_instant(text); }, text, 17);
}

TEST_CASE("bad input: Unix seconds where an ISO 8601 instant belongs") {
    constexpr std::string_view text = "1772960400";
    CHECK_THROWS_WITH_AS((void)slakit::parse_instant(text),
                         "expected '-' after the year at position 4 in \"1772960400\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_instant(text); }, text, 4);
}

// ---------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------

TEST_CASE("bad input: \"m\" as a unit") {
    constexpr std::string_view text = "1h30m";
    CHECK_THROWS_WITH_AS((void)slakit::parse_duration(text),
                         "unknown unit \"m\" (use d, h, min, s or ms) at position 4 in \"1h30m\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_duration(text); }, text, 4);
}

TEST_CASE("bad input: a negative duration") {
    constexpr std::string_view text = "-5min";
    CHECK_THROWS_WITH_AS((void)slakit::parse_duration(text), "negative duration at position 0 in \"-5min\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_duration(text); }, text, 0);
}

TEST_CASE("bad input: a fractional duration") {
    constexpr std::string_view text = "1.5h";
    CHECK_THROWS_WITH_AS((void)slakit::parse_duration(text),
                         "fractional numbers are not supported in durations at position 1 in \"1.5h\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_duration(text); }, text, 1);
}

TEST_CASE("bad input: a duration past milliseconds::max()") {
    // milliseconds::max() is 106751991167 days and a bit.
    constexpr std::string_view text = "106751991168d";
    CHECK_THROWS_WITH_AS((void)slakit::parse_duration(text), "duration too large at position 0 in \"106751991168d\"",
                         parse_error);
    check_parse_error_at([&] { (void)slakit::parse_duration(text); }, text, 0);
    CHECK(slakit::parse_duration("106751991167d") == std::chrono::days{106751991167});
}

TEST_CASE("bad input: an empty duration") {
    constexpr std::string_view text = " \t";
    CHECK_THROWS_WITH_AS((void)slakit::parse_duration(text), "empty duration at position 2 in \" \t\"", parse_error);
    check_parse_error_at([&] { (void)slakit::parse_duration(text); }, text, 2);
}

// ---------------------------------------------------------------------------
// Calendar queries
// ---------------------------------------------------------------------------

TEST_CASE("bad input: a deadline with a negative duration") {
    const calendar cal{date::locate_zone("Asia/Shanghai"), weekly_schedule::parse("Mon-Fri 09:00-18:00")};
    const auto ask = [&] { (void)cal.deadline(utc(2026, 11, 30, 1), -1s); };
    CHECK_THROWS_WITH_AS(ask(), "deadline: negative duration", std::invalid_argument);
    check_exact_type<std::invalid_argument>(ask);
}

TEST_CASE("bad input: a deadline on a calendar that never opens again") {
    slakit::date_exceptions only;
    only.open(ymd(2026, 6, 1), "10:00-11:00");
    const calendar cal{date::locate_zone("Asia/Shanghai"), weekly_schedule{}, only};
    const auto ask = [&] { (void)cal.deadline(utc(2026, 1, 1), 61min); };
    CHECK_THROWS_WITH_AS(ask(), "the calendar has no open time after this instant", slakit::no_open_time);
    check_exact_type<slakit::no_open_time>(ask);
}

TEST_CASE("bad input: next_close on a calendar that never closes") {
    const calendar cal{date::locate_zone("America/New_York"), weekly_schedule::always_open()};
    const auto ask = [&] { (void)cal.next_close(utc(2026, 3, 8)); };
    CHECK_THROWS_WITH_AS(ask(), "next_close: the calendar never closes", std::domain_error);
    check_exact_type<slakit::never_closes>(ask);
}

// ---------------------------------------------------------------------------
// Serialized statistics
// ---------------------------------------------------------------------------

namespace {

std::vector<std::byte> sample_sketch_bytes() {
    slakit::ddsketch<> s;
    for (const std::int64_t v : {0, 1000, 1200, 1250}) s.add(v);
    return s.to_bytes();
}

}  // namespace

TEST_CASE("bad input: a truncated serialized sketch") {
    const auto bytes = sample_sketch_bytes();
    const auto read = [&] { (void)slakit::ddsketch<>::from_bytes(std::span(bytes).first(20)); };
    CHECK_THROWS_WITH_AS(read(),
                         "ddsketch: truncated: relative accuracy denominator needs 8 bytes at offset 13, 7 left",
                         slakit::corrupt_state);
    check_exact_type<slakit::corrupt_state>(read);
    // Cut inside the bucket counts, the size check speaks first.
    const auto cut = std::span(bytes).first(bytes.size() - 1);
    CHECK_THROWS_WITH_AS((void)slakit::ddsketch<>::from_bytes(cut),
                         ("ddsketch: expected " + std::to_string(bytes.size() - 45) +
                          " bytes of bucket counts, found " + std::to_string(bytes.size() - 46))
                             .c_str(),
                         slakit::corrupt_state);
}

TEST_CASE("bad input: a 0-byte serialized state") {
    const std::span<const std::byte> nothing;
    CHECK_THROWS_WITH_AS((void)slakit::ddsketch<>::from_bytes(nothing),
                         "ddsketch: truncated: magic needs 1 bytes at offset 0, 0 left", slakit::corrupt_state);
    CHECK_THROWS_WITH_AS((void)slakit::response_stats<>::from_bytes(nothing),
                         "response_stats: truncated: magic needs 1 bytes at offset 0, 0 left", slakit::corrupt_state);
    CHECK_THROWS_WITH_AS((void)slakit::compliance_counters::from_bytes(nothing),
                         "compliance_counters: truncated: magic needs 1 bytes at offset 0, 0 left",
                         slakit::corrupt_state);
}

TEST_CASE("bad input: a sketch read as response_stats") {
    const auto bytes = sample_sketch_bytes();
    const auto read = [&] { (void)slakit::response_stats<>::from_bytes(bytes); };
    CHECK_THROWS_WITH_AS(read(), "response_stats: bad magic, not a 'slrs' blob", slakit::corrupt_state);
    check_exact_type<slakit::corrupt_state>(read);
}

TEST_CASE("bad input: a sketch of another accuracy") {
    const auto bytes = sample_sketch_bytes();
    const auto read = [&] { (void)slakit::ddsketch<std::ratio<1, 50>>::from_bytes(bytes); };
    CHECK_THROWS_WITH_AS(read(), "ddsketch: relative accuracy 1/100 does not match this sketch's 1/50",
                         slakit::corrupt_state);
    check_exact_type<slakit::corrupt_state>(read);
}

TEST_CASE("bad input: response_stats of another tick period") {
    slakit::response_stats<> ms;
    ms.add(250ms);
    const auto bytes = ms.to_bytes();
    const auto read = [&] { (void)slakit::response_stats<std::chrono::seconds>::from_bytes(bytes); };
    CHECK_THROWS_WITH_AS(read(), "response_stats: tick period 1/1000 s does not match this accumulator's 1/1 s",
                         slakit::corrupt_state);
    check_exact_type<slakit::corrupt_state>(read);
}

TEST_CASE("bad input: trailing bytes after serialized counters") {
    slakit::compliance_counters c;
    c.add(slakit::scope::in_hours, slakit::status::met);
    auto bytes = c.to_bytes();
    bytes.push_back(std::byte{0});
    const auto read = [&] { (void)slakit::compliance_counters::from_bytes(bytes); };
    CHECK_THROWS_WITH_AS(read(), "compliance_counters: 1 unexpected trailing bytes at offset 45",
                         slakit::corrupt_state);
    check_exact_type<slakit::corrupt_state>(read);
}
