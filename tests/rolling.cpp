#include <slakit/rolling.hpp>
// Tests for slakit/rolling.hpp: the time-bucketed ring.

#include <slakit/calendar.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>
#include <slakit/schedule.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;
using std::chrono::milliseconds;
using ring = slakit::rolling_window<>;
using totals = slakit::window_totals<>;

instant at(const char* text) { return slakit::parse_instant(text); }

// One primitive add, as the brute force replays it.
struct event {
    enum kind_t { status_event, response_event, handoff_event } kind;
    instant when;
    slakit::scope where = slakit::scope::in_hours;
    slakit::status outcome = slakit::status::met;
    milliseconds wall{};
    milliseconds business{};
};

std::int64_t bucket_of(instant t, milliseconds width) {
    const auto c = t.time_since_epoch().count(), w = width.count();
    return c / w - ((c % w != 0 && c < 0) ? 1 : 0);
}

// The window sums recomputed from the raw events whose bucket lies in [first, last].
totals brute(const std::vector<event>& events, const slakit::rolling_config& config, std::int64_t first,
             std::int64_t last) {
    totals t;
    for (const auto& e : events) {
        const auto b = bucket_of(e.when, config.bucket_width);
        if (b < first || b > last) continue;
        ++t.events;
        switch (e.kind) {
        case event::status_event:
            if (e.where == slakit::scope::out_of_hours)
                ++t.out_of_hours;
            else if (e.where == slakit::scope::excluded)
                ++t.excluded;
            else if (e.outcome == slakit::status::met)
                ++t.met;
            else
                ++t.breached;
            break;
        case event::response_event:
            ++t.answered;
            t.wall_sum += static_cast<std::uint64_t>(e.wall.count());
            t.business_sum += static_cast<std::uint64_t>(e.business.count());
            for (std::size_t i = 0; i < config.exceedances.size(); ++i) {
                const auto& x = config.exceedances[i];
                if ((x.clock == slakit::clock_kind::wall ? e.wall : e.business) > x.limit) ++t.exceeding[i];
            }
            break;
        case event::handoff_event:
            if (e.outcome == slakit::status::met)
                ++t.handoff_met;
            else
                ++t.handoff_breached;
            break;
        }
    }
    return t;
}

void check_counts(const totals& got, const totals& want) {
    CHECK(got.events == want.events);
    CHECK(got.met == want.met);
    CHECK(got.breached == want.breached);
    CHECK(got.out_of_hours == want.out_of_hours);
    CHECK(got.excluded == want.excluded);
    CHECK(got.handoff_met == want.handoff_met);
    CHECK(got.handoff_breached == want.handoff_breached);
    CHECK(got.answered == want.answered);
    CHECK(got.wall_sum == want.wall_sum);
    CHECK(got.business_sum == want.business_sum);
    CHECK(got.exceeding == want.exceeding);
}

