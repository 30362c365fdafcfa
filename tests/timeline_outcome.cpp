#include <slakit/timeline_outcome.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace std::chrono_literals;
using slakit::channel;
using slakit::clock_kind;
using slakit::instant;
using slakit::metric;
using slakit::priority;
using slakit::priority_change;
using slakit::status;
using slakit::status_effect;
using slakit::within;

namespace {

// Monday 4 May 2026, 08:00 UTC = 10:00 in Berlin (UTC+2); open 07:00-16:00 UTC.
const instant t0 = date::sys_days{date::May / 4 / 2026} + 8h;

slakit::policy helpdesk(priority_change mode = priority_change::reselect) {
    slakit::policy p{slakit::calendar{"Europe/Berlin", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")}};
    slakit::target normal;
    normal.first_response = within(1h);
    normal.next_reply = within(2h);
    normal.periodic_update = within(4h);
    normal.resolution = within(8h, clock_kind::business);
    slakit::target urgent = normal;
    urgent.resolution = within(2h, clock_kind::business);
    urgent.next_reply = std::nullopt;  // urgent requests are answered by phone
    p.set_target(slakit::any, priority::normal, normal);
    p.set_target(slakit::any, priority::urgent, urgent);
    p.set_status("open", status_effect::run)
        .set_status("pending", status_effect::pause)
        .set_status("solved", status_effect::resolve)
        .set_status("closed", status_effect::resolve);
    p.set_priority_change(mode);
    return p;
}

template <class Outcome>
const auto* find(const Outcome& o, metric m, std::size_t cycle = 0) {
    for (const auto& e : o.events)
        if (e.metric == m && e.cycle == cycle) return &e;
    return static_cast<decltype(&o.events.front())>(nullptr);
}

}  // namespace

TEST_CASE("resolution pauses while pending and stops at a resolve in force") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal)
        .reply(t0 + 10min)
        .status(t0 + 1h, "pending")
        .status(t0 + 3h, "open")
        .status(t0 + 4h, "solved");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 1h * 24);
    const auto* r = find(o, metric::resolution);
    REQUIRE(r);
    CHECK(r->status == status::met);
    CHECK(r->end == t0 + 4h);
    CHECK(r->running == 2h);  // 08:00-09:00 and 11:00-12:00
    CHECK(r->paused == 2h);
    CHECK(o.state == status_effect::resolve);
    CHECK(o.reopens == 0);
}

TEST_CASE("a reopen makes resolution pending again, and the resolved span does not count") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).status(t0 + 1h, "solved").status(t0 + 3h, "open");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 4h);
    const auto* r = find(o, metric::resolution);
    REQUIRE(r);
    CHECK(r->status == status::pending);
    CHECK_FALSE(r->end.has_value());
    CHECK(r->running == 2h);
    CHECK(r->paused == 2h);
    // 6 h left at 12:00 UTC: 4 h to the 16:00 close, then 2 h from Tuesday's 07:00 opening.
    CHECK(r->due == t0 + 25h);
    CHECK(o.reopens == 1);
}

TEST_CASE("a pending metric paused at as_of has no due instant") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).status(t0 + 1h, "pending");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 2h);
    const auto* r = find(o, metric::resolution);
    REQUIRE(r);
    CHECK(r->status == status::pending);
    CHECK(r->paused_now);
    CHECK_FALSE(r->due.has_value());
    CHECK(r->running == 1h);
}

TEST_CASE("a breached metric reports the instant it reached its limit") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).status(t0 + 1h, "pending").status(t0 + 2h, "open");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 1h * 30);
    const auto* r = find(o, metric::resolution);
    REQUIRE(r);
    CHECK(r->status == status::breached);
    // 8 h of business time: 08:00-09:00 and 10:00-16:00 on Monday (7 h), 07:00-08:00 Tuesday.
    CHECK(r->breached_at == t0 + 24h);
    CHECK(r->breached_at == r->due);
    const auto* f = find(o, metric::first_response);
    REQUIRE(f);
    CHECK(f->status == status::breached);  // never answered
    CHECK(f->breached_at == t0 + 1h);
}

TEST_CASE("next-reply cycles open on a customer message after the first reply and end at a reply or a resolve") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal)
        .customer_message(t0 + 1min)  // before the first reply: first response covers it
        .reply(t0 + 5min, slakit::author::bot)
        .customer_message(t0 + 1h)
        .customer_message(t0 + 1h + 30min)  // a cycle is open already
        .reply(t0 + 2h)
        .customer_message(t0 + 3h)
        .status(t0 + 4h, "solved")
        .customer_message(t0 + 5h);  // resolved: no cycle
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 6h);
    const auto* c0 = find(o, metric::next_reply, 0);
    const auto* c1 = find(o, metric::next_reply, 1);
    REQUIRE(c0);
    REQUIRE(c1);
    CHECK_FALSE(find(o, metric::next_reply, 2));
    CHECK(c0->start == t0 + 1h);
    CHECK(c0->end == t0 + 2h);
    CHECK(c0->running == 1h);
    CHECK(c1->end == t0 + 4h);  // the clock stops at the resolve
    CHECK(c1->status == status::met);
}

