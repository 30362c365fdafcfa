// examples/support/ics.hpp against hand-written iCalendar files (one rule shape each, and
// each bad case with its line), and a calendar whose holidays come from an .ics file against
// the same calendar with the dates typed into `closed`.
#include "support/ics.hpp"

#include "support/config.hpp"

#include <slakit/calendar.hpp>
#include <slakit/time.hpp>

#include <date/date.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using date::year;
using ymd = date::year_month_day;

std::string data(const std::string& relative) {
    const char* root = std::getenv("SLAKIT_SOURCE_DIR");
    REQUIRE_MESSAGE(root != nullptr, "SLAKIT_SOURCE_DIR must name the source tree");
    return std::string{root} + "/tests/examples/ics/" + relative;
}

std::vector<std::string> read(const std::string& file, int first = 2020, int last = 2023) {
    std::vector<std::string> days;
    for (const auto& d : slakit::examples::load_ics_closed_days(data(file), year{first}, year{last}))
        days.push_back(slakit::format_date(d));
    return days;
}

using days = std::vector<std::string>;

}  // namespace

TEST_CASE("yearly rules as libical expands them") {
    CHECK(read("rrule_count.ics") == days{"2021-07-04", "2022-07-04", "2023-07-04"});
    CHECK(read("rrule_until.ics") == days{"2020-05-01", "2021-05-01", "2022-05-01"});
    CHECK(read("rrule_byday.ics") == days{"2020-05-25", "2020-11-26", "2021-05-31", "2021-11-25", "2022-05-30",
                                          "2022-11-24", "2023-05-29", "2023-11-23"});
    CHECK(read("rrule_bymonthday.ics") == days{"2020-01-01", "2020-01-02", "2021-01-01", "2021-01-02"});
}

TEST_CASE("an endless rule stops at the year range, and the range cuts every rule") {
    CHECK(read("rrule_endless.ics", 2020, 2022) == days{"2020-12-25", "2021-12-25", "2022-12-25"});
    CHECK(read("rrule_endless.ics", 2010, 2020) == days{"2020-12-25"});
    CHECK(read("rrule_endless.ics", 2190, 2199) == days{"2190-12-25", "2191-12-25", "2192-12-25", "2193-12-25",
                                                        "2194-12-25", "2195-12-25", "2196-12-25", "2197-12-25",
                                                        "2198-12-25", "2199-12-25"});
    CHECK(read("rrule_byday.ics", 2021, 2022) == days{"2021-05-31", "2021-11-25", "2022-05-30", "2022-11-24"});
    CHECK(read("rrule_count.ics", 2024, 2030).empty());
}

TEST_CASE("EXDATE, RDATE and an instance moved by RECURRENCE-ID") {
    CHECK(read("exdate.ics") == days{"2020-03-17", "2023-03-17"});
    CHECK(read("rdate_override.ics") == days{"2020-06-01", "2020-10-10", "2021-06-02", "2021-10-11", "2022-10-10"});
}

TEST_CASE("a multi-day event closes DTSTART up to DTEND, DTEND excluded") {
    CHECK(read("multi_day.ics") == days{"2020-08-01", "2020-08-02", "2020-08-03", "2020-08-04", "2020-08-05",
                                        "2020-08-06", "2020-08-07", "2020-12-24", "2020-12-25", "2020-12-26",
                                        "2021-12-24", "2021-12-25", "2021-12-26", "2022-12-31", "2023-01-01"});
    // A range that ends inside an event keeps the part inside it.
    CHECK(read("multi_day.ics", 2023, 2023) == days{"2023-01-01"});
    CHECK(read("multi_day.ics", 2022, 2022) == days{"2022-12-31"});
}

TEST_CASE("STATUS:CANCELLED closes nothing, TRANSP:TRANSPARENT closes its day, other components are ignored") {
    CHECK(read("status_transp.ics") == days{"2020-09-10"});
}

