#include <slakit/report.hpp>

#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace std::chrono_literals;
using slakit::any;
using slakit::channel;
using slakit::channel_kind;
using slakit::clock_kind;
using slakit::instant;
using slakit::priority;
using slakit::reporting_period;
using slakit::scope;
using slakit::status;
using slakit::within;
using std::chrono::milliseconds;

namespace {

using report = slakit::basic_report<channel, priority>;
using outcome = slakit::outcome;

const date::time_zone* shanghai() { return date::locate_zone("Asia/Shanghai"); }

// The instant the Shanghai clock shows y-m-d h:mi:s.
instant at(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
    const date::local_seconds l = date::local_days{date::year{y} / date::month{m} / date::day{d}} +
                                  std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
    return shanghai()->to_sys(l);
}

constexpr date::local_days day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

slakit::calendar office(const char* zone = "Asia/Shanghai") {
    return slakit::calendar{zone, slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")};
}

// The seed contract: real-time mean <= 60 s and 60 s per request, e-mail 30 min,
// hand-off 5 min; Shanghai, Mon-Fri 09:00-18:00.
slakit::policy contract() { return slakit::presets::response_time_agreement(); }

// The contract, plus what a supplementary agreement adds: priority chats on a
// business clock with their own aggregates (both clocks kept), and social messages
// with an aggregate mean but no per-request threshold.
slakit::policy extended_contract() {
    auto p = contract();
    slakit::target urgent;
    urgent.first_response = within(20s, clock_kind::business);
    urgent.aggregates = {slakit::aggregate_target::compliance_at_least(0.9).named("urgent compliance"),
                         slakit::aggregate_target::quantile_within(0.9, 30s)};
    urgent.handoff = within(2min);
    p.set_target(channel_kind::real_time, slakit::at_least(priority::high), urgent);
    slakit::target social;
    social.aggregates = {slakit::aggregate_target::mean_within(2min, clock_kind::business)};
    p.set_target(channel::social, any, social);
    return p;
}

slakit::target first_response_within(milliseconds limit) {
    slakit::target t;
    t.first_response = within(limit);
    return t;
}

outcome answered(const slakit::policy& p, channel c, instant submitted, milliseconds after,
                 priority pr = priority::normal) {
    slakit::request r{c, pr, submitted};
    r.first_response = submitted + after;
    return slakit::evaluate(p, r, submitted + after + 1h);
}

// Requests from 2026-02-20 over 90 days (crossing month ends), every channel and
// priority, answered or not, some excluded, some handed off; each evaluated at a
// random instant up to three hours after submission, so some are still pending.
std::vector<outcome> random_outcomes(const slakit::policy& p, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::uniform_int_distribution<std::int64_t> when(0, std::int64_t{90} * 24 * 3600 * 1000);
    std::uniform_int_distribution<int> pick(0, 11);
    std::lognormal_distribution<double> delay(std::log(40'000.0), 1.5);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::uniform_int_distribution<std::int64_t> later(0, std::int64_t{3} * 3600 * 1000);
    const instant start = at(2026, 2, 20);
    std::vector<outcome> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int k = pick(g);
        const auto c = static_cast<channel>(k % 4);
        const auto pr = static_cast<priority>(k / 4);
        slakit::request r{c, pr, start + milliseconds{when(g)}};
        if (coin(g) < 0.85) r.first_response = r.submitted_at + milliseconds{std::llround(delay(g))};
        if (coin(g) < 0.25) {
            r.handoff_decided = r.submitted_at + 10s;
            if (coin(g) < 0.8) r.handoff_completed = *r.handoff_decided + milliseconds{later(g) / 20};
        }
        if (coin(g) < 0.03) r.exclusion_reason = "the business's CRM was down";
        out.push_back(slakit::evaluate(p, r, r.submitted_at + milliseconds{later(g)}));
    }
    return out;
}

template <class Report>
void check_same(const Report& a, const Report& b) {
    REQUIRE(a.groups().size() == b.groups().size());
    CHECK(a.groups() == b.groups());
    for (auto x = a.groups().begin(), y = b.groups().begin(); x != a.groups().end(); ++x, ++y) {
        const auto& s = x->second.response_times();
        const auto& t = y->second.response_times();
        CHECK(s.exact_sum() == t.exact_sum());
        if (s.empty()) continue;
        for (const double q : {0.0, 0.5, 0.9, 0.99, 1.0}) CHECK(s.quantile(q) == t.quantile(q));
    }
    CHECK(a.outages() == b.outages());
}

void put_le(std::vector<std::byte>& out, std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) out.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xffU));
}

}  // namespace

TEST_CASE("a request belongs to the period of its submission in the calendar's zone") {
    const auto p = contract();
    // 2026-03-31T23:30+08:00 is 15:30Z on the 31st; 16:30Z is already April in Shanghai.
    const instant last_of_march = slakit::parse_instant("2026-03-31T23:30:00+08:00");
    const instant first_of_april = slakit::parse_instant("2026-03-31T16:30:00Z");
    REQUIRE(last_of_march == slakit::parse_instant("2026-03-31T15:30:00Z"));

    SUBCASE("month") {
        report r{p, reporting_period::month};
        r.add(answered(p, channel::email, last_of_march, 2min));
        r.add(answered(p, channel::email, first_of_april, 2min));
        CHECK(r.periods() == std::vector{day(2026, 3, 1), day(2026, 4, 1)});
        REQUIRE(r.find(day(2026, 3, 31), channel::email, priority::normal) != nullptr);
        CHECK(r.find(day(2026, 3, 31), channel::email, priority::normal)->requests() == 1);
        CHECK(r.find(day(2026, 4, 1), channel::email, priority::normal)->requests() == 1);
        // Both are night-time requests: out of hours, counted and reported apart.
        CHECK(r.find(day(2026, 3, 1), channel::email, priority::normal)->out_of_hours() == 1);
        // The month's bounds are Shanghai midnights.
        CHECK(r.bounds(day(2026, 3, 15)) ==
              std::pair{slakit::parse_instant("2026-02-28T16:00:00Z"), slakit::parse_instant("2026-03-31T16:00:00Z")});

        // The same instants on a UTC calendar both fall in March.
        slakit::policy utc_policy = slakit::presets::response_time_agreement({.zone = "Etc/UTC"});
        report u{utc_policy, reporting_period::month};
        u.add(answered(utc_policy, channel::email, last_of_march, 2min));
        u.add(answered(utc_policy, channel::email, first_of_april, 2min));
        CHECK(u.periods() == std::vector{day(2026, 3, 1)});
        CHECK(u.find(day(2026, 3, 1), channel::email, priority::normal)->requests() == 2);
    }
    SUBCASE("week") {
        report r{p, reporting_period::week};
        r.add(answered(p, channel::web_chat, at(2026, 3, 8, 23, 59, 59), 5s));  // Sunday night
        r.add(answered(p, channel::web_chat, at(2026, 3, 9, 0, 0, 0), 5s));  // Monday, 00:00
        r.add(answered(p, channel::web_chat, at(2026, 3, 2, 0, 0, 0), 5s));  // the Monday before
        CHECK(r.periods() == std::vector{day(2026, 3, 2), day(2026, 3, 9)});
        CHECK(r.find(day(2026, 3, 2), channel::web_chat, priority::normal)->requests() == 2);
        CHECK(r.find(day(2026, 3, 9), channel::web_chat, priority::normal)->requests() == 1);
    }
    SUBCASE("day") {
        report r{p, reporting_period::day};
        r.add(answered(p, channel::web_chat, at(2026, 3, 10, 23, 59, 59) + 999ms, 5s));
        r.add(answered(p, channel::web_chat, at(2026, 3, 11), 5s));
        r.add(answered(p, channel::web_chat, at(2026, 3, 11, 10), 5s));
        CHECK(r.find(day(2026, 3, 10), channel::web_chat, priority::normal)->requests() == 1);
        CHECK(r.find(day(2026, 3, 11), channel::web_chat, priority::normal)->requests() == 2);
        CHECK(r.find(day(2026, 3, 11), channel::web_chat, priority::normal)->met() == 1);
        CHECK(r.bounds(day(2026, 3, 11)) == std::pair{at(2026, 3, 11), at(2026, 3, 12)});
    }
}

