// Benchmarks for slakit/stats.hpp: the per-request cost of response_stats::add,
// merging and serializing cells, and the memory of a cell, next to the usual
// peer, Boost.Accumulators' mean plus an extended P^2 p95, on the same data.
#include <slakit/stats.hpp>

#include <benchmark/benchmark.h>
#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/extended_p_square.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/stats.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using std::chrono::milliseconds;
namespace acc = boost::accumulators;

constexpr std::size_t sample_size = std::size_t{1} << 20;

// Log-normal response times in ms, median 20 s: the shape of real first-response times.
const std::vector<milliseconds>& samples(std::uint64_t seed = 1) {
    static const auto make = [](std::uint64_t s) {
        std::mt19937_64 g(s);
        std::lognormal_distribution<double> d(std::log(20'000.0), 1.5);
        std::vector<milliseconds> v(sample_size);
        for (auto& x : v) x = milliseconds{std::llround(d(g))};
        return v;
    };
    static const auto first = make(1), second = make(2);
    return seed == 1 ? first : second;
}

slakit::response_stats<> full_cell(std::uint64_t seed) {
    slakit::response_stats<> s;
    for (const auto v : samples(seed)) s.add(v);
    return s;
}

double exact_p95(const std::vector<milliseconds>& values) {
    auto sorted = values;
    const auto rank = static_cast<std::size_t>(0.95 * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
    return static_cast<double>(sorted[rank].count());
}

void per_add_counters(benchmark::State& state, double p95, std::size_t bytes) {
    const auto items = state.iterations() * static_cast<benchmark::IterationCount>(sample_size);
    state.SetItemsProcessed(items);
    // Adds per second, inverted: seconds per add, printed with an SI prefix (e.g. 8.5ns).
    state.counters["time_per_add"] =
        benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    const double exact = exact_p95(samples());
    state.counters["p95_rel_error"] = std::abs(p95 - exact) / exact;
    state.counters["bytes"] = static_cast<double>(bytes);
}

void response_stats_add(benchmark::State& state) {
    const auto& data = samples();
    slakit::response_stats<> s;
    for (auto _ : state) {
        for (const auto v : data) s.add(v);
        benchmark::DoNotOptimize(s);
    }
    per_add_counters(state, static_cast<double>(s.quantile(0.95).count()), s.memory_bytes());
}
BENCHMARK(response_stats_add)->Unit(benchmark::kMillisecond);

void boost_mean_extended_p_square_add(benchmark::State& state) {
    const auto& data = samples();
    using accumulator = acc::accumulator_set<double, acc::stats<acc::tag::mean, acc::tag::extended_p_square>>;
    const std::vector<double> probabilities{0.95};
    accumulator a(acc::tag::extended_p_square::probabilities = probabilities);
    for (auto _ : state) {
        for (const auto v : data) a(static_cast<double>(v.count()));
        benchmark::DoNotOptimize(a);
    }
    // Its heap (a few small vectors) is not counted: sizeof only.
    per_add_counters(state, acc::extended_p_square(a)[0], sizeof a);
}
BENCHMARK(boost_mean_extended_p_square_add)->Unit(benchmark::kMillisecond);

// Two cells of 2^20 requests each: the cost of a roll-up step.
void response_stats_merge(benchmark::State& state) {
    auto into = full_cell(1);
    const auto other = full_cell(2);
    for (auto _ : state) {
        into.merge(other);
        benchmark::DoNotOptimize(into);
    }
    state.counters["bytes_per_cell"] = static_cast<double>(other.memory_bytes());
    state.counters["serialized_bytes"] = static_cast<double>(other.to_bytes().size());
}
BENCHMARK(response_stats_merge);

void response_stats_to_bytes(benchmark::State& state) {
    const auto cell = full_cell(1);
    for (auto _ : state) benchmark::DoNotOptimize(cell.to_bytes());
}
BENCHMARK(response_stats_to_bytes);

void response_stats_from_bytes(benchmark::State& state) {
    const auto bytes = full_cell(1).to_bytes();
    for (auto _ : state) benchmark::DoNotOptimize(slakit::response_stats<>::from_bytes(bytes));
}
BENCHMARK(response_stats_from_bytes);

void response_stats_quantile(benchmark::State& state) {
    const auto cell = full_cell(1);
    for (auto _ : state) benchmark::DoNotOptimize(cell.quantile(0.95));
}
BENCHMARK(response_stats_quantile);

}  // namespace

BENCHMARK_MAIN();
