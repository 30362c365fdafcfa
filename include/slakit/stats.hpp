// slakit/stats.hpp: mergeable, serializable accumulators for SLA reports.
//
//   slakit::response_stats<> cell;              // milliseconds, 1 % quantiles
//   cell.add(first_response_time);              // per request, ~ns
//   other_cell.merge(cell);                     // exact, in any order
//   auto blob = cell.to_bytes();                // store, ship, merge later
//   auto p95 = cell.quantile(0.95);             // std::chrono::milliseconds
//
//   slakit::compliance_counters c;
//   c.add(slakit::scope::in_hours, slakit::status::met);
//   std::optional<double> rate = c.rate();      // met / (met + breached)
//
// Both merge exactly: shards merged in any order equal one stream, bit for bit.
// from_bytes() throws slakit::corrupt_state on anything to_bytes() cannot have written.
#pragma once

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <slakit/detail/arithmetic.hpp>
#include <slakit/error.hpp>
#include <slakit/sketch.hpp>
#include <slakit/status.hpp>

namespace slakit::inline v0 {

// An exact sum of ticks, 128 bits as two words: 2^64 values of 2^63 ticks stay below 2^127.
struct tick_sum {
    std::uint64_t high = 0;
    std::uint64_t low = 0;

    [[nodiscard]] double to_double() const noexcept {
        return std::ldexp(static_cast<double>(high), 64) + static_cast<double>(low);
    }
    friend bool operator==(const tick_sum&, const tick_sum&) = default;
};

namespace detail {

template <class T>
inline constexpr bool is_duration_v = false;
template <class Rep, class Period>
inline constexpr bool is_duration_v<std::chrono::duration<Rep, Period>> = true;

}  // namespace detail

// Count, exact sum, mean, min, max and DDSketch quantiles of response times.
//
// Durations must be non-negative: add() asserts it in debug builds, and release
// builds count a negative duration as zero everywhere (sum, min, sketch) so the
// state stays self-consistent. mean(), min(), max() and quantile() throw
// std::domain_error on an empty accumulator.
template <class Duration = std::chrono::milliseconds, class RelativeAccuracy = std::ratio<1, 100>>
class response_stats {
    static_assert(detail::is_duration_v<Duration>, "response_stats: Duration must be a std::chrono::duration");
    using rep = typename Duration::rep;
    static_assert(std::is_integral_v<rep> && std::is_signed_v<rep> && sizeof(rep) <= 8,
                  "response_stats: Duration needs a signed integer rep of at most 64 bits");

public:
    using duration = Duration;
    using sketch_type = ddsketch<RelativeAccuracy>;

    response_stats() = default;

    void add(Duration d) noexcept { add(d, 1); }

    // count occurrences of d at once. Precondition: the total count stays below 2^64.
    void add(Duration d, std::uint64_t count) noexcept {
        assert(d.count() >= 0 && "response_stats::add: negative duration");
        const auto ticks = std::max<std::int64_t>(static_cast<std::int64_t>(d.count()), 0);
        if (count == 0) return;
        count_ += count;
        sum_ += static_cast<detail::uint128>(static_cast<std::uint64_t>(ticks)) * count;
        min_ = std::min(min_, ticks);
        max_ = std::max(max_, ticks);
        sketch_.add(ticks, count);
    }

    // Exact: shards merged in any order equal one accumulator fed every value.
    void merge(const response_stats& other) {
        count_ += other.count_;
        sum_ += other.sum_;
        min_ = std::min(min_, other.min_);
        max_ = std::max(max_, other.max_);
        sketch_.merge(other.sketch_);
    }

    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }

    [[nodiscard]] tick_sum exact_sum() const noexcept {
        return {static_cast<std::uint64_t>(sum_ >> 64), static_cast<std::uint64_t>(sum_)};
    }

    // The sum as a Duration, or nullopt when it does not fit Duration::rep.
    [[nodiscard]] std::optional<Duration> sum() const noexcept {
        if (sum_ > static_cast<detail::uint128>(std::numeric_limits<rep>::max())) return std::nullopt;
        return Duration{static_cast<rep>(sum_)};
    }

    // Rounded to the nearest tick, halves up; it always fits, as min <= mean <= max.
    [[nodiscard]] Duration mean() const {
        require_values("mean");
        return Duration{static_cast<rep>((sum_ + count_ / 2) / count_)};
    }