TEST_CASE("period bounds follow the zone's offsets, a skipped midnight starts when the gap ends") {
    const auto* havana = date::locate_zone("America/Havana");
    const slakit::policy p{office("America/Havana")};
    const auto earliest = [&](date::local_days d) {
        return instant{havana->to_sys(date::local_seconds{d}, date::choose::earliest)};
    };
    report days{p, reporting_period::day};
    // 2026-03-08: Havana's clocks jump from 00:00 to 01:00, so the day is 23 hours long.
    auto [begin, end] = days.bounds(day(2026, 3, 8));
    CHECK(begin == slakit::parse_instant("2026-03-08T05:00:00Z"));
    CHECK(begin == earliest(day(2026, 3, 8)));
    CHECK(end == earliest(day(2026, 3, 9)));
    CHECK(end - begin == 23h);
    // 2026-11-01: midnight comes twice (01:00 falls back to 00:00); the day starts at
    // the first and lasts 25 hours.
    std::tie(begin, end) = days.bounds(day(2026, 11, 1));
    CHECK(begin == earliest(day(2026, 11, 1)));
    CHECK(end == earliest(day(2026, 11, 2)));
    CHECK(end - begin == 25h);
    CHECK(days.availability(day(2026, 11, 1)).length() == 25h);

    report months{slakit::policy{office("America/New_York")}, reporting_period::month};
    CHECK(months.bounds(day(2026, 3, 20)) ==
          std::pair{slakit::parse_instant("2026-03-01T05:00:00Z"), slakit::parse_instant("2026-04-01T04:00:00Z")});
}

TEST_CASE("local times map to the instant date's choose::earliest gives, gaps and repeats included") {
    // Every quarter hour of 2026 in zones with 1-hour and 30-minute DST shifts, and none.
    for (const char* name :
         {"America/New_York", "America/Havana", "Australia/Lord_Howe", "Europe/London", "Asia/Kathmandu"}) {
        const auto* zone = date::locate_zone(name);
        CAPTURE(name);
        for (auto l = date::local_seconds{day(2026, 1, 1)}; l < date::local_seconds{day(2027, 1, 1)}; l += 15min) {
            const auto expected = zone->to_sys(l, date::choose::earliest);
            if (slakit::first_instant_showing(zone, l) != expected) {
                CAPTURE(l.time_since_epoch().count());
                CHECK(slakit::first_instant_showing(zone, l) == expected);
            }
        }
    }
}

