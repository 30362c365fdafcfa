// slakit/rolling.hpp: trailing windows over a live stream of outcomes, for monitoring.
//
//   slakit::rolling_window<> ring{slakit::rolling_config{}, now};  // 1-minute buckets, 3 days
//   ring.advance(now);                                  // time is always passed in
//   ring.add(outcome, answered_at);                     // O(1) at the current bucket
//   auto last_hour = ring.last(1h);                     // O(1): prefix sums
//   last_hour.compliance();                             // met / (met + breached)
//   auto open_hour = ring.last(1h, calendar);           // the last hour of open time
//   auto p95 = ring.response_times(last_hour.from).quantile(0.95);  // hourly sketches
//
// The ring: `buckets` buckets of `bucket_width` (UTC-aligned: bucket k holds the
// instants [k * width, (k + 1) * width) since the epoch), the last one holding now.
// Each bucket holds counters and exact sums ("lanes"): events, first-response met,
// breached, out of hours, excluded, hand-off met and breached, answered requests,
// the sum of their first-response times on the wall and on the business clock, and
// for each configured exceedance threshold the answered requests slower than it.
//
// Prefix sums: a bucket does not store its own lanes but their running totals since
// the ring began, modulo 2^64, so any trailing window is two look-ups and a
// subtraction, exact while the window's true total stays below 2^64 (for the sum
// lanes, 2^64 ticks: 584 million years of milliseconds). An event in the current
// bucket updates one bucket; a late event updates every bucket from its own to the
// current one, O(buckets since it).
//
// Quantiles: one response_stats (DDSketch) per `sketch_width` (default an hour),
// never per minute: 4320 per-minute sketches of up to 16 KiB would take 70 MB. A
// window's quantiles merge the sketches of the coarse buckets it touches, so they
// describe the window widened back to a whole sketch bucket (up to sketch_width -
// bucket_width earlier), at the sketch's 1 % relative accuracy.
//
// Memory per ring (rolling_window::memory_bytes()): 8 bytes per lane per bucket,
// (10 + exceedances) lanes, plus the sketches: three days of one-minute buckets (4321)
// take 345,680 bytes, and 73 hourly sketches about 100 bytes each when empty, up to
// 16 KiB each at worst (log-normal response times around 20 s, spread over four
// decades: about 4 KiB each, 0.64 MB per ring in all).
//
// Late and early events: an event older than the oldest bucket is refused and
// counted (too_old()); it never touches a window. An event after the current bucket
// is refused and counted too (in_future()): it never advances the ring, because one
// record with a bad clock must not wipe three days of history; the host advances
// the ring to its own now first. An event after now but inside the current bucket
// is taken.
//
// Windows: a trailing window of length W is the fewest whole buckets, counted back
// from the one holding now, whose time up to now is at least W: on the wall clock it
// covers between W and W + bucket_width; with a calendar, W is open time (the last
// hour of open time may reach back over a night), found by bisection over
// calendar.elapsed(), O(log buckets). A window that would reach past the oldest
// bucket stops there and says so (complete is false).
//
// Pending requests (pending_watch, below): a bounded set of requests waiting for
// their first response, keyed by the host's id, with the instant their warning level
// is crossed and their due instant. It counts those at risk (warned, not yet due) and
// reports those whose due has passed, so the host records their breach when it
// happens rather than when (or whether) they are answered.
#pragma once

#include <slakit/detail/arithmetic.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <ratio>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit {

// The most exceedance thresholds one ring counts (one per quantile target).
inline constexpr std::size_t max_exceedances = 4;
// The most buckets in one ring: 2^22 is eight years of minutes.
inline constexpr std::size_t max_ring_buckets = std::size_t{1} << 22;

struct rolling_config {
    std::chrono::milliseconds bucket_width = std::chrono::minutes{1};
    // With 1-minute buckets: three full days behind the current, partial bucket, so a
    // 3-day window is complete at any instant.
    std::size_t buckets = 3 * 24 * 60 + 1;
    // Width of the quantile sketches' buckets: a multiple of bucket_width, or 0 for no sketches.
    std::chrono::milliseconds sketch_width = std::chrono::hours{1};
    // The clock of the response times the sketches hold.
    clock_kind sketch_clock = clock_kind::wall;
    // Count answered requests whose first-response time on the threshold's clock
    // exceeds its limit (strictly: "within" is inclusive). A quantile target q <= L
    // holds exactly when at most 1 - q of the answers exceed L.
    std::vector<threshold> exceedances{};

    [[nodiscard]] std::chrono::milliseconds span() const noexcept {
        return bucket_width * static_cast<std::int64_t>(buckets);
    }

    friend bool operator==(const rolling_config&, const rolling_config&) = default;
};

// What add() takes from an outcome; combine with |.
enum class recorded : unsigned char {
    status = 1,         // the scope, and the first-response status once met or breached
    response_time = 2,  // the first-response time of an answered request that counts
    handoff = 4,        // the hand-off status once met or breached
    all = 7,
};

[[nodiscard]] constexpr recorded operator|(recorded a, recorded b) noexcept {
    return static_cast<recorded>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}

[[nodiscard]] constexpr bool includes(recorded set, recorded part) noexcept {
    return (static_cast<unsigned>(set) & static_cast<unsigned>(part)) != 0;
}

