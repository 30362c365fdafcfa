// Zones past their last transition, against Python's zoneinfo: the examples' zones (the
// OS database's explicit transitions continued by each file's footer rule) must change
// offset at exactly the instants zoneinfo finds, and calendars over them must agree
// with the minute-by-minute oracle in 2038-2100.
//
// SLAKIT_ZONEINFO_EXPECTED names the file tests/zoneinfo/transitions.py wrote.
#include "support/tzif.hpp"

#include <slakit/calendar.hpp>

#include "../support/calendar_oracle.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

constexpr int first_year = 2030;
constexpr int end_year = 2201;

struct expected_zone {
    std::string name;
    seconds initial;
    std::vector<std::pair<sys_seconds, seconds>> changes;
};

std::vector<expected_zone> read_expected() {
    const char* path = std::getenv("SLAKIT_ZONEINFO_EXPECTED");
    REQUIRE_MESSAGE(path != nullptr, "SLAKIT_ZONEINFO_EXPECTED is not set");
    std::ifstream in{path};
    REQUIRE_MESSAGE(in, "cannot read " << path);
    std::vector<expected_zone> zones;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words{line};
        if (line.starts_with("zone ")) {
            std::string word, name;
            long offset = 0;
            words >> word >> name >> offset;
            zones.push_back({name, seconds{offset}, {}});
        } else {
            long at = 0, offset = 0;
            words >> at >> offset;
            REQUIRE(!zones.empty());
            zones.back().changes.emplace_back(sys_seconds{seconds{at}}, seconds{offset});
        }
    }
    return zones;
}

sys_seconds year_start(int y) { return date::sys_days{date::year{y} / date::January / 1}; }

// The offset changes a zone makes in [begin, end), as get_info walks them.
template <class Zone>
std::vector<std::pair<sys_seconds, seconds>> changes_of(const Zone& zone, sys_seconds begin, sys_seconds end) {
    std::vector<std::pair<sys_seconds, seconds>> out;
    auto info = zone->get_info(begin);
    seconds last = info.offset;
    while (info.end < end) {
        const sys_seconds at = info.end;
        info = zone->get_info(at);
        if (info.offset != last) out.emplace_back(at, info.offset);
        last = info.offset;
    }
    return out;
}

std::string show(sys_seconds t) { return date::format("%FT%TZ", t); }

}  // namespace

TEST_CASE("every offset change from 2030 to 2200 matches zoneinfo") {
    const auto expected = read_expected();
    REQUIRE(expected.size() >= 30);  // the named zones and 20 drawn at random
    long transitions = 0;
    for (const auto& want : expected) {
        CAPTURE(want.name);
        const auto zone = slakit::examples::os_zone(want.name);
        CHECK(zone->get_info(year_start(first_year)).offset == want.initial);
        const auto got = changes_of(zone, year_start(first_year), year_start(end_year));
        CHECK(got.size() == want.changes.size());
        for (std::size_t i = 0; i < std::min(got.size(), want.changes.size()); ++i) {
            if (got[i] != want.changes[i]) {
                FAIL_CHECK("change " << i << ": slakit " << show(got[i].first) << " " << got[i].second.count()
                                     << " s, zoneinfo " << show(want.changes[i].first) << " "
                                     << want.changes[i].second.count() << " s");
                break;
            }
        }
        transitions += static_cast<long>(want.changes.size());

        // The calendar's own table of offsets says the same on either side of each change.
        const slakit::calendar cal{zone, slakit::weekly_schedule::always_open()};
        seconds before = want.initial;
        for (const auto& [at, offset] : want.changes) {
            const auto shown = [&](sys_seconds t) { return cal.to_local(t).time_since_epoch() - t.time_since_epoch(); };
            if (shown(at - 1s) != before || shown(at) != offset) {
                FAIL_CHECK("the calendar's offsets around " << show(at) << " differ from zoneinfo's");
                break;
            }
            before = offset;
        }
    }
    MESSAGE(expected.size() << " zones, " << transitions << " offset changes from zoneinfo");
    // New York alone changes twice a year: the footer rule is in use.
    CHECK(transitions > 2 * (end_year - first_year));
}

TEST_CASE("calendars in 2038-2100 agree with the minute-by-minute oracle") {
    // The calendar tests' zones with daylight saving time, and schedules whose hours
    // meet the changes.
    const std::vector<const char*> zones{"America/New_York", "Europe/London",      "Australia/Lord_Howe",
                                         "America/St_Johns", "Australia/Adelaide", "Europe/Berlin",
                                         "Europe/Dublin",    "Asia/Jerusalem",     "America/Santiago"};
    const std::vector<const char*> weeks{"Mon-Fri 09:00-18:00", "Mon-Sun 00:30-03:30",
                                         "Sat-Sun 01:00-02:15, 02:45-04:00; Mon-Fri 08:00-20:00", "Sun 02:00-02:30",
                                         "Mon-Sun 23:00-24:00"};
    std::mt19937_64 random{18};
    auto uniform = [&](long lo, long hi) { return std::uniform_int_distribution<long>{lo, hi}(random); };
    long cases = 0, mismatches = 0;
    std::string first_mismatch;
    for (int c = 0; c < 240; ++c) {
        const auto zone = slakit::examples::os_zone(zones[static_cast<std::size_t>(c) % zones.size()]);
        const auto week = slakit::weekly_schedule::parse(weeks[static_cast<std::size_t>(uniform(0, 4))]);
        sys_seconds base = year_start(static_cast<int>(uniform(2038, 2099))) + minutes{uniform(0, 365 * 1440)};
        // Most windows start a little before one of the zone's offset changes.
        if (c % 4 != 0) base = sys_seconds{zone->get_info(base).end} - minutes{uniform(0, 3 * 1440)};
        base = std::chrono::floor<minutes>(base);
        slakit::date_exceptions exceptions;
        exceptions.close(date::year_month_day{std::chrono::floor<date::days>(base + date::days{uniform(0, 4)})});
        const slakit::calendar cal{zone, week, exceptions};
        const slakit::testing::calendar_oracle oracle{zone, week, exceptions, base - date::days{1},
                                                      base + date::days{12}};
        for (int q = 0; q < 20; ++q) {
            const sys_seconds a = base + minutes{uniform(0, 5 * 1440)};
            const sys_seconds b = a + minutes{uniform(0, 4 * 1440)};
            const auto check = [&](bool ok, const char* what) {
                ++cases;
                if (!ok && mismatches++ == 0)
                    first_mismatch = std::string{what} + " in " + std::string{zone.name()} + " from " + show(a) +
                                     " to " + show(b) + " with " + week.to_string();
            };
            check(cal.is_open(a) == oracle.is_open(a), "is_open");
            check(cal.elapsed(a, b) == oracle.elapsed(a, b), "elapsed");
            const auto d = minutes{uniform(1, 2 * 1440)};
            if (const auto want = oracle.deadline(a, d)) check(cal.deadline(a, d) == *want, "deadline");
        }
    }
    MESSAGE(cases << " queries, " << mismatches << " mismatches");
    CHECK_MESSAGE(mismatches == 0, first_mismatch);
}
