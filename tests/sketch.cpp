#include <slakit/sketch.hpp>
// Tests for slakit/sketch.hpp: DDSketch accuracy, merging, collapsing, serialization.

#include <doctest/doctest.h>

#include "support/samples.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <ratio>
#include <string>
#include <vector>

namespace {

using slakit::ddsketch;

using slakit::testing::log_normal_samples;
using slakit::testing::pareto_samples;
using slakit::testing::uniform_open;

double exact_quantile(const std::vector<std::int64_t>& sorted, double q) {
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
    return static_cast<double>(sorted[rank]);
}

template <class Sketch>
Sketch sketch_of(const std::vector<std::int64_t>& values) {
    Sketch s;
    for (const auto v : values) s.add(v);
    return s;
}

template <class Sketch>
void check_accuracy(const std::vector<std::int64_t>& values) {
    const auto s = sketch_of<Sketch>(values);
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    REQUIRE(s.count() == values.size());
    for (const double q : {0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
        const double exact = exact_quantile(sorted, q);
        const double estimate = s.quantile(q);
        CAPTURE(q);
        CAPTURE(exact);
        CAPTURE(estimate);
        CHECK(std::abs(estimate - exact) <= Sketch::accuracy * exact);
    }
}

std::size_t buckets_in(const std::vector<std::byte>& bytes) {
    return (bytes.size() - 45) / 8;  // header size of format version 1
}

template <class A, class B>
concept can_merge = requires(A a, const B& b) {
    a.merge(b);
};

}  // namespace

// Different accuracies are different types: merging them cannot compile.
static_assert(can_merge<ddsketch<std::ratio<1, 100>>, ddsketch<std::ratio<1, 100>>>);
static_assert(!can_merge<ddsketch<std::ratio<1, 100>>, ddsketch<std::ratio<1, 50>>>);
static_assert(!can_merge<ddsketch<std::ratio<1, 100>>, ddsketch<std::ratio<1, 100>, 64>>);

TEST_CASE("every single value comes back within alpha") {
    auto check_range = [](auto tag) {
        using sketch = decltype(tag);
        double worst = 0;
        auto check = [&](std::int64_t v) {
            sketch s;
            s.add(v);
            const double error = std::abs(s.quantile(0.5) - static_cast<double>(v)) / static_cast<double>(v);
            worst = std::max(worst, error);
        };
        for (std::int64_t v = 1; v <= 100'000; ++v) check(v);
        std::mt19937_64 g(7);
        for (int i = 0; i < 100'000; ++i) check(static_cast<std::int64_t>(g() >> (1 + g() % 62)) + 1);
        check(std::numeric_limits<std::int64_t>::max());
        CAPTURE(worst);
        CHECK(worst <= sketch::accuracy);
        CHECK(worst > sketch::accuracy * 0.9);  // the buckets are not needlessly narrow
    };
    check_range(ddsketch<std::ratio<1, 100>>{});
    check_range(ddsketch<std::ratio<1, 50>>{});
    check_range(ddsketch<std::ratio<1, 200>>{});
    check_range(ddsketch<std::ratio<1, 10>>{});
}

TEST_CASE("quantiles of 10^6 samples are within alpha of the exact ones") {
    const auto log_normal = log_normal_samples(1'000'000, 42);
    const auto pareto = pareto_samples(1'000'000, 43);
    SUBCASE("alpha 1%") {
        check_accuracy<ddsketch<std::ratio<1, 100>>>(log_normal);
        check_accuracy<ddsketch<std::ratio<1, 100>>>(pareto);
    }
    SUBCASE("alpha 2%") {
        check_accuracy<ddsketch<std::ratio<1, 50>>>(log_normal);
        check_accuracy<ddsketch<std::ratio<1, 50>>>(pareto);
    }
    SUBCASE("alpha 0.5%") {
        check_accuracy<ddsketch<std::ratio<1, 200>>>(log_normal);
        check_accuracy<ddsketch<std::ratio<1, 200>>>(pareto);
    }
}

TEST_CASE("zero bucket: values <= 0 count as 0") {
    ddsketch<> s;
    s.add(0);
    s.add(-5);
    s.add(10, 2);
    CHECK(s.count() == 4);
    CHECK(s.zero_count() == 2);
    CHECK(s.quantile(0.0) == 0.0);
    CHECK(s.quantile(1.0 / 3.0) == 0.0);  // rank 1
    CHECK(s.quantile(0.67) == doctest::Approx(10).epsilon(0.01));  // rank 2
    CHECK(s.quantile(1.0) == doctest::Approx(10).epsilon(0.01));

    ddsketch<> zeros;
    zeros.add(0, 3);
    CHECK(zeros.quantile(1.0) == 0.0);
}

TEST_CASE("add with a count equals repeated adds") {
    ddsketch<> once, repeated;
    once.add(1234, 5);
    once.add(7, 0);
    for (int i = 0; i < 5; ++i) repeated.add(1234);
    CHECK(once == repeated);
    CHECK(once.count() == 5);
}

TEST_CASE("empty sketches and bad quantiles throw std::domain_error") {
    ddsketch<> s;
    CHECK(s.empty());
    CHECK(s.count() == 0);
    CHECK_THROWS_AS((void)s.quantile(0.5), std::domain_error);
    s.add(3);
    CHECK_FALSE(s.empty());
    CHECK_THROWS_AS((void)s.quantile(-0.01), std::domain_error);
    CHECK_THROWS_AS((void)s.quantile(1.01), std::domain_error);
    CHECK_THROWS_AS((void)s.quantile(std::nan("")), std::domain_error);
    CHECK_NOTHROW((void)s.quantile(0.0));
    CHECK_NOTHROW((void)s.quantile(1.0));
}

TEST_CASE("1 ms to 30 days in ms fits the default store without collapsing") {
    ddsketch<> s;
    std::mt19937_64 g(3);
    const double top = std::log(2'592'000'000.0);
    for (int i = 0; i < 100'000; ++i) s.add(std::llround(std::exp(uniform_open(g) * top)));
    s.add(1);
    s.add(2'592'000'000);
    const auto buckets = buckets_in(s.to_bytes());
    CHECK(buckets < ddsketch<>::max_buckets);
    CHECK(s.quantile(0.0) == doctest::Approx(1).epsilon(0.01));  // the lowest bucket survived
    CHECK(s.memory_bytes() <= sizeof s + 16 * 1024);
}

TEST_CASE("a bounded store collapses its lowest buckets, keeping the high quantiles") {
    using small = ddsketch<std::ratio<1, 100>, 64>;
    std::mt19937_64 g(11);
    std::vector<std::int64_t> values(50'000);
    for (auto& v : values) v = std::llround(std::exp(uniform_open(g) * std::log(1e12)));
    const auto s = sketch_of<small>(values);
    CHECK(buckets_in(s.to_bytes()) == 64);
    CHECK(s.memory_bytes() <= sizeof s + 64 * sizeof(std::uint64_t));

    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (const double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
        const double exact = exact_quantile(sorted, q);
        CAPTURE(q);
        // Collapsed values are reported at the collapsed bucket: overestimated, never under.
        CHECK(s.quantile(q) >= exact * (1 - small::accuracy));
    }
    // 64 buckets of 1 % span ~3.6x: the top 90 % of the log-range stays exact to alpha.
    for (const double q : {0.99, 0.999, 1.0}) {
        const double exact = exact_quantile(sorted, q);
        CHECK(std::abs(s.quantile(q) - exact) <= small::accuracy * exact);
    }
    CHECK(s.quantile(0.5) > exact_quantile(sorted, 0.5) * 1.5);  // the collapse is real

    SUBCASE("collapsing does not depend on the order of adds and merges") {
        std::vector<small> shards(9);
        for (std::size_t i = 0; i < values.size(); ++i) shards[g() % shards.size()].add(values[i]);
        small merged;
        for (auto it = shards.rbegin(); it != shards.rend(); ++it) merged.merge(*it);
        CHECK(merged == s);
        auto reversed = values;
        std::reverse(reversed.begin(), reversed.end());
        CHECK(sketch_of<small>(reversed) == s);
        std::sort(reversed.begin(), reversed.end());
        CHECK(sketch_of<small>(reversed) == s);  // ascending: collapses on almost every new top
    }
}

TEST_CASE("merging shards equals the single stream, in any order") {
    const auto values = log_normal_samples(200'000, 5);
    auto with_zeros = values;
    for (std::size_t i = 0; i < with_zeros.size(); i += 97) with_zeros[i] = 0;
    const auto whole = sketch_of<ddsketch<>>(with_zeros);
    std::mt19937_64 g(17);
    for (const std::size_t n : {1U, 2U, 7U, 64U}) {
        CAPTURE(n);
        std::vector<ddsketch<>> shards(n);
        for (const auto v : with_zeros) shards[g() % n].add(v);

        ddsketch<> forward;
        for (const auto& s : shards) forward.merge(s);
        CHECK(forward == whole);
        CHECK(forward.to_bytes() == whole.to_bytes());

        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::shuffle(order.begin(), order.end(), g);
        ddsketch<> shuffled;
        for (const auto i : order) shuffled.merge(shards[i]);
        CHECK(shuffled == whole);

        // Pairwise, as a tree of reducers would.
        auto level = shards;
        while (level.size() > 1) {
            std::vector<ddsketch<>> next;
            for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
                next.push_back(level[i + 1]);
                next.back().merge(level[i]);
            }
            if (level.size() % 2 == 1) next.push_back(level.back());
            level = std::move(next);
        }
        CHECK(level.front() == whole);
    }

    SUBCASE("merging an empty sketch, or into one, changes nothing") {
        ddsketch<> empty, copy = whole;
        copy.merge(empty);
        CHECK(copy == whole);
        empty.merge(whole);
        CHECK(empty == whole);
    }
    SUBCASE("merging a sketch into itself doubles it") {
        ddsketch<> doubled = whole, twice;
        doubled.merge(doubled);
        for (int i = 0; i < 2; ++i)
            for (const auto v : with_zeros) twice.add(v);
        CHECK(doubled == twice);
    }
}

TEST_CASE("equality sees counts, zeros and buckets, not exact values") {
    ddsketch<> a, b;
    CHECK(a == b);
    a.add(100);
    CHECK_FALSE(a == b);
    b.add(100);
    CHECK(a == b);
    b.add(0);
    a.add(1000);
    CHECK_FALSE(a == b);

    int same_bucket = 0;
    for (std::int64_t v = 100; v < 300; ++v) {
        ddsketch<> x, y;
        x.add(v);
        y.add(v + 1);
        const bool same = x.quantile(0) == y.quantile(0);
        same_bucket += same ? 1 : 0;
        CHECK((x == y) == same);
    }
    CHECK(same_bucket > 100);  // 1 % buckets hold several integers from 100 on
}

TEST_CASE("serialization round-trips and rejects corrupt bytes") {
    const auto values = log_normal_samples(20'000, 9);
    auto s = sketch_of<ddsketch<>>(values);
    s.add(0, 3);
    const auto bytes = s.to_bytes();

    SUBCASE("round trip") {
        CHECK(ddsketch<>::from_bytes(bytes) == s);
        const ddsketch<> empty;
        CHECK(ddsketch<>::from_bytes(empty.to_bytes()) == empty);
        ddsketch<> zeros;
        zeros.add(0, 2);
        CHECK(ddsketch<>::from_bytes(zeros.to_bytes()) == zeros);
        // The layout starts with the magic and the version, little-endian fields after.
        CHECK(std::to_integer<char>(bytes[0]) == 's');
        CHECK(std::to_integer<int>(bytes[4]) == 1);
        CHECK(std::to_integer<int>(bytes[5]) == 1);  // numerator 1
        CHECK(std::to_integer<int>(bytes[13]) == 100);  // denominator 100
    }

    SUBCASE("every truncation and any trailing byte is rejected") {
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            CAPTURE(n);
            CHECK_THROWS_AS((void)ddsketch<>::from_bytes(std::span(bytes).first(n)), slakit::corrupt_state);
        }
        auto longer = bytes;
        longer.push_back(std::byte{0});
        CHECK_THROWS_WITH_AS((void)ddsketch<>::from_bytes(longer), doctest::Contains("bucket counts"),
                             slakit::corrupt_state);
        CHECK_THROWS_WITH_AS((void)ddsketch<>::from_bytes(std::span(bytes).first(20)), doctest::Contains("truncated"),
                             slakit::corrupt_state);
    }

    SUBCASE("single-byte corruptions are rejected or give a self-consistent sketch") {
        std::size_t rejected = 0, accepted = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (const unsigned mask : {0x01U, 0x80U, 0xffU}) {
                auto bad = bytes;
                bad[i] ^= static_cast<std::byte>(mask);
                try {
                    const auto t = ddsketch<>::from_bytes(bad);
                    ++accepted;
                    CAPTURE(i);
                    CHECK(t.to_bytes() == bad);  // canonical: only a real state is accepted
                    CHECK(t.count() == s.count());
                    CHECK_NOTHROW((void)t.quantile(0.5));
                } catch (const slakit::corrupt_state&) {
                    ++rejected;
                }
            }
        }
        CHECK(rejected > 0);
        CHECK(accepted > 0);  // a moved lowest index is still a valid sketch
        // Any other field's change breaks a check (a count's breaks the total): only
        // the 4 bytes of the lowest index may move, to another valid index.
        CHECK(accepted <= 3 * 4);
    }

    SUBCASE("another accuracy, version or magic is rejected") {
        using coarser = ddsketch<std::ratio<1, 50>>;
        CHECK_THROWS_WITH_AS((void)coarser::from_bytes(bytes), doctest::Contains("relative accuracy 1/100"),
                             slakit::corrupt_state);
        // std::ratio reduces 2/200 to 1/100: the same accuracy, so the same bytes.
        using unreduced = ddsketch<std::ratio<2, 200>>;
        CHECK(unreduced::from_bytes(bytes).count() == s.count());
        auto bad = bytes;
        bad[4] = std::byte{2};
        CHECK_THROWS_WITH_AS((void)ddsketch<>::from_bytes(bad), doctest::Contains("version 2"), slakit::corrupt_state);
        bad = bytes;
        bad[0] = std::byte{'x'};
        CHECK_THROWS_WITH_AS((void)ddsketch<>::from_bytes(bad), doctest::Contains("magic"), slakit::corrupt_state);
        // A store wider than this type's bound is rejected, not collapsed.
        using narrow = ddsketch<std::ratio<1, 100>, 64>;
        CHECK_THROWS_AS((void)narrow::from_bytes(bytes), slakit::corrupt_state);
    }

    SUBCASE("a store with empty end buckets is not canonical, so rejected") {
        ddsketch<> one;
        one.add(500, 2);
        auto padded = one.to_bytes();
        REQUIRE(padded.size() == 45 + 8);
        padded[37] = std::byte{2};  // two buckets...
        padded.insert(padded.end(), 8, std::byte{0});  // ...the second empty
        CHECK_THROWS_WITH_AS((void)ddsketch<>::from_bytes(padded), doctest::Contains("not trimmed"),
                             slakit::corrupt_state);
        padded[41] = static_cast<std::byte>(std::to_integer<int>(padded[41]) - 1);  // the first empty
        padded[37] = std::byte{2};
        std::rotate(padded.begin() + 45, padded.begin() + 53, padded.end());
        CHECK_THROWS_WITH_AS((void)ddsketch<>::from_bytes(padded), doctest::Contains("not trimmed"),
                             slakit::corrupt_state);
    }

    SUBCASE("random garbage is rejected") {
        std::mt19937_64 g(23);
        for (int i = 0; i < 2000; ++i) {
            std::vector<std::byte> junk(g() % 200);
            for (auto& b : junk) b = static_cast<std::byte>(g());
            if (i % 2 == 0 && junk.size() >= 21)  // a valid header, random rest
                std::copy(bytes.begin(), bytes.begin() + 21, junk.begin());
            CHECK_THROWS_AS((void)ddsketch<>::from_bytes(junk), slakit::corrupt_state);
        }
    }
}
