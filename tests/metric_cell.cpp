#include <slakit/metric_cell.hpp>

#include <slakit/timeline_outcome.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <vector>

using namespace std::chrono_literals;
using slakit::clock_kind;
using slakit::metric;
using slakit::scope;
using slakit::status;

namespace {

using sla_event = slakit::basic_sla_event<slakit::channel, slakit::priority>;
using cell = slakit::metric_cell<>;

const slakit::instant t0 = date::sys_days{date::May / 4 / 2026} + 8h;

// An event of metric m: fulfilled after `ran` when done, else pending or breached at as_of.
sla_event event(metric m, status s, std::chrono::milliseconds ran, std::chrono::milliseconds withheld = 0ms,
                clock_kind clock = clock_kind::wall, bool done = true, bool paused_now = false) {
    sla_event e{m,
                0,
                {slakit::any, slakit::any},
                slakit::priority::normal,
                slakit::within(1h, clock),
                t0,
                t0,
                done ? std::optional{t0 + ran + withheld} : std::nullopt};
    e.running = ran;
    e.paused = withheld;
    e.status = s;
    e.paused_now = paused_now;
    return e;
}

void put_u64(std::vector<std::byte>& bytes, std::size_t at, std::uint64_t v) {
    for (std::size_t i = 0; i < 8; ++i) bytes[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xffU);
}

// Offsets in a metric_cell blob: header (5), metric (1), statuses (4 + 45); then paused, reopened, reopens.
constexpr std::size_t statuses_at = 10, paused_at = 55, reopened_at = 63, reopens_at = 71;

}  // namespace

TEST_CASE("a metric cell counts events by scope and status, and times the fulfilled ones") {
    cell c{metric::resolution};
    CHECK(c.metric() == metric::resolution);
    CHECK(c.events() == 0);
    CHECK_FALSE(c.compliance().has_value());  // nothing decided, as report_cell
    CHECK(c.running_times().empty());
    CHECK(c.paused_time() == 0ms);

    c.add(event(metric::resolution, status::met, 40min, 20min), scope::in_hours, 2);
    c.add(event(metric::resolution, status::breached, 70min, 5min), scope::in_hours);  // fulfilled late
    c.add(event(metric::resolution, status::breached, 90min, 0ms, clock_kind::wall, false), scope::in_hours, 1);
    c.add(event(metric::resolution, status::pending, 10min, 30min, clock_kind::wall, false, true), scope::in_hours);
    c.add(event(metric::resolution, status::pending, 15min, 0ms, clock_kind::wall, false, false), scope::in_hours);
    c.add(event(metric::resolution, status::met, 1min), scope::out_of_hours, 4);
    c.add(event(metric::resolution, status::breached, 3h), scope::excluded);

    CHECK(c.events() == 7);
    CHECK(c.in_scope() == 5);
    CHECK(c.events() == c.in_scope() + c.out_of_hours() + c.excluded());
    CHECK(c.met() == 1);
    CHECK(c.breached() == 2);
    CHECK(c.pending() == 2);
    CHECK(c.paused() == 1);  // pending and paused now
    CHECK(c.out_of_hours() == 1);
    CHECK(c.excluded() == 1);
    CHECK(c.compliance() == doctest::Approx(1.0 / 3.0));
    // Only the in-scope requests' reopens, each counted once.
    CHECK(c.reopened() == 2);
    CHECK(c.reopens() == 3);
    // Fulfilled in-scope events: 40 min met and 70 min late; pending and unfulfilled breaches feed no time.
    CHECK(c.clock() == clock_kind::wall);
    CHECK(c.running_times().count() == 2);
    CHECK(c.running_times().mean() == 55min);
    CHECK(c.running_times().max() == 70min);
    CHECK(c.paused_time() == 25min);
    CHECK(c.running_times(clock_kind::business).empty());
    CHECK(c.paused_time(clock_kind::business) == 0ms);
}

TEST_CASE("a metric cell keeps each clock's times apart; its clock is the one most times are on") {
    cell c{metric::next_reply};
    c.add(event(metric::next_reply, status::met, 10min, 1min, clock_kind::business), scope::in_hours);
    CHECK(c.clock() == clock_kind::business);
    c.add(event(metric::next_reply, status::met, 20min, 2min, clock_kind::wall), scope::in_hours);
    CHECK(c.clock() == clock_kind::wall);  // a tie goes to the wall clock
    c.add(event(metric::next_reply, status::met, 30min, 4min, clock_kind::business), scope::in_hours);
    CHECK(c.clock() == clock_kind::business);
    CHECK(c.running_times().count() == 2);
    CHECK(c.running_times().sum() == 40min);
    CHECK(c.paused_time() == 5min);
    CHECK(c.running_times(clock_kind::wall).sum() == 20min);
    CHECK(c.paused_time(clock_kind::wall) == 2min);
}

