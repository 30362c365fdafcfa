#include <slakit/timeline_outcome.hpp>

#include "support/timeline_cases.hpp"
#include "support/timeline_oracle.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

// Properties of evaluate(policy, timeline, as_of) on random timelines, and the pause
// bugs other helpdesks shipped, as regression cases with hand-computed answers.

using namespace std::chrono_literals;
using slakit::channel;
using slakit::instant;
using slakit::metric;
using slakit::parse_instant;
using slakit::priority;
using slakit::status;
using slakit::testing::timeline_case;
using slakit::testing::timeline_maker;
using slakit::testing::timeline_result;
using slakit::testing::timeline_world;

namespace {

const slakit::testing::sla_event_row* find(const timeline_result& o, metric m, std::size_t cycle = 0) {
    for (const auto& e : o.events)
        if (e.metric == m && e.cycle == cycle) return &e;
    return nullptr;
}

std::size_t count(const timeline_result& o, metric m) {
    std::size_t n = 0;
    for (const auto& e : o.events) n += e.metric == m;
    return n;
}

// The first difference between two outcomes' SLA events (only those keep() selects),
// or empty.
template <class Keep>
std::string difference(const timeline_result& a, const timeline_result& b, Keep keep) {
    std::vector<const slakit::testing::sla_event_row*> x, y;
    for (const auto& e : a.events)
        if (keep(e)) x.push_back(&e);
    for (const auto& e : b.events)
        if (keep(e)) y.push_back(&e);
    if (x.size() != y.size()) return "number of SLA events";
    for (std::size_t i = 0; i < x.size(); ++i)
        if (auto d = slakit::testing::sla_event_difference(*x[i], *y[i]); !d.empty())
            return std::string{to_string(x[i]->metric)} + " cycle " + std::to_string(x[i]->cycle) + ": " + d;
    return {};
}

std::string difference(const timeline_result& a, const timeline_result& b) {
    if (a.state != b.state) return "state";
    if (a.reopens != b.reopens) return "reopens";
    if (a.priority != b.priority) return "priority";
    return difference(a, b, [](const auto&) { return true; });
}

// The request's status just after every event at or before t, from the oracle (with
// the thresholds taken out, so that it does not time anything).
slakit::status_effect state_at(const timeline_world& w, const timeline_case& c, instant t) {
    slakit::policy bare = c.agreement;
    for (const auto& e : c.agreement.targets()) {
        slakit::target untimed;
        untimed.next_reply_by = e.target.next_reply_by;
        bare.set_target(e.key.channel, e.key.priority, untimed);
    }
    return slakit::testing::timeline_oracle(bare, c.history, t, timeline_maker::hours_for(w, c)).state;
}

instant submission_of(const slakit::timeline& t) {
    for (const auto& e : t.events())
        if (e.kind == slakit::event_kind::submitted) return e.at;
    return {};
}

// The same policy with every threshold on one clock.
slakit::policy on_clock(const slakit::policy& from, slakit::clock_kind clock) {
    slakit::policy p = from;
    for (const auto& e : from.targets()) {
        slakit::target t = e.target;
        for (auto* th :
             {&t.first_response, &t.next_reply, &t.periodic_update, &t.resolution, &t.handoff, &t.human_response})
            if (*th) (*th)->clock = clock;
        p.set_target(e.key.channel, e.key.priority, t);
    }
    return p;
}

const int rounds =
#ifdef NDEBUG
    3000;
#else
    800;
#endif

}  // namespace

