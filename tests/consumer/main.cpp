// Built against an installed slakit (see cmake/run_consumer_test.cmake): proves
// that find_package(slakit) yields usable headers and dependencies, date's tz
// database included, and that the core needs nothing of {fmt}.
// The umbrella must compile without {fmt}.
#include <slakit/slakit.hpp>

#include <chrono>
#include <cstdio>
#include <string>

int main() {
    using namespace std::chrono_literals;
    int failures = 0;
    auto check = [&failures](bool ok, const char* what) {
        if (!ok) {
            std::fprintf(stderr, "consumer check failed: %s\n", what);
            ++failures;
        }
    };

    const slakit::calendar cal{"Asia/Shanghai", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")};
    // Monday 2026-11-30, 09:00 in Shanghai is 01:00 UTC.
    const std::chrono::sys_seconds monday_0900 = date::sys_days{date::year{2026} / 11 / 30} + 1h;
    check(cal.is_open(monday_0900), "09:00 is in hours");
    check(!cal.is_open(monday_0900 + 9h), "18:00 is not");
    check(cal.elapsed(monday_0900, monday_0900 + 24h) == 9h, "one working day is nine hours");
    check(cal.deadline(monday_0900 + 8h, 2h) == monday_0900 + 25h, "a deadline carries over the night");

    try {
        (void)slakit::weekly_schedule::parse("Mon-Fri 09:00-25:00");
        check(false, "25:00 is rejected");
    } catch (const slakit::parse_error& e) {
        check(std::string{e.what()}.find("25") != std::string::npos, "parse_error names the bad text");
    }

    if (failures == 0) std::puts("slakit consumer: OK");
    return failures == 0 ? 0 : 1;
}
