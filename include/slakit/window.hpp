// slakit/window.hpp: what a ring of time buckets (rolling.hpp) counts: its
// configuration, the parts of an outcome it records, and the sums over a trailing
// window, with the lanes each bucket keeps them in.
//
// Each bucket holds counters and exact sums ("lanes"): events, first-response met,
// breached, out of hours, excluded, hand-off met and breached, answered requests,
// the sum of their first-response times on the wall and on the business clock, and
// for each configured exceedance threshold the answered requests slower than it.
//
// Windows: a trailing window of length W is the fewest whole buckets, counted back
// from the one holding now, whose time up to now is at least W (wall clock: between
// W and W + bucket_width; with a calendar, W of open time, found by bisection over
// calendar.elapsed()). One that would reach past the oldest bucket stops there and
// says so (complete is false).
#pragma once

#include <slakit/detail/arithmetic.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/policy.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace slakit::inline v0 {

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
    status = 1,  // the scope, and the first-response status once met or breached
    response_time = 2,  // the first-response time of an answered request that counts
    handoff = 4,  // the hand-off status once met or breached
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
    nothing,  // the outcome had nothing decided among the parts asked for: not counted
    too_old,  // before the oldest bucket: refused, counted in too_old()
    in_future,  // after the current bucket: refused, counted in in_future()
};

// The sums over one trailing window. Counts are of events recorded, by bucket of
// their `at` instant; sums are in ticks of Duration.
template <class Duration = std::chrono::milliseconds>
struct window_totals {
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;

    time_point from{};  // start of the window's first bucket
    time_point to{};  // the ring's now
    Duration covered{};  // time from `from` to `to` on the window's clock: wall, or open time
    bool complete = true;  // false: the ring does not reach back as far as asked