TEST_CASE(
    "every cell: requests = in scope + out of hours + excluded, in scope = met + breached + pending + no threshold") {
    const auto p = extended_contract();
    const auto outcomes = random_outcomes(p, 20'000, 7);
    for (const auto by : {reporting_period::day, reporting_period::week, reporting_period::month}) {
        CAPTURE(slakit::to_string(by));
        report r{p, by};
        for (const auto& o : outcomes) r.add(o);

        // The same tallies, kept by hand per group.
        struct tally {
            std::uint64_t requests = 0, in_hours = 0, out = 0, excluded = 0, met = 0, breached = 0, pending = 0,
                          none = 0, answered = 0, answered_out = 0, handoffs = 0;
        };
        std::map<std::tuple<date::local_days, channel, priority>, tally> expected;
        for (const auto& o : outcomes) {
            const auto start = slakit::period_start(date::floor<date::days>(o.submitted_local), by);
            auto& t = expected[{start, o.channel, o.priority}];
            ++t.requests;
            if (o.scope == scope::in_hours) {
                ++t.in_hours;
                if (!o.first_response.status)
                    ++t.none;
                else if (*o.first_response.status == status::met)
                    ++t.met;
                else if (*o.first_response.status == status::breached)
                    ++t.breached;
                else
                    ++t.pending;
                if (o.wall_response) ++t.answered;
            } else if (o.scope == scope::out_of_hours) {
                ++t.out;
                if (o.wall_response) ++t.answered_out;
            } else {
                ++t.excluded;
            }
            if (o.scope != scope::excluded && o.handoff.status) ++t.handoffs;
        }

        REQUIRE(r.groups().size() == expected.size());
        std::uint64_t total = 0;
        bool saw_pending = false, saw_none = false, saw_both_clocks = false;
        for (const auto& [key, cell] : r.groups()) {
            const auto& t = expected.at({key.period, key.channel, key.priority});
            CHECK(cell.requests() == cell.in_scope() + cell.out_of_hours() + cell.excluded());
            CHECK(cell.in_scope() == cell.met() + cell.breached() + cell.pending() + cell.no_threshold());
            CHECK(cell.requests() == t.requests);
            CHECK(cell.in_scope() == t.in_hours);
            CHECK(cell.out_of_hours() == t.out);
            CHECK(cell.excluded() == t.excluded);
            CHECK(cell.met() == t.met);
            CHECK(cell.breached() == t.breached);
            CHECK(cell.pending() == t.pending);
            CHECK(cell.no_threshold() == t.none);
            CHECK(cell.response_times().count() == t.answered);
            CHECK(cell.out_of_hours_times().count() == t.answered_out);
            const auto& h = cell.handoff();
            CHECK(h.met() + h.breached() + h.pending() == t.handoffs);
            if (const auto* other = cell.response_times(clock_kind::wall);
                other && cell.clock() == clock_kind::business) {
                saw_both_clocks = true;
                CHECK(other->count() == t.answered);
            }
            saw_pending = saw_pending || cell.pending() > 0;
            saw_none = saw_none || cell.no_threshold() > 0;
            total += cell.requests();
        }
        CHECK(total == outcomes.size());
        CHECK(saw_pending);
        CHECK(saw_none);
        CHECK(saw_both_clocks);
    }
}

TEST_CASE("merging shards equals the single stream, bit for bit, in any order") {
    const auto p = extended_contract();
    const auto outcomes = random_outcomes(p, 30'000, 11);
    report single{p, reporting_period::month};
    for (const auto& o : outcomes) single.add(o);
    single.add_outage(at(2026, 3, 3, 10), at(2026, 3, 3, 11));
    single.add_outage(at(2026, 3, 3, 10, 30), at(2026, 3, 3, 12));
    single.add_outage(at(2026, 4, 30, 23), at(2026, 5, 1, 1));

    constexpr std::size_t shards = 7;
    std::vector<report> parts(shards, report{p, reporting_period::month});
    std::mt19937_64 g(3);
    for (const auto& o : outcomes) parts[g() % shards].add(o);
    // Each outage reaches a different shard, one of them twice.
    parts[1].add_outage(at(2026, 3, 3, 10), at(2026, 3, 3, 11));
    parts[4].add_outage(at(2026, 3, 3, 10, 30), at(2026, 3, 3, 12));
    parts[4].add_outage(at(2026, 4, 30, 23), at(2026, 5, 1, 1));
    parts[6].add_outage(at(2026, 4, 30, 23), at(2026, 5, 1, 1));

    SUBCASE("in order") {
        report merged{p, reporting_period::month};
        for (const auto& part : parts) merged.merge(part);
        check_same(merged, single);
        CHECK(merged.to_bytes() == single.to_bytes());
    }
    SUBCASE("in reverse, into the last shard") {
        report merged = parts.back();
        for (std::size_t i = shards - 1; i-- > 0;) merged.merge(parts[i]);
        check_same(merged, single);
        CHECK(merged.to_bytes() == single.to_bytes());
    }
    SUBCASE("as a tree, through bytes") {
        std::vector<std::vector<std::byte>> level;
        for (const auto& part : parts) level.push_back(part.to_bytes());
        while (level.size() > 1) {
            std::vector<std::vector<std::byte>> next;
            for (std::size_t i = 0; i < level.size(); i += 2) {
                auto left = report::from_bytes(level[i], p);
                if (i + 1 < level.size()) left.merge(report::from_bytes(level[i + 1], p));
                next.push_back(left.to_bytes());
            }
            level = std::move(next);
        }
        CHECK(level.front() == single.to_bytes());
    }
    SUBCASE("verdicts, totals and availability agree") {
        report merged{p, reporting_period::month};
        for (const auto& part : parts) merged.merge(part);
        for (const auto d : single.periods()) {
            CHECK(merged.verdicts(d) == single.verdicts(d));
            CHECK(merged.availability(d) == single.availability(d));
            CHECK(merged.compliance(d) == single.compliance(d));
            CHECK(merged.total(d).first_response == single.total(d).first_response);
            CHECK(merged.total(d).out_of_hours_times == single.total(d).out_of_hours_times);
        }
    }
    SUBCASE("merging a report into itself doubles every count") {
        report twice = single;
        twice.merge(twice);
        const auto& a = twice.groups().begin()->second;
        const auto& b = single.groups().begin()->second;
        CHECK(a.requests() == 2 * b.requests());
        CHECK(a.response_times().count() == 2 * b.response_times().count());
        CHECK(twice.outages() == single.outages());
    }
    SUBCASE("reports by other periods or from other policies do not merge") {
        report weekly{p, reporting_period::week};
        CHECK_THROWS_WITH_AS(weekly.merge(single), "basic_report::merge: a report by month into one by week",
                             std::invalid_argument);
        // The same keys under a policy whose real-time target counts on the business clock.
        auto business = slakit::presets::response_time_agreement({.clock = clock_kind::business});
        report other{business, reporting_period::month};
        for (const auto& o : random_outcomes(business, 200, 5)) other.add(o);
        const auto before = single.to_bytes();
        report target = single;
        CHECK_THROWS_WITH_AS(target.merge(other), "basic_report::merge: the reports were built on different policies",
                             std::invalid_argument);
        CHECK(target.to_bytes() == before);
    }
}

TEST_CASE("serialization round-trips and rejects corrupt state") {
    const auto p = extended_contract();
    report r{p, reporting_period::month};
    for (const auto& o : random_outcomes(p, 300, 21)) r.add(o);
    r.add_outage(at(2026, 3, 3, 10), at(2026, 3, 3, 11));
    r.add_outage(at(2026, 4, 3, 10), at(2026, 4, 3, 11));
    const auto bytes = r.to_bytes();
    // A compact report for the byte-by-byte checks: sketches store every bucket
    // between their lowest and highest value, so a few close values keep it small.
    report small{p, reporting_period::month};
    for (const auto c : {channel::web_chat, channel::email, channel::social})
        for (const auto t : {1200ms, 1500ms, 2100ms}) small.add(answered(p, c, at(2026, 3, 3, 10), t));
    small.add(answered(p, channel::web_chat, at(2026, 3, 7, 10), 900ms));  // out of hours
    small.add_outage(at(2026, 3, 3, 10), at(2026, 3, 3, 11));
    small.add_outage(at(2026, 4, 3, 10), at(2026, 4, 3, 11));
    const auto compact = small.to_bytes();

    SUBCASE("round trip") {
        const auto back = report::from_bytes(bytes, p);
        check_same(back, r);
        CHECK(back.by() == reporting_period::month);
        CHECK(back.to_bytes() == bytes);
        const report empty{p, reporting_period::week};
        const auto e = report::from_bytes(empty.to_bytes(), p);
        CHECK(e.empty());
        CHECK(e.by() == reporting_period::week);
    }
    SUBCASE("every truncation is rejected") {
        for (std::size_t n = 0; n < compact.size(); ++n) {
            CAPTURE(n);
            CHECK_THROWS_AS((void)report::from_bytes(std::span(compact).first(n), p), slakit::corrupt_state);
        }
        auto longer = bytes;
        longer.push_back(std::byte{0});
        CHECK_THROWS_WITH_AS((void)report::from_bytes(longer, p), doctest::Contains("trailing"), slakit::corrupt_state);
    }
    SUBCASE("single-byte corruptions are rejected or give a self-consistent report") {
        std::size_t rejected = 0, accepted = 0;
        for (std::size_t i = 0; i < compact.size(); ++i) {
            for (const unsigned mask : {0x01U, 0x80U}) {
                auto bad = compact;
                bad[i] ^= static_cast<std::byte>(mask);
                try {
                    const auto t = report::from_bytes(bad, p);
                    ++accepted;
                    CAPTURE(i);
                    CHECK(t.to_bytes() == bad);
                    for (const auto& [key, cell] : t.groups())
                        CHECK(cell.requests() == cell.in_scope() + cell.out_of_hours() + cell.excluded());
                } catch (const slakit::corrupt_state&) {
                    ++rejected;
                }
            }
        }
        CHECK(rejected > 0);
        CHECK(accepted > 0);  // e.g. one more met request is a possible state
    }
    SUBCASE("the header") {
        auto bad = bytes;
        bad[0] = std::byte{'x'};
        CHECK_THROWS_WITH_AS((void)report::from_bytes(bad, p), "basic_report: bad magic, not a 'slpr' blob",
                             slakit::corrupt_state);
        bad = bytes;
        bad[4] = std::byte{2};  // a blob of before the dimensions
        CHECK_THROWS_WITH_AS((void)report::from_bytes(bad, p), "basic_report: unsupported version 2 (expected 3)",
                             slakit::corrupt_state);
        bad = bytes;
        bad[5] = std::byte{3};
        CHECK_THROWS_WITH_AS((void)report::from_bytes(bad, p), "basic_report: unknown period 3", slakit::corrupt_state);
        bad = bytes;
        bad[5] = std::byte{1};  // weekly: March 1 is no Monday
        CHECK_THROWS_WITH_AS((void)report::from_bytes(bad, p), doctest::Contains("is not the first day of a week"),
                             slakit::corrupt_state);
        using micro_report = slakit::basic_report<channel, priority, std::chrono::microseconds>;
        CHECK_THROWS_WITH_AS((void)micro_report::from_bytes(bytes, p),
                             "basic_report: tick period 1/1000 s does not match this report's 1/1000000 s",
                             slakit::corrupt_state);
    }
    SUBCASE("groups: unknown names, repeats, another policy") {
        report one{p, reporting_period::month};
        one.add(answered(p, channel::email, at(2026, 3, 3, 10), 1min));
        const auto b = one.to_bytes();
        constexpr std::size_t header = 4 + 1 + 1 + 8 + 8 + 8;
        const std::vector<std::byte> group(b.begin() + header, b.end() - 8);

        auto renamed = b;
        renamed[header + 4 + 4 + 4] = std::byte{'E'};  // "Email", after the empty dimensions
        CHECK_THROWS_WITH_AS((void)report::from_bytes(renamed, p),
                             "basic_report: channel key refused: unknown channel \"Email\"", slakit::corrupt_state);

        std::vector<std::byte> twice(b.begin(), b.begin() + header);
        twice[header - 8] = std::byte{2};  // group count
        twice.insert(twice.end(), group.begin(), group.end());
        twice.insert(twice.end(), group.begin(), group.end());
        put_le(twice, 0, 8);
        CHECK_THROWS_WITH_AS((void)report::from_bytes(twice, p), "basic_report: group 1 is out of order or repeated",
                             slakit::corrupt_state);

        // A policy with no e-mail target, and one whose e-mail target counts business time
        // (its cell would keep the other clock).
        slakit::policy chat_only{office()};
        chat_only.set_target(channel_kind::real_time, any, first_response_within(60s));
        CHECK_THROWS_WITH_AS((void)report::from_bytes(b, chat_only),
                             "basic_report: group 0: the policy has no target for its channel and priority",
                             slakit::corrupt_state);
        const auto business = slakit::presets::response_time_agreement({.clock = clock_kind::business});
        CHECK_THROWS_WITH_AS((void)report::from_bytes(b, business),
                             "basic_report: group 0: its cell keeps other clocks than this policy's target asks for",
                             slakit::corrupt_state);
    }
    SUBCASE("outages out of order or overlapping") {
        const report none{p, reporting_period::month};
        auto b = none.to_bytes();
        b.erase(b.end() - 8, b.end());  // the outage count, rewritten below
        const auto ticks = [](instant t) { return static_cast<std::uint64_t>(t.time_since_epoch().count()); };
        auto overlapping = b;
        put_le(overlapping, 2, 8);
        for (const auto& [from, to] :
             {std::pair{at(2026, 3, 3, 10), at(2026, 3, 3, 12)}, std::pair{at(2026, 3, 3, 11), at(2026, 3, 3, 13)}}) {
            put_le(overlapping, ticks(from), 8);
            put_le(overlapping, ticks(to), 8);
        }
        CHECK_THROWS_WITH_AS((void)report::from_bytes(overlapping, p),
                             "basic_report: outage 1 overlaps, touches or precedes the one before",
                             slakit::corrupt_state);
        auto reversed = b;
        put_le(reversed, 1, 8);
        put_le(reversed, ticks(at(2026, 3, 3, 12)), 8);
        put_le(reversed, ticks(at(2026, 3, 3, 10)), 8);
        CHECK_THROWS_WITH_AS((void)report::from_bytes(reversed, p),
                             "basic_report: outage 0 is empty, reversed or outside the supported range",
                             slakit::corrupt_state);
    }
    SUBCASE("a cell on its own") {
        using cell = report::cell_type;
        const auto& c = small.groups().begin()->second;
        const auto cb = c.to_bytes();
        CHECK(cell::from_bytes(cb) == c);
        for (std::size_t n = 0; n < cb.size(); ++n)
            CHECK_THROWS_AS((void)cell::from_bytes(std::span(cb).first(n)), slakit::corrupt_state);
        auto bad = cb;
        bad[6] = std::byte{1};  // keeps only the wall clock, but counts on the business clock
        bad[5] = std::byte{1};
        CHECK_THROWS_WITH_AS((void)cell::from_bytes(bad), "report_cell: clocks kept 1 do not include the cell's clock",
                             slakit::corrupt_state);
    }
    SUBCASE("string keys serialize through key_codec<std::string>") {
        slakit::basic_policy<std::string, std::string> sp{office()};
        sp.set_kind("微信", channel_kind::real_time).rank_priorities({"normal", "vip"});
        sp.set_target(channel_kind::real_time, any, first_response_within(60s));
        slakit::basic_report<std::string, std::string> sr{sp, reporting_period::month};
        slakit::basic_request<std::string, std::string> req{"微信", "vip", at(2026, 3, 3, 10)};
        req.first_response = req.submitted_at + 12s;
        sr.add(slakit::evaluate(sp, req, req.submitted_at + 1h));
        const auto back = decltype(sr)::from_bytes(sr.to_bytes(), sp);
        CHECK(back.groups() == sr.groups());
        CHECK(back.find(day(2026, 3, 1), "微信", "vip")->met() == 1);
    }
}

// A host type without a key_codec still reports; it just cannot serialize.
template <class R>
concept serializable_report = requires(const R& r) {
    r.to_bytes();
};
static_assert(serializable_report<report>);
static_assert(!serializable_report<slakit::basic_report<int, int>>);

TEST_CASE("pending requests are counted apart; past their threshold they are breaches") {
    // E-mail within 30 min of working time: a request at 17:50 on Tuesday 31 March is
    // still pending when March ends, and due at 09:20 on 1 April.
    const auto p = slakit::presets::response_time_agreement({.clock = clock_kind::business});
    slakit::request r{channel::email, priority::normal, at(2026, 3, 31, 17, 50)};
    r.first_response = at(2026, 4, 1, 9, 40);  // late, and unseen before then

    const auto cell_at = [&](instant as_of) {
        report rep{p, reporting_period::month};
        rep.add(slakit::evaluate(p, r, as_of));
        return *rep.find(day(2026, 3, 1), channel::email, priority::normal);
    };
    const auto end_of_march = cell_at(at(2026, 4, 1));
    CHECK(end_of_march.pending() == 1);
    CHECK(end_of_march.in_scope() == 1);
    CHECK(end_of_march.met() + end_of_march.breached() == 0);
    CHECK(end_of_march.compliance() == std::nullopt);
    CHECK(end_of_march.response_times().empty());  // no answer yet: kept out of the averages

    CHECK(cell_at(at(2026, 4, 1, 9, 20)).pending() == 1);  // exactly at the threshold: still within
    const auto due_passed = cell_at(at(2026, 4, 1, 9, 20) + 1ms);
    CHECK(due_passed.pending() == 0);
    CHECK(due_passed.breached() == 1);
    CHECK(due_passed.response_times().empty());
    const auto answered_late = cell_at(at(2026, 4, 1, 12));
    CHECK(answered_late.breached() == 1);
    CHECK(answered_late.response_times().count() == 1);
    CHECK(answered_late.response_times().max() == 50min);  // 10 min on the 31st, 40 min on the 1st
}

TEST_CASE("aggregate targets are judged on the merged cells of the groups they apply to") {
    auto p = contract();
    slakit::target priority_chat;
    priority_chat.first_response = within(20s);
    priority_chat.aggregates = {slakit::aggregate_target::mean_within(20s).named("2.1(3) priority chats")};
    p.set_target(channel_kind::real_time, slakit::at_least(priority::high), priority_chat);
    slakit::target email = *p.find_exact(channel_kind::asynchronous, any);
    email.aggregates = {slakit::aggregate_target::compliance_at_least(0.95),
                        slakit::aggregate_target::quantile_within(0.9, 10min)};
    p.set_target(channel_kind::asynchronous, any, email);

    report r{p, reporting_period::month};
    r.add(answered(p, channel::web_chat, at(2026, 3, 3, 10), 30s));
    r.add(answered(p, channel::in_app_chat, at(2026, 3, 4, 10), 50s));
    r.add(answered(p, channel::web_chat, at(2026, 3, 5, 10), 25s, priority::high));  // its own tier
    r.add(answered(p, channel::web_chat, at(2026, 3, 7, 10), 5min));  // Saturday: out of hours, not averaged
    r.add(answered(p, channel::email, at(2026, 3, 3, 10), 4min));
    r.add(answered(p, channel::email, at(2026, 3, 3, 11), 31min));

    const auto v = r.verdicts(day(2026, 3, 1));
    REQUIRE(v.size() == 4);  // policy order: real-time, asynchronous (2), priority chats
    CHECK(v[0].count == 2);
    CHECK(v[0].value == 40s);
    CHECK(v[0].met == true);
    CHECK(v[0].time_left == 2 * 60s - 80s);
    CHECK(v[0].text() == "2.1(1) average first response: real-time mean 40.0 s <= 60 s: met");
    CHECK(v[1].share == 0.5);
    CHECK(v[1].met == false);
    CHECK(v[1].budget->breaches_left == -1);
    CHECK(v[1].text() == "asynchronous compliance 50.00 % < 95 %: not met");
    CHECK(v[2].count == 2);
    CHECK(v[2].text() == "asynchronous p90 4 min 00 s <= 10 min: met");  // rank 0 of 2: the minimum, exact
    CHECK(v[2].value == 4min);
    CHECK(v[2].met == true);
    CHECK(v[3].count == 1);
    CHECK(v[3].text() == "2.1(3) priority chats: real-time high and above mean 25.0 s > 20 s: not met");

    const auto april = r.verdicts(day(2026, 4, 1));
    REQUIRE(april.size() == 4);
    CHECK(april[0].met == std::nullopt);
    CHECK(april[0].text() == "2.1(1) average first response: real-time mean: no data");

    SUBCASE("the mean is compared exactly, not after rounding to the tick") {
        report q{p, reporting_period::month};
        for (const auto t : {60'000ms, 60'000ms, 60'001ms})
            q.add(answered(p, channel::web_chat, at(2026, 3, 3, 10), t));
        const auto w = q.verdicts(day(2026, 3, 1)).front();
        CHECK(w.value == 60s);  // 60000.33 ms, rounded
        CHECK(w.met == false);
        CHECK(w.time_left == -1ms);
        CHECK(w.text() == "2.1(1) average first response: real-time mean 1 min 00 s > 60 s: not met");
    }
    SUBCASE("an aggregate on the business clock reads the business times") {
        auto b = contract();
        slakit::target chat = *b.find_exact(channel_kind::real_time, any);
        chat.aggregates = {slakit::aggregate_target::mean_within(60s, clock_kind::business)};
        b.set_target(channel_kind::real_time, any, chat);
        report q{b, reporting_period::month};
        // 17:59:30 on Tuesday, answered at 09:00:30 on Wednesday: 60 s of working time.
        q.add(answered(b, channel::web_chat, at(2026, 3, 3, 17, 59, 30), 15h + 1min));
        const auto& cell = q.groups().begin()->second;
        CHECK(cell.clock() == clock_kind::wall);
        CHECK(cell.response_times().max() == 15h + 1min);
        REQUIRE(cell.response_times(clock_kind::business) != nullptr);
        CHECK(cell.response_times(clock_kind::business)->max() == 60s);
        const auto w = q.verdicts(day(2026, 3, 1)).front();
        CHECK(w.value == 60s);
        CHECK(w.met == true);
        CHECK(cell.breached() == 1);  // the per-request threshold stays on the wall clock
    }
}

TEST_CASE("add refuses an outcome evaluated against another policy") {
    const auto p = contract();
    const auto o = answered(p, channel::email, at(2026, 3, 3, 10), 1min);
    slakit::policy exact{office()};
    exact.set_target(channel::email, any, first_response_within(30min));
    report r{exact, reporting_period::month};
    CHECK_THROWS_WITH_AS(
        r.add(o),
        "basic_report::add: the outcome was evaluated against another policy (its target is not this report's)",
        std::invalid_argument);
    CHECK(r.empty());
    slakit::policy nothing{office()};
    report n{nothing, reporting_period::month};
    CHECK_THROWS_AS(n.add(o), std::invalid_argument);
}

TEST_CASE("availability: overlapping outages merge, working time comes from the calendar") {
    slakit::policy p{office()};
    report r{p, reporting_period::month};
    r.add_outage(at(2026, 3, 10, 10), at(2026, 3, 10, 11));  // Tuesday
    r.add_outage(at(2026, 3, 10, 10, 30), at(2026, 3, 10, 12));  // overlaps: 10:00-12:00
    r.add_outage(at(2026, 3, 14, 10), at(2026, 3, 14, 14));  // Saturday: no working time
    r.add_outage(at(2026, 3, 11, 17), at(2026, 3, 11, 20));  // over the 18:00 close: 1 h working
    r.add_outage(at(2026, 2, 28, 22), at(2026, 3, 2, 10));  // from February: Monday 09:00-10:00 working
    r.add_outage(at(2026, 3, 20, 9), at(2026, 3, 20, 10));
    r.add_outage(at(2026, 3, 20, 10), at(2026, 3, 20, 11));  // touching: one outage 09:00-11:00
    r.add_outage(at(2026, 3, 25, 9), at(2026, 3, 25, 9));  // empty: ignored

    REQUIRE(r.outages().size() == 5);
    CHECK(r.outages()[0] == slakit::outage<>{at(2026, 2, 28, 22), at(2026, 3, 2, 10)});
    CHECK(r.outages()[1] == slakit::outage<>{at(2026, 3, 10, 10), at(2026, 3, 10, 12)});
    CHECK(r.outages()[4] == slakit::outage<>{at(2026, 3, 20, 9), at(2026, 3, 20, 11)});

    const auto march = r.availability(day(2026, 3, 31));
    CHECK(march.period == day(2026, 3, 1));
    CHECK(march.begin == at(2026, 3, 1));
    CHECK(march.end == at(2026, 4, 1));
    CHECK(march.length() == 31 * 24h);
    CHECK(march.down == 34h + 2h + 3h + 4h + 2h);
    CHECK(march.working == 22 * 9h);  // March 2026 has 22 weekdays
    CHECK(march.working_down == 1h + 2h + 1h + 0h + 2h);
    CHECK(march.uptime() == doctest::Approx(1.0 - 45.0 / 744.0));
    CHECK(march.working_uptime() == doctest::Approx(1.0 - 6.0 / 198.0));

    const auto february = r.availability(day(2026, 2, 1));
    CHECK(february.down == 2h);
    CHECK(february.working_down == 0h);
    const auto april = r.availability(day(2026, 4, 1));
    CHECK(april.down == 0h);
    CHECK(april.uptime() == 1.0);
    CHECK(april.working_uptime() == 1.0);

    // A calendar with no working time in the period has no working uptime.
    slakit::policy closed{slakit::calendar{"Asia/Shanghai", slakit::weekly_schedule::parse("")}};
    CHECK(report{closed, reporting_period::day}.availability(day(2026, 3, 3)).working_uptime() == std::nullopt);

    CHECK_THROWS_WITH_AS(r.add_outage(at(2026, 3, 3, 12), at(2026, 3, 3, 11)),
                         "add_outage: the outage ends before it begins", std::invalid_argument);
    CHECK_THROWS_AS(r.add_outage(instant{slakit::latest_instant}, instant{slakit::latest_instant} + 1h),
                    std::invalid_argument);
    CHECK(r.outages().size() == 5);
}

TEST_CASE("service credit from a report's counts: 99 of 100, 19 of 20 and 9 of 10 sit exactly on the bounds") {
    const slakit::credit_bands bands{{{0.99, 0.0}, {0.95, 0.05}, {0.90, 0.10}, {0.0, 0.25}}};
    const auto p = contract();
    struct counts {
        int met, breached;
        double credit;
    };
    for (const auto& c :
         {counts{99, 1, 0.0}, counts{98, 2, 0.05}, counts{19, 1, 0.05}, counts{9, 1, 0.10}, counts{8, 2, 0.25}}) {
        report r{p, reporting_period::month};
        r.set_credit_bands(bands);
        for (int i = 0; i < c.met; ++i) r.add(answered(p, channel::email, at(2026, 3, 3, 10), 30min));
        for (int i = 0; i < c.breached; ++i) r.add(answered(p, channel::email, at(2026, 3, 3, 10), 30min + 1ms));
        CAPTURE(c.met);
        CHECK(r.credit(day(2026, 3, 1)) == c.credit);
    }
    report none{p, reporting_period::month};
    none.add(answered(p, channel::email, at(2026, 3, 3, 10), 1min));
    CHECK(none.credit(day(2026, 3, 1)) == std::nullopt);  // no bands set
    none.set_credit_bands(bands);
    CHECK(none.credit(day(2026, 3, 1)) == 0.0);
    CHECK(none.credit(day(2026, 4, 1)) == std::nullopt);  // nothing decided in April
}

namespace {

// A helpdesk on the contract's calendar: resolution pauses while waiting on the
// customer; e-mail has every timeline metric, chats only first response and resolution.
slakit::policy helpdesk() {
    slakit::policy p{office()};
    slakit::target mail;
    mail.first_response = within(1h);
    mail.next_reply = within(2h);
    mail.periodic_update = within(4h, clock_kind::business);
    mail.resolution = within(16h, clock_kind::business);
    p.set_target(any, any, mail);
    slakit::target chat;
    chat.first_response = within(60s);
    chat.resolution = within(2h);
    p.set_target(channel_kind::real_time, any, chat);
    p.set_status("open", slakit::status_effect::run)
        .set_status("waiting", slakit::status_effect::pause)
        .set_status("solved", slakit::status_effect::resolve);
    return p;
}

// Timelines over two months, every channel and priority: replies, customer
// messages, pauses, solves, reopens and priority changes, some excluded; each
// evaluated up to three days after submission.
std::vector<slakit::basic_timeline_outcome<channel, priority>> random_timelines(const slakit::policy& p, std::size_t n,
                                                                                std::uint64_t seed) {
    std::mt19937_64 g(seed);
    const instant start = at(2026, 2, 20);
    const char* statuses[] = {"open", "waiting", "solved"};
    std::vector<slakit::basic_timeline_outcome<channel, priority>> out;
    for (std::size_t i = 0; i < n; ++i) {
        const auto submitted = start + milliseconds{static_cast<std::int64_t>(g() % (60ULL * 24 * 3600 * 1000))};
        slakit::timeline t;
        t.submitted(submitted, static_cast<channel>(g() % 4), static_cast<priority>(g() % 3));
        auto now = submitted;
        for (std::size_t k = g() % 12; k-- > 0;) {
            now += milliseconds{static_cast<std::int64_t>(g() % (3ULL * 3600 * 1000))};
            switch (g() % 5) {
            case 0: t.reply(now, g() % 2 ? slakit::author::bot : slakit::author::human); break;
            case 1: t.customer_message(now); break;
            case 2:
            case 3: t.status(now, statuses[g() % 3]); break;
            default: t.priority(now, static_cast<priority>(g() % 3)); break;
            }
        }
        if (g() % 30 == 0) t.excluded(submitted + 1min, "the business's CRM was down");
        out.push_back(
            slakit::evaluate(p, t, submitted + milliseconds{static_cast<std::int64_t>(g() % (72ULL * 3600 * 1000))}));
    }
    return out;
}

}  // namespace

TEST_CASE("a timeline outcome counts its record as add(record) does, and its SLA events per metric") {
    const auto p = helpdesk();
    const auto outcomes = random_timelines(p, 3'000, 14);
    report timelines{p, reporting_period::month}, records{p, reporting_period::month};
    for (const auto& o : outcomes) {
        timelines.add(o);
        records.add(o.record);
    }
    REQUIRE(timelines.groups().size() == records.groups().size());
    std::uint64_t resolution_events = 0, reopens = 0;
    for (auto x = timelines.groups().begin(), y = records.groups().begin(); x != timelines.groups().end(); ++x, ++y) {
        const auto& [key, cell] = *x;
        CHECK(key == y->first);
        CHECK(cell.first_response() == y->second.first_response());
        CHECK(cell.response_times() == y->second.response_times());
        CHECK(y->second.metrics().empty());  // records carry no SLA events
        // Chats' target sets no next-reply or update limit: those metrics never allocate.
        if (p.kind_of(key.channel) == channel_kind::real_time) {
            CHECK(cell.metric(slakit::metric::next_reply) == nullptr);
            CHECK(cell.metric(slakit::metric::periodic_update) == nullptr);
        }
        for (const auto& m : cell.metrics()) {
            CHECK(cell.metric(m.metric()) == &m);
            CHECK(m.events() == m.in_scope() + m.out_of_hours() + m.excluded());
            CHECK(m.paused() <= m.pending());
        }
        // One first-response and one resolution event per request, by the same scopes as the record.
        for (const auto which : {slakit::metric::first_response, slakit::metric::resolution}) {
            const auto* m = cell.metric(which);
            REQUIRE(m != nullptr);
            CHECK(m->events() == cell.requests());
            CHECK(m->out_of_hours() == cell.out_of_hours());
            CHECK(m->excluded() == cell.excluded());
        }
        CHECK(cell.metric(slakit::metric::first_response)->statuses() == cell.first_response());
        resolution_events += cell.metric(slakit::metric::resolution)->events();
        reopens += cell.metric(slakit::metric::resolution)->reopens();
    }
    CHECK(resolution_events == outcomes.size());

    // Against the outcomes themselves, for the period and the metric.
    std::uint64_t met = 0, paused = 0, cycles = 0, expected_reopens = 0;
    for (const auto& o : outcomes) {
        if (o.record.scope == scope::in_hours) expected_reopens += o.reopens;
        for (const auto& e : o.events) {
            if (e.metric != slakit::metric::next_reply || o.record.scope != scope::in_hours) continue;
            ++cycles;
            met += e.status == status::met;
            paused += e.status == status::pending && e.paused_now;
        }
    }
    CHECK(reopens == expected_reopens);
    CHECK(expected_reopens > 0);
    std::uint64_t cell_met = 0, cell_paused = 0, cell_cycles = 0;
    for (const auto& period : timelines.periods()) {
        const auto totals = timelines.total(period);
        if (const auto* m = totals.metric(slakit::metric::next_reply)) {
            cell_cycles += m->in_scope();
            cell_met += m->met();
            cell_paused += m->paused();
        }
    }
    CHECK(cell_cycles == cycles);
    CHECK(cell_met == met);
    CHECK(cell_paused == paused);
    CHECK(paused > 0);
}

TEST_CASE("reports of timelines merge exactly and read back their bytes") {
    const auto p = helpdesk();
    const auto outcomes = random_timelines(p, 2'000, 15);
    report single{p, reporting_period::week};
    std::vector<report> parts(3, report{p, reporting_period::week});
    std::mt19937_64 g(5);
    for (const auto& o : outcomes) {
        single.add(o);
        parts[g() % parts.size()].add(o);
    }
    report merged{p, reporting_period::week};
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) merged.merge(*it);
    CHECK(merged.groups() == single.groups());
    const auto bytes = single.to_bytes();
    CHECK(merged.to_bytes() == bytes);
    const auto back = report::from_bytes(bytes, p);
    CHECK(back.groups() == single.groups());
    CHECK(back.to_bytes() == bytes);
    // A cell blob cut inside its metric cells is refused.
    for (std::size_t cut : {bytes.size() - 1, bytes.size() - 200}) {
        CAPTURE(cut);
        CHECK_THROWS_AS((void)report::from_bytes(std::span{bytes}.first(cut), p), slakit::corrupt_state);
    }
}

TEST_CASE("host dimensions: each value's groups equal a report of its own requests, and the values add up") {
    using dims = std::vector<std::string>;
    using by_team =
        slakit::basic_report<channel, priority, milliseconds, std::ratio<1, 100>, slakit::zone_handle, dims>;
    const auto p = extended_contract();
    const auto outcomes = random_outcomes(p, 12'000, 15);
    // Teams and agents skewed: agent k of team t takes requests with weight 1/(k+1).
    const std::vector<dims> values{{"billing", "ann"},   {"billing", "bob"},   {"billing", "cy"},
                                   {"technical", "dee"}, {"technical", "eve"}, {"accounts", "fay"}};
    std::discrete_distribution<std::size_t> who{6.0, 3.0, 2.0, 1.5, 1.2, 1.0};
    std::mt19937_64 g(15);
    by_team r{p, reporting_period::month};
    report plain{p, reporting_period::month};
    std::map<dims, report> alone;  // the oracle: one plain report per value
    for (const auto& o : outcomes) {
        const auto& d = values[who(g)];
        r.add(o, d);
        plain.add(o);
        alone.try_emplace(d, p, reporting_period::month).first->second.add(o);
    }
    REQUIRE(r.dimensions().size() == values.size());
    CHECK(r.periods() == plain.periods());
    for (const auto period : r.periods()) {
        CAPTURE(period);
        // Every value's groups hold exactly its requests.
        for (const auto& [d, own] : alone) {
            for (const auto& [key, cell] : own.groups()) {
                if (key.period != period) continue;
                const auto* mine = r.find(period, key.channel, key.priority, d);
                REQUIRE(mine != nullptr);
                CHECK(*mine == cell);
            }
            const auto t = r.total(period, d);
            const auto u = own.total(period);
            CHECK(t.requests() == u.requests());
            CHECK(t.first_response.met() == u.first_response.met());
            CHECK(t.first_response.breached() == u.first_response.breached());
            CHECK(t.out_of_hours_times.exact_sum() == u.out_of_hours_times.exact_sum());
            CHECK(t.response_times.exact_sum() == u.response_times.exact_sum());
            CHECK(t.response_times.count() == u.response_times.count());
            const auto v = r.verdicts(period, d);
            const auto w = own.verdicts(period);
            REQUIRE(v.size() == w.size());
            for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i].text() == w[i].text());
        }
        // The breakdown is total(day, d) for each value, in one pass.
        const auto parts = r.breakdown(period);
        REQUIRE(parts.size() == r.dimensions(period).size());
        for (const auto& [d, t] : parts) {
            const auto u = r.total(period, d);
            CHECK(t.requests() == u.requests());
            CHECK(t.in_scope() == u.in_scope());
            CHECK(t.first_response.breached() == u.first_response.breached());
            CHECK(t.handoff.met() == u.handoff.met());
            CHECK(t.response_times.exact_sum() == u.response_times.exact_sum());
            CHECK(t.out_of_hours_times.count() == u.out_of_hours_times.count());
        }
        // Over every value, the report without dimensions.
        const auto all = r.total(period);
        const auto none = plain.total(period);
        CHECK(all.requests() == none.requests());
        CHECK(all.first_response.met() == none.first_response.met());
        CHECK(all.handoff.breached() == none.handoff.breached());
        const auto v = r.verdicts(period);
        const auto w = plain.verdicts(period);
        REQUIRE(v.size() == w.size());
        for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i].text() == w[i].text());
        CHECK(r.compliance(period) == plain.compliance(period));
    }
    // No dimension given: the group of Dimensions{}.
    by_team undivided{p, reporting_period::month};
    undivided.add(outcomes.front());
    CHECK(undivided.dimensions() == std::vector<dims>{dims{}});

    SUBCASE("shards merge exactly and round-trip their bytes") {
        std::vector<by_team> parts(3, by_team{p, reporting_period::month});
        std::mt19937_64 h(15);
        for (const auto& o : outcomes) parts[h() % 3].add(o, values[who(h)]);
        by_team merged{p, reporting_period::month};
        by_team single{p, reporting_period::month};
        std::mt19937_64 h2(15);
        for (const auto& o : outcomes) {
            (void)h2();
            single.add(o, values[who(h2)]);
        }
        for (const auto& part : parts) merged.merge(part);
        check_same(merged, single);
        const auto back = by_team::from_bytes(merged.to_bytes(), p);
        check_same(back, merged);
        CHECK(back.dimensions() == merged.dimensions());
        // A report without dimensions refuses bytes that have them; its own bytes read
        // back as a report whose every group has the empty list.
        CHECK_THROWS_WITH_AS((void)report::from_bytes(merged.to_bytes(), p),
                             "basic_report: dimensions key refused: dimensions found in a report that has none",
                             slakit::corrupt_state);
        const auto widened = by_team::from_bytes(plain.to_bytes(), p);
        CHECK(widened.dimensions() == std::vector<dims>{dims{}});
        CHECK(widened.groups().size() == plain.groups().size());
        for (const auto period : plain.periods())
            CHECK(widened.total(period).requests() == plain.total(period).requests());
    }

    SUBCASE("a limit on distinct values: a clear error, and nothing changes") {
        by_team limited{p, reporting_period::month};
        limited.limit_dimensions(2);
        CHECK(limited.dimensions_limit() == std::size_t{2});
        limited.add(outcomes[0], values[0]);
        limited.add(outcomes[1], values[1]);
        limited.add(outcomes[2], values[1]);  // a known value, maybe a new group: fine
        const auto before = limited.to_bytes();
        try {
            limited.add(outcomes[3], values[2]);
            FAIL("a third value was accepted");
        } catch (const slakit::dimension_limit& e) {
            CHECK(e.limit() == 2);
            CHECK(e.values() == 3);
            CHECK(std::string{e.what()} == "report: 3 distinct dimension values, more than the limit of 2");
        }
        CHECK(limited.to_bytes() == before);
        CHECK_THROWS_AS(limited.merge(r), slakit::dimension_limit);
        CHECK(limited.to_bytes() == before);
        CHECK_THROWS_AS(r.limit_dimensions(5), slakit::dimension_limit);
        CHECK_FALSE(r.dimensions_limit());
    }

    SUBCASE("folded: the busiest values keep their groups, the rest merge into other") {
        const dims other{"other"};
        const auto f = r.folded(2, other);
        // The two busiest by requests: ann and bob (weights 6 and 3).
        CHECK(f.dimensions() == std::vector<dims>{values[0], values[1], other});
        for (const auto period : r.periods()) {
            CHECK(f.total(period).requests() == r.total(period).requests());
            CHECK(f.compliance(period) == r.compliance(period));
            report rest{p, reporting_period::month};
            for (const auto& [d, own] : alone)
                if (!(d == values[0]) && !(d == values[1])) rest.merge(own);
            const auto t = f.total(period, other);
            const auto u = rest.total(period);
            CHECK(t.requests() == u.requests());
            CHECK(t.first_response.met() == u.first_response.met());
            CHECK(t.first_response.breached() == u.first_response.breached());
            CHECK(f.total(period, values[0]).requests() == r.total(period, values[0]).requests());
        }
        // Keeping as many as there are changes nothing; keeping none folds all.
        check_same(r.folded(values.size(), other), r);
        CHECK(r.folded(0, other).dimensions() == std::vector<dims>{other});
    }
}