enum class add_result : unsigned char {
    added,
    nothing,    // the outcome had nothing decided among the parts asked for: not counted
    too_old,    // before the oldest bucket: refused, counted in too_old()
    in_future,  // after the current bucket: refused, counted in in_future()
};

// The sums over one trailing window. Counts are of events recorded, by bucket of
// their `at` instant; sums are in ticks of Duration.
template <class Duration = std::chrono::milliseconds>
struct window_totals {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    time_point from{};    // start of the window's first bucket
    time_point to{};      // the ring's now
    Duration covered{};   // time from `from` to `to` on the window's clock: wall, or open time
    bool complete = true; // false: the ring does not reach back as far as asked

    std::uint64_t events = 0;  // add() calls that recorded something
    std::uint64_t met = 0;
    std::uint64_t breached = 0;
    std::uint64_t out_of_hours = 0;
    std::uint64_t excluded = 0;
    std::uint64_t handoff_met = 0;
    std::uint64_t handoff_breached = 0;
    std::uint64_t answered = 0;       // first-response times recorded (requests that count)
    std::uint64_t wall_sum = 0;       // their sum on the wall clock, ticks
    std::uint64_t business_sum = 0;   // and on the business clock
    std::array<std::uint64_t, max_exceedances> exceeding{};  // per rolling_config::exceedances

    [[nodiscard]] std::uint64_t decided() const noexcept { return met + breached; }

    // met / (met + breached); nullopt while nothing is decided.
    [[nodiscard]] std::optional<double> compliance() const noexcept {
        if (decided() == 0) return std::nullopt;
        return static_cast<double>(met) / static_cast<double>(decided());
    }

    [[nodiscard]] std::optional<double> handoff_compliance() const noexcept {
        const std::uint64_t d = handoff_met + handoff_breached;
        if (d == 0) return std::nullopt;
        return static_cast<double>(handoff_met) / static_cast<double>(d);
    }

    [[nodiscard]] std::uint64_t sum(clock_kind clock) const noexcept {
        return clock == clock_kind::wall ? wall_sum : business_sum;
    }

    // Mean first-response time, rounded to the nearest tick (halves up); nullopt
    // while nothing is answered.
    [[nodiscard]] std::optional<Duration> mean(clock_kind clock) const noexcept {
        if (answered == 0) return std::nullopt;
        const std::uint64_t s = sum(clock);
        return Duration{static_cast<typename Duration::rep>(s / answered + (s % answered >= answered - answered / 2 ? 1U : 0U))};
    }

    friend bool operator==(const window_totals&, const window_totals&) = default;
};

namespace detail::rolling {

enum lane : std::size_t {
    events,
    met,
    breached,
    out_of_hours,
    excluded,
    handoff_met,
    handoff_breached,
    answered,
    wall_sum,
    business_sum,
    first_exceeding,  // then one lane per exceedance threshold
};

inline constexpr std::size_t max_lanes = first_exceeding + max_exceedances;
using lanes = std::array<std::uint64_t, max_lanes>;

}  // namespace detail::rolling

// A ring of time buckets holding the mergeable state of one group of requests
// (e.g. one channel and priority). See the top of this file.
template <class Duration = std::chrono::milliseconds, class Accuracy = std::ratio<1, 100>>
class rolling_window {
    static_assert(detail::is_duration_v<Duration>, "rolling_window: Duration must be a std::chrono::duration");
    static_assert(std::is_same_v<typename Duration::rep, std::int64_t>,
                  "rolling_window: Duration needs a 64-bit signed rep");
    static_assert(std::is_same_v<std::common_type_t<Duration, std::chrono::milliseconds>, Duration>,
                  "rolling_window: Duration must be milliseconds or finer");

public:
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;
    using stats_type = response_stats<Duration, Accuracy>;
    using totals_type = window_totals<Duration>;

    // Throws std::invalid_argument for a width that is not positive, a bucket count
    // outside [1, max_ring_buckets], a span past ten years, a sketch width that is
    // not a multiple of the bucket width, more than max_exceedances thresholds or one
    // that is not positive, or a now outside [1900, 2200).
    rolling_window(rolling_config config, time_point now) : config_(std::move(config)) {
        check(config_);
        if (!in_supported_range(now))
            throw std::invalid_argument("rolling_window: now lies outside the supported range [1900-01-01, 2200-01-01)");
        layout();
        now_ = now;
        head_ = bucket_of(now);
        cum_.assign(n_ * lanes_, 0);
        base_.assign(lanes_, 0);
        sketches_.assign(m_, stats_type{});
    }

    [[nodiscard]] const rolling_config& config() const noexcept { return config_; }
    [[nodiscard]] time_point now() const noexcept { return now_; }
    // Start of the oldest bucket: events before it are too old.
    [[nodiscard]] time_point oldest() const noexcept { return start_of(head_ - static_cast<std::int64_t>(n_) + 1); }
    // Events refused as older than the ring, or later than its current bucket.
    [[nodiscard]] std::uint64_t too_old() const noexcept { return too_old_; }
    [[nodiscard]] std::uint64_t in_future() const noexcept { return in_future_; }

