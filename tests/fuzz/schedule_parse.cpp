// Fuzz target: weekly_schedule::parse, parse_intervals and parse_interval on
// arbitrary text.
//
// Only slakit::parse_error may escape a parser (anything else reaches libFuzzer as
// an uncaught exception), and every error must point inside the text it quotes.
// A schedule that parses must print canonically and parse back equal, and be
// rebuildable interval by interval with add().
#include <slakit/schedule.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, std::string_view detail = {}) {
    std::fprintf(stderr, "schedule_parse: %s\n  input: \"%.*s\"\n  detail: \"%.*s\"\n", what,
                 static_cast<int>(input.size()), input.data(), static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void check_error(const slakit::parse_error& e, std::string_view text) {
    if (e.input() != text) fail("parse_error quotes another input", text, e.input());
    if (e.position() > text.size()) fail("parse_error position past the end", text, e.what());
}

void check_interval(const slakit::time_interval& iv, std::string_view text) {
    if (!slakit::is_valid(iv)) fail("parsed an invalid interval", text);
    // A close of 00:00 is always kept as 24:00, so it never appears.
    if (iv.close == std::chrono::seconds{0}) fail("close of 00:00 not normalized", text);
    const std::string printed = slakit::to_string(iv);
    if (slakit::parse_interval(printed) != iv) fail("interval does not round-trip", text, printed);
}

void check_schedule(const slakit::weekly_schedule& week, std::string_view text) {
    const std::string printed = week.to_string();
    const slakit::weekly_schedule again = slakit::weekly_schedule::parse(printed);
    if (!(again == week)) fail("parse(to_string()) differs", text, printed);
    if (again.to_string() != printed) fail("to_string is not canonical", text, printed);

    slakit::weekly_schedule rebuilt;
    std::chrono::seconds total{0};
    for (unsigned d = 0; d < 7; ++d) {
        const date::weekday day{d};
        const auto intervals = week.on(day);
        for (std::size_t i = 0; i < intervals.size(); ++i) {
            check_interval(intervals[i], text);
            if (i > 0 && !(intervals[i - 1].open < intervals[i].open)) {
                fail("a day's intervals are not sorted", text, printed);
            }
            total += intervals[i].length();
            try {
                rebuilt.add(day, intervals[i]);
            } catch (const std::invalid_argument& e) {
                fail("add() refuses an interval parse() accepted", text, e.what());
            }
        }
    }
    if (!(rebuilt == week)) fail("add() builds another schedule", text, printed);
    if (total != week.open_per_week() || total > std::chrono::hours{7 * 24}) {
        fail("open_per_week is wrong", text, printed);
    }
    if (week.empty() != (total == std::chrono::seconds{0})) fail("empty() disagrees", text, printed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    try {
        check_schedule(slakit::weekly_schedule::parse(text), text);
    } catch (const slakit::parse_error& e) {
        check_error(e, text);
    }

    try {
        const std::vector<slakit::time_interval> day = slakit::parse_intervals(text);
        slakit::weekly_schedule monday;
        for (std::size_t i = 0; i < day.size(); ++i) {
            check_interval(day[i], text);
            if (i > 0 && !(day[i - 1].open < day[i].open)) fail("parse_intervals not sorted", text);
            // parse_intervals refuses overlaps on the 00:00..48:00 line, which is
            // what add() checks within one day of the week.
            try {
                monday.add(date::Monday, day[i]);
            } catch (const std::invalid_argument& e) {
                fail("parse_intervals accepted overlapping intervals", text, e.what());
            }
        }
    } catch (const slakit::parse_error& e) {
        check_error(e, text);
    }

    try {
        check_interval(slakit::parse_interval(text), text);
    } catch (const slakit::parse_error& e) {
        check_error(e, text);
    }
    return 0;
}
