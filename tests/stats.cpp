#include <slakit/stats.hpp>
// Tests for slakit/stats.hpp: response_stats and compliance_counters.

#include <doctest/doctest.h>

#include "support/samples.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <ratio>
#include <vector>

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using ms_stats = slakit::response_stats<>;

__extension__ using u128 = unsigned __int128;

std::vector<milliseconds> response_times(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::vector<milliseconds> v(n);
    for (auto& x : v) x = milliseconds{slakit::testing::log_normal_ms(g)};
    for (std::size_t i = 0; i < n; i += 50) v[i] = 0ms;  // answered at once on the business clock
    return v;
}

template <class Stats = ms_stats, class Values>
Stats stats_of(const Values& values) {
    Stats s;
    for (const auto v : values) s.add(v);
    return s;
}

u128 wide(slakit::tick_sum s) { return static_cast<u128>(s.high) << 64 | s.low; }

}  // namespace

TEST_CASE("an empty response_stats has nothing to report") {
    const ms_stats s;
    CHECK(s.empty());
    CHECK(s.count() == 0);
    CHECK(s.sum() == 0ms);
    CHECK(s.exact_sum() == slakit::tick_sum{});
    CHECK_THROWS_AS((void)s.mean(), std::domain_error);
    CHECK_THROWS_AS((void)s.mean_seconds(), std::domain_error);
    CHECK_THROWS_AS((void)s.min(), std::domain_error);
    CHECK_THROWS_AS((void)s.max(), std::domain_error);
    CHECK_THROWS_AS((void)s.quantile(0.5), std::domain_error);
    CHECK(s == ms_stats{});
}

TEST_CASE("count, sum, mean, min and max are exact") {
    ms_stats s;
    for (const auto d : {5ms, 1ms, 3ms, 0ms}) s.add(d);
    CHECK(s.count() == 4);
    CHECK(s.sum() == 9ms);
    CHECK(s.min() == 0ms);
    CHECK(s.max() == 5ms);
    CHECK(s.mean() == 2ms);  // 2.25 rounds down
    CHECK(s.mean_seconds() == doctest::Approx(0.00225));
    CHECK(s.quantile(0.0) == 0ms);
    CHECK(s.quantile(1.0) == 5ms);
    CHECK_THROWS_AS((void)s.quantile(1.5), std::domain_error);

    SUBCASE("mean rounds to the nearest tick, halves up") {
        CHECK(stats_of(std::vector{1ms, 2ms}).mean() == 2ms);  // 1.5
        CHECK(stats_of(std::vector{1ms, 1ms, 2ms}).mean() == 1ms);  // 1.33
        CHECK(stats_of(std::vector{2ms, 3ms, 3ms}).mean() == 3ms);  // 2.67
    }
    SUBCASE("add with a count equals repeated adds") {
        ms_stats once = s, repeated = s;
        once.add(7ms, 3);
        once.add(9ms, 0);
        for (int i = 0; i < 3; ++i) repeated.add(7ms);
        CHECK(once == repeated);
        CHECK(once.count() == 7);
    }
    SUBCASE("other tick periods") {
        slakit::response_stats<std::chrono::seconds, std::ratio<1, 50>> secs;
        secs.add(std::chrono::seconds{90});
        secs.add(std::chrono::seconds{30});
        CHECK(secs.mean() == std::chrono::seconds{60});
        CHECK(secs.mean_seconds() == 60.0);
        CHECK(secs.sum() == std::chrono::seconds{120});
    }
}

#ifdef NDEBUG
TEST_CASE("release builds count a negative duration as zero everywhere") {
    ms_stats s;
    s.add(-5ms);
    s.add(10ms);
    CHECK(s.min() == 0ms);
    CHECK(s.sum() == 10ms);
    CHECK(s.sketch().zero_count() == 1);
    CHECK(ms_stats::from_bytes(s.to_bytes()) == s);
}
#endif

