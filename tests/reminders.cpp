#include <slakit/reminders.hpp>
// Tests for slakit/reminders.hpp: the instants of the 50 %, 75 %, due and breached
// reminders, their move to the next opening, and what an answer drops.

#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::channel;
using slakit::instant;
using slakit::priority;
using slakit::reminder_kind;

instant at(const char* text) { return slakit::parse_instant(text); }

// The seed contract: e-mail within 30 min (wall clock), Shanghai, Mon-Fri 09:00-18:00.
const slakit::policy contract = slakit::presets::response_time_agreement();

using schedule = slakit::reminder_schedule<std::string>;

bool watch(schedule& s, const std::string& id, const slakit::policy& p, instant submitted) {
    const slakit::request mail{channel::email, priority::normal, submitted};
    const auto& t = p.at(channel::email, priority::normal).target;
    return s.watch(id, slakit::evaluate(p, mail, submitted), *t.first_response, p.calendar_for(channel::email));
}

}  // namespace

TEST_CASE("an unanswered e-mail in working hours: 50 %, 75 %, due, breached") {
    schedule s{{}};
    REQUIRE(watch(s, "M1", contract, at("2026-03-10T10:00:00+08:00")));  // a Tuesday
    CHECK_FALSE(watch(s, "M1", contract, at("2026-03-10T10:00:00+08:00")));
    CHECK(s.queued() == 4);
    CHECK(s.advance(at("2026-03-10T10:14:59+08:00")).empty());
    const auto first = s.advance(at("2026-03-10T10:20:00+08:00"));
    REQUIRE(first.size() == 1);
    CHECK(first[0].kind == reminder_kind::warning);
    CHECK(first[0].level == 0.5);
    CHECK(first[0].at == at("2026-03-10T10:15:00+08:00"));
    CHECK(first[0].deliver == first[0].at);
    const auto rest = s.advance(at("2026-03-10T11:00:00+08:00"));
    REQUIRE(rest.size() == 3);
    CHECK(rest[0].at == at("2026-03-10T10:22:30+08:00"));
    CHECK(rest[0].level == 0.75);
    CHECK(rest[1].kind == reminder_kind::due);
    CHECK(rest[1].at == at("2026-03-10T10:30:00+08:00"));
    CHECK(rest[2].kind == reminder_kind::breached);
    CHECK(rest[2].at == at("2026-03-10T10:30:00+08:00") + 1ms);
    CHECK(s.watched() == 0);
    CHECK(s.queued() == 0);
}

TEST_CASE("reminders that fall after hours wait for the next opening, unless asked otherwise") {
    const instant friday = at("2026-03-13T17:50:00+08:00");
    schedule s{{}};
    REQUIRE(watch(s, "M1", contract, friday));
    CHECK(s.advance(at("2026-03-16T08:59:59+08:00")).empty());  // nothing over the weekend
    const auto monday = s.advance(at("2026-03-16T09:00:00+08:00"));
    REQUIRE(monday.size() == 4);
    for (const auto& r : monday) CHECK(r.deliver == at("2026-03-16T09:00:00+08:00"));
    CHECK(monday[0].at == at("2026-03-13T18:05:00+08:00"));  // when it fell
    CHECK(monday[3].kind == reminder_kind::breached);

    slakit::reminder_options anytime;
    anytime.working_hours_only = false;
    schedule night{anytime};
    REQUIRE(watch(night, "M1", contract, friday));
    const auto now = night.advance(at("2026-03-13T18:06:00+08:00"));
    REQUIRE(now.size() == 1);
    CHECK(now[0].deliver == at("2026-03-13T18:05:00+08:00"));
}

TEST_CASE("an answer drops what had not happened yet; a breach that had stays") {
    schedule s{{}};
    REQUIRE(watch(s, "A", contract, at("2026-03-10T10:00:00+08:00")));
    CHECK(s.resolve("A", at("2026-03-10T10:20:00+08:00")) == 3);  // 75 %, due, breached
    CHECK(s.resolve("A", at("2026-03-10T10:20:00+08:00")) == 0);
    const auto left = s.advance(at("2026-03-10T12:00:00+08:00"));
    REQUIRE(left.size() == 1);
    CHECK(left[0].level == 0.5);

    // Breached at 18:20 on Friday, answered on Saturday: the breach is still told on Monday.
    REQUIRE(watch(s, "B", contract, at("2026-03-13T17:50:00+08:00")));
    CHECK(s.resolve("B", at("2026-03-14T10:00:00+08:00")) == 0);
    CHECK(s.advance(at("2026-03-16T09:00:00+08:00")).size() == 4);
}

TEST_CASE("on a business clock, levels count open time") {
    auto p = contract;
    slakit::target mail;
    mail.first_response = slakit::within(30min, slakit::clock_kind::business);
    p.set_target(channel::email, slakit::any, mail);
    schedule s{{}};
    REQUIRE(watch(s, "M1", p, at("2026-03-10T17:50:00+08:00")));  // 10 open minutes left on Tuesday
    const auto all = s.advance(at("2026-03-11T12:00:00+08:00"));
    REQUIRE(all.size() == 4);
    CHECK(all[0].at == at("2026-03-11T09:05:00+08:00"));
    CHECK(all[1].at == at("2026-03-11T09:12:30+08:00"));
    CHECK(all[2].at == at("2026-03-11T09:20:00+08:00"));
    CHECK(all[2].due == all[2].at);
}

TEST_CASE("options are checked; a full schedule refuses and counts") {
    CHECK_THROWS_AS(schedule({{0.75, 0.5}}), std::invalid_argument);
    CHECK_THROWS_AS(schedule({{1.0}}), std::invalid_argument);
    slakit::reminder_options small;
    small.capacity = 1;
    schedule s{small};
    CHECK(watch(s, "A", contract, at("2026-03-10T10:00:00+08:00")));
    CHECK_FALSE(watch(s, "B", contract, at("2026-03-10T10:00:00+08:00")));
    CHECK(s.overflow() == 1);
    // A request answered at once is not pending: nothing to remind.
    slakit::request chat{channel::web_chat, priority::normal, at("2026-03-10T10:00:00+08:00")};
    chat.first_response = chat.submitted_at + 5s;
    const auto& t = contract.at(channel::web_chat, priority::normal).target;
    schedule t_s{{}};
    CHECK_FALSE(
        t_s.watch("C", slakit::evaluate(contract, chat, *chat.first_response), *t.first_response, contract.calendar()));
}