    [[nodiscard]] double mean_seconds() const {
        require_values("mean_seconds");
        using period = typename Duration::period;
        return exact_sum().to_double() / static_cast<double>(count_) * static_cast<double>(period::num) /
               static_cast<double>(period::den);
    }

    [[nodiscard]] Duration min() const {
        require_values("min");
        return Duration{static_cast<rep>(min_)};
    }

    [[nodiscard]] Duration max() const {
        require_values("max");
        return Duration{static_cast<rep>(max_)};
    }

    // The value at rank floor(q * (count() - 1)): exact at q = 0 and q = 1 (min and
    // max), else within relative error alpha plus half a tick of rounding, and
    // never outside [min, max]. Throws std::domain_error if empty or q outside [0, 1].
    [[nodiscard]] Duration quantile(double q) const {
        detail::check_quantile(q, empty());
        const std::uint64_t rank = detail::lower_rank(q, count_);
        if (rank == 0) return Duration{static_cast<rep>(min_)};
        if (rank == count_ - 1) return Duration{static_cast<rep>(max_)};
        const double estimate = sketch_.quantile(q);
        // Compared as doubles first: llround of a value past int64 would be UB.
        if (estimate >= static_cast<double>(max_)) return Duration{static_cast<rep>(max_)};
        if (estimate <= static_cast<double>(min_)) return Duration{static_cast<rep>(min_)};
        const auto ticks = std::clamp<std::int64_t>(std::llround(estimate), min_, max_);
        return Duration{static_cast<rep>(ticks)};
    }

    [[nodiscard]] const sketch_type& sketch() const noexcept { return sketch_; }
    // Memory held: the object and its sketch's store.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return sizeof(*this) - sizeof(sketch_) + sketch_.memory_bytes();
    }

    friend bool operator==(const response_stats& a, const response_stats& b) noexcept {
        return a.count_ == b.count_ && a.sum_ == b.sum_ && a.min_ == b.min_ && a.max_ == b.max_ &&
               a.sketch_ == b.sketch_;
    }

    // Layout, little-endian: "slrs", u8 version, i64 period numerator and
    // denominator, u64 count, u64 sum high and low words, i64 min, i64 max (both 0
    // when empty), then the ddsketch bytes up to the end.
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        std::vector<std::byte> out;
        detail::put_header(out, magic, version);
        detail::put_ratio<typename Duration::period>(out);
        detail::put_le(out, count_, 8);
        const auto sum = exact_sum();
        detail::put_le(out, sum.high, 8);
        detail::put_le(out, sum.low, 8);
        detail::put_le(out, static_cast<std::uint64_t>(empty() ? 0 : min_), 8);
        detail::put_le(out, static_cast<std::uint64_t>(max_), 8);
        const auto sketch = sketch_.to_bytes();
        out.insert(out.end(), sketch.begin(), sketch.end());
        return out;
    }

    [[nodiscard]] static response_stats from_bytes(std::span<const std::byte> bytes) {
        detail::byte_reader in(bytes, "response_stats");
        in.expect_header(magic, version);
        in.expect_ratio<typename Duration::period>("tick period", " s", "accumulator");
        response_stats s;
        s.count_ = in.unsigned_le(8, "count");
        const auto high = in.unsigned_le(8, "sum high word");
        s.sum_ = static_cast<detail::uint128>(high) << 64 | in.unsigned_le(8, "sum low word");
        const auto min = static_cast<std::int64_t>(in.unsigned_le(8, "min"));
        const auto max = static_cast<std::int64_t>(in.unsigned_le(8, "max"));
        s.sketch_ = sketch_type::from_bytes(in.rest());

        if (s.sketch_.count() != s.count_)
            in.fail("count " + std::to_string(s.count_) + " but the sketch holds " + std::to_string(s.sketch_.count()));
        if (s.count_ == 0) {
            if (s.sum_ != 0 || min != 0 || max != 0) in.fail("empty but sum, min or max is not 0");
            return s;
        }
        if (min < 0 || min > max || max > static_cast<std::int64_t>(std::numeric_limits<rep>::max()))
            in.fail("min " + std::to_string(min) + " and max " + std::to_string(max) +
                    " are not 0 <= min <= max <= the largest Duration");
        // With n values between min and max, sum lies in [(n-1) min + max, (n-1) max + min].
        const auto others = static_cast<detail::uint128>(s.count_ - 1);
        const auto umin = static_cast<detail::uint128>(min), umax = static_cast<detail::uint128>(max);
        if (s.sum_ < others * umin + umax || s.sum_ > others * umax + umin)
            in.fail("sum is impossible for that count, min and max");
        if ((min == 0) != (s.sketch_.zero_count() > 0) || (max == 0) != (s.sketch_.zero_count() == s.count_))
            in.fail("min or max disagrees with the sketch's count of zeros");
        s.min_ = min;
        s.max_ = max;
        return s;
    }

