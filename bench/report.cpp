// Benchmarks for slakit/report.hpp: the per-request cost of basic_report::add (group
// look-up, counters and quantile sketches), merging two full cells, and a cell's
// memory and serialized size. Look at CPU time: wall time suffers on a loaded machine.
#include <slakit/report.hpp>

#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <ratio>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr std::size_t stream_size = std::size_t{1} << 16;
constexpr std::size_t state_agents = 500;

const slakit::policy& contract() {
    static const auto p = slakit::presets::response_time_agreement();
    return p;
}

// A month of requests: every channel and priority, at any hour, log-normal response
// times (median 20 s), 5 % unanswered. Evaluated once; the benchmark only adds them.
template <class Channel, class Priority, class Policy, class Make>
std::vector<slakit::basic_outcome<Channel, Priority>> month_of_outcomes(const Policy& p, Make make) {
    std::mt19937_64 g(1);
    std::uniform_int_distribution<std::int64_t> when(0, std::int64_t{31} * 24 * 3600 * 1000 - 1);
    std::uniform_int_distribution<int> pick(0, 11);
    std::lognormal_distribution<double> delay(std::log(20'000.0), 1.5);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    const auto march = slakit::parse_instant("2026-03-01T00:00:00+08:00");
    const auto as_of = slakit::parse_instant("2026-04-02T00:00:00+08:00");
    std::vector<slakit::basic_outcome<Channel, Priority>> out;
    out.reserve(stream_size);
    for (std::size_t i = 0; i < stream_size; ++i) {
        auto r = make(pick(g), march + milliseconds{when(g)});
        if (coin(g) < 0.95) r.first_response = r.submitted_at + milliseconds{std::llround(delay(g))};
        out.push_back(slakit::evaluate(p, r, as_of));
    }
    return out;
}

void per_add_counters(benchmark::State& state) {
    const auto items = state.iterations() * static_cast<benchmark::IterationCount>(stream_size);
    state.SetItemsProcessed(items);
    state.counters["time_per_add"] =
        benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void report_add(benchmark::State& state) {
    static const auto outcomes =
        month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
    slakit::basic_report<slakit::channel, slakit::priority> report{contract(), slakit::reporting_period::month};
    for (auto _ : state) {
        for (const auto& o : outcomes) report.add(o);
        benchmark::DoNotOptimize(report);
    }
    per_add_counters(state);
    state.counters["groups"] = static_cast<double>(report.groups().size());
}
BENCHMARK(report_add)->Unit(benchmark::kMillisecond);

// Daily groups: 31 times as many cells, so a deeper map.
void report_add_daily(benchmark::State& state) {
    static const auto outcomes =
        month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
    slakit::basic_report<slakit::channel, slakit::priority> report{contract(), slakit::reporting_period::day};
    for (auto _ : state) {
        for (const auto& o : outcomes) report.add(o);
        benchmark::DoNotOptimize(report);
    }
    per_add_counters(state);
    state.counters["groups"] = static_cast<double>(report.groups().size());
}
BENCHMARK(report_add_daily)->Unit(benchmark::kMillisecond);

// The same requests in the order they arrived, as a live feed or a log gives them:
// consecutive requests mostly share a period.
void report_add_daily_in_time_order(benchmark::State& state) {
    static const auto outcomes = [] {
        auto v = month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.submitted_at < b.submitted_at; });
        return v;
    }();
    slakit::basic_report<slakit::channel, slakit::priority> report{contract(), slakit::reporting_period::day};
    for (auto _ : state) {
        for (const auto& o : outcomes) report.add(o);
        benchmark::DoNotOptimize(report);
    }
    per_add_counters(state);
}
BENCHMARK(report_add_daily_in_time_order)->Unit(benchmark::kMillisecond);

// Channels and priorities as strings, as read from a configuration file.
void report_add_string_keys(benchmark::State& state) {
    using policy_type = slakit::basic_policy<std::string, std::string>;
    static const policy_type policy = [] {
        policy_type p{contract().calendar()};
        for (const char* c : {"web_chat", "in_app_chat", "social_messaging"})
            p.set_kind(c, slakit::channel_kind::real_time);
        p.set_kind("email", slakit::channel_kind::asynchronous);
        for (const auto& e : contract().targets()) {
            if (e.key.channel.by() == slakit::match_by::kind) p.set_target(e.key.channel.kind(), slakit::any, e.target);
        }
        return p;
    }();
    static const auto outcomes = month_of_outcomes<std::string, std::string>(policy, [](int k, slakit::instant t) {
        static const char* channels[] = {"web_chat", "in_app_chat", "social_messaging", "email"};
        static const char* priorities[] = {"normal", "high", "urgent"};
        return slakit::basic_request<std::string, std::string>{channels[k % 4], priorities[k / 4], t};
    });
    slakit::basic_report<std::string, std::string> report{policy, slakit::reporting_period::month};
    for (auto _ : state) {
        for (const auto& o : outcomes) report.add(o);
        benchmark::DoNotOptimize(report);
    }
    per_add_counters(state);
}
BENCHMARK(report_add_string_keys)->Unit(benchmark::kMillisecond);

// The same month broken down by team and agent: 500 agents in 12 teams, each
// request's values given as the host would (a list of two strings). Against
// report_add: the cost of a deeper map and of comparing strings.
void report_add_by_agent(benchmark::State& state) {
    using values = std::vector<std::string>;
    static const auto outcomes =
        month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
    static const auto who = [] {
        std::mt19937_64 g(2);
        std::vector<values> agents;
        for (std::size_t a = 0; a < state_agents; ++a)
            agents.push_back({"team-" + std::to_string(a % 12), "agent-" + std::to_string(1000 + a)});
        std::uniform_int_distribution<std::size_t> pick(0, agents.size() - 1);
        std::vector<values> out;
        for (std::size_t i = 0; i < stream_size; ++i) out.push_back(agents[pick(g)]);
        return out;
    }();
    slakit::basic_report<slakit::channel, slakit::priority, milliseconds, std::ratio<1, 100>, slakit::zone_handle,
                         values>
        report{contract(), slakit::reporting_period::month};
    for (auto _ : state) {
        for (std::size_t i = 0; i < outcomes.size(); ++i) report.add(outcomes[i], who[i]);
        benchmark::DoNotOptimize(report);
    }
    per_add_counters(state);
    state.counters["groups"] = static_cast<double>(report.groups().size());
}
BENCHMARK(report_add_by_agent)->Unit(benchmark::kMillisecond);

// A cell fed 2^20 answered in-scope requests with log-normal times (median 20 s).
slakit::report_cell<> full_cell(std::uint64_t seed, const slakit::target& t) {
    std::mt19937_64 g(seed);
    std::lognormal_distribution<double> delay(std::log(20'000.0), 1.5);
    slakit::report_cell<> cell{t};
    const auto tuesday = slakit::parse_instant("2026-03-03T10:00:00+08:00");
    auto o = slakit::evaluate(contract(), slakit::request{slakit::channel::web_chat, slakit::priority::normal, tuesday},
                              tuesday + 1h);
    for (std::size_t i = 0; i < (std::size_t{1} << 20); ++i) {
        const milliseconds d{std::llround(delay(g))};
        o.wall_response = d;
        o.business_response = d / 2;
        o.first_response.status = d <= 60s ? slakit::status::met : slakit::status::breached;
        cell.add(o);
    }
    return cell;
}

const slakit::target& chat_target() { return *contract().find_exact(slakit::channel_kind::real_time, slakit::any); }

const slakit::target& two_clock_target() {
    static const auto t = [] {
        auto copy = chat_target();
        copy.aggregates.push_back(slakit::aggregate_target::mean_within(60s, slakit::clock_kind::business));
        return copy;
    }();
    return t;
}

void cell_merge(benchmark::State& state) {
    const auto& target = state.range(0) == 1 ? chat_target() : two_clock_target();
    auto into = full_cell(1, target);
    const auto other = full_cell(2, target);
    for (auto _ : state) {
        into.merge(other);
        benchmark::DoNotOptimize(into);
    }
    state.counters["clocks"] = static_cast<double>(state.range(0));
    state.counters["bytes_per_cell"] = static_cast<double>(other.memory_bytes());
    state.counters["serialized_bytes"] = static_cast<double>(other.to_bytes().size());
}
BENCHMARK(cell_merge)->Arg(1)->Arg(2);

// The memory of the cells of a real month (sparse: a few hundred values each).
void month_report_bytes(benchmark::State& state) {
    static const auto outcomes =
        month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
    slakit::basic_report<slakit::channel, slakit::priority> report{contract(), slakit::reporting_period::month};
    for (const auto& o : outcomes) report.add(o);
    std::vector<std::byte> bytes;
    for (auto _ : state) {
        bytes = report.to_bytes();
        benchmark::DoNotOptimize(bytes);
    }
    std::size_t memory = 0;
    for (const auto& [key, cell] : report.groups()) memory += cell.memory_bytes();
    const auto groups = static_cast<double>(report.groups().size());
    state.counters["groups"] = groups;
    state.counters["bytes_per_cell"] = static_cast<double>(memory) / groups;
    state.counters["serialized_bytes_per_cell"] = static_cast<double>(bytes.size()) / groups;
}
BENCHMARK(month_report_bytes)->Unit(benchmark::kMicrosecond);

void report_from_bytes(benchmark::State& state) {
    static const auto outcomes =
        month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
    slakit::basic_report<slakit::channel, slakit::priority> report{contract(), slakit::reporting_period::month};
    for (const auto& o : outcomes) report.add(o);
    const auto bytes = report.to_bytes();
    for (auto _ : state)
        benchmark::DoNotOptimize(
            slakit::basic_report<slakit::channel, slakit::priority>::from_bytes(bytes, contract()));
}
BENCHMARK(report_from_bytes)->Unit(benchmark::kMicrosecond);

void report_verdicts(benchmark::State& state) {
    static const auto outcomes =
        month_of_outcomes<slakit::channel, slakit::priority>(contract(), [](int k, slakit::instant t) {
            return slakit::request{static_cast<slakit::channel>(k % 4), static_cast<slakit::priority>(k / 4), t};
        });
    slakit::basic_report<slakit::channel, slakit::priority> report{contract(), slakit::reporting_period::month};
    for (const auto& o : outcomes) report.add(o);
    const date::local_days march{date::year{2026} / 3 / 1};
    for (auto _ : state) benchmark::DoNotOptimize(report.verdicts(march));
}
BENCHMARK(report_verdicts)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
