// slakit/sketch.hpp: DDSketch, a mergeable quantile sketch with a relative-error
// guarantee (Masson, Rim, Lee, "DDSketch", VLDB 2019).
//
//   slakit::ddsketch<> s;             // alpha = 1 %
//   s.add(1200); s.add(0); s.add(95'000);
//   double p95 = s.quantile(0.95);    // within 1 % of the exact p95
//
// Values are non-negative integer ticks (a duration's count()). Values <= 0 go
// to a zero bucket: negative values count as 0, since business-clock times are
// often exactly 0 and never meaningfully negative.
//
// quantile(q) uses the lower rank floor(q * (n - 1)), as DDSketch does, and
// returns a value within relative error alpha of the exact value at that rank.
//
// Bucket mapping: the "cubically interpolated" mapping of DDSketch. log2(x) is
// approximated by the double's exponent plus a cubic in its mantissa, so add()
// calls no std::log: with std::log2 instead, response_stats::add measured ~15 ns
// per call against ~9 ns (bench/stats.cpp, -O2), over its 10 ns budget.
// The cubic's slope is at least C = 10/7 times that of ln, so buckets are sized
// with that factor (gamma = ((1+a)/(1-a))^(C ln 2)) and no bucket spans more
// than (1+a)/(1-a): the guarantee holds exactly as with the true logarithm.
//
// Store: dense counts from an index offset, grown in chunks, bounded by
// MaxBuckets. A wider range collapses the lowest buckets into one (DDSketch's
// collapsing-lowest store): the guarantee then holds for quantiles above the
// collapsed range, while those inside it are overestimated. At alpha = 1 % a
// range from 1 to 2^58 ticks fits 2036 buckets (1 ms to 30 days in ms takes ~1100),
// and 2036 keeps a full cell, 96 bytes plus the counts, within 16 KiB.
//
// The final state depends only on the multiset of values added, never on the
// order of add() and merge(): a count at index i always ends in bucket
// max(i, top - MaxBuckets + 1), top being the highest index seen.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>

namespace slakit::inline v0 {

namespace detail {

// The lower rank floor(q * (n - 1)) of DDSketch, for q in [0, 1] and n >= 1.
inline std::uint64_t lower_rank(double q, std::uint64_t n) noexcept {
    const double last = static_cast<double>(n - 1);
    const double rank = q * last;
    return rank >= last ? n - 1 : static_cast<std::uint64_t>(rank);  // guards 2^64 rounding
}

inline void check_quantile(double q, bool empty) {
    if (empty) throw std::domain_error("quantile of an empty sketch");
    if (!(q >= 0.0 && q <= 1.0))  // also rejects NaN
        throw std::domain_error("quantile " + std::to_string(q) + " outside [0, 1]");
}

// ln((1+a)/(1-a)) = 2 atanh(a), as a series: std::log is not constexpr in C++20.
constexpr double log_accuracy_ratio(double a) {
    double power = a, sum = 0.0;
    for (int k = 1; k < 10'000'000; k += 2) {
        const double term = power / k;
        sum += term;
        if (term <= sum * 1e-18) break;
        power *= a * a;
    }
    return 2.0 * sum;
}

}  // namespace detail

template <class RelativeAccuracy = std::ratio<1, 100>, std::size_t MaxBuckets = 2036>
class ddsketch {
    static_assert(RelativeAccuracy::num > 0 && RelativeAccuracy::num < RelativeAccuracy::den,
                  "ddsketch: relative accuracy must lie strictly between 0 and 1");
    static_assert(static_cast<double>(RelativeAccuracy::num) / static_cast<double>(RelativeAccuracy::den) >= 1e-6,
                  "ddsketch: relative accuracy below 1e-6 overflows 32-bit bucket indices");
    static_assert(MaxBuckets >= 1 && MaxBuckets <= (1U << 24), "ddsketch: MaxBuckets out of range");

public:
    using relative_accuracy = RelativeAccuracy;
    static constexpr double accuracy =
        static_cast<double>(RelativeAccuracy::num) / static_cast<double>(RelativeAccuracy::den);
    static constexpr std::size_t max_buckets = MaxBuckets;

