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
// Each holds the lanes of window.hpp as running totals since the ring began, modulo
// 2^64, so any trailing window is two look-ups and a subtraction, exact while the
// window's true total stays below 2^64. An event in the current bucket updates one
// bucket; a late event every bucket from its own to the current one.
//
// Quantiles: one response_stats (DDSketch) per `sketch_width` (default an hour),
// never per minute (4320 per-minute sketches of up to 16 KiB would take 70 MB). A
// window's quantiles merge the sketches it touches, so they describe the window
// widened back to a whole sketch bucket, at the sketch's 1 % relative accuracy.
// Memory (memory_bytes()): 8 bytes per lane per bucket, plus the sketches.
//
// Late and early events: an event older than the oldest bucket is refused and
// counted (too_old()). An event after the current bucket is refused and counted too
// (in_future()): one record with a bad clock must not wipe three days of history, so
// only the host's now advances the ring. Windows: see window.hpp.
#pragma once

#include <slakit/detail/arithmetic.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>
#include <slakit/window.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

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
        detail::rolling::check(config_);
        if (!in_supported_range(now))
            throw std::invalid_argument(
                "rolling_window: now lies outside the supported range [1900-01-01, 2200-01-01)");
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
            throw std::invalid_argument(
                "rolling_window::advance: now lies outside the supported range [1900-01-01, 2200-01-01)");
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
    requires std::is_convertible_v<D, Duration> add_result add(const basic_outcome<Channel, Priority, D>& o,
                                                               time_point at, recorded what = recorded::all) {
        detail::rolling::lanes delta{};
        std::optional<Duration> sketch_value;
        bool recorded_any = false;
        if (includes(what, recorded::status))
            recorded_any |= detail::rolling::status_delta(delta, o.scope, o.first_response.status);
        if (includes(what, recorded::response_time) && o.counts() && o.wall_response) {
            recorded_any = true;
            detail::rolling::response_delta(
                delta, config_.exceedances, Duration{*o.wall_response},
                o.business_response ? Duration{*o.business_response} : Duration{*o.wall_response});
            sketch_value =
                Duration{config_.sketch_clock == clock_kind::wall || !o.business_response ? *o.wall_response
                                                                                          : *o.business_response};
        }
        if (includes(what, recorded::handoff) && o.scope != scope::excluded)
            recorded_any |= detail::rolling::handoff_delta(delta, o.handoff.status);
        if (!recorded_any) return add_result::nothing;
        return record(at, delta, sketch_value);
    }

    // The same parts one at a time, for hosts without an outcome at hand.
    add_result add_status(scope where, status result, time_point at) {
        detail::rolling::lanes delta{};
        if (!detail::rolling::status_delta(delta, where, result)) return add_result::nothing;
        return record(at, delta, std::nullopt);
    }

    // The first-response time of an answered request that counts (in hours, not
    // excluded), on each clock. Negative times count as zero.
    add_result add_response_time(Duration wall, Duration business, time_point at) {
        detail::rolling::lanes delta{};
        wall = std::max(wall, Duration::zero());
        business = std::max(business, Duration::zero());
        detail::rolling::response_delta(delta, config_.exceedances, wall, business);
        return record(at, delta, config_.sketch_clock == clock_kind::wall ? wall : business);
    }

    add_result add_handoff(status result, time_point at) {
        detail::rolling::lanes delta{};
        if (!detail::rolling::handoff_delta(delta, result)) return add_result::nothing;
        return record(at, delta, std::nullopt);
    }

    // --- windows ------------------------------------------------------------

    // The buckets from the one holding `from` to the current one. O(1).
    [[nodiscard]] totals_type since(time_point from) const {
        const auto t = totals_from(std::min(bucket_of_clamped(from), head_));
        return detail::rolling::with_cover(t, now_ - t.from, t.complete && t.from <= from);
    }

    // The trailing window of `span` wall-clock time (see window.hpp). O(1).
    // Throws std::invalid_argument for a span that is not positive.
    [[nodiscard]] totals_type last(Duration span) const {
        if (span <= Duration::zero()) throw std::invalid_argument("rolling_window::last: the span must be positive");
        span =
            std::min(span, Duration{width_ * (static_cast<std::int64_t>(n_) + 1)});  // past the ring: no overflow below
        const Duration partial = now_ - start_of(head_);
        const Duration w{width_};
        const std::int64_t back = span <= partial ? 0 : (span - partial + w - Duration{1}) / w;
        const auto t = totals_from(head_ - back);
        return detail::rolling::with_cover(t, now_ - t.from, t.complete);
    }

    // The trailing window holding `span` of the calendar's open time: the fewest
    // buckets back from now whose open time up to now is at least span. The
    // calendar is anything with elapsed(from, to) (a slakit::basic_calendar).
    // O(log buckets) calls of elapsed.
    template <class Calendar>
    [[nodiscard]] totals_type last(Duration span, const Calendar& working_hours) const {
        if (span <= Duration::zero()) throw std::invalid_argument("rolling_window::last: the span must be positive");
        const auto open_since = [&](std::int64_t k) {
            return Duration{working_hours.elapsed(start_of(head_ - k), now_)};
        };
        const auto n = static_cast<std::int64_t>(n_);
        std::int64_t lo = 0, hi = n - 1;  // the least k with open_since(k) >= span, if any
        if (open_since(hi) < span) {
            auto t = totals_from(head_ - hi);
            return detail::rolling::with_cover(t, open_since(hi), false);
        }
        while (lo < hi) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            if (open_since(mid) >= span)
                hi = mid;
            else
                lo = mid + 1;
        }
        const auto t = totals_from(head_ - lo);
        return detail::rolling::with_cover(t, open_since(lo), t.complete);
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
        const std::int64_t first =
            std::max(sketch_of(std::min(bucket_of_clamped(from), head_)), head - static_cast<std::int64_t>(m_) + 1);
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
        detail::put_header(out, magic, version);
        detail::put_ratio<typename Duration::period>(out);
        detail::rolling::put_config(out, config_, ticks_per_ms);
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
        in.expect_ratio<typename Duration::period>("tick period", " s", "ring");
        rolling_config config = detail::rolling::read_config(in, ticks_per_ms);
        const time_point now{Duration{static_cast<std::int64_t>(in.unsigned_le(8, "now"))}};
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
            detail::rolling::check_bucket(in, own, w.lanes_);
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
        for (const auto& s : sketches_) bytes += s.memory_bytes() - sizeof(s);
        return bytes;
    }

private:
    static constexpr char magic[5] = "slrw";
    static constexpr std::uint64_t version = 1;
    static constexpr std::int64_t ticks_per_ms =
        std::chrono::duration_cast<Duration>(std::chrono::milliseconds{1}).count();

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

    [[nodiscard]] time_point start_of(std::int64_t bucket) const noexcept {
        return time_point{Duration{bucket * width_}};
    }

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
        detail::rolling::fill(t, v, config_.exceedances.size());
        return t;
    }

    rolling_config config_;
    std::int64_t width_ = 0;  // ticks
    std::size_t n_ = 0;
    std::size_t lanes_ = 0;
    std::int64_t ratio_ = 0;  // fine buckets per sketch bucket; 0 without sketches
    std::size_t m_ = 0;  // sketch buckets
    time_point now_{};
    std::int64_t head_ = 0;  // the bucket holding now
    std::vector<std::uint64_t> cum_;  // per slot, per lane: running totals, modulo 2^64
    std::vector<std::uint64_t> base_;  // running totals before the oldest bucket
    std::vector<stats_type> sketches_;
    std::uint64_t too_old_ = 0;
    std::uint64_t in_future_ = 0;
};

}  // namespace slakit::inline v0
