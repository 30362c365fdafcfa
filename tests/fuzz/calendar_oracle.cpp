// Fuzz target: slakit::calendar against the minute-by-minute oracle that
// tests/calendar.cpp uses (tests/support/calendar_oracle.hpp).
//
// The oracle runs in support/oracle_answers.cpp, outside the fuzzer's coverage.
//
// The bytes choose a zone, a base instant (often just before one of the zone's
// offset changes), a weekly schedule built with add() (minute-granular intervals;
// ones add() refuses are skipped), up to 6 date exceptions within a few days of
// the base, and up to 5 query instants at whole minutes; half the runs tabulate a
// few days around the base (detail/day_table.hpp). is_open, elapsed,
// deadline, next_open and next_close must agree with the oracle; any difference
// is printed and abort()s. Windows are 4 days, so one execution stays fast.
#include <slakit/calendar.hpp>

#include "support/oracle_answers.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr std::array zone_names{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo",
                                "Pacific/Apia",     "Asia/Shanghai", "Asia/Kolkata",        "America/St_Johns"};

const date::time_zone* zone_at(std::size_t index) {
    // Looked up once: locate_zone is far slower than a whole execution.
    static const auto zones = [] {
        std::array<const date::time_zone*, zone_names.size()> z{};
        for (std::size_t i = 0; i < z.size(); ++i) z[i] = date::locate_zone(zone_names[i]);
        return z;
    }();
    return zones[index];
}

struct scenario {
    const date::time_zone* zone = nullptr;
    sys_seconds base{};
    slakit::weekly_schedule week;
    slakit::date_exceptions exceptions;
    std::string exceptions_text;  // for the report
};

std::string show(sys_seconds t) { return date::format("%FT%TZ", t); }

std::string show(const std::optional<sys_seconds>& t) { return t ? show(*t) : std::string{"(past the window)"}; }

[[noreturn]] void mismatch(const scenario& s, const std::string& query, const std::string& got,
                           const std::string& want) {
    std::fprintf(stderr,
                 "calendar_oracle: mismatch in %s\n  zone: %s\n  base: %s\n  week: \"%s\"\n"
                 "  exceptions: %s\n  calendar: %s\n  oracle:   %s\n",
                 query.c_str(), s.zone->name().c_str(), show(s.base).c_str(), s.week.to_string().c_str(),
                 s.exceptions_text.c_str(), got.c_str(), want.c_str());
    std::abort();
}

slakit::time_interval interval_from(FuzzedDataProvider& in) {
    const int open = in.ConsumeIntegralInRange<int>(0, 24 * 60 - 1);
    const int close = in.ConsumeIntegralInRange<int>(0, 24 * 60);
    return {minutes{open}, minutes{close}};
}