    ddsketch() = default;

    // Adds count occurrences of value (<= 0 counts as 0). Precondition: the total
    // count stays below 2^64. Growth allocates at most MaxBuckets * 8 bytes; an
    // allocation failure there terminates, as a noexcept function must.
    void add(std::int64_t value, std::uint64_t count = 1) noexcept {
        if (count == 0) return;  // an empty bucket must not widen the stored range
        total_ += count;
        if (value <= 0) {
            zero_ += count;
            return;
        }
        add_to_bucket(bucket_of(value), count);
    }

    // Exact: the result equals one sketch fed both streams, whatever the order.
    void merge(const ddsketch& other) {
        if (&other == this) {
            const ddsketch copy = other;
            return merge(copy);
        }
        if (other.total_ == 0) return;
        total_ += other.total_;
        zero_ += other.zero_;
        if (other.lowest_ > other.highest_) return;
        const int floor_index = make_room(other.lowest_, other.highest_);
        for (int i = other.lowest_; i <= other.highest_; ++i)
            counts_[slot(std::max(i, floor_index))] += other.counts_[other.slot(i)];
    }

    [[nodiscard]] std::uint64_t count() const noexcept { return total_; }
    [[nodiscard]] bool empty() const noexcept { return total_ == 0; }
    // Values added that were <= 0.
    [[nodiscard]] std::uint64_t zero_count() const noexcept { return zero_; }
    // Memory held: the object and its bucket store.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return sizeof(*this) + counts_.capacity() * sizeof(std::uint64_t);
    }

    // The value at rank floor(q * (count() - 1)) within relative error alpha.
    // Throws std::domain_error on an empty sketch or q outside [0, 1].
    [[nodiscard]] double quantile(double q) const {
        detail::check_quantile(q, empty());
        const std::uint64_t rank = detail::lower_rank(q, total_);
        std::uint64_t seen = zero_;
        if (seen > rank) return 0.0;
        for (int i = lowest_; i <= highest_; ++i) {
            seen += counts_[slot(i)];
            if (seen > rank) return bucket_value(i);
        }
        return bucket_value(highest_);  // unreachable while counts sum to total_
    }

    friend bool operator==(const ddsketch& a, const ddsketch& b) noexcept {
        if (a.total_ != b.total_ || a.zero_ != b.zero_) return false;
        if (a.lowest_ > a.highest_ || b.lowest_ > b.highest_)
            return (a.lowest_ > a.highest_) == (b.lowest_ > b.highest_);
        if (a.lowest_ != b.lowest_ || a.highest_ != b.highest_) return false;
        for (int i = a.lowest_; i <= a.highest_; ++i)
            if (a.counts_[a.slot(i)] != b.counts_[b.slot(i)]) return false;
        return true;
    }

