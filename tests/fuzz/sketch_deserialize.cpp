// Fuzz target: from_bytes of ddsketch, response_stats and compliance_counters on
// arbitrary bytes.
//
// Only slakit::corrupt_state may escape. What is accepted must be a real state:
// to_bytes() gives back exactly the input (the encoding is canonical), which
// from_bytes() reads to an equal object, and the queries on it (quantiles, mean,
// min, max, rate) answer without sanitizer reports and within their bounds.
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <ratio>
#include <span>
#include <vector>

namespace {

constexpr double probes[] = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

[[noreturn]] void fail(const char* type, const char* what) {
    std::fprintf(stderr, "sketch_deserialize: %s: %s\n", type, what);
    std::abort();
}

template <class T>
void check_round_trip(const T& value, std::span<const std::byte> bytes, const char* type) {
    const std::vector<std::byte> again = value.to_bytes();
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) {
        fail(type, "accepted bytes that to_bytes() does not reproduce");
    }
    if (!(T::from_bytes(again) == value)) fail(type, "from_bytes(to_bytes()) differs");
}

template <class Sketch>
void check_sketch(std::span<const std::byte> bytes, const char* type) {
    Sketch s;
    try {
        s = Sketch::from_bytes(bytes);
    } catch (const slakit::corrupt_state&) {
        return;
    }
    check_round_trip(s, bytes, type);
    if (s.zero_count() > s.count()) fail(type, "more zeros than values");
    if (s.empty()) return;
    double previous = 0.0;
    for (const double q : probes) {
        const double v = s.quantile(q);
        if (!(v >= previous)) fail(type, "quantiles decrease");
        previous = v;
    }
    if (s.count() < std::numeric_limits<std::uint64_t>::max() / 2) {
        Sketch twice = s;
        twice.merge(s);
        if (twice.count() != 2 * s.count()) fail(type, "merge lost values");
        if (!(Sketch::from_bytes(twice.to_bytes()) == twice)) fail(type, "merged sketch does not round-trip");
    }
}

template <class Stats>
void check_stats(std::span<const std::byte> bytes, const char* type) {
    Stats s;
    try {
        s = Stats::from_bytes(bytes);
    } catch (const slakit::corrupt_state&) {
        return;
    }
    check_round_trip(s, bytes, type);
    if (s.sketch().count() != s.count()) fail(type, "count and sketch disagree");
    if (s.empty()) return;
    const auto low = s.min();
    const auto high = s.max();
    if (low > high) fail(type, "min above max");
    const auto mean = s.mean();
    if (mean < low || mean > high) fail(type, "mean outside [min, max]");
    auto previous = low;
    for (const double q : probes) {
        const auto v = s.quantile(q);
        if (v < previous || v > high) fail(type, "quantile decreases or leaves [min, max]");
        previous = v;
    }
    if (s.quantile(0.0) != low || s.quantile(1.0) != high) fail(type, "quantile(0) or quantile(1) inexact");
}

void check_counters(std::span<const std::byte> bytes) {
    slakit::compliance_counters c;
    try {
        c = slakit::compliance_counters::from_bytes(bytes);
    } catch (const slakit::corrupt_state&) {
        return;
    }
    check_round_trip(c, bytes, "compliance_counters");
    const std::uint64_t sum = c.met() + c.breached() + c.pending() + c.excluded() + c.out_of_hours();
    if (c.total() != sum || c.total() < c.met()) fail("compliance_counters", "total() wrapped");
    if (const auto rate = c.rate(); rate && !(*rate >= 0.0 && *rate <= 1.0)) {
        fail("compliance_counters", "rate outside [0, 1]");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    check_sketch<slakit::ddsketch<>>(bytes, "ddsketch<>");
    // A small store, so that the bucket-count limit is within the fuzzer's reach.
    check_sketch<slakit::ddsketch<std::ratio<1, 100>, 64>>(bytes, "ddsketch<1/100, 64>");
    check_stats<slakit::response_stats<>>(bytes, "response_stats<>");
    check_stats<slakit::response_stats<std::chrono::seconds, std::ratio<1, 50>>>(bytes, "response_stats<s, 1/50>");
    check_counters(bytes);
    return 0;
}