    std::uint64_t events = 0;  // add() calls that recorded something
    std::uint64_t met = 0;
    std::uint64_t breached = 0;
    std::uint64_t out_of_hours = 0;
    std::uint64_t excluded = 0;
    std::uint64_t handoff_met = 0;
    std::uint64_t handoff_breached = 0;
    std::uint64_t answered = 0;  // first-response times recorded (requests that count)
    std::uint64_t wall_sum = 0;  // their sum on the wall clock, ticks
    std::uint64_t business_sum = 0;  // and on the business clock
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
        return Duration{
            static_cast<typename Duration::rep>(s / answered + (s % answered >= answered - answered / 2 ? 1U : 0U))};
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

// Throws std::invalid_argument for a configuration no ring can take (see rolling_window).
inline void check(const rolling_config& c) {
    using std::chrono::milliseconds;
    if (c.bucket_width <= milliseconds::zero())
        throw std::invalid_argument("rolling_config: bucket_width must be positive");
    if (c.buckets < 1 || c.buckets > max_ring_buckets)
        throw std::invalid_argument("rolling_config: buckets must lie in [1, " + std::to_string(max_ring_buckets) +
                                    "]");
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

// The lanes one outcome's status or hand-off adds; false when it adds none.
inline bool status_delta(lanes& d, scope where, std::optional<status> outcome) noexcept {
    switch (where) {
    case scope::out_of_hours: d[out_of_hours] = 1; return true;
    case scope::excluded: d[excluded] = 1; return true;
    case scope::in_hours: break;
    }
    if (outcome == status::met)
        d[met] = 1;
    else if (outcome == status::breached)
        d[breached] = 1;
    else
        return false;
    return true;
}

inline bool handoff_delta(lanes& d, std::optional<status> outcome) noexcept {
    if (outcome == status::met)
        d[handoff_met] = 1;
    else if (outcome == status::breached)
        d[handoff_breached] = 1;
    else
        return false;
    return true;
}

// The lanes one answer adds: its times on both clocks and the exceedances it passes.
template <class Duration>
void response_delta(lanes& d, const std::vector<threshold>& exceedances, Duration wall, Duration business) noexcept {
    d[answered] = 1;
    d[wall_sum] = static_cast<std::uint64_t>(wall.count());
    d[business_sum] = static_cast<std::uint64_t>(business.count());
    for (std::size_t i = 0; i < exceedances.size(); ++i) {
        const auto& e = exceedances[i];
        const Duration t = e.clock == clock_kind::wall ? wall : business;
        if (t > Duration{e.limit}) d[first_exceeding + i] = 1;
    }
}

template <class Duration>
void fill(window_totals<Duration>& t, const lanes& v, std::size_t exceedances) noexcept {
    t.events = v[events];
    t.met = v[met];
    t.breached = v[breached];
    t.out_of_hours = v[out_of_hours];
    t.excluded = v[excluded];
    t.handoff_met = v[handoff_met];
    t.handoff_breached = v[handoff_breached];
    t.answered = v[answered];
    t.wall_sum = v[wall_sum];
    t.business_sum = v[business_sum];
    for (std::size_t i = 0; i < exceedances; ++i) t.exceeding[i] = v[first_exceeding + i];
}

// The configuration in a ring's bytes, widths in ticks (ticks_per_ms to a millisecond).
inline void put_config(std::vector<std::byte>& out, const rolling_config& c, std::int64_t ticks_per_ms) {
    put_le(out, static_cast<std::uint64_t>(c.bucket_width.count() * ticks_per_ms), 8);
    put_le(out, c.buckets, 4);
    put_le(out, static_cast<std::uint64_t>(c.sketch_width.count() * ticks_per_ms), 8);
    put_le(out, static_cast<std::uint64_t>(c.sketch_clock), 1);
    put_le(out, c.exceedances.size(), 1);
    for (const auto& e : c.exceedances) {
        put_le(out, static_cast<std::uint64_t>(e.limit.count()), 8);
        put_le(out, static_cast<std::uint64_t>(e.clock), 1);
    }
}

// Reads what put_config wrote; a configuration check() refuses is corrupt state.
inline rolling_config read_config(byte_reader& in, std::int64_t ticks_per_ms) {
    const auto width = static_cast<std::int64_t>(in.unsigned_le(8, "bucket width"));
    const auto n = in.unsigned_le(4, "bucket count");
    const auto sketch_width = static_cast<std::int64_t>(in.unsigned_le(8, "sketch width"));
    const auto sketch_clock = in.unsigned_le(1, "sketch clock");
    const auto exceedances = in.unsigned_le(1, "exceedance count");
    if (width <= 0 || width % ticks_per_ms != 0) in.fail("bucket width is not a positive number of milliseconds");
    if (sketch_width < 0 || sketch_width % ticks_per_ms != 0) in.fail("sketch width is not a number of milliseconds");
    if (sketch_clock > 1) in.fail("sketch clock " + std::to_string(sketch_clock) + " is neither wall nor business");
    if (exceedances > max_exceedances)
        in.fail(std::to_string(exceedances) + " exceedance thresholds, at most " + std::to_string(max_exceedances));
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
    try {
        check(config);
    } catch (const std::invalid_argument& e) {
        in.fail(e.what());
    }
    return config;
}

// t, covering `covered` of the window's clock.
template <class Duration>
[[nodiscard]] window_totals<Duration> with_cover(window_totals<Duration> t, Duration covered, bool complete) noexcept {
    t.covered = covered;
    t.complete = complete;
    return t;
}

// The checks from_bytes() makes on one bucket's own lanes.
inline void check_bucket(byte_reader& in, const lanes& v, std::size_t lane_count) {
    const auto wide = [](std::uint64_t x) { return static_cast<uint128>(x); };
    if (wide(v[met]) + v[breached] + v[out_of_hours] + v[excluded] > v[events] ||
        wide(v[handoff_met]) + v[handoff_breached] > v[events] || v[answered] > v[events])
        in.fail("a bucket records more outcomes than events");
    if (v[answered] == 0 && (v[wall_sum] != 0 || v[business_sum] != 0))
        in.fail("a bucket sums response times without answers");
    if (v[business_sum] > v[wall_sum]) in.fail("a bucket's business time exceeds its wall time");
    for (std::size_t i = first_exceeding; i < lane_count; ++i)
        if (v[i] > v[answered]) in.fail("a bucket counts more exceedances than answers");
}

}  // namespace detail::rolling

}  // namespace slakit::inline v0
