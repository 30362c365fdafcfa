// Calendar queries against a naive day-stepping implementation of the same answer,
// measured in the same process on the same workload: Mon-Fri 09:00-18:00 in
// America/New_York with 10 holidays, starts spread over 2024, spans from 1 minute to
// 60 days, drawn from a fixed seed.
#include <slakit/calendar.hpp>

#include "workload.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using namespace std::chrono_literals;
using std::chrono::sys_seconds;

const date::time_zone* new_york() { return date::locate_zone("America/New_York"); }

using slakit_bench::us_holidays_2024;

const slakit::calendar& workload_calendar() {
    static const slakit::calendar cal{new_york(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"),
                                      us_holidays_2024()};
    return cal;
}

// The same calendar with its open time tabulated over 2024-2025 (the starts are in
// 2024, the ends up to a year later).
const slakit::calendar& tabulated_calendar() {
    static const slakit::calendar cal = [] {
        slakit::calendar c{new_york(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"), us_holidays_2024()};
        c.tabulate(2024, 2025);
        return c;
    }();
    return cal;
}

struct query {
    sys_seconds from, to;
};

// Starts uniform over 2024; spans log-uniform between the bounds, in whole seconds.
std::vector<query> workload(std::chrono::seconds shortest, std::chrono::seconds longest) {
    std::mt19937_64 rng{2024};
    const sys_seconds year_start = date::sys_days{date::year{2024} / 1 / 1};
    std::uniform_int_distribution<std::int64_t> start(0, 366 * 86'400 - 1);
    std::uniform_real_distribution<double> log_span(std::log(static_cast<double>(shortest.count())),
                                                    std::log(static_cast<double>(longest.count())));
    std::vector<query> q(4096);
    for (auto& x : q) {
        x.from = year_start + std::chrono::seconds{start(rng)};
        x.to = x.from + std::chrono::seconds{std::llround(std::exp(log_span(rng)))};
    }
    return q;
}

// The baseline: walk the local dates one by one, map each day's intervals to real
// time with the zone, and add up their overlap with [from, to).
class day_stepping_calendar {
public:
    day_stepping_calendar(const date::time_zone* zone, slakit::weekly_schedule week, slakit::date_exceptions x)
            : zone_(zone), week_(std::move(week)), exceptions_(std::move(x)) {}

    [[nodiscard]] std::chrono::seconds elapsed(sys_seconds from, sys_seconds to) const {
        std::chrono::seconds total{0};
        for (auto day = first_day(from); day <= last_day(to); day += date::days{1})
            for_each_span(day, [&](sys_seconds a, sys_seconds b) {
                const auto lo = std::max(a, from), hi = std::min(b, to);
                if (lo < hi) total += hi - lo;
            });
        return total;
    }

    [[nodiscard]] sys_seconds deadline(sys_seconds from, std::chrono::seconds d) const {
        for (auto day = first_day(from);; day += date::days{1}) {
            sys_seconds found{};
            bool done = false;
            for_each_span(day, [&](sys_seconds a, sys_seconds b) {
                if (done) return;
                const auto lo = std::max(a, from);
                if (lo >= b) return;
                if (b - lo >= d) {
                    found = lo + d;
                    done = true;
                } else {
                    d -= b - lo;
                }
            });
            if (done) return found;
        }
    }

private:
    [[nodiscard]] date::local_days first_day(sys_seconds t) const {
        return date::floor<date::days>(zone_->to_local(t)) - date::days{1};
    }
    [[nodiscard]] date::local_days last_day(sys_seconds t) const { return date::floor<date::days>(zone_->to_local(t)); }

    template <class F>
    void for_each_span(date::local_days day, F&& f) const {
        const auto* special = exceptions_.find(day);
        const auto hours = special ? std::span<const slakit::time_interval>(*special) : week_.on(date::weekday{day});
        for (const auto& iv : hours) {
            const date::local_seconds open = day + iv.open;
            f(zone_->to_sys(open, date::choose::earliest), zone_->to_sys(open + iv.length(), date::choose::earliest));
        }
    }

    const date::time_zone* zone_;
    slakit::weekly_schedule week_;
    slakit::date_exceptions exceptions_;
};

const day_stepping_calendar& baseline() {
    static const day_stepping_calendar cal{new_york(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"),
                                           us_holidays_2024()};
    return cal;
}

template <class Calendar>
void elapsed(benchmark::State& state, const Calendar& cal, std::chrono::seconds shortest,
             std::chrono::seconds longest) {
    const auto q = workload(shortest, longest);
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& x = q[i++ & (q.size() - 1)];
        benchmark::DoNotOptimize(cal.elapsed(x.from, x.to));
    }
    state.SetItemsProcessed(state.iterations());
}

template <class Calendar>
void deadline(benchmark::State& state, const Calendar& cal, std::chrono::seconds shortest,
              std::chrono::seconds longest) {
    auto q = workload(shortest, longest);
    // The amount of open time each span holds, so that both sides answer the same question.
    std::vector<std::chrono::seconds> d;
    for (const auto& x : q) d.push_back(std::max(1s, workload_calendar().elapsed(x.from, x.to)));
    std::size_t i = 0;
    for (auto _ : state) {
        const auto k = i++ & (q.size() - 1);
        benchmark::DoNotOptimize(cal.deadline(q[k].from, d[k]));
    }
    state.SetItemsProcessed(state.iterations());
}

void slakit_elapsed_1min_1h(benchmark::State& s) { elapsed(s, workload_calendar(), 60s, 3600s); }
void slakit_elapsed_30d_60d(benchmark::State& s) { elapsed(s, workload_calendar(), 30 * 86'400s, 60 * 86'400s); }
void slakit_elapsed_1min_60d(benchmark::State& s) { elapsed(s, workload_calendar(), 60s, 60 * 86'400s); }
void slakit_deadline_1min_1h(benchmark::State& s) { deadline(s, workload_calendar(), 60s, 3600s); }
void slakit_deadline_30d_60d(benchmark::State& s) { deadline(s, workload_calendar(), 30 * 86'400s, 60 * 86'400s); }
void slakit_deadline_1min_60d(benchmark::State& s) { deadline(s, workload_calendar(), 60s, 60 * 86'400s); }
// Cost must not grow with the span: the same starts, one minute against a whole year.
void slakit_elapsed_exactly_1min(benchmark::State& s) { elapsed(s, workload_calendar(), 60s, 60s); }
void slakit_elapsed_exactly_365d(benchmark::State& s) { elapsed(s, workload_calendar(), 365 * 86'400s, 365 * 86'400s); }
void table_elapsed_1min_1h(benchmark::State& s) { elapsed(s, tabulated_calendar(), 60s, 3600s); }
void table_elapsed_30d_60d(benchmark::State& s) { elapsed(s, tabulated_calendar(), 30 * 86'400s, 60 * 86'400s); }
void table_elapsed_1min_60d(benchmark::State& s) { elapsed(s, tabulated_calendar(), 60s, 60 * 86'400s); }
void table_elapsed_exactly_1min(benchmark::State& s) { elapsed(s, tabulated_calendar(), 60s, 60s); }
void table_elapsed_exactly_365d(benchmark::State& s) { elapsed(s, tabulated_calendar(), 365 * 86'400s, 365 * 86'400s); }
void table_deadline_1min_1h(benchmark::State& s) { deadline(s, tabulated_calendar(), 60s, 3600s); }
void table_deadline_30d_60d(benchmark::State& s) { deadline(s, tabulated_calendar(), 30 * 86'400s, 60 * 86'400s); }
void table_deadline_1min_60d(benchmark::State& s) { deadline(s, tabulated_calendar(), 60s, 60 * 86'400s); }

// is_open, next_open and open_time at the workload's starts, with and without the table.
template <class F>
void at_starts(benchmark::State& state, F&& f) {
    const auto q = workload(60s, 60s);
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(f(q[i++ & (q.size() - 1)].from));
    state.SetItemsProcessed(state.iterations());
}
void slakit_is_open(benchmark::State& s) {
    at_starts(s, [](sys_seconds t) { return workload_calendar().is_open(t); });
}
void table_is_open(benchmark::State& s) {
    at_starts(s, [](sys_seconds t) { return tabulated_calendar().is_open(t); });
}
void slakit_next_open(benchmark::State& s) {
    at_starts(s, [](sys_seconds t) { return workload_calendar().next_open(t); });
}
void table_next_open(benchmark::State& s) {
    at_starts(s, [](sys_seconds t) { return tabulated_calendar().next_open(t); });
}
void slakit_open_time(benchmark::State& s) {
    at_starts(s, [](sys_seconds t) { return workload_calendar().open_time(t); });
}
void table_open_time(benchmark::State& s) {
    at_starts(s, [](sys_seconds t) { return tabulated_calendar().open_time(t); });
}

// Tabulating four years, and the memory it takes.
void tabulate_4_years(benchmark::State& state) {
    std::size_t bytes = 0;
    for (auto _ : state) {
        slakit::calendar c{new_york(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"), us_holidays_2024()};
        c.tabulate(2024, 2027);
        bytes = c.table_bytes();
        benchmark::DoNotOptimize(c);
    }
    state.counters["table_bytes"] = static_cast<double>(bytes);
}

void baseline_elapsed_1min_1h(benchmark::State& s) { elapsed(s, baseline(), 60s, 3600s); }
void baseline_elapsed_30d_60d(benchmark::State& s) { elapsed(s, baseline(), 30 * 86'400s, 60 * 86'400s); }
void baseline_elapsed_1min_60d(benchmark::State& s) { elapsed(s, baseline(), 60s, 60 * 86'400s); }
void baseline_deadline_1min_1h(benchmark::State& s) { deadline(s, baseline(), 60s, 3600s); }
void baseline_deadline_30d_60d(benchmark::State& s) { deadline(s, baseline(), 30 * 86'400s, 60 * 86'400s); }
void baseline_deadline_1min_60d(benchmark::State& s) { deadline(s, baseline(), 60s, 60 * 86'400s); }

// Past date's last transition (2037): New York continued by its TZif footer rule, as
// the example programs build it, on the same workload moved to 2045.
const slakit::calendar& footer_calendar() {
    static const slakit::calendar cal{
        slakit::zone_handle{new_york(), slakit::posix_rule::parse("EST5EDT,M3.2.0,M11.1.0")},
        slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"), us_holidays_2024()};
    return cal;
}

std::vector<query> workload_2045(std::chrono::seconds shortest, std::chrono::seconds longest) {
    const auto shift = date::sys_days{date::year{2045} / 1 / 1} - date::sys_days{date::year{2024} / 1 / 1};
    auto q = workload(shortest, longest);
    for (auto& x : q) {
        x.from += shift;
        x.to += shift;
    }
    return q;
}

void slakit_elapsed_1min_60d_2045_footer(benchmark::State& state) {
    const auto q = workload_2045(60s, 60 * 86'400s);
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& x = q[i++ & (q.size() - 1)];
        benchmark::DoNotOptimize(footer_calendar().elapsed(x.from, x.to));
    }
    state.SetItemsProcessed(state.iterations());
}

void slakit_deadline_1min_60d_2045_footer(benchmark::State& state) {
    const auto q = workload_2045(60s, 60 * 86'400s);
    std::vector<std::chrono::seconds> d;
    for (const auto& x : q) d.push_back(std::max(1s, footer_calendar().elapsed(x.from, x.to)));
    std::size_t i = 0;
    for (auto _ : state) {
        const auto k = i++ & (q.size() - 1);
        benchmark::DoNotOptimize(footer_calendar().deadline(q[k].from, d[k]));
    }
    state.SetItemsProcessed(state.iterations());
}

// Building a calendar tabulates 1850-2249: with the footer, every year after 2037
// adds two offset changes.
void construct_calendar(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(slakit::calendar{new_york(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")});
}
void construct_calendar_footer(benchmark::State& state) {
    const slakit::zone_handle zone{new_york(), slakit::posix_rule::parse("EST5EDT,M3.2.0,M11.1.0")};
    for (auto _ : state)
        benchmark::DoNotOptimize(slakit::calendar{zone, slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")});
}

// Both sides agree before anything is timed.
void check_agreement(benchmark::State& state) {
    const auto q = workload(60s, 60 * 86'400s);
    std::int64_t disagreements = 0;
    for (const auto& x : q) {
        const auto e = workload_calendar().elapsed(x.from, x.to);
        if (e != baseline().elapsed(x.from, x.to)) ++disagreements;
        if (e > 0s && workload_calendar().deadline(x.from, e) != baseline().deadline(x.from, e)) ++disagreements;
        if (tabulated_calendar().elapsed(x.from, x.to) != e) ++disagreements;
        if (e > 0s && tabulated_calendar().deadline(x.from, e) != baseline().deadline(x.from, e)) ++disagreements;
    }
    // The smoke test that proves a disagreement fails the run sets this.
    if (std::getenv("SLAKIT_BENCH_FAKE_DISAGREEMENT") != nullptr) ++disagreements;
    for (auto _ : state) benchmark::DoNotOptimize(disagreements);
    state.counters["disagreements"] = static_cast<double>(disagreements);
    if (disagreements != 0) state.SkipWithError("slakit and the baseline disagree");
}

}  // namespace

BENCHMARK(check_agreement)->Iterations(1);
BENCHMARK(slakit_elapsed_1min_1h);
BENCHMARK(slakit_elapsed_30d_60d);
BENCHMARK(slakit_elapsed_1min_60d);
BENCHMARK(slakit_elapsed_exactly_1min);
BENCHMARK(slakit_elapsed_exactly_365d);
BENCHMARK(table_elapsed_1min_1h);
BENCHMARK(table_elapsed_30d_60d);
BENCHMARK(table_elapsed_1min_60d);
BENCHMARK(table_elapsed_exactly_1min);
BENCHMARK(table_elapsed_exactly_365d);
BENCHMARK(baseline_elapsed_1min_1h);
BENCHMARK(baseline_elapsed_30d_60d);
BENCHMARK(baseline_elapsed_1min_60d);
BENCHMARK(slakit_deadline_1min_1h);
BENCHMARK(slakit_deadline_30d_60d);
BENCHMARK(slakit_deadline_1min_60d);
BENCHMARK(table_deadline_1min_1h);
BENCHMARK(table_deadline_30d_60d);
BENCHMARK(table_deadline_1min_60d);
BENCHMARK(baseline_deadline_1min_1h);
BENCHMARK(baseline_deadline_30d_60d);
BENCHMARK(baseline_deadline_1min_60d);
BENCHMARK(slakit_elapsed_1min_60d_2045_footer);
BENCHMARK(slakit_deadline_1min_60d_2045_footer);
BENCHMARK(slakit_is_open);
BENCHMARK(table_is_open);
BENCHMARK(slakit_next_open);
BENCHMARK(table_next_open);
BENCHMARK(slakit_open_time);
BENCHMARK(table_open_time);
BENCHMARK(tabulate_4_years);
BENCHMARK(construct_calendar);
BENCHMARK(construct_calendar_footer);

BENCHMARK_MAIN();