    // Moves now forward; buckets that fall off the end are forgotten. An earlier
    // now is ignored: time does not go back. Throws std::invalid_argument for a now
    // outside the supported range. O(buckets passed), at most O(buckets).
    void advance(time_point now) {
        if (!in_supported_range(now))
            throw std::invalid_argument("rolling_window::advance: now lies outside the supported range [1900-01-01, 2200-01-01)");
        if (now <= now_) return;
        const std::int64_t head = bucket_of(now);
        const auto n = static_cast<std::int64_t>(n_);
        if (head > head_) {
            if (head - head_ >= n) {
                // Every bucket expires; the running totals carry on unchanged.
                const auto last = lanes_at(slot(head_));
                std::copy(last, last + static_cast<std::ptrdiff_t>(lanes_), base_.begin());
                for (std::size_t s = 0; s < n_; ++s)
                    std::copy(base_.begin(), base_.end(), cum_.begin() + static_cast<std::ptrdiff_t>(s * lanes_));
            } else {
                for (std::int64_t k = head_ + 1; k <= head; ++k) {
                    auto* expiring = lanes_at(slot(k));  // held bucket k - n
                    std::copy(expiring, expiring + static_cast<std::ptrdiff_t>(lanes_), base_.begin());
                    const auto* previous = lanes_at(slot(k - 1));
                    std::copy(previous, previous + static_cast<std::ptrdiff_t>(lanes_), expiring);
                }
            }
            if (m_ != 0) {
                const std::int64_t from = sketch_of(head_) + 1, to = sketch_of(head);
                const std::int64_t first = std::max(from, to - static_cast<std::int64_t>(m_) + 1);
                for (std::int64_t c = first; c <= to; ++c) sketches_[detail::floor_mod(c, m_)] = stats_type{};
            }
            head_ = head;
        }
        now_ = now;
    }

    // Records the parts of an outcome that are decided, at instant `at` (typically
    // when they were decided: the first response, or the moment a deadline passed):
    //   status         out of hours or excluded: counted by scope; in hours: met or
    //                  breached (pending records nothing)
    //   response_time  for a request that counts and was answered: its first-response
    //                  time on both clocks, the exceedances, and the sketch
    //   handoff        met or breached, unless the request is excluded (clause 2.4
    //                  binds hand-offs decided in working hours: evaluate() decides)
    // Record each part of a request once: a host that records a breach when the
    // deadline passes records the answer later with recorded::response_time alone.
    template <class Channel, class Priority, class D>
        requires std::is_convertible_v<D, Duration>
    add_result add(const basic_outcome<Channel, Priority, D>& o, time_point at, recorded what = recorded::all) {
        detail::rolling::lanes delta{};
        std::optional<Duration> sketch_value;
        bool recorded_any = false;
        if (includes(what, recorded::status)) recorded_any |= status_delta(delta, o.scope, o.first_response.status);
        if (includes(what, recorded::response_time) && o.counts() && o.wall_response) {
            recorded_any = true;
            response_delta(delta, Duration{*o.wall_response},
                           o.business_response ? Duration{*o.business_response} : Duration{*o.wall_response});
            sketch_value = Duration{config_.sketch_clock == clock_kind::wall || !o.business_response
                                        ? *o.wall_response
                                        : *o.business_response};
        }
        if (includes(what, recorded::handoff) && o.scope != scope::excluded)
            recorded_any |= handoff_delta(delta, o.handoff.status);
        if (!recorded_any) return add_result::nothing;
        return record(at, delta, sketch_value);
    }

    // The same parts one at a time, for hosts without an outcome at hand.
    add_result add_status(scope where, status outcome, time_point at) {
        detail::rolling::lanes delta{};
        if (!status_delta(delta, where, outcome)) return add_result::nothing;
        return record(at, delta, std::nullopt);
    }

    // The first-response time of an answered request that counts (in hours, not
    // excluded), on each clock. Negative times count as zero.
    add_result add_response_time(Duration wall, Duration business, time_point at) {
        detail::rolling::lanes delta{};
        wall = std::max(wall, Duration::zero());
        business = std::max(business, Duration::zero());
        response_delta(delta, wall, business);
        return record(at, delta, config_.sketch_clock == clock_kind::wall ? wall : business);
    }

    add_result add_handoff(status outcome, time_point at) {
        detail::rolling::lanes delta{};
        if (!handoff_delta(delta, outcome)) return add_result::nothing;
        return record(at, delta, std::nullopt);
    }

    // --- windows ------------------------------------------------------------

    // The buckets from the one holding `from` to the current one. O(1).
    [[nodiscard]] totals_type since(time_point from) const {
        const auto t = totals_from(std::min(bucket_of_clamped(from), head_));
        return with_cover(t, now_ - t.from, t.complete && t.from <= from);
    }

    // The trailing window of `span` wall-clock time (see the top of the file). O(1).
    // Throws std::invalid_argument for a span that is not positive.
    [[nodiscard]] totals_type last(Duration span) const {
        if (span <= Duration::zero()) throw std::invalid_argument("rolling_window::last: the span must be positive");
        span = std::min(span, Duration{width_ * (static_cast<std::int64_t>(n_) + 1)});  // past the ring: no overflow below
        const Duration partial = now_ - start_of(head_);
        const Duration w{width_};
        const std::int64_t back = span <= partial ? 0 : (span - partial + w - Duration{1}) / w;
        const auto t = totals_from(head_ - back);
        return with_cover(t, now_ - t.from, t.complete);
    }