TEST_CASE("property: a zero-length pause changes nothing") {
    timeline_maker make{101};
    int tried = 0;
    while (tried < rounds) {
        const auto w = make.world();
        for (int i = 0; i < 50; ++i) {
            auto c = make.make(*w);
            const instant sub = submission_of(c.history);
            const instant t = sub + std::chrono::minutes{make.uniform(0, static_cast<int>((c.as_of - sub) / 1min))};
            if (state_at(*w, c, t) != slakit::status_effect::run) continue;
            ++tried;
            const auto before = slakit::evaluate(c.agreement, c.history, c.as_of);
            c.history.status(t, "on_hold").status(t, "open");
            const auto after = slakit::evaluate(c.agreement, c.history, c.as_of);
            const auto d = difference(before, after);
            CHECK_MESSAGE(d.empty(), d << " at " << slakit::format_instant(t) << "\n" << timeline_maker::code(*w, c));
            CHECK(after.reopens == before.reopens);
        }
    }
}

TEST_CASE("property: a pause over the whole span gives zero running time") {
    timeline_maker make{202};
    for (int round = 0; round < rounds / 50; ++round) {
        const auto w = make.world();
        for (int i = 0; i < 50; ++i) {
            const auto c = make.make(*w);
            timeline_case held{c.agreement, {}, c.as_of, c.chat_always_open, c.policy_code};
            for (const auto& e : c.history.events())
                if (e.kind != slakit::event_kind::status) held.history.add(e);
            held.history.status(submission_of(c.history), "on_hold");
            const auto o = slakit::evaluate(held.agreement, held.history, held.as_of);
            const auto& hours = timeline_maker::hours_for(*w, held);
            for (const auto& e : o.events) {
                if (!slakit::pausable(e.metric)) continue;
                // Every minute the clock counts is withheld.
                std::chrono::milliseconds clock_time{0};
                const bool restart =
                    held.agreement.lifecycle().on_priority_change() == slakit::priority_change::restart;
                for (instant m = restart ? e.applied_from : e.start; m < e.end.value_or(held.as_of); m += 1min)
                    clock_time += e.limit.clock == slakit::clock_kind::wall || hours.open(m) ? 1min : 0min;
                CHECK(e.running == 0ms);
                CHECK(e.paused == clock_time);
                CHECK(e.status != status::breached);
                CHECK_FALSE(e.due);
                CHECK(e.paused_now == !e.fulfilled());
            }
            CHECK(count(o, metric::resolution) <= 1);
            if (const auto* r = find(o, metric::resolution)) CHECK(r->status == status::pending);
        }
    }
}

TEST_CASE("property: a pause wholly outside working hours changes nothing on the business clock") {
    timeline_maker make{303};
    int tried = 0;
    while (tried < rounds) {
        const auto w = make.world();
        for (int i = 0; i < 50; ++i) {
            auto c = make.make(*w);
            const auto& hours = timeline_maker::hours_for(*w, c);
            const instant sub = submission_of(c.history);
            if (c.as_of - sub < 2min) continue;
            // A closed stretch [a, b) within [submission, as_of], the request running
            // through it, no status event in [a, b].
            const instant a = sub + std::chrono::minutes{make.uniform(0, static_cast<int>((c.as_of - sub) / 1min) - 1)};
            if (hours.open(a)) continue;
            const auto longest = std::chrono::minutes{make.uniform(1, 16 * 60)};
            instant b = a;
            while (b < c.as_of && !hours.open(b) && b - a < longest) b += 1min;
            bool touched = false;
            for (const auto& e : c.history.events())
                touched |= e.kind == slakit::event_kind::status && e.at >= a && e.at <= b;
            if (touched || state_at(*w, c, a) != slakit::status_effect::run) continue;
            ++tried;
            const auto before = slakit::evaluate(c.agreement, c.history, c.as_of);
            c.history.status(a, "waiting_on_customer").status(b, "in_progress");
            const auto after = slakit::evaluate(c.agreement, c.history, c.as_of);
            const auto d = difference(before, after, [](const auto& e) {
                return e.limit.clock == slakit::clock_kind::business || !slakit::pausable(e.metric);
            });
            CHECK_MESSAGE(d.empty(), d << " pausing [" << slakit::format_instant(a) << ", " << slakit::format_instant(b)
                                       << ")\n"
                                       << timeline_maker::code(*w, c));
        }
    }
}