TEST_CASE("the 128-bit sum goes past 2^64 without loss") {
    constexpr milliseconds thirty_days = std::chrono::days{30};
    constexpr std::uint64_t trillion = 1'000'000'000'000;

    ms_stats s;
    s.add(thirty_days, trillion);  // 10^12 responses of 30 days: 2.592e21 ms, > 2^64
    const u128 expected = static_cast<u128>(2'592'000'000) * trillion;
    CHECK(wide(s.exact_sum()) == expected);
    CHECK(s.exact_sum().high == 140);  // 2.592e21 / 2^64 = 140.5
    CHECK(s.exact_sum().to_double() == doctest::Approx(2.592e21));
    CHECK(s.sum() == std::nullopt);  // does not fit milliseconds' int64
    CHECK(s.count() == trillion);
    CHECK(s.mean() == thirty_days);
    CHECK(s.mean_seconds() == doctest::Approx(2'592'000.0));
    CHECK(s.quantile(0.5) == thirty_days);

    SUBCASE("a carry out of the low word") {
        ms_stats big;
        const milliseconds top{std::numeric_limits<std::int64_t>::max()};
        big.add(top, 3);  // 3 (2^63 - 1) = 2^64 + 2^63 - 3
        CHECK(big.exact_sum() == slakit::tick_sum{1, (std::uint64_t{1} << 63) - 3});
        big.add(3ms);
        CHECK(big.exact_sum() == slakit::tick_sum{1, std::uint64_t{1} << 63});
        big.add(milliseconds{std::int64_t{1} << 62}, 2);  // carries into the high word
        CHECK(big.exact_sum() == slakit::tick_sum{2, 0});
        CHECK(big.count() == 6);
        CHECK(big.mean() == milliseconds{static_cast<std::int64_t>(((u128{2} << 64) + 3) / 6)});
    }
    SUBCASE("merging doubles keep it exact") {
        ms_stats doubled = s;
        for (int i = 0; i < 6; ++i) doubled.merge(doubled);  // 64 * 10^12 responses
        CHECK(doubled.count() == 64 * trillion);
        CHECK(wide(doubled.exact_sum()) == expected * 64);
        CHECK(doubled.mean() == thirty_days);
    }
}

TEST_CASE("quantiles: exact at the ends, within alpha plus half a tick inside") {
    const auto values = response_times(1'000'000, 31);
    const auto s = stats_of(values);
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    CHECK(s.min() == sorted.front());
    CHECK(s.max() == sorted.back());
    for (const double q : {0.0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
        const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
        const auto exact = static_cast<double>(sorted[rank].count());
        const auto estimate = static_cast<double>(s.quantile(q).count());
        CAPTURE(q);
        CAPTURE(exact);
        CAPTURE(estimate);
        CHECK(std::abs(estimate - exact) <= ms_stats::sketch_type::accuracy * exact + 0.5);
    }
    CHECK(s.quantile(0.0) == sorted.front());
    CHECK(s.quantile(1.0) == sorted.back());

    SUBCASE("the ends come from min and max, not from their buckets") {
        // A min whose bucket's value rounds above it, and a max whose rounds below it.
        auto bucket_value = [](std::int64_t v) {
            slakit::ddsketch<> one;
            one.add(v);
            return std::llround(one.quantile(0.5));
        };
        std::int64_t low = 1001, high = 2003;
        while (bucket_value(low) <= low) ++low;
        while (bucket_value(high) >= high) ++high;
        ms_stats few;
        const milliseconds second{low + 3};
        for (const auto d : {milliseconds{low}, second, 1500ms, milliseconds{high}}) few.add(d);
        CHECK(few.quantile(0.0) == milliseconds{low});
        CHECK(few.quantile(1.0) == milliseconds{high});
        const auto inner = few.quantile(0.34);  // rank 1: the bucket's estimate, clamped and rounded
        CHECK(std::abs(static_cast<double>((inner - second).count())) <=
              0.01 * static_cast<double>(second.count()) + 0.5);
        CHECK(inner >= milliseconds{low});
    }
}

TEST_CASE("merging shards equals the single stream, in any order") {
    const auto values = response_times(300'000, 37);
    const auto whole = stats_of(values);
    std::mt19937_64 g(41);
    for (const std::size_t n : {1U, 2U, 7U, 64U}) {
        CAPTURE(n);
        std::vector<ms_stats> shards(n);
        for (const auto v : values) shards[g() % n].add(v);

        ms_stats forward;
        for (const auto& s : shards) forward.merge(s);
        CHECK(forward.count() == whole.count());
        CHECK(forward.exact_sum() == whole.exact_sum());
        CHECK(forward.min() == whole.min());
        CHECK(forward.max() == whole.max());
        CHECK(forward.sketch() == whole.sketch());
        CHECK(forward == whole);
        CHECK(forward.to_bytes() == whole.to_bytes());

        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (int round = 0; round < 3; ++round) {
            std::shuffle(order.begin(), order.end(), g);
            ms_stats shuffled;
            for (const auto i : order) shuffled.merge(shards[i]);
            CHECK(shuffled == whole);
        }
    }
    SUBCASE("an empty accumulator is the identity") {
        ms_stats left, right = whole;
        left.merge(whole);
        right.merge(ms_stats{});
        CHECK(left == whole);
        CHECK(right == whole);
    }
}

TEST_CASE("response_stats serialization round-trips and rejects corrupt bytes") {
    const auto s = stats_of(response_times(5'000, 43));
    const auto bytes = s.to_bytes();

    SUBCASE("round trip") {
        const auto t = ms_stats::from_bytes(bytes);
        CHECK(t == s);
        CHECK(t.mean() == s.mean());
        CHECK(ms_stats::from_bytes(ms_stats{}.to_bytes()) == ms_stats{});
        ms_stats one;
        one.add(0ms);
        CHECK(ms_stats::from_bytes(one.to_bytes()) == one);
    }
    SUBCASE("every truncation is rejected") {
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            CAPTURE(n);
            CHECK_THROWS_AS((void)ms_stats::from_bytes(std::span(bytes).first(n)), slakit::corrupt_state);
        }
    }
    SUBCASE("single-byte corruptions are rejected or give a self-consistent state") {
        std::size_t rejected = 0, accepted = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (const unsigned mask : {0x01U, 0x10U, 0x80U, 0xffU}) {
                auto bad = bytes;
                bad[i] ^= static_cast<std::byte>(mask);
                try {
                    const auto t = ms_stats::from_bytes(bad);
                    ++accepted;
                    CAPTURE(i);
                    CHECK(t.to_bytes() == bad);
                    CHECK(t.count() == s.count());
                    CHECK(t.min() <= t.mean());
                    CHECK(t.mean() <= t.max());
                    for (const double q : {0.0, 0.5, 0.99, 1.0}) {
                        CHECK(t.quantile(q) >= t.min());
                        CHECK(t.quantile(q) <= t.max());
                    }
                } catch (const slakit::corrupt_state&) {
                    ++rejected;
                }
            }
        }
        CHECK(rejected > 0);
        CHECK(accepted > 0);  // e.g. a slightly different sum or max is still a possible state
    }
    SUBCASE("inconsistent fields are named") {
        auto bad = bytes;
        bad[21] ^= std::byte{1};  // the count's low byte: the sketch disagrees
        CHECK_THROWS_WITH_AS((void)ms_stats::from_bytes(bad), doctest::Contains("the sketch holds"),
                             slakit::corrupt_state);
        bad = bytes;
        bad[53 + 7] ^= std::byte{0x40};  // max: far beyond what the sum allows
        CHECK_THROWS_AS((void)ms_stats::from_bytes(bad), slakit::corrupt_state);
        ms_stats three;
        for (const auto d : {0ms, 5ms, 10ms}) three.add(d);
        bad = three.to_bytes();
        bad[45] = std::byte{1};  // min 1 fits the sum, but the sketch saw a zero
        CHECK_THROWS_WITH_AS((void)ms_stats::from_bytes(bad), doctest::Contains("zeros"), slakit::corrupt_state);
    }
    SUBCASE("another tick period or accuracy is rejected") {
        using seconds_stats = slakit::response_stats<std::chrono::seconds>;
        CHECK_THROWS_WITH_AS((void)seconds_stats::from_bytes(bytes), doctest::Contains("tick period 1/1000"),
                             slakit::corrupt_state);
        using coarse_stats = slakit::response_stats<milliseconds, std::ratio<1, 50>>;
        CHECK_THROWS_WITH_AS((void)coarse_stats::from_bytes(bytes), doctest::Contains("relative accuracy"),
                             slakit::corrupt_state);
    }
}

TEST_CASE("compliance_counters count by scope, and by status in hours") {
    using slakit::scope;
    using slakit::status;
    slakit::compliance_counters c;
    CHECK(c.rate() == std::nullopt);
    for (const auto where : {scope::in_hours, scope::out_of_hours, scope::excluded})
        for (const auto outcome : {status::met, status::breached, status::pending}) c.add(where, outcome);
    CHECK(c.met() == 1);
    CHECK(c.breached() == 1);
    CHECK(c.pending() == 1);
    CHECK(c.out_of_hours() == 3);  // status ignored
    CHECK(c.excluded() == 3);
    CHECK(c.total() == 9);
    CHECK(c.rate() == 0.5);

    SUBCASE("pending alone decides nothing") {
        slakit::compliance_counters p;
        p.add(scope::in_hours, status::pending);
        p.add(scope::excluded, status::met);
        CHECK(p.rate() == std::nullopt);
        p.add(scope::in_hours, status::met);
        CHECK(p.rate() == 1.0);
    }
    SUBCASE("merge adds field by field, in any order") {
        slakit::compliance_counters a, b;
        a.add(scope::in_hours, status::met);
        a.add(scope::in_hours, status::met);
        b.add(scope::in_hours, status::breached);
        b.add(scope::out_of_hours, status::breached);
        auto ab = a, ba = b;
        ab.merge(b);
        ba.merge(a);
        CHECK(ab == ba);
        CHECK(ab.rate() == doctest::Approx(2.0 / 3.0));
        CHECK(ab.out_of_hours() == 1);
        CHECK_FALSE(ab == a);
    }
    SUBCASE("serialization") {
        const auto bytes = c.to_bytes();
        CHECK(bytes.size() == 5 + 5 * 8);
        CHECK(slakit::compliance_counters::from_bytes(bytes) == c);
        for (std::size_t n = 0; n < bytes.size(); ++n)
            CHECK_THROWS_AS((void)slakit::compliance_counters::from_bytes(std::span(bytes).first(n)),
                            slakit::corrupt_state);
        auto longer = bytes;
        longer.push_back(std::byte{0});
        CHECK_THROWS_AS((void)slakit::compliance_counters::from_bytes(longer), slakit::corrupt_state);
        auto overflowing = bytes;
        overflowing[5 + 7] = std::byte{0xff};  // met near 2^64: the total would wrap
        overflowing[13 + 7] = std::byte{0xff};
        CHECK_THROWS_WITH_AS((void)slakit::compliance_counters::from_bytes(overflowing), doctest::Contains("past 2^64"),
                             slakit::corrupt_state);
        auto wrong_magic = bytes;
        wrong_magic[3] = std::byte{'x'};
        CHECK_THROWS_AS((void)slakit::compliance_counters::from_bytes(wrong_magic), slakit::corrupt_state);
        // A response_stats blob is not a compliance_counters blob.
        CHECK_THROWS_AS((void)slakit::compliance_counters::from_bytes(ms_stats{}.to_bytes()), slakit::corrupt_state);
    }
}
