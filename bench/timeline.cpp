// evaluate(policy, timeline, as_of) on 20-event timelines with four metrics
// (first_response, next_reply, periodic_update, resolution, all on the business
// clock of Mon-Fri 09:00-18:00 in America/New_York with 10 holidays in 2024),
// against a naive evaluator run in the same process on the same timelines: it finds
// the same cycles, then walks every status segment with calendar.elapsed() for each
// metric's running time, and segment by segment for its due instant, where
// evaluate() reads a prefix sum of running time. Look at CPU time.
#include <slakit/timeline_outcome.hpp>

#include "workload.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;
using slakit::metric;
using std::chrono::milliseconds;

constexpr std::size_t events_per_timeline = 20;
constexpr std::size_t workload_size = 256;

using slakit_bench::us_holidays_2024;

const slakit::policy& helpdesk() {
    static const slakit::policy p = [] {
        slakit::policy q{slakit::calendar{"America/New_York", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"),
                                          us_holidays_2024()}};
        slakit::target t;
        t.first_response = slakit::within(1h, slakit::clock_kind::business);
        t.next_reply = slakit::within(2h, slakit::clock_kind::business);
        t.periodic_update = slakit::within(4h, slakit::clock_kind::business);
        t.resolution = slakit::within(16h, slakit::clock_kind::business);
        q.set_target(slakit::any, slakit::any, t);
        q.set_status("open", slakit::status_effect::run)
            .set_status("waiting_on_customer", slakit::status_effect::pause)
            .set_status("on_hold", slakit::status_effect::pause)
            .set_status("solved", slakit::status_effect::resolve);
        return q;
    }();
    return p;
}

struct case_ {
    slakit::timeline history;
    instant as_of;
};