private:
    static constexpr char magic[5] = "slrs";
    static constexpr std::uint64_t version = 1;

    void require_values(const char* what) const {
        if (empty()) throw std::domain_error(std::string(what) + " of an empty response_stats");
    }

    detail::uint128 sum_ = 0;
    std::uint64_t count_ = 0;
    std::int64_t min_ = std::numeric_limits<std::int64_t>::max();  // neutral for merge
    std::int64_t max_ = 0;
    sketch_type sketch_;
};

// Request counts by scope and, for in-hours requests, by status.
//
// Pending requests are neither met nor breached at the end of a period: they are
// reported apart. They turn into breaches once their threshold passes at the
// evaluation time (the contract's decision), so a report run after the deadline
// counts them as breached: the caller then adds them with status::breached.
class compliance_counters {
public:
    // Out-of-hours and excluded requests are counted by scope alone: status is ignored.
    void add(scope where, status result) noexcept {
        switch (where) {
        case scope::out_of_hours: ++out_of_hours_; return;
        case scope::excluded: ++excluded_; return;
        case scope::in_hours: break;
        }
        switch (result) {
        case status::met: ++met_; break;
        case status::breached: ++breached_; break;
        case status::pending: ++pending_; break;
        }
    }

    [[nodiscard]] std::uint64_t met() const noexcept { return met_; }
    [[nodiscard]] std::uint64_t breached() const noexcept { return breached_; }
    [[nodiscard]] std::uint64_t pending() const noexcept { return pending_; }
    [[nodiscard]] std::uint64_t excluded() const noexcept { return excluded_; }
    [[nodiscard]] std::uint64_t out_of_hours() const noexcept { return out_of_hours_; }
    // Every request added, whatever its scope.
    [[nodiscard]] std::uint64_t total() const noexcept {
        return met_ + breached_ + pending_ + excluded_ + out_of_hours_;
    }

    // met / (met + breached); nullopt while no in-hours request is decided.
    [[nodiscard]] std::optional<double> rate() const noexcept {
        const std::uint64_t decided = met_ + breached_;
        if (decided == 0) return std::nullopt;
        return static_cast<double>(met_) / static_cast<double>(decided);
    }

    void merge(const compliance_counters& other) noexcept {
        met_ += other.met_;
        breached_ += other.breached_;
        pending_ += other.pending_;
        excluded_ += other.excluded_;
        out_of_hours_ += other.out_of_hours_;
    }

    friend bool operator==(const compliance_counters&, const compliance_counters&) = default;

    // Layout, little-endian: "slcc", u8 version, u64 met, breached, pending, excluded, out_of_hours.
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        std::vector<std::byte> out;
        detail::put_header(out, magic, version);
        for (const auto field : {met_, breached_, pending_, excluded_, out_of_hours_}) detail::put_le(out, field, 8);
        return out;
    }

    [[nodiscard]] static compliance_counters from_bytes(std::span<const std::byte> bytes) {
        detail::byte_reader in(bytes, "compliance_counters");
        in.expect_header(magic, version);
        compliance_counters c;
        c.met_ = in.unsigned_le(8, "met");
        c.breached_ = in.unsigned_le(8, "breached");
        c.pending_ = in.unsigned_le(8, "pending");
        c.excluded_ = in.unsigned_le(8, "excluded");
        c.out_of_hours_ = in.unsigned_le(8, "out_of_hours");
        in.expect_end();
        detail::uint128 total = 0;
        for (const auto field : {c.met_, c.breached_, c.pending_, c.excluded_, c.out_of_hours_}) total += field;
        if (total > std::numeric_limits<std::uint64_t>::max()) in.fail("counts add up past 2^64");
        return c;
    }

private:
    static constexpr char magic[5] = "slcc";
    static constexpr std::uint64_t version = 1;

    std::uint64_t met_ = 0;
    std::uint64_t breached_ = 0;
    std::uint64_t pending_ = 0;
    std::uint64_t excluded_ = 0;
    std::uint64_t out_of_hours_ = 0;
};

}  // namespace slakit::inline v0