TEST_CASE("the China 2026 file closes the days of the State Council notice") {
    days expected;
    const auto add = [&](ymd a, ymd b) {
        for (auto d = date::sys_days{a}; d <= date::sys_days{b}; d += date::days{1})
            expected.push_back(slakit::format_date(ymd{d}));
    };
    using namespace date::literals;
    add(2026_y / 1 / 1, 2026_y / 1 / 3);
    add(2026_y / 2 / 15, 2026_y / 2 / 23);
    add(2026_y / 4 / 4, 2026_y / 4 / 6);
    add(2026_y / 5 / 1, 2026_y / 5 / 5);
    add(2026_y / 6 / 19, 2026_y / 6 / 21);
    add(2026_y / 9 / 25, 2026_y / 9 / 27);
    add(2026_y / 10 / 1, 2026_y / 10 / 7);
    CHECK(expected.size() == 33);
    CHECK(read("china_2026.ics", 1900, 2199) == expected);
}

TEST_CASE("bad files are refused with file:line and the reason") {
    struct bad_case {
        const char* file;
        int line;
        const char* words;
    };
    const bad_case cases[] = {
        {"timed.ics", 7, "has a time (DTSTART:20260105T100000Z"},
        {"timed_tzid.ics", 7, "the dates of a holidays file are all-day (DTSTART;VALUE=DATE:YYYYMMDD)"},
        {"unclosed.ics", 12, "END:VCALENDAR where END:VEVENT was expected (BEGIN:VEVENT at line 9)"},
        {"truncated.ics", 3, "BEGIN:VEVENT is never closed (no END:VEVENT)"},
        {"mismatched_end.ics", 7, "END:VTODO where END:VEVENT was expected (BEGIN:VEVENT at line 4)"},
        {"bad_date_value.ics", 8, "cannot parse: Can't parse as DATE value in DTEND property"},
        {"no_property_name.ics", 8, "could not find a property name or component begin tag: this line is"},
        {"monthly.ics", 8, "only yearly rules (RRULE:FREQ=YEARLY;...) are read, not FREQ=MONTHLY"},
        {"end_before_start.ics", 8, "ends (DTEND 2026-01-05, excluded) before the day after it starts"},
        {"exdate_time.ics", 9, "has a time (EXDATE:20270105T000000Z"},
        {"exdate_second_line.ics", 10, "has a time (EXDATE:20280105T000000Z"},
        {"two_dtstart.ics", 8, "event \"Twice\" has two DTSTART"},
        {"no_dtstart.ics", 4, "event \"When?\" has no DTSTART"},
        {"impossible_rule.ics", 8, "libical cannot expand RRULE:FREQ=YEARLY;BYMONTHDAY=30;BYMONTH=2 (a malformed rule"},
        {"timed_duration.ics", 8, "DURATION must be whole days or weeks"},
        {"not_ical.ics", 1, "content outside BEGIN:VCALENDAR..END:VCALENDAR: <html>"},
        {"empty.ics", 1, "no BEGIN:VCALENDAR: not an iCalendar file"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const std::string path = data(std::string{"bad/"} + c.file);
        try {
            (void)slakit::examples::load_ics_closed_days(path, year{1900}, year{2199});
            FAIL("no error");
        } catch (const slakit::examples::ics_error& e) {
            const std::string message = e.what();
            const std::string where = path + ':' + std::to_string(c.line) + ": ";
            CHECK_MESSAGE(message.rfind(where, 0) == 0, message);
            CHECK_MESSAGE(message.find(c.words) != std::string::npos, message);
        }
    }
    CHECK_THROWS_WITH_AS((void)slakit::examples::load_ics_closed_days(data("missing.ics"), year{1900}, year{2199}),
                         doctest::Contains("missing.ics: cannot open"), slakit::examples::ics_error);
}

TEST_CASE("line numbers count folded lines, and a byte order mark is skipped") {
    const std::string text =
        "\xEF\xBB\xBF"
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:A long\r\n  name\r\n"
        "DTSTART;VALUE=DATE:20260101\r\nDTEND:20260102T0\r\n 00000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    CHECK_THROWS_WITH_AS((void)slakit::examples::parse_ics_closed_days(text, "folded.ics", year{2026}, year{2026}),
                         doctest::Contains("folded.ics:7: event \"A long name\" has a time (DTEND:20260102T000000Z)"),
                         slakit::examples::ics_error);
    const std::string good = text.substr(0, text.find("DTEND")) + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    CHECK(slakit::examples::parse_ics_closed_days(good, "folded.ics", year{2026}, year{2026}) ==
          std::vector<ymd>{date::year{2026} / 1 / 1});
}