TEST_CASE("a metric cell refuses another metric's events and cells") {
    cell c{metric::resolution};
    CHECK_THROWS_WITH_AS(c.add(event(metric::next_reply, status::met, 1min), scope::in_hours),
                         "metric_cell::add: a next_reply event into the resolution cell", std::invalid_argument);
    CHECK_THROWS_WITH_AS(c.merge(cell{metric::first_response}),
                         "metric_cell::merge: a first_response cell into the resolution cell", std::invalid_argument);
    CHECK(c.events() == 0);
}

TEST_CASE("merging metric cells equals adding every event to one, bit for bit, in any order") {
    std::mt19937_64 rng{14};
    const scope scopes[] = {scope::in_hours, scope::in_hours, scope::in_hours, scope::out_of_hours, scope::excluded};
    const status statuses[] = {status::met, status::breached, status::pending};
    for (int round = 0; round < 20; ++round) {
        cell all{metric::periodic_update};
        std::vector<cell> shards(4, cell{metric::periodic_update});
        for (int i = 0; i < 300; ++i) {
            const auto s = statuses[rng() % 3];
            const bool done = s == status::met || (s == status::breached && rng() % 2 == 0);
            const auto e = event(metric::periodic_update, s, std::chrono::milliseconds{rng() % 10'000'000},
                                 std::chrono::milliseconds{rng() % 1'000'000},
                                 rng() % 3 == 0 ? clock_kind::business : clock_kind::wall, done,
                                 s == status::pending && rng() % 2 == 0);
            const auto where = scopes[rng() % 5];
            const auto reopens = static_cast<std::size_t>(rng() % 4 == 0 ? rng() % 3 : 0);
            all.add(e, where, reopens);
            shards[rng() % shards.size()].add(e, where, reopens);
        }
        cell forward{metric::periodic_update}, backward{metric::periodic_update};
        for (const auto& s : shards) forward.merge(s);
        for (auto it = shards.rbegin(); it != shards.rend(); ++it) backward.merge(*it);
        CHECK(forward == all);
        CHECK(backward == all);
        CHECK(forward.to_bytes() == all.to_bytes());
        CHECK(forward.running_times().quantile(0.9) == all.running_times().quantile(0.9));
    }
}

TEST_CASE("a metric cell reads back its bytes and refuses corrupt ones") {
    cell c{metric::resolution};
    c.add(event(metric::resolution, status::met, 40min, 20min), scope::in_hours, 2);
    c.add(event(metric::resolution, status::met, 3h, 1h, clock_kind::business), scope::in_hours);
    c.add(event(metric::resolution, status::pending, 10min, 30min, clock_kind::wall, false, true), scope::in_hours);
    c.add(event(metric::resolution, status::met, 1min), scope::out_of_hours);
    const auto bytes = c.to_bytes();
    const auto back = cell::from_bytes(bytes);
    CHECK(back == c);
    CHECK(back.to_bytes() == bytes);
    CHECK(back.paused_time(clock_kind::business) == 1h);
    CHECK(cell::from_bytes(cell{metric::handoff}.to_bytes()).metric() == metric::handoff);

    SUBCASE("truncated anywhere") {
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            CAPTURE(n);
            CHECK_THROWS_AS((void)cell::from_bytes(std::span{bytes}.first(n)), slakit::corrupt_state);
        }
    }
    SUBCASE("trailing bytes") {
        auto longer = bytes;
        longer.push_back(std::byte{0});
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(longer), doctest::Contains("unexpected trailing bytes"),
                             slakit::corrupt_state);
    }
    SUBCASE("fields that no sequence of add() can give") {
        auto bad = bytes;
        bad[0] = std::byte{'x'};
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "metric_cell: bad magic, not a 'slmc' blob",
                             slakit::corrupt_state);
        bad = bytes;
        bad[4] = std::byte{2};
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "metric_cell: unsupported version 2 (expected 1)",
                             slakit::corrupt_state);
        bad = bytes;
        bad[5] = std::byte{6};
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "metric_cell: unknown metric 6", slakit::corrupt_state);
        bad = bytes;
        put_u64(bad, paused_at, 2);
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "metric_cell: more paused events than pending ones",
                             slakit::corrupt_state);
        bad = bytes;
        put_u64(bad, reopened_at, 4);
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "metric_cell: more reopened requests than in-scope events",
                             slakit::corrupt_state);
        bad = bytes;
        put_u64(bad, reopens_at, 0);
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "metric_cell: fewer reopens than reopened requests",
                             slakit::corrupt_state);
        bad = bytes;
        put_u64(bad, statuses_at + 5, 0);  // no met event left for the running times
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad),
                             "metric_cell: more running times than met and breached events", slakit::corrupt_state);
    }
    SUBCASE("any flipped bit gives a state that reads back the same, or corrupt_state") {
        std::size_t rejected = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (const unsigned mask : {0x01U, 0x80U}) {
                auto bad = bytes;
                bad[i] ^= static_cast<std::byte>(mask);
                try {
                    const auto t = cell::from_bytes(bad);
                    CHECK(t.to_bytes() == bad);
                    CHECK(t.paused() <= t.pending());
                    CHECK(t.reopened() <= t.in_scope());
                } catch (const slakit::corrupt_state&) {
                    ++rejected;
                }
            }
        }
        CHECK(rejected > 0);
    }
}