TEST_CASE("only human replies end a next-reply cycle when the target says so") {
    auto p = helpdesk();
    slakit::target t = *p.find_exact(slakit::any, priority::normal);
    t.next_reply_by = slakit::reply_authors::human;
    p.set_target(slakit::any, priority::normal, t);
    slakit::timeline h;
    h.submitted(t0, channel::email, priority::normal)
        .reply(t0 + 5min)
        .customer_message(t0 + 1h)
        .reply(t0 + 1h + 1min, slakit::author::bot)
        .reply(t0 + 3h + 30min, slakit::author::human);
    const auto o = slakit::evaluate(p, h, t0 + 4h);
    const auto* c = find(o, metric::next_reply);
    REQUIRE(c);
    CHECK(c->end == t0 + 3h + 30min);
    CHECK(c->status == status::breached);
    CHECK(c->breached_at == t0 + 3h);
}

TEST_CASE("periodic updates: each reply ends one cycle and starts the next") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).reply(t0 + 5min).reply(t0 + 2h).reply(t0 + 7h);
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 8h);
    const auto* c0 = find(o, metric::periodic_update, 0);
    const auto* c1 = find(o, metric::periodic_update, 1);
    const auto* c2 = find(o, metric::periodic_update, 2);
    REQUIRE((c0 && c1 && c2));
    CHECK(c0->status == status::met);
    CHECK(c1->status == status::breached);  // 5 h > 4 h
    CHECK(c2->status == status::pending);
    CHECK(c2->due == t0 + 11h);
}

TEST_CASE("priority changes: keep, reselect and restart") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).reply(t0 + 5min).priority(t0 + 3h, priority::urgent);
    const instant as_of = t0 + 4h;

    const auto kept = slakit::evaluate(helpdesk(priority_change::keep), t, as_of);
    const auto* k = find(kept, metric::resolution);
    REQUIRE(k);
    CHECK(k->priority == priority::normal);
    CHECK(k->limit.limit == 8h);
    CHECK(k->status == status::pending);

    const auto reselected = slakit::evaluate(helpdesk(priority_change::reselect), t, as_of);
    const auto* r = find(reselected, metric::resolution);
    REQUIRE(r);
    CHECK(r->priority == priority::urgent);
    CHECK(r->applied_from == t0 + 3h);
    CHECK(r->running == 4h);  // from submission: the timer runs on
    CHECK(r->status == status::breached);
    CHECK(r->breached_at == t0 + 2h);
    // Fulfilled before the change: the first response keeps normal's target.
    CHECK(find(reselected, metric::first_response)->priority == priority::normal);
    CHECK(reselected.priority == priority::urgent);
    CHECK(reselected.priority_changes == 1);

    const auto restarted = slakit::evaluate(helpdesk(priority_change::restart), t, as_of);
    const auto* s = find(restarted, metric::resolution);
    REQUIRE(s);
    CHECK(s->applied_from == t0 + 3h);
    CHECK(s->running == 1h);  // from the change
    CHECK(s->status == status::pending);
    CHECK(s->due == t0 + 5h);
    // Urgent sets no next-reply target: the open periodic cycle stays, next_reply has none.
    CHECK_FALSE(find(restarted, metric::next_reply));
}

TEST_CASE("a change to the priority in force changes nothing") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).priority(t0 + 1h, priority::normal);
    const auto o = slakit::evaluate(helpdesk(priority_change::restart), t, t0 + 2h);
    CHECK(o.priority_changes == 0);
    CHECK(find(o, metric::resolution)->applied_from == t0);
}

TEST_CASE("events at one instant take effect in the order given") {
    slakit::timeline before;  // the change comes first: the reply's metric takes it
    before.submitted(t0, channel::email, priority::normal).priority(t0 + 5min, priority::urgent).reply(t0 + 5min);
    slakit::timeline after;
    after.submitted(t0, channel::email, priority::normal).reply(t0 + 5min).priority(t0 + 5min, priority::urgent);
    CHECK(find(slakit::evaluate(helpdesk(), before, t0 + 1h), metric::first_response)->priority == priority::urgent);
    CHECK(find(slakit::evaluate(helpdesk(), after, t0 + 1h), metric::first_response)->priority == priority::normal);
}

TEST_CASE("solved then closed is one resolve, not a reopen") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).status(t0 + 1h, "solved").status(t0 + 2h, "closed");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 3h);
    CHECK(o.reopens == 0);
    CHECK(find(o, metric::resolution)->end == t0 + 1h);
}

TEST_CASE("events after as_of are ignored; bad ones still fail validation") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).status(t0 + 2h, "solved");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 1h);
    CHECK(o.state == status_effect::run);
    CHECK(find(o, metric::resolution)->status == status::pending);
    t.status(t0 + 5h, "archived");
    CHECK_THROWS_AS((void)slakit::evaluate(helpdesk(), t, t0 + 1h), slakit::invalid_timeline);
    CHECK_THROWS_AS((void)slakit::evaluate(helpdesk(), t, t0 - 1h), slakit::invalid_timeline);
    slakit::timeline ok;
    ok.submitted(t0, channel::email, priority::normal);
    CHECK_THROWS_AS((void)slakit::evaluate(helpdesk(), ok, t0 - 1h), slakit::invalid_request);
}

TEST_CASE("the record view is the request as a record") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal)
        .reply(t0 + 40min, slakit::author::bot)
        .reply(t0 + 20min)
        .excluded(t0 + 30min, "CRM outage");
    const auto o = slakit::evaluate(helpdesk(), t, t0 + 1h);
    CHECK(o.record.scope == slakit::scope::excluded);
    CHECK(o.record.first_response.time == 20min);
    CHECK(find(o, metric::first_response)->running == 20min);
    CHECK(find(o, metric::first_response)->end == t0 + 20min);
}
