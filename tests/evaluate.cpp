#include <slakit/evaluate.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

using namespace std::chrono_literals;
using slakit::any;
using slakit::channel;
using slakit::channel_kind;
using slakit::clock_kind;
using slakit::instant;
using slakit::priority;
using slakit::scope;
using slakit::status;
using slakit::within;
using std::chrono::milliseconds;

namespace {

const date::time_zone* shanghai() { return date::locate_zone("Asia/Shanghai"); }

// The instant the Shanghai clock shows y-m-d h:mi:s.
instant at(int y, unsigned m, unsigned d, int h, int mi = 0, int s = 0) {
    const date::local_seconds l = date::local_days{date::year{y} / date::month{m} / date::day{d}} +
                                  std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
    return shanghai()->to_sys(l);
}

// 2026-03-02 is a Monday; 03-06 a Friday; 03-07 a Saturday; 03-09 the next Monday.
const instant monday_10 = at(2026, 3, 2, 10);

slakit::calendar office() {
    return slakit::calendar{shanghai(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")};
}

// E-mail: 30 min reply, 5 min hand-off, 10 min human response, all on the wall clock.
// Real-time: only an aggregate mean, no per-request threshold.
slakit::policy office_policy() {
    slakit::policy p{office()};
    slakit::target email;
    email.first_response = within(30min);
    email.handoff = within(5min);
    email.human_response = within(10min);
    p.set_target(channel::email, any, email);
    slakit::target chat;
    chat.aggregates = {slakit::aggregate_target::mean_within(60s)};
    p.set_target(channel_kind::real_time, any, chat);
    return p;
}

slakit::request email_at(instant submitted) { return {channel::email, priority::normal, submitted}; }

}  // namespace

TEST_CASE("an answered request meets its threshold up to and including the limit") {
    const auto p = office_policy();
    auto r = email_at(monday_10);

    r.first_response = monday_10 + 30min;
    auto o = slakit::evaluate(p, r, monday_10 + 2h);
    CHECK(o.first_response.status == status::met);
    CHECK(o.first_response.time == 30min);
    CHECK(o.first_response.remaining == 0ms);
    CHECK(o.first_response.used == 1.0);
    CHECK(o.first_response.due == monday_10 + 30min);

    r.first_response = monday_10 + 30min + 1ms;
    o = slakit::evaluate(p, r, monday_10 + 2h);
    CHECK(o.first_response.status == status::breached);
    CHECK(o.first_response.time == 30min + 1ms);
    CHECK(o.first_response.remaining == -1ms);

    r.first_response = monday_10 + 10min;
    o = slakit::evaluate(p, r, monday_10 + 2h);
    CHECK(o.first_response.status == status::met);
    CHECK(o.first_response.remaining == 20min);
    CHECK(o.wall_response == 10min);
    CHECK(o.business_response == 10min);
}

TEST_CASE("an unanswered request is pending until its threshold has passed") {
    const auto p = office_policy();
    const auto r = email_at(monday_10);

    auto o = slakit::evaluate(p, r, monday_10);
    CHECK(o.first_response.status == status::pending);
    CHECK(o.first_response.remaining == 30min);

    o = slakit::evaluate(p, r, monday_10 + 30min);
    CHECK(o.first_response.status == status::pending);
    CHECK_FALSE(o.first_response.time.has_value());
    CHECK(o.first_response.remaining == 0ms);
    CHECK_FALSE(o.wall_response.has_value());
    CHECK_FALSE(o.business_response.has_value());

    o = slakit::evaluate(p, r, monday_10 + 30min + 1ms);
    CHECK(o.first_response.status == status::breached);
    CHECK(o.first_response.remaining == -1ms);

    o = slakit::evaluate(p, r, monday_10 + 30min + 1s);
    CHECK(o.first_response.status == status::breached);
    CHECK(o.first_response.remaining == -1s);
    CHECK_FALSE(o.first_response.time.has_value());
}

TEST_CASE("warning levels: the highest level reached") {
    auto p = office_policy();
    const auto r = email_at(monday_10);
    const auto warning_at = [&](milliseconds elapsed) {
        return slakit::evaluate(p, r, monday_10 + elapsed).first_response.warning;
    };
    CHECK_FALSE(warning_at(0ms).has_value());
    CHECK_FALSE(warning_at(15min - 1ms).has_value());
    CHECK(warning_at(15min) == 0u);
    CHECK(warning_at(22min + 30s - 1ms) == 0u);
    CHECK(warning_at(22min + 30s) == 1u);
    CHECK(warning_at(30min - 1ms) == 1u);
    CHECK(warning_at(30min) == 2u);  // due now, still pending
    CHECK(warning_at(5h) == 2u);
    CHECK(slakit::evaluate(p, r, monday_10 + 15min).first_response.used == 0.5);

    p.set_warning_levels({0.9, 2.0});
    CHECK_FALSE(warning_at(26min + 59s).has_value());
    CHECK(warning_at(27min) == 0u);
    CHECK(warning_at(60min) == 1u);

    // An answered request reports the level its response reached.
    auto answered = r;
    answered.first_response = monday_10 + 28min;
    CHECK(slakit::evaluate(p, answered, monday_10 + 5h).first_response.warning == 0u);
}

TEST_CASE("the outcome is a snapshot at as_of: later events have not happened yet") {
    const auto p = office_policy();
    auto r = email_at(monday_10);
    r.first_response = monday_10 + 20min;
    r.handoff_decided = monday_10 + 20min;
    r.handoff_completed = monday_10 + 21min;

    auto o = slakit::evaluate(p, r, monday_10 + 10min);
    CHECK(o.first_response.status == status::pending);
    CHECK_FALSE(o.wall_response.has_value());
    CHECK_FALSE(o.handoff.applies());

    o = slakit::evaluate(p, r, monday_10 + 20min);
    CHECK(o.first_response.status == status::met);
    CHECK(o.wall_response == 20min);
    CHECK(o.handoff.status == status::pending);

    o = slakit::evaluate(p, r, monday_10 + 21min);
    CHECK(o.handoff.status == status::met);
    CHECK(o.handoff.time == 1min);
}

TEST_CASE("as_of must lie in the supported range and not before submission") {
    const auto p = office_policy();
    const auto r = email_at(monday_10);
    CHECK_NOTHROW((void)slakit::evaluate(p, r, monday_10));
    try {
        (void)slakit::evaluate(p, r, monday_10 - 1ms);
        FAIL("no exception");
    } catch (const slakit::invalid_request& e) {
        CHECK(e.field() == "as_of");
    }
    CHECK_THROWS_AS((void)slakit::evaluate(p, r, slakit::latest_instant), slakit::invalid_request);
}

TEST_CASE("scope: working hours are half-open, and out-of-hours requests quote the next opening") {
    const auto p = office_policy();
    const auto scope_of = [&](instant t) { return slakit::evaluate(p, email_at(t), t + 1h).scope; };

    CHECK(scope_of(at(2026, 3, 2, 9)) == scope::in_hours);
    CHECK(scope_of(at(2026, 3, 2, 9) - 1ms) == scope::out_of_hours);
    CHECK(scope_of(at(2026, 3, 2, 18) - 1ms) == scope::in_hours);
    CHECK(scope_of(at(2026, 3, 2, 18)) == scope::out_of_hours);
    CHECK(scope_of(at(2026, 3, 7, 12)) == scope::out_of_hours);

    const auto next_open_of = [&](instant t) { return slakit::evaluate(p, email_at(t), t).next_open; };
    CHECK(next_open_of(at(2026, 3, 6, 18)) == at(2026, 3, 9, 9));
    CHECK(next_open_of(at(2026, 3, 7, 12)) == at(2026, 3, 9, 9));
    CHECK(next_open_of(at(2026, 3, 2, 8, 59, 59)) == at(2026, 3, 2, 9));
    CHECK_FALSE(next_open_of(at(2026, 3, 2, 9)).has_value());
}

TEST_CASE("an out-of-hours request is measured all the same, and does not count") {
    const auto p = office_policy();
    auto r = email_at(at(2026, 3, 6, 20));  // Friday evening
    r.first_response = at(2026, 3, 6, 20, 1);
    const auto o = slakit::evaluate(p, r, at(2026, 3, 9, 12));
    CHECK(o.scope == scope::out_of_hours);
    CHECK_FALSE(o.counts());
    CHECK(o.wall_response == 1min);
    CHECK(o.business_response == 0ms);
    CHECK(o.first_response.status == status::met);
    CHECK(o.next_open == at(2026, 3, 9, 9));
}

TEST_CASE("an exclusion keeps its reason and takes the request out of the count") {
    const auto p = office_policy();
    auto r = email_at(monday_10);
    r.exclusion_reason = "customer's mail server rejected the auto-reply";
    auto o = slakit::evaluate(p, r, monday_10 + 1h);
    CHECK(o.scope == scope::excluded);
    CHECK_FALSE(o.counts());
    CHECK(o.exclusion_reason == r.exclusion_reason);
    CHECK(o.first_response.status == status::breached);  // still evaluated, for the record

    r.submitted_at = at(2026, 3, 7, 10);
    o = slakit::evaluate(p, r, r.submitted_at);
    CHECK(o.scope == scope::excluded);
    CHECK(o.next_open == at(2026, 3, 9, 9));

    CHECK(slakit::evaluate(p, email_at(monday_10), monday_10).counts());
}

TEST_CASE("a business-clock target pauses outside working hours; the outcome keeps both clocks") {
    auto p = office_policy();
    slakit::target t;
    t.first_response = within(30min, clock_kind::business);
    p.set_target(channel::email, priority::high, t);

    slakit::request r{channel::email, priority::high, at(2026, 3, 6, 17, 50)};  // Friday 17:50

    auto o = slakit::evaluate(p, r, at(2026, 3, 8, 12));  // Sunday
    CHECK(o.first_response.status == status::pending);
    CHECK(o.first_response.remaining == 20min);
    CHECK(o.first_response.due == at(2026, 3, 9, 9, 20));

    o = slakit::evaluate(p, r, at(2026, 3, 9, 9, 20));
    CHECK(o.first_response.status == status::pending);
    o = slakit::evaluate(p, r, at(2026, 3, 9, 9, 20) + 1ms);
    CHECK(o.first_response.status == status::breached);

    r.first_response = at(2026, 3, 9, 9, 15);
    o = slakit::evaluate(p, r, at(2026, 3, 9, 12));
    CHECK(o.first_response.status == status::met);
    CHECK(o.first_response.time == 25min);
    CHECK(o.business_response == 25min);
    CHECK(o.wall_response == 63h + 25min);
    CHECK(o.response_time(clock_kind::wall) == o.wall_response);
    CHECK(o.response_time(clock_kind::business) == o.business_response);

    // The same request on the wall clock.
    r.priority = priority::normal;
    o = slakit::evaluate(p, r, at(2026, 3, 9, 12));
    CHECK(o.first_response.status == status::breached);
    CHECK(o.first_response.time == 63h + 25min);
}

TEST_CASE("a business clock that never opens again: never due, never breached") {
    slakit::policy p{slakit::calendar{shanghai(), slakit::weekly_schedule{}}};
    slakit::target t;
    t.first_response = within(30min, clock_kind::business);
    p.set_target(any, any, t);
    const auto o = slakit::evaluate(p, email_at(monday_10), monday_10 + 24h * 30);
    CHECK(o.scope == scope::out_of_hours);
    CHECK_FALSE(o.next_open.has_value());
    CHECK(o.first_response.status == status::pending);
    CHECK_FALSE(o.first_response.due.has_value());
}

TEST_CASE("without a per-request threshold the first response is measured but has no status") {
    const auto p = office_policy();
    slakit::request r{channel::web_chat, priority::normal, monday_10, monday_10 + 45s};
    auto o = slakit::evaluate(p, r, monday_10 + 1h);
    CHECK_FALSE(o.first_response.applies());
    CHECK(o.first_response.time == 45s);
    CHECK_FALSE(o.first_response.remaining.has_value());
    CHECK_FALSE(o.first_response.warning.has_value());
    CHECK(o.wall_response == 45s);

    r.first_response.reset();
    o = slakit::evaluate(p, r, monday_10 + 1h);
    CHECK_FALSE(o.first_response.applies());
    CHECK_FALSE(o.first_response.time.has_value());
}

TEST_CASE("hand-off: from the decision to its completion, when decided in working hours") {
    const auto p = office_policy();
    auto r = email_at(monday_10);
    r.first_response = monday_10 + 1min;

    SUBCASE("no decision: not applicable") {
        const auto o = slakit::evaluate(p, r, monday_10 + 1h);
        CHECK_FALSE(o.handoff.applies());
        CHECK_FALSE(o.handoff.time.has_value());
    }
    SUBCASE("pending, then breached") {
        r.handoff_decided = monday_10 + 2min;
        CHECK(slakit::evaluate(p, r, monday_10 + 7min).handoff.status == status::pending);
        const auto o = slakit::evaluate(p, r, monday_10 + 7min + 1s);
        CHECK(o.handoff.status == status::breached);
        CHECK(o.handoff.remaining == -1s);
        CHECK(o.handoff.due == monday_10 + 7min);
    }
    SUBCASE("completed within five minutes, inclusive") {
        r.handoff_decided = monday_10 + 2min;
        r.handoff_completed = monday_10 + 7min;
        auto o = slakit::evaluate(p, r, monday_10 + 1h);
        CHECK(o.handoff.status == status::met);
        CHECK(o.handoff.time == 5min);
        r.handoff_completed = monday_10 + 7min + 1ms;
        o = slakit::evaluate(p, r, monday_10 + 1h);
        CHECK(o.handoff.status == status::breached);
    }
    SUBCASE("decided outside working hours: measured, not held to the threshold") {
        r.handoff_decided = at(2026, 3, 2, 18);
        r.handoff_completed = at(2026, 3, 2, 18, 10);
        const auto o = slakit::evaluate(p, r, at(2026, 3, 3, 9));
        CHECK_FALSE(o.handoff.applies());
        CHECK(o.handoff.time == 10min);
    }
    SUBCASE("on a business clock the hand-off pauses overnight") {
        auto q = office_policy();
        slakit::target t = *q.find_exact(channel::email, any);
        t.handoff = within(5min, clock_kind::business);
        q.set_target(channel::email, any, t);
        r.handoff_decided = at(2026, 3, 2, 17, 58);
        r.handoff_completed = at(2026, 3, 3, 9, 2);
        const auto o = slakit::evaluate(q, r, at(2026, 3, 3, 10));
        CHECK(o.handoff.status == status::met);
        CHECK(o.handoff.time == 4min);
    }
}

TEST_CASE("human response: from the completed hand-off to the first effective contact") {
    const auto p = office_policy();
    auto r = email_at(monday_10);
    r.first_response = monday_10;
    r.handoff_decided = monday_10 + 1min;

    CHECK_FALSE(slakit::evaluate(p, r, monday_10 + 1h).human_response.applies());

    r.handoff_completed = monday_10 + 5min;
    CHECK(slakit::evaluate(p, r, monday_10 + 15min).human_response.status == status::pending);
    CHECK(slakit::evaluate(p, r, monday_10 + 15min + 1ms).human_response.status == status::breached);

    r.human_contact = monday_10 + 15min;
    auto o = slakit::evaluate(p, r, monday_10 + 1h);
    CHECK(o.human_response.status == status::met);
    CHECK(o.human_response.time == 10min);

    r.human_contact = monday_10 + 15min + 1ms;
    o = slakit::evaluate(p, r, monday_10 + 1h);
    CHECK(o.human_response.status == status::breached);
    CHECK(o.human_response.remaining == -1ms);
}

TEST_CASE("bad records are refused, naming the field") {
    const auto p = office_policy();
    const auto problem_with = [&](const slakit::request& r) -> std::string {
        const auto found = slakit::validate(r);
        std::string field;
        try {
            (void)slakit::evaluate(p, r, monday_10 + 24h);
        } catch (const slakit::invalid_request& e) {
            field = e.field();
            CHECK(std::string{e.what()}.find(field) != std::string::npos);
        }
        CHECK(found.has_value() == !field.empty());
        if (found) CHECK(found->field == field);
        return field;
    };

    auto r = email_at(monday_10);
    r.first_response = monday_10;
    r.handoff_decided = monday_10 + 1min;
    r.handoff_completed = monday_10 + 2min;
    r.human_contact = monday_10 + 3min;
    CHECK(problem_with(r).empty());

    SUBCASE("a response before submission") {
        r.first_response = monday_10 - 1ms;
        CHECK(problem_with(r) == "first_response");
    }
    SUBCASE("a hand-off decided before submission") {
        r.handoff_decided = monday_10 - 1ms;
        CHECK(problem_with(r) == "handoff_decided");
    }
    SUBCASE("a hand-off completed before it was decided") {
        r.handoff_completed = monday_10 + 1min - 1ms;
        CHECK(problem_with(r) == "handoff_completed");
    }
    SUBCASE("a hand-off completed without a decision") {
        r.handoff_decided.reset();
        CHECK(problem_with(r) == "handoff_decided");
    }
    SUBCASE("a human contact before submission") {
        r.handoff_decided.reset();
        r.handoff_completed.reset();
        r.human_contact = monday_10 - 1s;
        CHECK(problem_with(r) == "human_contact");
    }
    SUBCASE("a human contact before the hand-off completed") {
        r.human_contact = monday_10 + 2min - 1ms;
        CHECK(problem_with(r) == "human_contact");
    }
    SUBCASE("an instant outside the supported range") {
        r.human_contact = instant{slakit::latest_instant};
        CHECK(problem_with(r) == "human_contact");
        r.human_contact.reset();
        r.submitted_at = instant{slakit::earliest_instant} - 1ms;
        r.first_response.reset();
        r.handoff_decided.reset();
        r.handoff_completed.reset();
        CHECK(problem_with(r) == "submitted_at");
    }
    SUBCASE("an exclusion without a reason") {
        r.exclusion_reason = "";
        CHECK(problem_with(r) == "exclusion_reason");
        r.exclusion_reason = " \t";
        CHECK(problem_with(r) == "exclusion_reason");
        r.exclusion_reason = "customer asked to wait";
        CHECK(problem_with(r).empty());
    }
}

TEST_CASE("records at other precisions") {
    const auto p = office_policy();

    SUBCASE("seconds: the outcome is in milliseconds") {
        slakit::basic_request<channel, priority, std::chrono::seconds> r{
            channel::email, priority::normal, std::chrono::floor<std::chrono::seconds>(monday_10)};
        r.first_response = r.submitted_at + 30min;
        const auto o = slakit::evaluate(p, r, r.submitted_at + 1h);
        static_assert(std::is_same_v<decltype(o.first_response.time)::value_type, milliseconds>);
        CHECK(o.first_response.status == status::met);
    }
    SUBCASE("nanoseconds: exact to the nanosecond, and spans too long for them refused") {
        using ns = std::chrono::nanoseconds;
        slakit::basic_request<channel, priority, ns> r{channel::email, priority::normal, monday_10};
        r.first_response = r.submitted_at + 30min + 1ns;
        auto o = slakit::evaluate(p, r, r.submitted_at + 1h);
        static_assert(std::is_same_v<decltype(o.first_response.time)::value_type, ns>);
        CHECK(o.first_response.status == status::breached);
        CHECK(o.first_response.remaining == -1ns);
        CHECK(o.business_response == 30min + 1ns);

        r.submitted_at = std::chrono::sys_time<ns>{slakit::earliest_instant};
        r.first_response = std::chrono::sys_time<ns>{slakit::latest_instant} - 1h;
        REQUIRE(slakit::validate(r).has_value());
        CHECK(slakit::validate(r)->field == "first_response");
        r.first_response.reset();
        CHECK_THROWS_AS((void)slakit::evaluate(p, r, slakit::latest_instant - 1h), slakit::invalid_request);
    }
}

TEST_CASE("a request without a target is refused") {
    slakit::policy p{office()};
    p.set_target(channel::email, any, slakit::target{within(30min), {}, {}, {}});
    slakit::request r{channel::social, priority::urgent, monday_10};
    CHECK_THROWS_WITH_AS((void)slakit::evaluate(p, r, monday_10),
                         R"(no target for channel "social" and priority "urgent")", slakit::no_target);
}

TEST_CASE("the outcome keeps what a report groups by") {
    const auto p = office_policy();
    slakit::request r{channel::in_app_chat, priority::high, at(2026, 3, 31, 23, 30)};
    const auto o = slakit::evaluate(p, r, r.submitted_at + 1h);
    CHECK(o.channel == channel::in_app_chat);
    CHECK(o.priority == priority::high);
    CHECK(o.submitted_at == r.submitted_at);
    CHECK(o.matched == slakit::target_key<channel, priority>{channel_kind::real_time, any});
    // 15:30 UTC on March 31st, 23:30 in Shanghai: still March there.
    const date::year_month_day local_day{std::chrono::floor<date::days>(o.submitted_local)};
    CHECK(local_day == date::year{2026} / 3 / 31);
    CHECK(o.submitted_local.time_since_epoch() - date::floor<date::days>(o.submitted_local).time_since_epoch() ==
          23h + 30min);
}

TEST_CASE("each channel is judged by its own calendar") {
    auto p = office_policy();
    p.set_calendar(channel::web_chat, slakit::calendar{shanghai(), slakit::weekly_schedule::always_open()});
    const auto saturday = at(2026, 3, 7, 3);
    CHECK(slakit::evaluate(p, slakit::request{channel::web_chat, priority::normal, saturday}, saturday).scope ==
          scope::in_hours);
    CHECK(slakit::evaluate(p, slakit::request{channel::in_app_chat, priority::normal, saturday}, saturday).scope ==
          scope::out_of_hours);
}

TEST_CASE("any zone pointer the calendar accepts: a fixed UTC offset") {
    static const slakit::fixed_offset_zone utc_plus_8{8h};
    slakit::basic_policy<channel, priority, const slakit::fixed_offset_zone*> p{
        slakit::basic_calendar<const slakit::fixed_offset_zone*>{
            &utc_plus_8, slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")}};
    p.set_target(any, any, slakit::target{within(30min), {}, {}, {}});
    const slakit::request r{channel::email, priority::normal, at(2026, 3, 2, 9)};
    const auto o = slakit::evaluate(p, r, r.submitted_at + 31min);
    CHECK(o.scope == scope::in_hours);
    CHECK(o.first_response.status == status::breached);
    CHECK(slakit::evaluate(p, slakit::request{channel::email, priority::normal, at(2026, 3, 2, 18)}, at(2026, 3, 2, 18))
              .next_open == at(2026, 3, 3, 9));
}