scenario decode(FuzzedDataProvider& in) {
    scenario s;
    s.zone = zone_at(in.ConsumeIntegralInRange<std::size_t>(0, zone_names.size() - 1));

    const int year = in.ConsumeIntegralInRange<int>(2005, 2035);
    s.base =
        date::sys_days{date::year{year} / date::January / 1} + minutes{in.ConsumeIntegralInRange<int>(0, 365 * 1440)};
    if (in.ConsumeBool()) {  // just before the next offset change, where the bugs would be
        const auto info = s.zone->get_info(s.base);
        if (info.end < date::sys_days{date::year{2037} / date::January / 1}) {
            s.base = info.end - minutes{in.ConsumeIntegralInRange<int>(0, 3 * 1440)};
        }
    }
    s.base = std::chrono::floor<minutes>(s.base);

    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) s.week = slakit::weekly_schedule::always_open();
    const int intervals = in.ConsumeIntegralInRange<int>(0, 10);
    for (int i = 0; i < intervals; ++i) {
        const date::weekday day{in.ConsumeIntegralInRange<unsigned>(0, 6)};
        try {
            s.week.add(day, interval_from(in));
        } catch (const std::invalid_argument&) {
            // overlapping or empty: skipped
        }
    }

    const auto base_day = date::floor<date::days>(date::local_seconds{s.base.time_since_epoch()});
    const int exceptions = in.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < exceptions; ++i) {
        const date::year_month_day day{base_day + date::days{in.ConsumeIntegralInRange<int>(-2, 4)}};
        const int kind = in.ConsumeIntegralInRange<int>(0, 3);
        try {
            if (kind == 0) {
                s.exceptions.close(day);
            } else if (kind == 1) {
                s.exceptions.close(day, date::year_month_day{date::local_days{day} +
                                                             date::days{in.ConsumeIntegralInRange<int>(0, 2)}});
            } else {
                std::vector<slakit::time_interval> hours{interval_from(in)};
                if (kind == 3) hours.push_back(interval_from(in));
                s.exceptions.open(day, std::move(hours));
            }
        } catch (const std::invalid_argument&) {
            // conflicting or overlapping: skipped
        }
    }
    // From what the exceptions hold, not from what was asked: a refused range
    // may have closed some of its dates.
    s.exceptions.for_each([&](date::local_days day, std::span<const slakit::time_interval> hours) {
        if (!s.exceptions_text.empty()) s.exceptions_text += "; ";
        s.exceptions_text += date::format("%F", day);
        if (hours.empty()) s.exceptions_text += " closed";
        for (const auto& iv : hours) s.exceptions_text += " " + slakit::to_string(iv);
    });
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const scenario s = decode(in);
    const sys_seconds window_begin = s.base - date::days{1};
    const sys_seconds window_end = s.base + date::days{3};

    std::vector<slakit::fuzzing::query> queries(in.ConsumeIntegralInRange<std::size_t>(1, 5));
    for (auto& q : queries) {
        q.from = s.base + minutes{in.ConsumeIntegralInRange<int>(-1440, 2 * 1440)};
        q.to = q.from + minutes{in.ConsumeIntegralInRange<int>(-1440, 1440)};
        q.open_time = minutes{in.ConsumeIntegralInRange<int>(0, 1440)};
    }
    const auto oracle = slakit::fuzzing::ask_oracle(s.zone, s.week, s.exceptions, window_begin, window_end, queries);
    // Half the runs tabulate a few days, whose edges may fall anywhere in the window.
    slakit::calendar cal{s.zone, s.week, s.exceptions};
    if (in.ConsumeBool()) {
        const auto day = date::floor<date::days>(s.base);
        cal.tabulate(day + date::days{in.ConsumeIntegralInRange<int>(-3, 2)},
                     day + date::days{in.ConsumeIntegralInRange<int>(3, 5)});
    }

    for (std::size_t i = 0; i < queries.size(); ++i) {
        // Not a structured binding: clang before 16 cannot capture those in a lambda.
        const sys_seconds a = queries[i].from;
        const sys_seconds b = queries[i].to;
        const minutes d = queries[i].open_time;
        const auto& want = oracle[i];
        const std::string at = " at " + show(a);

        if (cal.is_open(a) != want.is_open) {
            mismatch(s, "is_open" + at, cal.is_open(a) ? "open" : "closed", want.is_open ? "open" : "closed");
        }

        const seconds got_elapsed = cal.elapsed(a, b);
        if (got_elapsed != want.elapsed) {
            mismatch(s, "elapsed from " + show(a) + " to " + show(b), std::to_string(got_elapsed.count()) + "s",
                     std::to_string(want.elapsed.count()) + "s");
        }

        // The oracle answers within its window; past it, the calendar must answer
        // past it too (or find no open time at all).
        const auto compare = [&](const std::string& query, const std::optional<sys_seconds>& expected, auto&& ask) {
            std::optional<sys_seconds> got;
            std::string threw;
            try {
                got = sys_seconds{ask()};
            } catch (const slakit::no_open_time& e) {
                threw = std::string{"no_open_time: "} + e.what();
            } catch (const std::domain_error& e) {  // next_close on a calendar that never closes
                threw = std::string{"domain_error: "} + e.what();
            }
            if (expected ? got != expected : (got && *got < window_end)) {
                mismatch(s, query, got ? show(*got) : threw, show(expected));
            }
        };
        compare("deadline(+" + std::to_string(d.count()) + "min)" + at, want.deadline,
                [&] { return cal.deadline(a, d); });
        compare("next_open" + at, want.next_open, [&] { return cal.next_open(a); });
        compare("next_close" + at, want.next_close, [&] { return cal.next_close(a); });
    }
    return 0;
}