    // The trailing window holding `span` of the calendar's open time: the fewest
    // buckets back from now whose open time up to now is at least span. The
    // calendar is anything with elapsed(from, to) (a slakit::basic_calendar).
    // O(log buckets) calls of elapsed.
    template <class Calendar>
    [[nodiscard]] totals_type last(Duration span, const Calendar& working_hours) const {
        if (span <= Duration::zero()) throw std::invalid_argument("rolling_window::last: the span must be positive");
        const auto open_since = [&](std::int64_t k) { return Duration{working_hours.elapsed(start_of(head_ - k), now_)}; };
        const auto n = static_cast<std::int64_t>(n_);
        std::int64_t lo = 0, hi = n - 1;  // the least k with open_since(k) >= span, if any
        if (open_since(hi) < span) {
            auto t = totals_from(head_ - hi);
            return with_cover(t, open_since(hi), false);
        }
        while (lo < hi) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            if (open_since(mid) >= span) hi = mid; else lo = mid + 1;
        }
        const auto t = totals_from(head_ - lo);
        return with_cover(t, open_since(lo), t.complete);
    }

    // The window on a clock: wall time, or the calendar's open time.
    template <class Calendar>
    [[nodiscard]] totals_type last(Duration span, clock_kind clock, const Calendar& working_hours) const {
        return clock == clock_kind::wall ? last(span) : last(span, working_hours);
    }

    // First-response times (on config().sketch_clock) of the sketch buckets from the
    // one holding `from` to the current one: a window's quantiles, the window widened
    // to whole sketch buckets. Empty without sketches. O(sketch buckets x sketch size).
    [[nodiscard]] stats_type response_times(time_point from) const {
        stats_type merged;
        if (m_ == 0) return merged;
        const std::int64_t head = sketch_of(head_);
        const std::int64_t first = std::max(sketch_of(std::min(bucket_of_clamped(from), head_)),
                                            head - static_cast<std::int64_t>(m_) + 1);
        for (std::int64_t c = first; c <= head; ++c) merged.merge(sketches_[detail::floor_mod(c, m_)]);
        return merged;
    }

    // --- merging and bytes --------------------------------------------------

    // Adds other's buckets to these, bucket by bucket: the result is the ring that
    // saw both streams, at the later of the two nows. Buckets of other older than
    // that ring's oldest have expired there, as they would have in one ring; the
    // refusal counts add up. Throws std::invalid_argument when the configurations
    // differ. O(buckets x lanes).
    void merge(const rolling_window& other) {
        if (&other == this) {
            const rolling_window copy = other;
            return merge(copy);
        }
        if (!(config_ == other.config_))
            throw std::invalid_argument("rolling_window::merge: the rings are configured differently");
        advance(other.now_);
        const auto n = static_cast<std::int64_t>(n_);
        const std::int64_t oldest = head_ - n + 1;
        const std::int64_t other_oldest = other.head_ - n + 1;
        detail::rolling::lanes running{};
        for (std::int64_t k = std::max(oldest, other_oldest); k <= head_; ++k) {
            if (k <= other.head_)
                for (std::size_t l = 0; l < lanes_; ++l) running[l] += other.raw(k, l);
            auto* c = lanes_at(slot(k));
            for (std::size_t l = 0; l < lanes_; ++l) c[l] += running[l];
        }
        if (m_ != 0) {
            const auto m = static_cast<std::int64_t>(m_);
            const std::int64_t first = std::max(sketch_of(head_) - m + 1, sketch_of(other.head_) - m + 1);
            for (std::int64_t c = first; c <= sketch_of(other.head_); ++c)
                sketches_[detail::floor_mod(c, m_)].merge(other.sketches_[detail::floor_mod(c, m_)]);
        }
        too_old_ += other.too_old_;
        in_future_ += other.in_future_;
    }

    friend bool operator==(const rolling_window& a, const rolling_window& b) {
        if (!(a.config_ == b.config_) || a.now_ != b.now_ || a.too_old_ != b.too_old_ || a.in_future_ != b.in_future_)
            return false;
        const auto n = static_cast<std::int64_t>(a.n_);
        for (std::int64_t k = a.head_ - n + 1; k <= a.head_; ++k)
            for (std::size_t l = 0; l < a.lanes_; ++l)
                if (a.raw(k, l) != b.raw(k, l)) return false;
        return a.sketches_ == b.sketches_;
    }

    // Layout, little-endian: "slrw", u8 version, u64 tick period numerator and
    // denominator, i64 bucket width (ticks), u32 bucket count, i64 sketch width
    // (ticks, 0 for none), u8 sketch clock, u8 exceedance count, per exceedance i64
    // limit (ms) and u8 clock, i64 now (ticks since the epoch), u64 too old, u64 in
    // future; then each bucket's own lanes, oldest first, as LEB128 varints; then each
    // sketch, oldest first, as u32 length + response_stats bytes.
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        std::vector<std::byte> out;
        detail::put_magic(out, magic);
        detail::put_le(out, version, 1);
        detail::put_le(out, static_cast<std::uint64_t>(Duration::period::num), 8);
        detail::put_le(out, static_cast<std::uint64_t>(Duration::period::den), 8);
        detail::put_le(out, static_cast<std::uint64_t>(width_), 8);
        detail::put_le(out, n_, 4);
        detail::put_le(out, static_cast<std::uint64_t>(ratio_ * width_), 8);
        detail::put_le(out, static_cast<std::uint64_t>(config_.sketch_clock), 1);
        detail::put_le(out, config_.exceedances.size(), 1);
        for (const auto& e : config_.exceedances) {
            detail::put_le(out, static_cast<std::uint64_t>(e.limit.count()), 8);
            detail::put_le(out, static_cast<std::uint64_t>(e.clock), 1);
        }
        detail::put_le(out, static_cast<std::uint64_t>(now_.time_since_epoch().count()), 8);
        detail::put_le(out, too_old_, 8);
        detail::put_le(out, in_future_, 8);
        const auto n = static_cast<std::int64_t>(n_);
        for (std::int64_t k = head_ - n + 1; k <= head_; ++k)
            for (std::size_t l = 0; l < lanes_; ++l) detail::put_varint(out, raw(k, l));
        if (m_ != 0) {
            for (std::int64_t c = sketch_of(head_) - static_cast<std::int64_t>(m_) + 1; c <= sketch_of(head_); ++c) {
                const auto blob = sketches_[detail::floor_mod(c, m_)].to_bytes();
                detail::put_le(out, blob.size(), 4);
                out.insert(out.end(), blob.begin(), blob.end());
            }
        }
        return out;
    }

    // Throws corrupt_state on anything to_bytes() cannot have written: another tick
    // period, a configuration the constructor refuses, a bucket whose lanes cannot
    // come from add() (more statuses than events, a sum without answers, a business
    // time above the wall time, more exceedances than answers), lane totals past
    // 2^64, or a sketch that holds fewer answers than the buckets it spans.
    [[nodiscard]] static rolling_window from_bytes(std::span<const std::byte> bytes) {
        detail::byte_reader in(bytes, "rolling_window");
        in.expect_header(magic, version);
        const auto num = in.unsigned_le(8, "period numerator");
        const auto den = in.unsigned_le(8, "period denominator");
        if (num != static_cast<std::uint64_t>(Duration::period::num) ||
            den != static_cast<std::uint64_t>(Duration::period::den))
            in.fail("tick period " + std::to_string(num) + "/" + std::to_string(den) + " s does not match this ring's");
        const auto width = static_cast<std::int64_t>(in.unsigned_le(8, "bucket width"));
        const auto n = in.unsigned_le(4, "bucket count");
        const auto sketch_width = static_cast<std::int64_t>(in.unsigned_le(8, "sketch width"));
        const auto sketch_clock = in.unsigned_le(1, "sketch clock");
        const auto exceedances = in.unsigned_le(1, "exceedance count");
        if (width <= 0 || width % ticks_per_ms != 0) in.fail("bucket width is not a positive number of milliseconds");
        if (sketch_width < 0 || sketch_width % ticks_per_ms != 0) in.fail("sketch width is not a number of milliseconds");
        if (sketch_clock > 1) in.fail("sketch clock " + std::to_string(sketch_clock) + " is neither wall nor business");
        if (exceedances > max_exceedances) in.fail(std::to_string(exceedances) + " exceedance thresholds, at most " +
                                                    std::to_string(max_exceedances));
        rolling_config config;
        config.bucket_width = std::chrono::milliseconds{width / ticks_per_ms};
        config.buckets = static_cast<std::size_t>(n);
        config.sketch_width = std::chrono::milliseconds{sketch_width / ticks_per_ms};
        config.sketch_clock = static_cast<clock_kind>(sketch_clock);
        for (std::uint64_t i = 0; i < exceedances; ++i) {
            const auto limit = static_cast<std::int64_t>(in.unsigned_le(8, "exceedance limit"));
            const auto clock = in.unsigned_le(1, "exceedance clock");
            if (clock > 1) in.fail("exceedance clock " + std::to_string(clock) + " is neither wall nor business");
            config.exceedances.push_back(within(std::chrono::milliseconds{limit}, static_cast<clock_kind>(clock)));
        }
        const time_point now{Duration{static_cast<std::int64_t>(in.unsigned_le(8, "now"))}};
        try {
            check(config);
        } catch (const std::invalid_argument& e) {
            in.fail(e.what());
        }
        if (!in_supported_range(now)) in.fail("now lies outside the supported range [1900-01-01, 2200-01-01)");
        // Every lane takes at least a byte: refuse a count the blob cannot hold before allocating for it.
        if (in.remaining() / (detail::rolling::first_exceeding + config.exceedances.size()) < config.buckets)
            in.fail("truncated: " + std::to_string(config.buckets) + " buckets need more bytes than the " +
                    std::to_string(in.remaining()) + " left");

        rolling_window w{std::move(config), now};
        w.too_old_ = in.unsigned_le(8, "too old");
        w.in_future_ = in.unsigned_le(8, "in future");
        const auto buckets = static_cast<std::int64_t>(w.n_);
        detail::rolling::lanes running{};
        std::array<detail::uint128, detail::rolling::max_lanes> totals{};
        std::vector<std::uint64_t> answered(w.n_);
        for (std::int64_t i = 0; i < buckets; ++i) {
            detail::rolling::lanes own{};
            for (std::size_t l = 0; l < w.lanes_; ++l) {
                own[l] = in.varint("bucket lane");
                totals[l] += own[l];
                running[l] += own[l];
            }
            w.check_bucket(in, own);
            answered[static_cast<std::size_t>(i)] = own[detail::rolling::answered];
            auto* c = w.lanes_at(w.slot(w.head_ - buckets + 1 + i));
            std::copy(running.begin(), running.begin() + static_cast<std::ptrdiff_t>(w.lanes_), c);
        }
        for (std::size_t l = 0; l < w.lanes_; ++l)
            if (totals[l] > std::numeric_limits<std::uint64_t>::max()) in.fail("lane totals exceed 2^64");
        const auto m = static_cast<std::int64_t>(w.m_);
        for (std::int64_t c = m == 0 ? 1 : w.sketch_of(w.head_) - m + 1; m != 0 && c <= w.sketch_of(w.head_); ++c) {
            const auto size = in.unsigned_le(4, "sketch length");
            auto& s = w.sketches_[detail::floor_mod(c, w.m_)];
            s = stats_type::from_bytes(in.take(static_cast<std::size_t>(size), "sketch"));
            // A sketch holds the answers of its fine buckets, and maybe more of older ones.
            std::uint64_t fine = 0;
            bool whole = true;
            for (std::int64_t k = c * w.ratio_; k < (c + 1) * w.ratio_; ++k) {
                if (k < w.head_ - buckets + 1 || k > w.head_) {
                    whole = whole && k > w.head_;
                    continue;
                }
                fine += answered[static_cast<std::size_t>(k - (w.head_ - buckets + 1))];
            }
            if (whole ? s.count() != fine : s.count() < fine)
                in.fail("a sketch holds " + std::to_string(s.count()) + " answers where its buckets hold " +
                        std::to_string(fine));
        }
        in.expect_end();
        return w;
    }

    // Bytes held: the object, the lanes and the sketches with their stores.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes = sizeof(*this) + (cum_.capacity() + base_.capacity()) * sizeof(std::uint64_t) +
                            sketches_.capacity() * sizeof(stats_type) +
                            config_.exceedances.capacity() * sizeof(threshold);
        for (const auto& s : sketches_) bytes += s.heap_bytes();
        return bytes;
    }