// Submissions uniform over 2024 (DST changes and holidays included); then 19 events
// at gaps log-uniform between 1 minute and 12 hours: replies by bots and humans,
// customer messages, pauses, solves and reopens, priority changes.
const std::vector<case_>& workload() {
    static const std::vector<case_> cases = [] {
        std::mt19937_64 rng{14};
        const instant year = date::sys_days{date::year{2024} / 1 / 1};
        std::uniform_int_distribution<std::int64_t> start(0, std::int64_t{366} * 86'400'000 - 1);
        std::uniform_real_distribution<double> log_gap(std::log(60'000.0), std::log(12 * 3'600'000.0));
        std::uniform_int_distribution<int> kind(0, 99);
        const char* statuses[] = {"open", "waiting_on_customer", "on_hold", "solved"};
        std::vector<case_> out(workload_size);
        for (auto& c : out) {
            auto at = year + milliseconds{start(rng)};
            c.history.submitted(at, slakit::channel::email, slakit::priority::normal);
            for (std::size_t i = 1; i < events_per_timeline; ++i) {
                at += milliseconds{std::llround(std::exp(log_gap(rng)))};
                const int k = kind(rng);
                if (k < 30)
                    c.history.reply(at, k < 10 ? slakit::author::bot : slakit::author::human);
                else if (k < 55)
                    c.history.customer_message(at);
                else if (k < 92)
                    c.history.status(at, statuses[rng() % 4]);
                else
                    c.history.priority(at, static_cast<slakit::priority>(rng() % 3));
            }
            c.as_of = at + 1h;
        }
        return out;
    }();
    return cases;
}

// What both evaluators give, for the agreement check.
struct result {
    metric which;
    std::size_t cycle;
    milliseconds running;
    std::optional<instant> due;
    slakit::status status;
    friend bool operator==(const result&, const result&) = default;
};

// The baseline: the same cycles, found the plain way; each metric's running time
// by walking every status segment with the calendar, no prefix sums.
class naive_evaluator {
public:
    explicit naive_evaluator(const slakit::policy& p) : policy_(&p) {}

    [[nodiscard]] std::vector<result> evaluate(const slakit::timeline& history, instant as_of) const {
        const auto& events = history.events();
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < events.size(); ++i)
            if (events[i].at <= as_of) order.push_back(i);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (events[a].at != events[b].at) return events[a].at < events[b].at;
            return events[a].kind == slakit::event_kind::submitted && events[b].kind != slakit::event_kind::submitted;
        });
        const auto& submission = events[order.front()];
        const auto& entry = policy_->at(*submission.channel, *submission.priority);
        const auto& t = entry.target;
        const auto& cal = policy_->calendar_for(*submission.channel);

        struct span {
            metric which;
            std::size_t cycle;
            instant start;
            std::optional<instant> end;
        };
        std::vector<span> cycles;  // next_reply and periodic_update, in order of creation
        std::vector<std::pair<instant, bool>> segments{{submission.at, true}};  // start, runs
        slakit::status_effect state = slakit::status_effect::run;
        std::optional<instant> first_reply, resolved_at;
        constexpr std::size_t none = static_cast<std::size_t>(-1);  // not optional: GCC 12 warns falsely
        std::size_t next_reply = none, update = none;
        std::size_t next_reply_cycles = 0, update_cycles = 0;
        const auto close = [&](std::size_t& open, instant at) {
            if (open != none) cycles[open].end = at;
            open = none;
        };
        for (const auto i : order) {
            const auto& e = events[i];
            switch (e.kind) {
            case slakit::event_kind::customer_message:
                if (first_reply && next_reply == none && state != slakit::status_effect::resolve) {
                    next_reply = cycles.size();
                    cycles.push_back({metric::next_reply, next_reply_cycles++, e.at, std::nullopt});
                }
                break;
            case slakit::event_kind::reply:
                if (!first_reply) first_reply = e.at;
                close(next_reply, e.at);
                if (state != slakit::status_effect::resolve) {
                    close(update, e.at);
                    update = cycles.size();
                    cycles.push_back({metric::periodic_update, update_cycles++, e.at, std::nullopt});
                }
                break;
            case slakit::event_kind::status: {
                const auto effect = *policy_->lifecycle().find(e.status);
                if (effect == state) break;
                if (effect == slakit::status_effect::resolve) {
                    close(next_reply, e.at);
                    close(update, e.at);
                    resolved_at = e.at;
                }
                state = effect;
                segments.emplace_back(e.at, effect == slakit::status_effect::run);
                break;
            }
            default: break;
            }
        }

        std::vector<result> out;
        const auto judge = [&](metric which, std::size_t cycle, instant from, std::optional<instant> end,
                               const slakit::threshold& th, bool pauses) {
            const instant stop = end ? *end : as_of;
            milliseconds running{0};
            std::optional<instant> due;
            if (!pauses) {
                running = cal.elapsed(from, stop);
                due = instant{cal.deadline(from, th.limit)};
            } else {
                milliseconds before_due{0};
                for (std::size_t s = 0; s < segments.size(); ++s) {
                    if (!segments[s].second) continue;
                    const instant a = std::max(segments[s].first, from);
                    const bool last = s + 1 == segments.size();
                    const instant b = last ? instant::max() : segments[s + 1].first;
                    if (a < stop && a < b) running += cal.elapsed(a, std::min(b, stop));
                    if (due || !(a < b)) continue;
                    if (!last) {
                        const auto piece = cal.elapsed(a, b);
                        if (before_due + piece < th.limit) {
                            before_due += piece;
                            continue;
                        }
                    }
                    due = instant{cal.deadline(a, th.limit - before_due)};
                }
            }
            const auto status = running > th.limit ? slakit::status::breached
                                : end              ? slakit::status::met
                                                   : slakit::status::pending;
            out.push_back({which, cycle, running, due, status});
        };
        judge(metric::first_response, 0, submission.at, first_reply, *t.first_response, false);
        for (const auto which : {metric::next_reply, metric::periodic_update})
            for (const auto& c : cycles)
                if (c.which == which) judge(c.which, c.cycle, c.start, c.end, *threshold_for(t, which), true);
        judge(metric::resolution, 0, submission.at,
              state == slakit::status_effect::resolve ? resolved_at : std::nullopt, *t.resolution, true);
        return out;
    }

private:
    const slakit::policy* policy_;
};

std::vector<result> results_of(const slakit::basic_timeline_outcome<slakit::channel, slakit::priority>& o) {
    std::vector<result> out;
    for (const auto& e : o.events) out.push_back({e.metric, e.cycle, e.running, e.due, e.status});
    return out;
}

const naive_evaluator& baseline() {
    static const naive_evaluator naive{helpdesk()};
    return naive;
}

// Both sides agree on every metric and cycle of every timeline before anything is timed.
void check_agreement(benchmark::State& state) {
    std::int64_t disagreements = 0, events = 0;
    for (const auto& c : workload()) {
        const auto fast = results_of(slakit::evaluate(helpdesk(), c.history, c.as_of));
        events += static_cast<std::int64_t>(fast.size());
        if (fast != baseline().evaluate(c.history, c.as_of)) ++disagreements;
    }
    if (std::getenv("SLAKIT_BENCH_FAKE_DISAGREEMENT") != nullptr) ++disagreements;
    for (auto _ : state) benchmark::DoNotOptimize(disagreements);
    state.counters["disagreements"] = static_cast<double>(disagreements);
    state.counters["sla_events_per_timeline"] = static_cast<double>(events) / static_cast<double>(workload_size);
    if (disagreements != 0) state.SkipWithError("slakit and the baseline disagree");
}

