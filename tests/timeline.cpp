#include <slakit/timeline.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace std::chrono_literals;
using slakit::channel;
using slakit::instant;
using slakit::priority;

namespace {

const instant t0 = date::sys_days{date::May / 4 / 2026} + 8h;

slakit::policy helpdesk() {
    slakit::policy p{slakit::calendar{"Europe/Berlin", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")}};
    slakit::target t;
    t.resolution = slakit::within(8h);
    p.set_target(slakit::any, priority::normal, t);
    p.set_target(slakit::any, priority::high, t);
    p.set_status("open", slakit::status_effect::run).set_status("solved", slakit::status_effect::resolve);
    return p;
}

// The problem validate reports, as "index: text".
std::string problem(const slakit::timeline& t) {
    const auto p = slakit::validate(helpdesk(), t);
    return p ? std::to_string(p->index) + ": " + std::string{p->problem} : "none";
}

}  // namespace

TEST_CASE("a good timeline has no problem, in any order") {
    slakit::timeline t;
    t.reply(t0 + 5min).status(t0 + 1h, "solved").submitted(t0, channel::email, priority::normal);
    CHECK(problem(t) == "none");
}

TEST_CASE("validate names the offending event by its position") {
    slakit::timeline none;
    none.reply(t0);
    CHECK(problem(none) == "1: has no submitted event");

    slakit::timeline twice;
    twice.submitted(t0, channel::email, priority::normal).submitted(t0, channel::email, priority::normal);
    CHECK(problem(twice) == "1: is a second submission");

    slakit::timeline early;
    early.submitted(t0, channel::email, priority::normal).reply(t0 - 1ms);
    CHECK(problem(early) == "1: precedes the submission");

    slakit::timeline unknown_status;
    unknown_status.submitted(t0, channel::email, priority::normal).status(t0 + 1h, "pending");
    CHECK(problem(unknown_status) == "1: names a status the policy's lifecycle does not know");

    slakit::timeline unknown_priority;
    unknown_priority.submitted(t0, channel::email, priority::normal).priority(t0 + 1h, priority::urgent);
    CHECK(problem(unknown_priority) == "1: names a priority no target matches");

    slakit::timeline no_target;
    no_target.submitted(t0, channel::email, priority::urgent);
    CHECK(problem(no_target) == "0: matches no target");

    slakit::timeline far;
    far.submitted(t0, channel::email, priority::normal).reply(instant{date::sys_days{date::year{2300} / 1 / 1}});
    CHECK(problem(far) == "1: lies outside the supported range [1900-01-01, 2200-01-01)");

    slakit::timeline empty_reason;
    empty_reason.submitted(t0, channel::email, priority::normal).excluded(t0, " ");
    CHECK(problem(empty_reason) == "1: has an empty reason: an exclusion must carry its reason");

    slakit::timeline handoff;
    handoff.submitted(t0, channel::email, priority::normal).handoff_completed(t0 + 1min);
    CHECK(problem(handoff) == "1: has no handoff_decided before it");
    handoff.handoff_decided(t0 + 2min);
    CHECK(problem(handoff) == "1: precedes handoff_decided");
}

TEST_CASE("the error names the event's kind, value and instant") {
    slakit::timeline t;
    t.submitted(t0, channel::email, priority::normal).status(t0 + 1h, "pending");
    const auto p = slakit::validate(helpdesk(), t);
    REQUIRE(p);
    const auto e = slakit::to_error(t, *p);
    CHECK(e.index() == 1);
    CHECK(std::string{e.what()} ==
          "invalid timeline: event 1 (status \"pending\" at 2026-05-04T09:00:00Z) names a status the policy's "
          "lifecycle does not know");
}

TEST_CASE("timeline_of turns a record into its events") {
    slakit::request r{channel::email, priority::normal, t0};
    r.first_response = t0 + 5min;
    r.handoff_decided = t0 + 1min;
    r.handoff_completed = t0 + 2min;
    r.human_contact = t0 + 3min;
    r.exclusion_reason = "outage";
    const auto t = slakit::timeline_of(r);
    REQUIRE(t.size() == 6);
    CHECK(t.events()[0].kind == slakit::event_kind::submitted);
    CHECK(t.events()[1].reason == "outage");
    CHECK(t.events()[2].at == t0 + 5min);
    CHECK(problem(t) == "none");
}