TEST_CASE("property: business running time <= wall running time, and is due no earlier") {
    timeline_maker make{404};
    for (int round = 0; round < rounds / 50; ++round) {
        const auto w = make.world();
        for (int i = 0; i < 50; ++i) {
            const auto c = make.make(*w);
            const auto wall = slakit::evaluate(on_clock(c.agreement, slakit::clock_kind::wall), c.history, c.as_of);
            const auto business =
                slakit::evaluate(on_clock(c.agreement, slakit::clock_kind::business), c.history, c.as_of);
            REQUIRE(wall.events.size() == business.events.size());
            for (std::size_t k = 0; k < wall.events.size(); ++k) {
                const auto& x = wall.events[k];
                const auto& y = business.events[k];
                REQUIRE(x.metric == y.metric);
                REQUIRE(x.cycle == y.cycle);
                CHECK(y.running <= x.running);
                CHECK(y.paused <= x.paused);
                if (y.due) {
                    REQUIRE(x.due);
                    CHECK(*x.due <= *y.due);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Regression cases: the pause bugs of other helpdesks (frappe/helpdesk PR #2449 and
// PR #3776, GLPI PR #16383). Berlin is UTC+2 in May 2026; 4 May 2026 is a Monday.

namespace {

slakit::policy berlin(slakit::target t, slakit::priority_change mode = slakit::priority_change::reselect) {
    slakit::policy p{slakit::calendar{"Europe/Berlin", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")}};
    p.set_target(slakit::any, slakit::any, t);
    p.set_status("open", slakit::status_effect::run)
        .set_status("waiting_on_customer", slakit::status_effect::pause)
        .set_status("on_hold", slakit::status_effect::pause)
        .set_status("solved", slakit::status_effect::resolve)
        .set_priority_change(mode);
    return p;
}

}  // namespace

TEST_CASE("regression: from paused straight to resolved") {
    for (const auto clock : {slakit::clock_kind::wall, slakit::clock_kind::business}) {
        INFO(to_string(clock));
        slakit::target t;
        t.resolution = slakit::within(8h, clock);
        const auto p = berlin(t);
        slakit::timeline h;
        h.submitted(parse_instant("2026-05-04T08:00:00Z"), channel::email, priority::normal)  // Mon 10:00
            .status(parse_instant("2026-05-04T09:00:00Z"), "waiting_on_customer")  // 11:00
            .status(parse_instant("2026-05-04T13:00:00Z"), "solved");  // 15:00, no "open" between

        // While waiting (13:00): ran 10:00-11:00 = 1 h, withheld 11:00-13:00 = 2 h.
        const auto waiting = slakit::evaluate(p, h, parse_instant("2026-05-04T11:00:00Z"));
        const auto* w = find(waiting, metric::resolution);
        REQUIRE(w);
        CHECK(w->running == 1h);
        CHECK(w->paused == 2h);
        CHECK(w->status == status::pending);
        CHECK(w->paused_now);
        CHECK_FALSE(w->due);

        // Solved at 15:00 from the pause: ran 1 h, withheld 11:00-15:00 = 4 h (all of it
        // in working hours, so on both clocks). Resolved, it never reaches 8 h: no due.
        const auto solved = slakit::evaluate(p, h, parse_instant("2026-05-05T10:00:00Z"));
        const auto* r = find(solved, metric::resolution);
        REQUIRE(r);
        CHECK(r->end == parse_instant("2026-05-04T13:00:00Z"));
        CHECK(r->running == 1h);
        CHECK(r->paused == 4h);
        CHECK(r->status == status::met);
        CHECK_FALSE(r->paused_now);
        CHECK_FALSE(r->due);
        CHECK(solved.state == slakit::status_effect::resolve);
        CHECK(solved.reopens == 0);

        // Reopened Tue 10:00, solved again 11:00: 1 h + 1 h ran; the night between
        // counts as paused only on the wall clock.
        h.status(parse_instant("2026-05-05T08:00:00Z"), "open").status(parse_instant("2026-05-05T09:00:00Z"), "solved");
        const auto again = slakit::evaluate(p, h, parse_instant("2026-05-05T12:00:00Z"));
        const auto* a = find(again, metric::resolution);
        REQUIRE(a);
        CHECK(a->end == parse_instant("2026-05-05T09:00:00Z"));
        CHECK(a->running == 2h);
        // wall: Mon 10:00 -> Tue 11:00 = 25 h, less 2 h ran; business: Mon 10-18 (8 h)
        // + Tue 9-11 (2 h) = 10 h, less 2 h ran.
        CHECK(a->paused == (clock == slakit::clock_kind::wall ? 23h : 8h));
        CHECK(again.reopens == 1);
    }
}

TEST_CASE("regression: a hold across a holiday and a DST change") {
    // New York, Mon-Fri 09:00-17:00, Monday 2 November 2026 a holiday. Clocks go back
    // on Sunday 1 November (EDT, UTC-4 -> EST, UTC-5).
    slakit::date_exceptions holidays;
    holidays.close(date::year{2026} / 11 / 2);
    slakit::policy p{
        slakit::calendar{"America/New_York", slakit::weekly_schedule::parse("Mon-Fri 09:00-17:00"), holidays}};
    slakit::target business, wall;
    business.resolution = slakit::within(4h, slakit::clock_kind::business);
    wall.resolution = slakit::within(120h);
    p.set_target(channel::email, slakit::any, business);
    p.set_target(channel::web_chat, slakit::any, wall);
    p.set_status("open", slakit::status_effect::run).set_status("on_hold", slakit::status_effect::pause);

    const instant submitted = parse_instant("2026-10-30T19:00:00Z");  // Fri 15:00 EDT
    const instant held = parse_instant("2026-10-30T20:00:00Z");  // Fri 16:00 EDT
    const instant resumed = parse_instant("2026-11-04T15:00:00Z");  // Wed 10:00 EST
    const instant as_of = parse_instant("2026-11-04T17:00:00Z");  // Wed 12:00 EST
    for (const auto c : {channel::email, channel::web_chat}) {
        slakit::timeline h;
        h.submitted(submitted, c, priority::normal).status(held, "on_hold").status(resumed, "open");
        const auto o = slakit::evaluate(p, h, as_of);
        const auto* r = find(o, metric::resolution);
        REQUIRE(r);
        CHECK(r->status == status::pending);
        CHECK_FALSE(r->paused_now);
        if (c == channel::email) {
            // Ran Fri 15-16 (1 h) and Wed 10-12 (2 h). Withheld: Fri 16-17 (1 h), Mon
            // nothing (holiday), Tue 9-17 (8 h), Wed 9-10 (1 h) = 10 h. The fourth hour
            // runs out Wed 13:00 EST = 18:00Z.
            CHECK(r->running == 3h);
            CHECK(r->paused == 10h);
            CHECK(r->due == parse_instant("2026-11-04T18:00:00Z"));
        } else {
            // Withheld Fri 16:00 EDT -> Wed 10:00 EST: 4 days 18 h on the local clock
            // (114 h) plus the hour repeated on Sunday = 115 h. Ran 1 h + 2 h; the other
            // 117 h run out at Wed 17:00Z + 117 h = Mon 9 Nov 14:00Z.
            CHECK(r->running == 3h);
            CHECK(r->paused == 115h);
            CHECK(r->due == parse_instant("2026-11-09T14:00:00Z"));
        }
    }
}

TEST_CASE("regression: paused time is kept across a priority change") {
    // Resolution 8 h for normal, 4 h for high, on the wall clock. Submitted Mon 10:00,
    // waiting 11:00-13:00, raised to high at 12:00 while waiting; as of 14:00.
    slakit::target normal, high;
    normal.resolution = slakit::within(8h);
    high.resolution = slakit::within(4h);
    auto timeline_for = [] {
        slakit::timeline h;
        h.submitted(parse_instant("2026-05-04T08:00:00Z"), channel::email, priority::normal)
            .status(parse_instant("2026-05-04T09:00:00Z"), "waiting_on_customer")
            .priority(parse_instant("2026-05-04T10:00:00Z"), priority::high)
            .status(parse_instant("2026-05-04T11:00:00Z"), "open");
        return h;
    };
    const instant as_of = parse_instant("2026-05-04T12:00:00Z");
    struct expected {
        slakit::priority_change mode;
        priority applied;
        const char* applied_from;
        std::chrono::milliseconds running, paused;
        const char* due;
    };
    const expected cases[] = {
        // keep: 8 h from 10:00; ran 10-11 and 13-14 = 2 h, withheld 11-13 = 2 h; the
        // other 6 h from 14:00 run out at 20:00 = 18:00Z.
        {slakit::priority_change::keep, priority::normal, "2026-05-04T08:00:00Z", 2h, 2h, "2026-05-04T18:00:00Z"},
        // reselect: 4 h from 10:00, the pause kept: ran 2 h, withheld 2 h; due 16:00.
        // The target applies from the change that chose it (12:00), timed from 10:00.
        {slakit::priority_change::reselect, priority::high, "2026-05-04T10:00:00Z", 2h, 2h, "2026-05-04T14:00:00Z"},
        // restart: 4 h from the change at 12:00: withheld 12-13 (1 h), ran 13-14 (1 h);
        // due 13:00 + 4 h = 17:00.
        {slakit::priority_change::restart, priority::high, "2026-05-04T10:00:00Z", 1h, 1h, "2026-05-04T15:00:00Z"},
    };
    for (const auto& x : cases) {
        INFO(to_string(x.mode));
        slakit::policy p = berlin(normal, x.mode);
        p.set_target(slakit::any, priority::high, high);
        const auto o = slakit::evaluate(p, timeline_for(), as_of);
        const auto* r = find(o, metric::resolution);
        REQUIRE(r);
        CHECK(r->priority == x.applied);
        CHECK(r->applied_from == parse_instant(x.applied_from));
        CHECK(r->running == x.running);
        CHECK(r->paused == x.paused);
        CHECK(r->due == parse_instant(x.due));
        CHECK(r->status == status::pending);
        CHECK(o.priority == priority::high);
        CHECK(o.priority_changes == 1);
    }
}

TEST_CASE("regression: the next-reply clock stops at resolve") {
    slakit::target t;
    t.next_reply = slakit::within(2h);
    t.periodic_update = slakit::within(1h);
    const auto p = berlin(t);
    slakit::timeline h;
    h.submitted(parse_instant("2026-05-04T08:00:00Z"), channel::email, priority::normal)  // 10:00
        .reply(parse_instant("2026-05-04T08:05:00Z"), slakit::author::bot)  // 10:05
        .customer_message(parse_instant("2026-05-04T09:00:00Z"))  // 11:00: next-reply cycle 0
        .status(parse_instant("2026-05-04T10:00:00Z"), "solved")  // 12:00 ends both cycles
        .customer_message(parse_instant("2026-05-04T11:00:00Z"));  // 13:00, resolved: no cycle
    const auto o = slakit::evaluate(p, h, parse_instant("2026-05-04T16:00:00Z"));  // 18:00

    REQUIRE(count(o, metric::next_reply) == 1);
    const auto* n = find(o, metric::next_reply);
    // 11:00 -> 12:00 = 1 h <= 2 h: met, not breached at 18:00. Resolved since, the
    // running time never reaches 2 h: no due.
    CHECK(n->start == parse_instant("2026-05-04T09:00:00Z"));
    CHECK(n->end == parse_instant("2026-05-04T10:00:00Z"));
    CHECK(n->running == 1h);
    CHECK(n->status == status::met);
    CHECK_FALSE(n->due);

    REQUIRE(count(o, metric::periodic_update) == 1);
    const auto* u = find(o, metric::periodic_update);
    // 10:05 -> 12:00 = 115 min > 60: breached at 10:05 + 1 h = 11:05.
    CHECK(u->end == parse_instant("2026-05-04T10:00:00Z"));
    CHECK(u->running == 115min);
    CHECK(u->status == status::breached);
    CHECK(u->breached_at == parse_instant("2026-05-04T09:05:00Z"));
}

TEST_CASE("regression: a customer message while paused") {
    slakit::target t;
    t.next_reply = slakit::within(2h);
    t.next_reply_by = slakit::reply_authors::human;
    const auto p = berlin(t);
    slakit::timeline h;
    h.submitted(parse_instant("2026-05-04T08:00:00Z"), channel::email, priority::normal)  // 10:00
        .reply(parse_instant("2026-05-04T08:05:00Z"), slakit::author::bot)  // 10:05
        .status(parse_instant("2026-05-04T08:30:00Z"), "waiting_on_customer")  // 10:30
        .customer_message(parse_instant("2026-05-04T09:00:00Z"));  // 11:00: opens cycle 0, paused

    // 11:30, still waiting: the cycle is open but has not run.
    const auto waiting = slakit::evaluate(p, h, parse_instant("2026-05-04T09:30:00Z"));
    REQUIRE(count(waiting, metric::next_reply) == 1);
    const auto* w = find(waiting, metric::next_reply);
    CHECK(w->start == parse_instant("2026-05-04T09:00:00Z"));
    CHECK(w->running == 0ms);
    CHECK(w->paused == 30min);
    CHECK(w->status == status::pending);
    CHECK(w->paused_now);
    CHECK_FALSE(w->due);

    // The agent resumes at 12:00; a bot reply at 12:10 does not count, a human one at
    // 12:30 does: ran 12:00-12:30 = 30 min, withheld 11:00-12:00 = 1 h. Running again
    // from 12:00, the 2 h would run out at 14:00 = 12:00Z.
    h.status(parse_instant("2026-05-04T10:00:00Z"), "open")
        .reply(parse_instant("2026-05-04T10:10:00Z"), slakit::author::bot)
        .reply(parse_instant("2026-05-04T10:30:00Z"), slakit::author::human);
    const auto answered = slakit::evaluate(p, h, parse_instant("2026-05-04T16:00:00Z"));
    REQUIRE(count(answered, metric::next_reply) == 1);
    const auto* a = find(answered, metric::next_reply);
    CHECK(a->end == parse_instant("2026-05-04T10:30:00Z"));
    CHECK(a->running == 30min);
    CHECK(a->paused == 1h);
    CHECK(a->status == status::met);
    CHECK(a->due == parse_instant("2026-05-04T12:00:00Z"));
}

TEST_CASE("regression: paused at the very instant the limit is reached") {
    slakit::target t;
    t.resolution = slakit::within(2h);
    const auto p = berlin(t);
    slakit::timeline h;
    h.submitted(parse_instant("2026-05-04T08:00:00Z"), channel::email, priority::normal)  // 10:00
        .status(parse_instant("2026-05-04T10:00:00Z"), "on_hold");  // 12:00: 2 h ran, exactly the limit
    const auto o = slakit::evaluate(p, h, parse_instant("2026-05-04T14:00:00Z"));  // 16:00
    const auto* r = find(o, metric::resolution);
    REQUIRE(r);
    // Ran 10:00-12:00 = 2 h <= 2 h: still pending; on hold 12:00-16:00 = 4 h. Due when
    // the limit was reached, although paused now.
    CHECK(r->running == 2h);
    CHECK(r->paused == 4h);
    CHECK(r->status == status::pending);
    CHECK(r->paused_now);
    CHECK(r->due == parse_instant("2026-05-04T10:00:00Z"));
    CHECK_FALSE(r->breached_at);
}