const slakit::calendar& shanghai() {
    static const slakit::calendar c{"Asia/Shanghai", slakit::weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00")};
    return c;
}

// Feeds a random stream into a ring and, on the side, the log of accepted events.
struct random_stream {
    slakit::rolling_config config;
    ring r;
    std::vector<event> accepted;
    std::uint64_t refused_old = 0, refused_future = 0;
    std::mt19937_64 g;

    random_stream(slakit::rolling_config c, instant start, std::uint64_t seed)
            : config(c), r(std::move(c), start), g(seed) {}

    std::int64_t head() const { return bucket_of(r.now(), config.bucket_width); }

    void step() {
        std::uniform_int_distribution<int> choice(0, 99);
        const int what = choice(g);
        if (what < 8) {  // advance by up to a few buckets, now and then by a lot
            const auto jump = what == 0 ? milliseconds{std::uniform_int_distribution<std::int64_t>(0, 400 * 60'000)(g)}
                                        : milliseconds{std::uniform_int_distribution<std::int64_t>(0, 150'000)(g)};
            r.advance(r.now() + jump);
            return;
        }
        // Mostly recent, sometimes late beyond the ring, sometimes in the future.
        milliseconds offset{};
        if (what < 80)
            offset = -milliseconds{std::uniform_int_distribution<std::int64_t>(0, 5 * 60'000)(g)};
        else if (what < 92)
            offset = -milliseconds{std::uniform_int_distribution<std::int64_t>(0, 3 * config.span().count())(g)};
        else
            offset = milliseconds{std::uniform_int_distribution<std::int64_t>(0, 3 * 60'000)(g)};
        event e{static_cast<event::kind_t>(what % 3), r.now() + offset};
        slakit::add_result result{};
        switch (e.kind) {
        case event::status_event:
            e.where = static_cast<slakit::scope>(std::uniform_int_distribution<int>(0, 5)(g) % 3);
            e.outcome = choice(g) < 80 ? slakit::status::met : slakit::status::breached;
            result = r.add_status(e.where, e.outcome, e.when);
            break;
        case event::response_event:
            e.wall = milliseconds{std::uniform_int_distribution<std::int64_t>(0, 3'600'000)(g)};
            e.business = milliseconds{std::uniform_int_distribution<std::int64_t>(0, e.wall.count())(g)};
            result = r.add_response_time(e.wall, e.business, e.when);
            break;
        case event::handoff_event:
            e.outcome = choice(g) < 70 ? slakit::status::met : slakit::status::breached;
            result = r.add_handoff(e.outcome, e.when);
            break;
        }
        const auto b = bucket_of(e.when, config.bucket_width);
        const auto n = static_cast<std::int64_t>(config.buckets);
        if (b > head()) {
            CHECK(result == slakit::add_result::in_future);
            ++refused_future;
        } else if (b <= head() - n) {
            CHECK(result == slakit::add_result::too_old);
            ++refused_old;
        } else {
            CHECK(result == slakit::add_result::added);
            accepted.push_back(e);
        }
    }
};

// Where the sketches start in to_bytes() of a ring without exceedances: after the
// 67-byte header and buckets x lanes varints.
std::size_t sketches_offset(const std::vector<std::byte>& b, std::size_t buckets, std::size_t lanes) {
    std::size_t at = 67;
    for (std::size_t i = 0; i < buckets * lanes; ++i) {
        while ((b.at(at) & std::byte{0x80}) != std::byte{0}) ++at;
        ++at;
    }
    return at;
}

slakit::rolling_config small_config() {
    slakit::rolling_config c;
    c.bucket_width = 1min;
    c.buckets = 90;
    c.sketch_width = 15min;
    c.exceedances = {slakit::within(20min), slakit::within(5min, slakit::clock_kind::business)};
    return c;
}

}  // namespace

TEST_CASE("window sums equal a brute-force recomputation over the raw events") {
    for (const std::uint64_t seed : {1U, 2U, 3U}) {
        random_stream s{small_config(), at("2026-03-02T09:30:00+08:00"), seed};
        std::mt19937_64 pick(seed * 7919);
        for (int i = 0; i < 6000; ++i) {
            s.step();
            if (i % 97 != 0) continue;
            const auto head = s.head();
            const auto n = static_cast<std::int64_t>(s.config.buckets);
            const auto width = s.config.bucket_width;
            // Wall windows: the fewest buckets back whose time up to now is at least span.
            const milliseconds span{std::uniform_int_distribution<std::int64_t>(1, 130 * 60'000)(pick)};
            std::int64_t first = head;
            while (s.r.now() - instant{width * first} < span) --first;
            const auto w = s.r.last(span);
            check_counts(w, brute(s.accepted, s.config, std::max(first, head - n + 1), head));
            CHECK(w.complete == (first > head - n));
            CHECK(w.from == instant{width * std::max(first, head - n + 1)});
            CHECK(w.to == s.r.now());
            CHECK(w.covered == s.r.now() - w.from);

            // since(): from the bucket holding `from`.
            const instant from =
                s.r.now() - milliseconds{std::uniform_int_distribution<std::int64_t>(0, 100 * 60'000)(pick)};
            const auto f = bucket_of(from, width);
            check_counts(s.r.since(from), brute(s.accepted, s.config, std::max(f, head - n + 1), head));

            // Open-time windows: the fewest buckets back holding span of open time.
            const milliseconds open_span{std::uniform_int_distribution<std::int64_t>(1, 80 * 60'000)(pick)};
            std::int64_t k = 0;
            while (k < n - 1 && shanghai().elapsed(instant{width * (head - k)}, s.r.now()) < open_span) ++k;
            const auto b = s.r.last(open_span, shanghai());
            check_counts(b, brute(s.accepted, s.config, head - k, head));
            CHECK(b.complete == (shanghai().elapsed(instant{width * (head - k)}, s.r.now()) >= open_span));
            CHECK(b.covered == shanghai().elapsed(b.from, s.r.now()));

            // Quantile sketches: the window widened to whole sketch buckets, exactly the
            // response_stats of those answers.
            const auto ratio = s.config.sketch_width / width;
            const auto coarse = (std::max(first, head - n + 1) / ratio) * ratio;
            slakit::response_stats<> expected;
            for (const auto& e : s.accepted) {
                const auto eb = bucket_of(e.when, width);
                if (e.kind == event::response_event && eb >= coarse && eb <= head) expected.add(e.wall);
            }
            CHECK(s.r.response_times(w.from) == expected);
        }
        CHECK(s.r.too_old() == s.refused_old);
        CHECK(s.r.in_future() == s.refused_future);
        CHECK(s.refused_old > 0);
        CHECK(s.refused_future > 0);
    }
}

TEST_CASE("the ring wraps around and forgets exactly the buckets that fall off") {
    slakit::rolling_config c;
    c.bucket_width = 1min;
    c.buckets = 5;
    c.sketch_width = 0ms;
    const instant start = at("2026-03-02T10:00:00Z");
    ring r{c, start};
    // One met status every minute for 23 minutes: the ring goes round 4 times. Half a
    // minute into a bucket, a window of W minutes reaches W whole buckets back.
    for (int minute = 0; minute < 23; ++minute) {
        r.advance(start + std::chrono::minutes{minute} + 30s);
        CHECK(r.add_status(slakit::scope::in_hours, slakit::status::met, r.now()) == slakit::add_result::added);
        const auto seen = [&](int buckets) { return static_cast<std::uint64_t>(std::min(minute + 1, buckets)); };
        CHECK(r.last(1min).met == seen(2));
        CHECK(r.last(3min).met == seen(4));
        CHECK(r.last(30s).met == 1);
        const auto full = r.last(4min + 30s);
        CHECK(full.met == seen(5));
        CHECK(full.complete);
        const auto beyond = r.last(5min);
        CHECK(beyond.met == seen(5));
        CHECK_FALSE(beyond.complete);
        CHECK(beyond.from == r.oldest());
    }
    CHECK(r.oldest() == start + 18min);
    // A jump longer than the ring empties every window.
    r.advance(r.now() + 10min);
    CHECK(r.last(5min).events == 0);
    CHECK(r.response_times(r.oldest()).empty());
    r.add_status(slakit::scope::in_hours, slakit::status::breached, r.now());
    CHECK(r.last(5min).breached == 1);
    CHECK(r.last(5min).met == 0);
}

TEST_CASE("late events are dropped and counted, never folded into a window") {
    ring r{slakit::rolling_config{}, at("2026-03-05T12:00:00Z")};
    r.add_status(slakit::scope::in_hours, slakit::status::met, r.now() - 1h);
    const auto before = r.last(72h);
    // Just inside the oldest bucket: taken. One millisecond before it: too old.
    CHECK(r.add_status(slakit::scope::in_hours, slakit::status::breached, r.oldest()) == slakit::add_result::added);
    CHECK(r.add_status(slakit::scope::in_hours, slakit::status::breached, r.oldest() - 1ms) ==
          slakit::add_result::too_old);
    CHECK(r.add_response_time(5s, 5s, r.now() - 100h) == slakit::add_result::too_old);
    CHECK(r.too_old() == 2);
    const auto after = r.last(72h);
    CHECK(after.breached == before.breached + 1);
    CHECK(after.answered == before.answered);
    CHECK(after.events == before.events + 1);
    // Late but in the ring: every window reaching back to it sees it, shorter ones do not.
    CHECK(r.add_status(slakit::scope::in_hours, slakit::status::breached, r.now() - 30min) ==
          slakit::add_result::added);
    CHECK(r.last(31min).breached == 1);
    CHECK(r.last(20min).breached == 0);
}

TEST_CASE("events after the current bucket are refused; within it they are taken") {
    ring r{slakit::rolling_config{}, at("2026-03-05T12:00:20Z")};
    CHECK(r.add_status(slakit::scope::in_hours, slakit::status::met, at("2026-03-05T12:00:59.999Z")) ==
          slakit::add_result::added);
    CHECK(r.add_status(slakit::scope::in_hours, slakit::status::met, at("2026-03-05T12:01:00Z")) ==
          slakit::add_result::in_future);
    CHECK(r.add_status(slakit::scope::in_hours, slakit::status::met, at("2199-12-31T00:00:00Z")) ==
          slakit::add_result::in_future);
    CHECK(r.in_future() == 2);
    CHECK(r.now() == at("2026-03-05T12:00:20Z"));  // a bad clock does not move the ring
    CHECK(r.last(72h).met == 1);
    // Time never goes back.
    r.advance(at("2026-03-05T11:00:00Z"));
    CHECK(r.now() == at("2026-03-05T12:00:20Z"));
    CHECK_THROWS_AS(r.advance(at("2200-01-01T00:00:00Z")), std::invalid_argument);
}

TEST_CASE("add() takes the decided parts of an outcome, once each") {
    auto policy = slakit::presets::response_time_agreement();
    const instant submitted = at("2026-03-02T10:00:00+08:00");  // a Monday, in hours
    slakit::request email{slakit::channel::email, slakit::priority::normal, submitted};
    email.handoff_decided = submitted + 1min;
    ring r{slakit::rolling_config{}, submitted};

    // Pending: nothing about the first response is decided; the hand-off is pending too.
    r.advance(submitted + 2min);
    CHECK(r.add(slakit::evaluate(policy, email, submitted + 2min), r.now()) == slakit::add_result::nothing);

    // The deadline passes unanswered: the breach is recorded then.
    r.advance(submitted + 31min);
    const auto late = slakit::evaluate(policy, email, r.now());
    REQUIRE(late.first_response.status == slakit::status::breached);
    CHECK(r.add(late, r.now(), slakit::recorded::status) == slakit::add_result::added);
    CHECK(r.last(5min).breached == 1);
    CHECK(r.last(5min).answered == 0);

    // The answer arrives: only its response time; the hand-off is decided by now as well.
    email.first_response = submitted + 40min;
    email.handoff_completed = submitted + 3min;
    r.advance(submitted + 40min);
    const auto answered = slakit::evaluate(policy, email, r.now());
    CHECK(r.add(answered, r.now(), slakit::recorded::response_time | slakit::recorded::handoff) ==
          slakit::add_result::added);
    const auto w = r.last(1h);
    CHECK(w.breached == 1);
    CHECK(w.met == 0);
    CHECK(w.answered == 1);
    CHECK(w.wall_sum == 40 * 60'000);
    CHECK(w.handoff_met == 1);
    CHECK(w.events == 2);
    CHECK(w.mean(slakit::clock_kind::wall) == 40min);

    // Out of hours: counted by scope, its time never enters the sums (clause 2.3).
    slakit::request night{slakit::channel::web_chat, slakit::priority::normal, at("2026-03-02T22:00:00+08:00")};
    night.first_response = night.submitted_at + 5s;
    r.advance(night.submitted_at + 5s);
    CHECK(r.add(slakit::evaluate(policy, night, r.now()), r.now()) == slakit::add_result::added);
    CHECK(r.last(1min).out_of_hours == 1);
    CHECK(r.last(1min).answered == 0);
}

TEST_CASE("window means round to the nearest tick, halves up") {
    ring r{slakit::rolling_config{}, at("2026-03-02T10:00:00Z")};
    CHECK_FALSE(r.last(1h).mean(slakit::clock_kind::wall).has_value());
    r.add_response_time(1ms, 0ms, r.now());
    r.add_response_time(2ms, 1ms, r.now());
    CHECK(r.last(1h).mean(slakit::clock_kind::wall) == 2ms);  // 1.5 -> 2
    CHECK(r.last(1h).mean(slakit::clock_kind::business) == 1ms);  // 0.5 -> 1
    r.add_response_time(2ms, 0ms, r.now());
    CHECK(r.last(1h).mean(slakit::clock_kind::wall) == 2ms);  // 1.67 -> 2
    CHECK(r.last(1h).mean(slakit::clock_kind::business) == 0ms);  // 0.33 -> 0
}

TEST_CASE("an open-time window reaches back over nights and weekends") {
    ring r{slakit::rolling_config{}, at("2026-03-09T09:20:00+08:00")};  // Monday 09:20
    const auto& cal = shanghai();
    // Monday 09:00-09:20 and Friday 17:20-18:00 make the last hour of open time.
    r.add_status(slakit::scope::in_hours, slakit::status::breached, at("2026-03-06T17:25:00+08:00"));  // Friday
    r.add_status(slakit::scope::in_hours, slakit::status::met, at("2026-03-06T17:15:00+08:00"));
    const auto hour = r.last(1h, cal);
    CHECK(hour.from == at("2026-03-06T17:20:00+08:00"));
    CHECK(hour.covered == 1h);
    CHECK(hour.breached == 1);
    CHECK(hour.met == 0);
    CHECK(r.last(1h).events == 0);  // the wall-clock hour is Monday 08:20-09:20
    CHECK(r.last(1h, slakit::clock_kind::wall, cal).events == 0);
    // More open time than the ring holds: the whole ring, marked incomplete.
    const auto week = r.last(40h, cal);
    CHECK_FALSE(week.complete);
    CHECK(week.from == r.oldest());
    CHECK(week.covered == cal.elapsed(r.oldest(), r.now()));
}

TEST_CASE("bad configurations are refused") {
    const instant now = at("2026-03-02T10:00:00Z");
    const auto refused = [&](auto change) {
        slakit::rolling_config c;
        change(c);
        CHECK_THROWS_AS(ring(c, now), std::invalid_argument);
    };
    refused([](slakit::rolling_config& c) { c.bucket_width = 0ms; });
    refused([](slakit::rolling_config& c) { c.buckets = 0; });
    refused([](slakit::rolling_config& c) { c.buckets = slakit::max_ring_buckets + 1; });
    refused([](slakit::rolling_config& c) { c.bucket_width = std::chrono::hours{24 * 365}; });
    refused([](slakit::rolling_config& c) { c.sketch_width = 90s; });
    refused([](slakit::rolling_config& c) { c.exceedances.assign(slakit::max_exceedances + 1, slakit::within(1s)); });
    refused([](slakit::rolling_config& c) { c.exceedances = {slakit::within(0ms)}; });
    CHECK_THROWS_AS(ring(slakit::rolling_config{}, instant{date::sys_days{date::year{1800} / 1 / 1}}),
                    std::invalid_argument);
    ring r{slakit::rolling_config{}, now};
    CHECK_THROWS_AS((void)r.last(0ms), std::invalid_argument);
}

TEST_CASE("serialization round-trips, byte for byte") {
    random_stream s{small_config(), at("2026-03-02T09:30:00+08:00"), 11};
    for (int i = 0; i < 3000; ++i) s.step();
    const auto bytes = s.r.to_bytes();
    const ring back = ring::from_bytes(bytes);
    CHECK(back == s.r);
    CHECK(back.to_bytes() == bytes);
    for (const auto span : {1min, 7min, 60min, 90min, 200min}) {
        CHECK(back.last(span) == s.r.last(span));
        CHECK(back.last(span, shanghai()) == s.r.last(span, shanghai()));
    }
    CHECK(back.too_old() == s.r.too_old());
    CHECK(back.in_future() == s.r.in_future());
    // It goes on exactly like the original.
    ring original = s.r;
    ring copy = back;
    for (auto* r : {&original, &copy}) {
        r->advance(r->now() + 17min);
        r->add_response_time(3s, 2s, r->now() - 40min);
    }
    CHECK(copy == original);

    // A fresh ring and the default configuration too.
    const ring fresh{slakit::rolling_config{}, at("2026-03-02T10:00:00Z")};
    CHECK(ring::from_bytes(fresh.to_bytes()) == fresh);
}

TEST_CASE("corrupt bytes raise corrupt_state, never undefined behaviour") {
    random_stream s{small_config(), at("2026-03-02T09:30:00+08:00"), 12};
    for (int i = 0; i < 500; ++i) s.step();
    const auto bytes = s.r.to_bytes();

    SUBCASE("every truncation") {
        for (std::size_t n = 0; n < bytes.size(); n += (n < 200 ? 1 : 37))
            CHECK_THROWS_AS((void)ring::from_bytes(std::span{bytes}.first(n)), slakit::corrupt_state);
    }
    SUBCASE("trailing bytes") {
        auto longer = bytes;
        longer.push_back(std::byte{0});
        CHECK_THROWS_AS((void)ring::from_bytes(longer), slakit::corrupt_state);
    }
    SUBCASE("header fields") {
        const auto broken = [&](std::size_t offset, std::byte value) {
            auto b = bytes;
            b[offset] = value;
            CHECK_THROWS_AS((void)ring::from_bytes(b), slakit::corrupt_state);
        };
        broken(0, std::byte{'x'});  // magic
        broken(4, std::byte{2});  // version
        broken(5, std::byte{7});  // tick period numerator
        broken(21, std::byte{0});  // bucket width 60000 ms -> 59904
        broken(29, std::byte{0});  // bucket count 90 -> 0
        broken(33, std::byte{1});  // sketch width no longer a multiple
        broken(41, std::byte{2});  // sketch clock
        broken(42, std::byte{9});  // exceedance count
    }
    SUBCASE("lanes that add() cannot have written") {
        // The first bucket's lanes start after the header: rebuild a blob whose oldest
        // bucket claims a status without an event.
        slakit::rolling_config c;
        c.buckets = 3;
        c.sketch_width = 0ms;
        ring r{c, at("2026-03-02T10:00:00Z")};
        auto b = r.to_bytes();
        const std::size_t lanes_at = b.size() - 3 * 10;  // 3 buckets x 10 one-byte zero lanes
        auto met_without_event = b;
        met_without_event[lanes_at + 1] = std::byte{1};
        CHECK_THROWS_AS((void)ring::from_bytes(met_without_event), slakit::corrupt_state);
        auto sum_without_answer = b;
        sum_without_answer[lanes_at + 0] = std::byte{1};
        sum_without_answer[lanes_at + 8] = std::byte{5};
        CHECK_THROWS_AS((void)ring::from_bytes(sum_without_answer), slakit::corrupt_state);
        auto overlong = b;  // 0x80 0x00 is a zero written in two bytes
        overlong[lanes_at] = std::byte{0x80};
        overlong[lanes_at + 1] = std::byte{0x00};
        CHECK_THROWS_AS((void)ring::from_bytes(overlong), slakit::corrupt_state);
        auto valid = b;
        valid[lanes_at + 0] = std::byte{1};
        valid[lanes_at + 1] = std::byte{1};
        CHECK(ring::from_bytes(valid).last(1h).met == 1);
    }
    SUBCASE("a sketch that disagrees with its buckets") {
        slakit::rolling_config c;
        c.buckets = 4;
        c.sketch_width = 2min;
        ring r{c, at("2026-03-02T10:01:30Z")};
        r.add_response_time(2s, 2s, r.now());
        ring other{c, r.now()};
        other.add_response_time(3s, 3s, r.now());
        other.add_response_time(4s, 4s, r.now());
        // Swap in the other ring's sketches: two answers where the buckets hold one.
        const auto ours = r.to_bytes();
        const auto theirs = other.to_bytes();
        std::vector<std::byte> mixed(ours.begin(),
                                     ours.begin() + static_cast<std::ptrdiff_t>(sketches_offset(ours, 4, 10)));
        mixed.insert(mixed.end(), theirs.begin() + static_cast<std::ptrdiff_t>(sketches_offset(theirs, 4, 10)),
                     theirs.end());
        CHECK(ring::from_bytes(ours) == r);  // the unspliced blob is fine
        CHECK_THROWS_AS((void)ring::from_bytes(mixed), slakit::corrupt_state);
    }
    SUBCASE("random bit flips") {
        std::mt19937_64 g(5);
        for (int i = 0; i < 2000; ++i) {
            auto b = bytes;
            const auto at_byte = std::uniform_int_distribution<std::size_t>(0, b.size() - 1)(g);
            b[at_byte] ^= static_cast<std::byte>(1U << std::uniform_int_distribution<unsigned>(0, 7)(g));
            try {
                const ring r = ring::from_bytes(b);
                CHECK(r.to_bytes() == b);  // whatever it accepts, it reads back exactly
            } catch (const slakit::corrupt_state&) {}
        }
    }
}

TEST_CASE("merged shards equal one ring fed both streams") {
    const auto config = small_config();
    const instant start = at("2026-03-02T09:30:00+08:00");
    ring whole{config, start}, left{config, start}, right{config, start};
    std::mt19937_64 g(21);
    instant now = start;
    for (int i = 0; i < 4000; ++i) {
        if (i % 40 == 0) {
            now += milliseconds{std::uniform_int_distribution<std::int64_t>(0, 300'000)(g)};
            whole.advance(now);
            left.advance(now);
            if (i < 3000) right.advance(now);  // the right shard stops early: older now
        }
        const instant when = now - milliseconds{std::uniform_int_distribution<std::int64_t>(0, 80 * 60'000)(g)};
        const milliseconds wall{std::uniform_int_distribution<std::int64_t>(0, 600'000)(g)};
        ring& shard = (i % 3 == 0 && i < 3000) ? right : left;
        const auto kind = std::uniform_int_distribution<int>(0, 2)(g);
        for (auto* r : {&whole, &shard}) {
            if (kind == 0)
                r->add_status(slakit::scope::in_hours, wall > 5min ? slakit::status::breached : slakit::status::met,
                              when);
            else if (kind == 1)
                r->add_response_time(wall, wall / 2, when);
            else
                r->add_handoff(wall > 8min ? slakit::status::breached : slakit::status::met, when);
        }
    }
    CHECK(right.now() < left.now());
    // The older shard into the newer one, and the newer into the older one.
    ring a = left;
    a.merge(right);
    ring b = right;
    b.merge(left);
    CHECK(a == whole);
    CHECK(b == a);
    for (const auto span : {1min, 7min, 60min, 90min}) CHECK(a.last(span, shanghai()) == whole.last(span, shanghai()));
    CHECK(a.response_times(a.oldest()) == whole.response_times(whole.oldest()));

    // A ring so old that none of its buckets overlap: its events have expired, as in one ring.
    ring old{config, start};
    old.add_status(slakit::scope::in_hours, slakit::status::met, start);
    old.add_status(slakit::scope::in_hours, slakit::status::met, start);
    ring c = whole;
    c.merge(old);
    CHECK(c == whole);
    old.add_status(slakit::scope::in_hours, slakit::status::met, start - 2h);  // too old there
    c.merge(old);
    CHECK(c.too_old() == whole.too_old() + 1);

    slakit::rolling_config other = config;
    other.buckets = 91;
    ring d{other, start};
    CHECK_THROWS_AS(c.merge(d), std::invalid_argument);
}

TEST_CASE("memory per ring stays bounded: lanes per minute, sketches per hour") {
    ring r{slakit::rolling_config{}, at("2026-03-02T10:00:00Z")};
    // 4321 buckets x 10 lanes x 8 bytes, plus 73 empty hourly sketches.
    CHECK(r.memory_bytes() >= 4321U * 10U * 8U);
    CHECK(r.memory_bytes() < 4321U * 10U * 8U + 73U * 256U);
    std::mt19937_64 g(3);
    std::lognormal_distribution<double> d(std::log(20'000.0), 1.5);
    for (int minute = 0; minute < 3 * 24 * 60; ++minute) {
        r.advance(r.now() + 1min);
        for (int i = 0; i < 5; ++i) r.add_response_time(milliseconds{static_cast<std::int64_t>(d(g))}, 0ms, r.now());
    }
    // Each hourly sketch stays far below its 16 KiB worst case.
    CHECK(r.memory_bytes() < 4321U * 10U * 8U + 73U * 8192U);
    MESSAGE("bytes per group, 3 days of 1-minute buckets with hourly sketches: " << r.memory_bytes());
}