private:
    static constexpr char magic[5] = "slrw";
    static constexpr std::uint64_t version = 1;
    static constexpr std::int64_t ticks_per_ms = std::chrono::duration_cast<Duration>(std::chrono::milliseconds{1}).count();

    static void check(const rolling_config& c) {
        using std::chrono::milliseconds;
        if (c.bucket_width <= milliseconds::zero())
            throw std::invalid_argument("rolling_config: bucket_width must be positive");
        if (c.buckets < 1 || c.buckets > max_ring_buckets)
            throw std::invalid_argument("rolling_config: buckets must lie in [1, " + std::to_string(max_ring_buckets) + "]");
        if (c.bucket_width > longest_limit / static_cast<std::int64_t>(c.buckets))
            throw std::invalid_argument("rolling_config: the ring spans more than ten years");
        if (c.sketch_width < milliseconds::zero() || c.sketch_width > longest_limit ||
            c.sketch_width % c.bucket_width != milliseconds::zero())
            throw std::invalid_argument("rolling_config: sketch_width must be 0 or a multiple of bucket_width");
        if (c.exceedances.size() > max_exceedances)
            throw std::invalid_argument("rolling_config: at most " + std::to_string(max_exceedances) +
                                        " exceedance thresholds");
        for (const auto& e : c.exceedances)
            if (e.limit <= milliseconds::zero() || e.limit > longest_limit)
                throw std::invalid_argument("rolling_config: an exceedance limit must be positive and at most ten years");
    }

    void layout() {
        width_ = std::chrono::duration_cast<Duration>(config_.bucket_width).count();
        n_ = config_.buckets;
        lanes_ = detail::rolling::first_exceeding + config_.exceedances.size();
        ratio_ = config_.sketch_width.count() / config_.bucket_width.count();
        // Enough coarse buckets to cover every fine one: ceil((n - 1) / ratio) + 1.
        m_ = ratio_ == 0 ? 0 : (n_ - 1 + static_cast<std::size_t>(ratio_) - 1) / static_cast<std::size_t>(ratio_) + 1;
    }

    [[nodiscard]] std::int64_t bucket_of(time_point t) const noexcept {
        return detail::floor_div(t.time_since_epoch().count(), width_);
    }

    // As bucket_of, never below the oldest bucket.
    [[nodiscard]] std::int64_t bucket_of_clamped(time_point t) const noexcept {
        return std::max(bucket_of(t), head_ - static_cast<std::int64_t>(n_));
    }

    // Callers check m_ != 0 first: without sketches ratio_ is 0.
    [[nodiscard]] std::int64_t sketch_of(std::int64_t bucket) const noexcept {
        return detail::floor_div(bucket, ratio_);
    }

    [[nodiscard]] time_point start_of(std::int64_t bucket) const noexcept { return time_point{Duration{bucket * width_}}; }

    [[nodiscard]] std::size_t slot(std::int64_t bucket) const noexcept { return detail::floor_mod(bucket, n_); }

    [[nodiscard]] std::uint64_t* lanes_at(std::size_t s) noexcept { return cum_.data() + s * lanes_; }
    [[nodiscard]] const std::uint64_t* lanes_at(std::size_t s) const noexcept { return cum_.data() + s * lanes_; }

    // The running total of lane l up to the bucket before `bucket` (in the ring or the one just before it).
    [[nodiscard]] std::uint64_t before(std::int64_t bucket, std::size_t l) const noexcept {
        if (bucket == head_ - static_cast<std::int64_t>(n_) + 1) return base_[l];
        return lanes_at(slot(bucket - 1))[l];
    }

    // Bucket k's own value of lane l (k in the ring).
    [[nodiscard]] std::uint64_t raw(std::int64_t k, std::size_t l) const noexcept {
        return lanes_at(slot(k))[l] - before(k, l);
    }

    static bool status_delta(detail::rolling::lanes& d, scope where, std::optional<status> outcome) noexcept {
        switch (where) {
        case scope::out_of_hours: d[detail::rolling::out_of_hours] = 1; return true;
        case scope::excluded: d[detail::rolling::excluded] = 1; return true;
        case scope::in_hours: break;
        }
        if (outcome == status::met) d[detail::rolling::met] = 1;
        else if (outcome == status::breached) d[detail::rolling::breached] = 1;
        else return false;
        return true;
    }

    static bool handoff_delta(detail::rolling::lanes& d, std::optional<status> outcome) noexcept {
        if (outcome == status::met) d[detail::rolling::handoff_met] = 1;
        else if (outcome == status::breached) d[detail::rolling::handoff_breached] = 1;
        else return false;
        return true;
    }

    void response_delta(detail::rolling::lanes& d, Duration wall, Duration business) const noexcept {
        d[detail::rolling::answered] = 1;
        d[detail::rolling::wall_sum] = static_cast<std::uint64_t>(wall.count());
        d[detail::rolling::business_sum] = static_cast<std::uint64_t>(business.count());
        for (std::size_t i = 0; i < config_.exceedances.size(); ++i) {
            const auto& e = config_.exceedances[i];
            const Duration t = e.clock == clock_kind::wall ? wall : business;
            if (t > Duration{e.limit}) d[detail::rolling::first_exceeding + i] = 1;
        }
    }

    add_result record(time_point at, detail::rolling::lanes& delta, std::optional<Duration> sketch_value) {
        std::int64_t k = head_;
        const time_point head_start = start_of(head_);
        if (at >= head_start) {
            if (at - head_start >= Duration{width_}) {
                ++in_future_;
                return add_result::in_future;
            }
        } else {
            k = bucket_of(at);
            if (k <= head_ - static_cast<std::int64_t>(n_)) {
                ++too_old_;
                return add_result::too_old;
            }
        }
        delta[detail::rolling::events] = 1;
        for (std::int64_t b = k; b <= head_; ++b) {
            auto* c = lanes_at(slot(b));
            for (std::size_t l = 0; l < lanes_; ++l) c[l] += delta[l];
        }
        if (sketch_value && m_ != 0) sketches_[detail::floor_mod(sketch_of(k), m_)].add(*sketch_value);
        return add_result::added;
    }

    [[nodiscard]] totals_type totals_from(std::int64_t first) const noexcept {
        totals_type t;
        const std::int64_t oldest = head_ - static_cast<std::int64_t>(n_) + 1;
        t.complete = first >= oldest;
        first = std::max(first, oldest);
        t.from = start_of(first);
        t.to = now_;
        const auto* top = lanes_at(slot(head_));
        detail::rolling::lanes v{};
        for (std::size_t l = 0; l < lanes_; ++l) v[l] = top[l] - before(first, l);
        t.events = v[detail::rolling::events];
        t.met = v[detail::rolling::met];
        t.breached = v[detail::rolling::breached];
        t.out_of_hours = v[detail::rolling::out_of_hours];
        t.excluded = v[detail::rolling::excluded];
        t.handoff_met = v[detail::rolling::handoff_met];
        t.handoff_breached = v[detail::rolling::handoff_breached];
        t.answered = v[detail::rolling::answered];
        t.wall_sum = v[detail::rolling::wall_sum];
        t.business_sum = v[detail::rolling::business_sum];
        for (std::size_t i = 0; i < config_.exceedances.size(); ++i)
            t.exceeding[i] = v[detail::rolling::first_exceeding + i];
        return t;
    }

    static totals_type with_cover(totals_type t, Duration covered, bool complete) noexcept {
        t.covered = covered;
        t.complete = complete;
        return t;
    }

    void check_bucket(detail::byte_reader& in, const detail::rolling::lanes& v) const {
        using namespace detail::rolling;
        const auto wide = [](std::uint64_t x) { return static_cast<detail::uint128>(x); };
        if (wide(v[met]) + v[breached] + v[out_of_hours] + v[excluded] > v[events] ||
            wide(v[handoff_met]) + v[handoff_breached] > v[events] || v[answered] > v[events])
            in.fail("a bucket records more outcomes than events");
        if (v[answered] == 0 && (v[wall_sum] != 0 || v[business_sum] != 0))
            in.fail("a bucket sums response times without answers");
        if (v[business_sum] > v[wall_sum]) in.fail("a bucket's business time exceeds its wall time");
        for (std::size_t i = first_exceeding; i < lanes_; ++i)
            if (v[i] > v[answered]) in.fail("a bucket counts more exceedances than answers");
    }

    rolling_config config_;
    std::int64_t width_ = 0;  // ticks
    std::size_t n_ = 0;
    std::size_t lanes_ = 0;
    std::int64_t ratio_ = 0;  // fine buckets per sketch bucket; 0 without sketches
    std::size_t m_ = 0;       // sketch buckets
    time_point now_{};
    std::int64_t head_ = 0;   // the bucket holding now
    std::vector<std::uint64_t> cum_;   // per slot, per lane: running totals, modulo 2^64
    std::vector<std::uint64_t> base_;  // running totals before the oldest bucket
    std::vector<stats_type> sketches_;
    std::uint64_t too_old_ = 0;
    std::uint64_t in_future_ = 0;
};