    // Layout, little-endian: "sldd", u8 version, i64 accuracy numerator and
    // denominator, u64 total count, u64 zero count, u32 bucket count n, i32 lowest
    // index, n * u64 counts (first and last nonzero, so equal sketches give equal bytes).
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        const bool has_buckets = lowest_ <= highest_;
        const int n = has_buckets ? highest_ - lowest_ + 1 : 0;
        std::vector<std::byte> out;
        out.reserve(header_size + static_cast<std::size_t>(n) * 8);
        detail::put_header(out, magic, version);
        detail::put_ratio<RelativeAccuracy>(out);
        detail::put_le(out, total_, 8);
        detail::put_le(out, zero_, 8);
        detail::put_le(out, static_cast<std::uint64_t>(n), 4);
        detail::put_le(out, static_cast<std::uint32_t>(has_buckets ? lowest_ : 0), 4);
        for (int i = 0; i < n; ++i) detail::put_le(out, counts_[slot(lowest_ + i)], 8);
        return out;
    }

    // Throws corrupt_state on anything that to_bytes() of this type cannot have written.
    [[nodiscard]] static ddsketch from_bytes(std::span<const std::byte> bytes) {
        detail::byte_reader in(bytes, "ddsketch");
        in.expect_header(magic, version);
        in.expect_ratio<RelativeAccuracy>("relative accuracy", "", "sketch");
        ddsketch s;
        s.total_ = in.unsigned_le(8, "total count");
        s.zero_ = in.unsigned_le(8, "zero count");
        const auto n = in.unsigned_le(4, "bucket count");
        const auto lowest = static_cast<std::int32_t>(static_cast<std::uint32_t>(in.unsigned_le(4, "lowest index")));
        if (n > MaxBuckets) in.fail(std::to_string(n) + " buckets exceed the limit of " + std::to_string(MaxBuckets));
        if (in.remaining() != n * 8)
            in.fail("expected " + std::to_string(n * 8) + " bytes of bucket counts, found " +
                    std::to_string(in.remaining()));
        if (n == 0 && lowest != 0) in.fail("empty store with a nonzero lowest index");
        if (n > 0 && (lowest < 0 || lowest > top_index() - static_cast<int>(n) + 1))
            in.fail("bucket indices " + std::to_string(lowest) + ".." +
                    std::to_string(static_cast<std::int64_t>(lowest) + static_cast<std::int64_t>(n) - 1) +
                    " outside 0.." + std::to_string(top_index()));
        std::uint64_t sum = s.zero_;
        if (n > 0) {
            s.counts_.resize(n);
            s.offset_ = s.lowest_ = lowest;
            s.highest_ = lowest + static_cast<int>(n) - 1;
            for (auto& c : s.counts_) {
                c = in.unsigned_le(8, "bucket count");
                if (c > std::numeric_limits<std::uint64_t>::max() - sum) in.fail("bucket counts overflow 64 bits");
                sum += c;
            }
            if (s.counts_.front() == 0 || s.counts_.back() == 0)
                in.fail("store not trimmed: first or last bucket is empty");
        }
        if (sum != s.total_)
            in.fail("counts sum to " + std::to_string(sum) + ", total says " + std::to_string(s.total_));
        in.expect_end();
        return s;
    }