TEST_CASE("a calendar with holidays_ics answers as the same calendar with the dates in closed") {
    const auto from_ics = slakit::examples::load_calendar(data("china_2026.toml"));
    const auto typed = slakit::examples::load_calendar(data("../../../examples/calendars/china_2026.toml"));
    std::mt19937_64 random{18};
    const auto start = date::sys_days{date::year{2025} / 12 / 1};
    for (int i = 0; i < 20000; ++i) {
        const auto t =
            slakit::instant{start + std::chrono::seconds{static_cast<std::int64_t>(random() % (400ULL * 86400))}};
        const auto u = t + std::chrono::seconds{static_cast<std::int64_t>(random() % (30ULL * 86400))};
        CAPTURE(slakit::format_instant(t));
        REQUIRE(from_ics.is_open(t) == typed.is_open(t));
        REQUIRE(from_ics.elapsed(t, u) == typed.elapsed(t, u));
        const auto open = std::chrono::minutes{static_cast<std::int64_t>(random() % (60 * 24 * 10))};
        REQUIRE(from_ics.deadline(t, open) == typed.deadline(t, open));
    }
    // And it differs from the calendar without the file: the file is read.
    const auto national_day = slakit::instant{date::sys_days{date::year{2026} / 10 / 8}} - 8h + 10h;  // 10:00 local
    CHECK_FALSE(from_ics.is_open(national_day - 24h));
    CHECK(from_ics.is_open(national_day));
}

TEST_CASE("hours_on wins over a day the file closes, closed and the file may both close a day") {
    const std::string dir = data("");
    const auto parse = [&](const std::string& extra) {
        return slakit::examples::parse_calendar(
            "zone = \"Asia/Shanghai\"\nhours = \"Mon-Fri 09:00-18:00\"\n"
            "holidays_ics = \"china_2026.ics\"\n" +
                extra,
            dir + "inline.toml");
    };
    // 2026-10-02 is a Friday the file closes; hours_on opens it 10:00-12:00.
    const auto opened = parse("closed = [\"2026-10-01\"]\n[hours_on]\n\"2026-10-02\" = \"10:00-12:00\"\n");
    const auto friday_11 = slakit::instant{date::sys_days{date::year{2026} / 10 / 2}} + 3h;  // 11:00 local
    CHECK(opened.is_open(friday_11));
    CHECK_FALSE(opened.is_open(friday_11 + 2h));
    CHECK_FALSE(opened.is_open(friday_11 - 24h));  // 2026-10-01, closed by both
    CHECK_FALSE(parse("").is_open(friday_11));
}

TEST_CASE("holidays_ics errors name the .ics file and line, and the TOML key") {
    const std::string dir = data("");
    const auto error = [&](const std::string& value) {
        try {
            (void)slakit::examples::parse_calendar(
                "zone = \"Asia/Shanghai\"\nhours = \"Mon-Fri 09:00-18:00\"\nholidays_ics = " + value + "\n",
                dir + "inline.toml");
        } catch (const slakit::examples::config_error& e) {
            return std::string{e.what()};
        }
        return std::string{"no error"};
    };
    // The TOML file's place first, as every config_error; then the .ics file's line.
    CHECK(error("\"bad/timed.ics\"")
              .rfind(dir + "inline.toml:3:16: holidays_ics: " + dir + "bad/timed.ics:7: event \"Meeting\" has a time",
                     0) == 0);
    CHECK(error("\"nothing.ics\"").find("nothing.ics: cannot open") != std::string::npos);
    CHECK(error("3").find("inline.toml:3:16: holidays_ics must be the path of an iCalendar file") != std::string::npos);
    CHECK(error("\"\"").find("inline.toml:3:16: holidays_ics must be the path") != std::string::npos);
}