// ---------------------------------------------------------------------------
// Pending requests
// ---------------------------------------------------------------------------

// A bounded set of requests waiting for their first response. The host watches a
// request when it arrives (with the instant its warning level is crossed and its due
// instant, the last one that still meets), resolves it when it is answered, and
// advances the watch with its clock: advance() returns the requests whose due has
// just passed, which the host records as breached at that instant. They stay in the
// set, marked overdue, so that resolve() tells the host their breach is already
// recorded, until `keep` after their due (the span of the host's ring: by then the
// breach has left every window).
//
// Memory: at most `capacity` requests, overdue ones included; watch() refuses more
// and counts them in overflow() (the host then records such a request's breach when
// it is answered). Each entry holds the id twice over (map and queues).
template <class Id, class Duration = std::chrono::milliseconds>
class pending_watch {
public:
    using time_point = std::chrono::sys_time<Duration>;

    struct entry {
        Id id;
        time_point warn_at{};  // the warning level is crossed here
        time_point due{};      // the last instant that still meets
        bool warned = false;   // warn_at <= now
        bool overdue = false;  // due < now: reported by advance()
    };

    explicit pending_watch(std::size_t capacity, Duration keep = std::chrono::hours{72})
        : capacity_(capacity), keep_(keep) {}

    [[nodiscard]] time_point now() const noexcept { return now_; }