private:
    static constexpr char magic[5] = "sldd";
    static constexpr std::uint64_t version = 1;
    static constexpr std::size_t header_size = 4 + 1 + 8 + 8 + 8 + 8 + 4 + 4;
    static constexpr std::size_t growth_chunk = 64;

    // Cubic on the mantissa s in [0, 1): P(0) = 0, P(1) = 1, slope vs ln at least C.
    static constexpr double cubic_a = 6.0 / 35.0, cubic_b = -3.0 / 5.0, cubic_c = 10.0 / 7.0;
    // Buckets are sized for an accuracy a millionth tighter than promised, so the
    // floating-point rounding in the mapping (at worst ~1e-12 relative for
    // alpha >= 1e-6) can never push an answer past alpha.
    static constexpr double internal_accuracy = accuracy * (1.0 - 1e-6);
    static constexpr double multiplier = 1.0 / (cubic_c * detail::log_accuracy_ratio(internal_accuracy));

    static constexpr double approximate_log2(double x) noexcept {
        const auto bits = std::bit_cast<std::uint64_t>(x);
        const auto exponent = static_cast<int>(bits >> 52) - 1023;  // x >= 1: sign bit clear
        const double s = std::bit_cast<double>((bits & 0x000f'ffff'ffff'ffffULL) | 0x3ff0'0000'0000'0000ULL) - 1.0;
        return ((cubic_a * s + cubic_b) * s + cubic_c) * s + exponent;
    }

    static constexpr int bucket_of(std::int64_t value) noexcept {  // value >= 1, so the log is >= 0
        return static_cast<int>(approximate_log2(static_cast<double>(value)) * multiplier);
    }

    static constexpr int top_index() noexcept { return bucket_of(std::numeric_limits<std::int64_t>::max()); }

    // Lower bound of bucket i: inverts the cubic (Cardano, then one Newton step).
    static double bucket_lower_bound(int index) noexcept {
        const double log2_value = index / multiplier;
        const double exponent = std::floor(log2_value);
        const double t = log2_value - exponent;
        constexpr double a = cubic_a, b = cubic_b, c = cubic_c;
        constexpr double d0 = b * b - 3 * a * c;  // negative: one real root
        const double d1 = 2 * b * b * b - 9 * a * b * c + 27 * a * a * (-t);
        const double p = std::cbrt((d1 - std::sqrt(d1 * d1 - 4 * d0 * d0 * d0)) / 2);
        double s = -(b + p + d0 / p) / (3 * a);
        s -= (((a * s + b) * s + c) * s - t) / ((3 * a * s + 2 * b) * s + c);
        return std::ldexp(1.0 + s, static_cast<int>(exponent));
    }

    // Every x in a bucket lies within [lower, lower (1+a)/(1-a)): lower (1+a) is within a of all.
    static double bucket_value(int index) noexcept { return bucket_lower_bound(index) * (1.0 + internal_accuracy); }

    [[nodiscard]] std::size_t slot(int index) const noexcept { return static_cast<std::size_t>(index - offset_); }

    void add_to_bucket(int index, std::uint64_t count) noexcept {
        if (index >= offset_ && index - offset_ < static_cast<int>(counts_.size())) [[likely]] {
            counts_[slot(index)] += count;
            lowest_ = std::min(lowest_, index);
            highest_ = std::max(highest_, index);
            return;
        }
        const int floor_index = make_room(index, index);
        counts_[slot(std::max(index, floor_index))] += count;
    }

    // Widens the window to hold [low, high] too, collapsing the lowest buckets if
    // the range exceeds MaxBuckets. Returns the lowest index kept: counts below it
    // belong in that bucket. Sets lowest_/highest_ to the new nonempty range.
    int make_room(int low, int high) {
        const bool had = lowest_ <= highest_;
        const int new_high = had ? std::max(highest_, high) : high;
        int new_low = had ? std::min(lowest_, low) : low;
        const int limit = static_cast<int>(MaxBuckets);
        if (new_high - new_low + 1 > limit) new_low = new_high - limit + 1;
        // A window that still fits needs no collapse: it is at most MaxBuckets wide,
        // so nothing in it lies below new_low.
        if (new_low < offset_ || new_high - offset_ >= static_cast<int>(counts_.size())) {
            const auto needed = static_cast<std::size_t>(new_high - new_low + 1);
            // Some slack, rounded to whole chunks, so a growing range reallocates rarely.
            const std::size_t rounded = (needed + growth_chunk / 2 + growth_chunk - 1) / growth_chunk * growth_chunk;
            const std::size_t size = std::min(MaxBuckets, rounded);
            const int slack = static_cast<int>(size - needed);
            const int offset = std::max(0, new_low - slack / 2);
            std::vector<std::uint64_t> counts(size, 0);
            for (int i = lowest_; had && i <= highest_; ++i)
                counts[static_cast<std::size_t>(std::max(i, new_low) - offset)] += counts_[slot(i)];
            counts_ = std::move(counts);
            offset_ = offset;
        }
        lowest_ = new_low;
        highest_ = new_high;
        return new_low;
    }

    std::vector<std::uint64_t> counts_;  // counts_[k] holds bucket offset_ + k
    int offset_ = 0;
    int lowest_ = std::numeric_limits<int>::max();  // nonempty buckets: [lowest_, highest_]
    int highest_ = std::numeric_limits<int>::min();
    std::uint64_t zero_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace slakit::inline v0
