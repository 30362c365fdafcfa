// Benchmarks for slakit/rolling.hpp and slakit/monitor.hpp: the per-event cost of adding
// an outcome to the rolling ring next to the plain accumulators of a period report
// (compliance_counters + response_stats), and the cost of evaluating the three default
// alert rules over three days of one-minute buckets. The machine may be loaded: read
// the CPU column.
#include <slakit/evaluate.hpp>
#include <slakit/monitor.hpp>
#include <slakit/presets.hpp>
#include <slakit/rolling.hpp>
#include <slakit/stats.hpp>
#include <slakit/time.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;
using std::chrono::milliseconds;

constexpr std::size_t stream_size = std::size_t{1} << 16;

const slakit::policy& policy() {
    static const auto p = slakit::presets::response_time_agreement();
    return p;
}

const instant start = slakit::parse_instant("2026-03-02T09:00:00+08:00");  // a Monday

// In-hours web-chat outcomes with log-normal response times (median 20 s, so some
// breach the 60 s threshold), one every 700 ms: 65,536 of them span about 13 hours.
struct event {
    slakit::outcome outcome;
    instant at;
};

const std::vector<event>& stream() {
    static const auto events = [] {
        std::mt19937_64 g(1);
        std::lognormal_distribution<double> d(std::log(20'000.0), 1.2);
        std::vector<event> v;
        v.reserve(stream_size);
        slakit::request r{slakit::channel::web_chat, slakit::priority::normal, start};
        const auto& cal = policy().calendar();
        for (std::size_t i = 0; i < stream_size; ++i) {
            // Submitted in working hours, Monday to Friday, so every outcome counts.
            instant submitted = start + milliseconds{static_cast<std::int64_t>(i) * 700};
            if (!cal.is_open(submitted)) submitted = cal.next_open(submitted);
            r.submitted_at = submitted;
            r.first_response = submitted + milliseconds{static_cast<std::int64_t>(d(g))};
            v.push_back({slakit::evaluate(policy(), r, *r.first_response), *r.first_response});
        }
        std::sort(v.begin(), v.end(), [](const event& a, const event& b) { return a.at < b.at; });
        return v;
    }();
    return events;
}

void per_event(benchmark::State& state) {
    const auto items = state.iterations() * static_cast<benchmark::IterationCount>(stream_size);
    state.SetItemsProcessed(items);
    state.counters["time_per_add"] =
        benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The plain accumulators of a report cell: counters by status, response_stats of the times.
void plain_accumulator_add(benchmark::State& state) {
    const auto& events = stream();
    slakit::compliance_counters counts;
    slakit::response_stats<> times;
    for (auto _ : state) {
        for (const auto& e : events) {
            counts.add(e.outcome.scope, *e.outcome.first_response.status);
            times.add(*e.outcome.wall_response);
        }
        benchmark::DoNotOptimize(counts);
        benchmark::DoNotOptimize(times);
    }
    per_event(state);
}
BENCHMARK(plain_accumulator_add)->Unit(benchmark::kMicrosecond);

// The ring, events in time order: advance to each event's instant, then add it
// (status, both clocks' sums, the hourly sketch). Replays the same 13 hours each
// iteration on a fresh ring, built outside the timing.
void ring_add_in_order(benchmark::State& state) {
    const auto& events = stream();
    for (auto _ : state) {
        state.PauseTiming();
        slakit::rolling_window<> ring{slakit::rolling_config{}, events.front().at};
        state.ResumeTiming();
        for (const auto& e : events) {
            ring.advance(e.at);
            ring.add(e.outcome, e.at);
        }
        benchmark::DoNotOptimize(ring);
    }
    per_event(state);
}
BENCHMARK(ring_add_in_order)->Unit(benchmark::kMicrosecond);

// Late events: the ring is at the latest instant and each event arrives 0 to 5
// minutes late, so it updates the running totals of up to 6 buckets.
void ring_add_up_to_5_minutes_late(benchmark::State& state) {
    const auto& events = stream();
    std::mt19937_64 g(2);
    std::vector<milliseconds> lateness(events.size());
    for (auto& l : lateness) l = milliseconds{std::uniform_int_distribution<std::int64_t>(0, 300'000)(g)};
    for (auto _ : state) {
        state.PauseTiming();
        slakit::rolling_window<> ring{slakit::rolling_config{}, events.front().at};
        state.ResumeTiming();
        for (std::size_t i = 0; i < events.size(); ++i) {
            ring.advance(events[i].at + lateness[i]);
            ring.add(events[i].outcome, events[i].at);
        }
        benchmark::DoNotOptimize(ring);
    }
    per_event(state);
}
BENCHMARK(ring_add_up_to_5_minutes_late)->Unit(benchmark::kMicrosecond);

// A monitor whose web-chat group has three full days of one-minute buckets, every
// bucket holding requests; the e-mail group too. Objectives: the real-time mean and,
// at 95 %, first responses and hand-offs: 3 objectives x 3 rules on web chat.
slakit::monitor full_monitor(slakit::clock_kind clock) {
    slakit::presets::response_time_agreement_options o;
    o.clock = clock;
    const auto p = slakit::presets::response_time_agreement(o);
    slakit::monitor_options options;
    options.first_response_share = 0.95;
    options.handoff_share = 0.95;
    const instant from = slakit::parse_instant("2026-03-09T00:00:00+08:00");
    slakit::monitor live{p, options, from};
    std::mt19937_64 g(3);
    std::lognormal_distribution<double> d(std::log(20'000.0), 1.2);
    for (instant minute = from; minute < from + 72h; minute += 1min) {
        for (const auto ch : {slakit::channel::web_chat, slakit::channel::email}) {
            slakit::request r{ch, slakit::priority::normal, minute};
            r.first_response = minute + milliseconds{static_cast<std::int64_t>(d(g))};
            r.handoff_decided = *r.first_response;
            r.handoff_completed = *r.handoff_decided + 2min;
            const instant at = *r.handoff_completed;
            live.advance(at);
            live.add(slakit::evaluate(p, r, at), at);
        }
    }
    return live;
}

void firing_alerts_3_rules_3_days(benchmark::State& state) {
    auto live = full_monitor(static_cast<slakit::clock_kind>(state.range(0)));
    const instant now = live.now();
    std::size_t assessed = 0;
    for (auto _ : state) {
        auto firing = live.firing_alerts(now);  // now does not move: the cost of the look-ups
        benchmark::DoNotOptimize(firing);
    }
    for (const auto& g : live.streams()) assessed += g.objectives.size() * live.options().rules.size();
    state.counters["assessments"] = static_cast<double>(assessed);
    state.counters["groups"] = static_cast<double>(live.streams().size());
    state.counters["ring_bytes"] = static_cast<double>(live.streams().front().ring.memory_bytes());
    state.SetLabel(state.range(0) == 0 ? "wall-clock windows" : "open-time windows (bisection over elapsed)");
}
BENCHMARK(firing_alerts_3_rules_3_days)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// One ring, the three rules' six windows summed directly: the prefix-sum look-ups alone.
void ring_six_windows(benchmark::State& state) {
    auto live = full_monitor(slakit::clock_kind::wall);
    const auto& ring = live.streams().front().ring;
    for (auto _ : state) {
        for (const milliseconds span : {milliseconds{1h}, milliseconds{5min}, milliseconds{6h}, milliseconds{30min},
                                        milliseconds{72h}, milliseconds{6h}})
            benchmark::DoNotOptimize(ring.last(span));
    }
}
BENCHMARK(ring_six_windows);

// Quantiles over a window: merging the hourly sketches it touches.
void ring_p95_last_6h(benchmark::State& state) {
    auto live = full_monitor(slakit::clock_kind::wall);
    const auto& ring = live.streams().front().ring;
    for (auto _ : state) benchmark::DoNotOptimize(ring.response_times(ring.last(6h).from).quantile(0.95));
}
BENCHMARK(ring_p95_last_6h)->Unit(benchmark::kMicrosecond);

void ring_to_bytes(benchmark::State& state) {
    auto live = full_monitor(slakit::clock_kind::wall);
    const auto& ring = live.streams().front().ring;
    std::size_t size = 0;
    for (auto _ : state) {
        auto bytes = ring.to_bytes();
        size = bytes.size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["serialized_bytes"] = static_cast<double>(size);
}
BENCHMARK(ring_to_bytes)->Unit(benchmark::kMicrosecond);

void ring_from_bytes(benchmark::State& state) {
    auto live = full_monitor(slakit::clock_kind::wall);
    const auto bytes = live.streams().front().ring.to_bytes();
    for (auto _ : state) benchmark::DoNotOptimize(slakit::rolling_window<>::from_bytes(bytes));
}
BENCHMARK(ring_from_bytes)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