TEST_CASE("metric cells keep one cell per metric that occurred, in the enum's order") {
    slakit::metric_cells<> cells;
    CHECK(cells.empty());
    CHECK(cells.find(metric::resolution) == nullptr);
    cells.add(event(metric::resolution, status::met, 1h), scope::in_hours, 1);
    cells.add(event(metric::first_response, status::breached, 2h), scope::in_hours);
    cells.add(event(metric::resolution, status::breached, 3h), scope::in_hours);
    REQUIRE(cells.size() == 2);
    CHECK(cells.begin()->metric() == metric::first_response);
    REQUIRE(cells.find(metric::resolution) != nullptr);
    CHECK(cells.find(metric::resolution)->events() == 2);
    CHECK(cells.find(metric::resolution)->reopened() == 1);
    CHECK(cells.find(metric::next_reply) == nullptr);

    slakit::metric_cells<> other;
    other.add(event(metric::next_reply, status::met, 1min), scope::in_hours);
    other.add(event(metric::resolution, status::met, 1min), scope::in_hours);
    cells.merge(other);
    CHECK(cells.size() == 3);
    CHECK(cells.find(metric::resolution)->events() == 3);
    CHECK(cells.memory_bytes() >= 3 * sizeof(cell));

    std::vector<std::byte> out;
    cells.write(out);
    slakit::detail::byte_reader in(out, "test");
    CHECK(slakit::metric_cells<>::read(in) == cells);
    in.expect_end();

    // The same cell twice is refused.
    std::vector<std::byte> twice;
    slakit::detail::put_le(twice, 2, 1);
    slakit::detail::put_blob(twice, cells.find(metric::resolution)->to_bytes());
    slakit::detail::put_blob(twice, cells.find(metric::resolution)->to_bytes());
    slakit::detail::byte_reader again(twice, "test");
    CHECK_THROWS_WITH_AS((void)slakit::metric_cells<>::read(again),
                         "test: metric cells out of order or repeated at resolution", slakit::corrupt_state);
}

TEST_CASE("a metric cell fed by evaluate() sums what the SLA events say") {
    slakit::policy p{slakit::calendar{"Europe/Berlin", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")}};
    slakit::target t;
    t.first_response = slakit::within(1h);
    t.resolution = slakit::within(8h, clock_kind::business);
    p.set_target(slakit::any, slakit::any, t);
    p.set_status("open", slakit::status_effect::run)
        .set_status("waiting", slakit::status_effect::pause)
        .set_status("solved", slakit::status_effect::resolve);
    slakit::timeline history;
    history.submitted(t0, slakit::channel::email, slakit::priority::normal)
        .reply(t0 + 30min)
        .status(t0 + 1h, "waiting")
        .status(t0 + 3h, "open")
        .status(t0 + 5h, "solved")
        .status(t0 + 6h, "open")
        .status(t0 + 7h, "solved");
    const auto o = slakit::evaluate(p, history, t0 + 24h);
    REQUIRE(o.reopens == 1);
    cell resolution{metric::resolution};
    for (const auto& e : o.events)
        if (e.metric == metric::resolution) resolution.add(e, o.record.scope, o.reopens);
    CHECK(resolution.met() == 1);
    CHECK(resolution.reopens() == 1);
    CHECK(resolution.clock() == clock_kind::business);
    CHECK(resolution.running_times().max() == 4h);  // 10:00-11:00, 13:00-15:00, 16:00-17:00
    CHECK(resolution.paused_time() == 3h);  // waiting 2 h, solved 1 h
}
