#include <slakit/detail/local_line.hpp>

#include <doctest/doctest.h>

#include <date/date.h>

#include <string>

// The local line on its own, against a minute-by-minute count of open minutes;
// tests/calendar.cpp checks it again through the calendar and real zones.
using slakit::detail::local_line;
using slakit::detail::sec;

namespace {

bool open_in_model(const slakit::weekly_schedule& week, const slakit::date_exceptions& exceptions, sec L) {
    const date::local_days day{date::days{slakit::detail::floor_div(L, 86'400)}};
    const auto minute_of_day = std::chrono::seconds{L - day.time_since_epoch().count() * 86'400};
    bool open = false;
    bool special = false;
    exceptions.for_each([&](date::local_days d, std::span<const slakit::time_interval> intervals) {
        if (d != day) return;
        special = true;
        for (const auto& iv : intervals) open = open || (minute_of_day >= iv.open && minute_of_day < iv.close);
    });
    if (special) return open;
    for (const auto& iv : week.on(date::weekday{day}))
        open = open || (minute_of_day >= iv.open && minute_of_day < iv.close);
    return open;
}

}  // namespace

TEST_CASE("open time before L, membership and the inverse agree with a minute-by-minute model") {
    using namespace date::literals;
    for (const char* text :
         {"Mon-Fri 09:00-18:00", "Mon-Sun 00:00-24:00", "Mon,Wed 08:00-12:00,13:00-17:30; Sat 10:00-14:00"}) {
        CAPTURE(std::string{text});
        const auto week = slakit::weekly_schedule::parse(text);
        slakit::date_exceptions exceptions;
        exceptions.close(2026_y / 3 / 4).open(2026_y / 3 / 7, "09:00-11:00").close(2026_y / 3 / 16, 2026_y / 3 / 18);
        const local_line line{week, exceptions};
        REQUIRE(line.has_open_time());
        const sec from = date::local_seconds{date::local_days{2026_y / 2 / 23}}.time_since_epoch().count();
        const sec to = date::local_seconds{date::local_days{2026_y / 3 / 30}}.time_since_epoch().count();
        sec counted = 0;
        for (sec L = from; L < to; L += 60) {
            const bool open = open_in_model(week, exceptions, L);
            REQUIRE(line.contains(L) == open);
            REQUIRE(line.before(L) - line.before(from) == counted);
            if (open) {
                // The earliest instant with that much open time behind it: one second into L.
                REQUIRE(line.inverse(line.before(L) + 1) == L + 1);
                counted += 60;
            }
        }
        CHECK(counted > 0);
    }
}