void slakit_evaluate_20_events(benchmark::State& state) {
    const auto& cases = workload();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& c = cases[i++ % cases.size()];
        benchmark::DoNotOptimize(slakit::evaluate(helpdesk(), c.history, c.as_of));
    }
    state.SetItemsProcessed(state.iterations());
}

// The same policy with its calendar tabulated over the workload's years, as the
// programs tabulate the calendars they load: each clock reading is a day's look-up.
const slakit::policy& tabulated_helpdesk() {
    static const slakit::policy p = [] {
        slakit::policy q = helpdesk();
        q.set_calendar(slakit::calendar{helpdesk().calendar()}.tabulate(2023, 2026));
        return q;
    }();
    return p;
}

void slakit_evaluate_20_events_tabulated(benchmark::State& state) {
    const auto& cases = workload();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& c = cases[i++ % cases.size()];
        benchmark::DoNotOptimize(slakit::evaluate(tabulated_helpdesk(), c.history, c.as_of));
    }
    state.SetItemsProcessed(state.iterations());
}

void baseline_evaluate_20_events(benchmark::State& state) {
    const auto& cases = workload();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& c = cases[i++ % cases.size()];
        benchmark::DoNotOptimize(baseline().evaluate(c.history, c.as_of));
    }
    state.SetItemsProcessed(state.iterations());
}

// Parts of evaluate(), to see where its time goes: the validation alone, and the
// record's evaluation (scope, period, first response) that it includes.
void part_validate_20_events(benchmark::State& state) {
    const auto& cases = workload();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(slakit::validate(helpdesk(), cases[i++ % cases.size()].history));
}

void part_record_evaluate(benchmark::State& state) {
    std::vector<std::pair<slakit::request, slakit::instant>> records;
    for (const auto& c : workload()) {
        const auto& e = c.history.events();
        slakit::request r{*e.front().channel, *e.front().priority, e.front().at};
        for (const auto& x : e)
            if (x.kind == slakit::event_kind::reply && !r.first_response) r.first_response = x.at;
        records.emplace_back(r, c.as_of);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& [r, as_of] = records[i++ % records.size()];
        benchmark::DoNotOptimize(slakit::evaluate(helpdesk(), r, as_of));
    }
}

// This thread's CPU time: the machine is shared, so wall time says little.
std::chrono::nanoseconds cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return std::chrono::seconds{t.tv_sec} + std::chrono::nanoseconds{t.tv_nsec};
}

// Both in one loop, alternating over the whole workload so that both see the same
// machine state: each side's CPU time per timeline, and the ratio.
void ratio_baseline_over_slakit(benchmark::State& state) {
    const auto& cases = workload();
    std::chrono::nanoseconds fast{}, slow{};
    std::int64_t timelines = 0;
    for (auto _ : state) {
        const auto t0 = cpu_now();
        for (const auto& c : cases) benchmark::DoNotOptimize(slakit::evaluate(helpdesk(), c.history, c.as_of));
        const auto t1 = cpu_now();
        for (const auto& c : cases) benchmark::DoNotOptimize(baseline().evaluate(c.history, c.as_of));
        const auto t2 = cpu_now();
        fast += t1 - t0;
        slow += t2 - t1;
        timelines += static_cast<std::int64_t>(cases.size());
    }
    const auto per = [&](std::chrono::nanoseconds d) {
        return static_cast<double>(d.count()) / static_cast<double>(timelines);
    };
    state.counters["slakit_cpu_ns"] = per(fast);
    state.counters["baseline_cpu_ns"] = per(slow);
    state.counters["baseline_over_slakit"] = per(slow) / per(fast);
}

}  // namespace

BENCHMARK(check_agreement)->Iterations(1);
BENCHMARK(slakit_evaluate_20_events);
BENCHMARK(slakit_evaluate_20_events_tabulated);
BENCHMARK(baseline_evaluate_20_events);
BENCHMARK(ratio_baseline_over_slakit);
BENCHMARK(part_validate_20_events);
BENCHMARK(part_record_evaluate);

BENCHMARK_MAIN();