    // False when id is already watched, or when the set is full (counted in overflow()).
    // A warn_at after due is taken as due.
    bool watch(const Id& id, time_point warn_at, time_point due) {
        if (entries_.size() >= capacity_) {
            ++overflow_;
            return false;
        }
        const auto [it, inserted] = entries_.try_emplace(id, entry{id, std::min(warn_at, due), due});
        if (!inserted) return false;
        const Id* key = &it->first;
        by_due_.emplace(due, key);
        if (it->second.warn_at <= now_) {
            it->second.warned = true;
            ++at_risk_;
        } else {
            by_warning_.emplace(it->second.warn_at, key);
        }
        return true;
    }

    // Stops watching id; returns its entry (overdue: its breach was reported), or
    // nullopt when id was not watched.
    std::optional<entry> resolve(const Id& id) {
        const auto it = entries_.find(id);
        if (it == entries_.end()) return std::nullopt;
        entry e = it->second;
        const Id* key = &it->first;
        if (e.overdue) {
            overdue_.erase({e.due, key});
        } else {
            by_due_.erase({e.due, key});
            if (e.warned) --at_risk_;
            else by_warning_.erase({e.warn_at, key});
        }
        entries_.erase(it);
        return e;
    }

    // Moves now forward (an earlier now is ignored) and returns the requests whose
    // due has passed since the last call, earliest due first.
    std::vector<entry> advance(time_point now) {
        std::vector<entry> passed;
        if (now <= now_) return passed;
        now_ = now;
        while (!by_warning_.empty() && by_warning_.begin()->first <= now) {
            entries_.find(*by_warning_.begin()->second)->second.warned = true;
            ++at_risk_;
            by_warning_.erase(by_warning_.begin());
        }
        while (!by_due_.empty() && by_due_.begin()->first < now) {
            const auto [due, key] = *by_due_.begin();
            by_due_.erase(by_due_.begin());
            auto& e = entries_.find(*key)->second;
            if (e.warned) --at_risk_;
            else by_warning_.erase({e.warn_at, key});
            e.warned = true;
            e.overdue = true;
            overdue_.emplace(due, key);
            passed.push_back(e);
        }
        while (!overdue_.empty() && now - overdue_.begin()->first > keep_) {
            const Id* key = overdue_.begin()->second;
            overdue_.erase(overdue_.begin());
            entries_.erase(*key);
        }
        return passed;
    }

    // Requests past their warning level and not yet due, as of now().
    [[nodiscard]] std::size_t at_risk() const noexcept { return at_risk_; }
    // Requests watched and not yet due.
    [[nodiscard]] std::size_t pending() const noexcept { return by_due_.size(); }
    // Requests past due, unanswered, still remembered.
    [[nodiscard]] std::size_t overdue() const noexcept { return overdue_.size(); }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] std::uint64_t overflow() const noexcept { return overflow_; }

private:
    using queue = std::set<std::pair<time_point, const Id*>>;  // keys point into entries_, whose nodes stay put

    std::size_t capacity_;
    Duration keep_;
    time_point now_{time_point::min()};
    std::map<Id, entry> entries_;
    queue by_warning_;  // not yet warned
    queue by_due_;      // not yet due
    queue overdue_;     // due passed, kept until keep_ after due
    std::size_t at_risk_ = 0;
    std::uint64_t overflow_ = 0;
};

}  // namespace slakit
