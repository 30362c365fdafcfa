// The seed contract, clause by clause, as a host's QA team would check it.
// Everything runs on an Asia/Shanghai calendar, Monday to Friday 09:00-18:00.
// 2026-03-02 is a Monday, 03-06 a Friday, 03-07 a Saturday, 03-09 the next Monday.
#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using slakit::any;
using slakit::at_least;
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

instant at(int y, unsigned m, unsigned d, int h, int mi = 0, int s = 0) {
    static const date::time_zone* const shanghai = date::locate_zone("Asia/Shanghai");
    return shanghai->to_sys(date::local_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{h} +
                            std::chrono::minutes{mi} + std::chrono::seconds{s});
}

slakit::presets::response_time_agreement_options shanghai_options() {
    slakit::presets::response_time_agreement_options o;
    o.zone = "Asia/Shanghai";
    return o;
}

slakit::policy contract() { return slakit::presets::response_time_agreement(shanghai_options()); }

const instant monday_10 = at(2026, 3, 2, 10);

slakit::request email(instant submitted) { return {channel::email, priority::normal, submitted}; }
slakit::request chat(instant submitted, milliseconds answered_after) {
    return {channel::web_chat, priority::normal, submitted, submitted + answered_after};
}

}  // namespace

TEST_CASE("clause 1.2: each channel is real-time or not") {
    const auto sla = contract();
    CHECK(sla.kind_of(channel::web_chat) == channel_kind::real_time);
    CHECK(sla.kind_of(channel::in_app_chat) == channel_kind::real_time);
    CHECK(sla.kind_of(channel::social) == channel_kind::real_time);
    CHECK(sla.kind_of(channel::email) == channel_kind::asynchronous);
    // Each kind gets its own standard.
    CHECK(sla.at(channel::web_chat, priority::normal).target.first_response !=
          sla.at(channel::email, priority::normal).target.first_response);
}

TEST_CASE("clause 1.3: a response is the first feedback of any kind") {
    const auto sla = contract();
    // An acknowledgement at +2 min is the response; the agent's answer at +40 min is not.
    auto r = email(monday_10);
    r.first_response = monday_10 + 2min;
    r.handoff_decided = monday_10 + 2min;
    r.handoff_completed = monday_10 + 4min;
    r.human_contact = monday_10 + 40min;
    const auto o = slakit::evaluate(sla, r, monday_10 + 1h);
    CHECK(o.first_response.time == 2min);
    CHECK(o.first_response.status == status::met);
}

TEST_CASE("clause 1.4: effective working hours, with public holidays and make-up days") {
    auto options = shanghai_options();
    options.exceptions
        .close(date::year{2026} / 2 / 15, date::year{2026} / 2 / 23)  // Spring Festival
        .open(date::year{2026} / 2 / 14, "09:00-18:00");  // make-up Saturday
    const auto sla = slakit::presets::response_time_agreement(options);
    const auto scope_at = [&](instant t) { return slakit::evaluate(sla, email(t), t).scope; };

    CHECK(scope_at(at(2026, 3, 2, 9)) == scope::in_hours);  // a plain Monday
    CHECK(scope_at(at(2026, 3, 7, 10)) == scope::out_of_hours);  // a plain Saturday
    CHECK(scope_at(at(2026, 2, 16, 10)) == scope::out_of_hours);  // Monday in the Spring Festival
    CHECK(scope_at(at(2026, 2, 14, 10)) == scope::in_hours);  // Saturday worked in exchange
    CHECK(scope_at(at(2026, 2, 14, 18)) == scope::out_of_hours);
    // The automatic answer on the holiday quotes the first working morning after it.
    CHECK(slakit::evaluate(sla, email(at(2026, 2, 20, 10)), at(2026, 2, 20, 10)).next_open == at(2026, 2, 24, 9));
}

TEST_CASE("clause 1.5: the average first-response time is the mean of (first response - submission)") {
    const auto sla = contract();
    const auto& mean_target = sla.at(channel::web_chat, priority::normal).target.aggregates.at(0);
    REQUIRE(mean_target.measure == slakit::statistic::mean);

    const auto mean_of = [&](std::vector<milliseconds> answered_after) {
        milliseconds sum{};
        auto submitted = monday_10;
        for (const auto after : answered_after) {
            const auto o = slakit::evaluate(sla, chat(submitted, after), monday_10 + 1h);
            submitted += 1min;
            sum += *o.response_time(mean_target.clock);
        }
        return sum / static_cast<long>(answered_after.size());
    };
    CHECK(mean_of({30s, 60s, 90s}) == 60s);
    CHECK(mean_target.is_met_by(mean_of({30s, 60s, 90s})));
    CHECK_FALSE(mean_target.is_met_by(mean_of({30s, 60s, 93s})));
}

TEST_CASE("clause 1.6: the SLA covers every channel and priority") {
    const auto sla = contract();
    for (const auto c : {channel::web_chat, channel::in_app_chat, channel::social, channel::email})
        for (const auto p : {priority::normal, priority::high, priority::urgent})
            CHECK_NOTHROW((void)sla.at(c, p).target);
}

TEST_CASE("clause 2.1(1): real-time channels, average first response within 60 s, as an aggregate") {
    const auto sla = contract();
    const auto& t = sla.at(channel::in_app_chat, priority::normal).target;
    REQUIRE(t.aggregates.size() == 1);
    CHECK(t.aggregates[0].measure == slakit::statistic::mean);
    CHECK(t.aggregates[0].limit == 60s);
    CHECK(t.aggregates[0].clock == clock_kind::wall);
    CHECK(t.aggregates[0].is_met_by(60s));
    CHECK_FALSE(t.aggregates[0].is_met_by(60001ms));

    // Per request, slakit's preset holds each chat to the same 60 s so the compliance
    // rate is defined; it is not a contract deadline and can be switched off.
    CHECK(slakit::evaluate(sla, chat(monday_10, 60s), monday_10 + 1h).first_response.status == status::met);
    CHECK(slakit::evaluate(sla, chat(monday_10, 61s), monday_10 + 1h).first_response.status == status::breached);
    auto options = shanghai_options();
    options.real_time_per_request = std::nullopt;
    const auto aggregate_only = slakit::presets::response_time_agreement(options);
    const auto o = slakit::evaluate(aggregate_only, chat(monday_10, 61s), monday_10 + 1h);
    CHECK_FALSE(o.first_response.applies());
    CHECK(o.wall_response == 61s);
}

TEST_CASE("clause 2.1(2): e-mail auto-reply within 30 min") {
    const auto sla = contract();
    auto r = email(monday_10);

    SUBCASE("exactly 30 min meets") {
        r.first_response = monday_10 + 30min;
        CHECK(slakit::evaluate(sla, r, monday_10 + 1h).first_response.status == status::met);
    }
    SUBCASE("30 min and 1 ms breaches") {
        r.first_response = monday_10 + 30min + 1ms;
        CHECK(slakit::evaluate(sla, r, monday_10 + 1h).first_response.status == status::breached);
    }
    SUBCASE("unanswered: pending at 30 min, breached at 30 min + 1 s") {
        const auto pending = slakit::evaluate(sla, r, monday_10 + 30min);
        CHECK(pending.first_response.status == status::pending);
        CHECK(pending.first_response.remaining == 0ms);
        const auto late = slakit::evaluate(sla, r, monday_10 + 30min + 1s);
        CHECK(late.first_response.status == status::breached);
        CHECK(late.first_response.remaining == -1s);
    }
}

TEST_CASE("clause 2.1(3): high-priority and urgent requests follow their own, stricter thresholds") {
    auto sla = contract();
    auto tier = *sla.find_exact(channel_kind::asynchronous, any);
    tier.first_response = within(10min);
    sla.set_target(channel_kind::asynchronous, at_least(priority::high), tier);
    auto urgent = tier;
    urgent.first_response = within(5min);
    sla.set_target(any, priority::urgent, urgent);

    const auto status_after = [&](priority p, milliseconds answered_after) {
        slakit::request r{channel::email, p, monday_10, monday_10 + answered_after};
        return slakit::evaluate(sla, r, monday_10 + 1h).first_response.status;
    };
    CHECK(status_after(priority::normal, 12min) == status::met);
    CHECK(status_after(priority::high, 12min) == status::breached);
    CHECK(status_after(priority::high, 10min) == status::met);
    CHECK(status_after(priority::urgent, 6min) == status::breached);
    CHECK(status_after(priority::urgent, 5min) == status::met);
}

TEST_CASE("clause 2.2: the clock runs from submission to the first response") {
    auto r = email(at(2026, 3, 6, 17, 50));  // Friday 17:50
    r.first_response = at(2026, 3, 9, 9);  // Monday 09:00

    SUBCASE("on the wall clock by default: nights and weekends count") {
        const auto o = slakit::evaluate(contract(), r, at(2026, 3, 9, 12));
        CHECK(o.first_response.time == 63h + 10min);
        CHECK(o.first_response.status == status::breached);
    }
    SUBCASE("a business clock is available: it pauses outside working hours") {
        auto options = shanghai_options();
        options.clock = clock_kind::business;
        const auto o = slakit::evaluate(slakit::presets::response_time_agreement(options), r, at(2026, 3, 9, 12));
        CHECK(o.first_response.time == 10min);
        CHECK(o.first_response.status == status::met);
        CHECK(o.wall_response == 63h + 10min);
    }
}

TEST_CASE("clause 2.3: out-of-hours requests get an automatic answer and are reported apart") {
    const auto sla = contract();
    auto r = email(at(2026, 3, 6, 18));  // Friday 18:00:00 exactly
    r.first_response = at(2026, 3, 6, 18, 0, 5);
    const auto o = slakit::evaluate(sla, r, at(2026, 3, 9, 12));
    CHECK(o.scope == scope::out_of_hours);
    CHECK_FALSE(o.counts());
    CHECK(o.next_open == at(2026, 3, 9, 9));  // what the automatic answer quotes
    CHECK(o.wall_response == 5s);  // still recorded, for the separate report

    const auto inside = slakit::evaluate(sla, email(at(2026, 3, 6, 18) - 1ms), at(2026, 3, 6, 18));
    CHECK(inside.scope == scope::in_hours);
    CHECK(inside.counts());
    CHECK_FALSE(inside.next_open.has_value());
}

TEST_CASE("clause 2.4: a hand-off decided in working hours completes within 5 min") {
    const auto sla = contract();
    auto r = email(monday_10);
    r.first_response = monday_10 + 1min;
    r.handoff_decided = monday_10 + 1min;

    SUBCASE("5 min exactly meets, 5 min and 1 ms breaches") {
        r.handoff_completed = monday_10 + 6min;
        CHECK(slakit::evaluate(sla, r, monday_10 + 1h).handoff.status == status::met);
        r.handoff_completed = monday_10 + 6min + 1ms;
        CHECK(slakit::evaluate(sla, r, monday_10 + 1h).handoff.status == status::breached);
    }
    SUBCASE("an unfinished hand-off breaches once 5 min have passed") {
        CHECK(slakit::evaluate(sla, r, monday_10 + 6min).handoff.status == status::pending);
        CHECK(slakit::evaluate(sla, r, monday_10 + 6min + 1s).handoff.status == status::breached);
    }
    SUBCASE("a decision outside working hours is not bound by 2.4") {
        r.submitted_at = at(2026, 3, 2, 17, 55);
        r.first_response = at(2026, 3, 2, 17, 56);
        r.handoff_decided = at(2026, 3, 2, 18);
        r.handoff_completed = at(2026, 3, 2, 18, 30);
        const auto o = slakit::evaluate(sla, r, at(2026, 3, 2, 19));
        CHECK_FALSE(o.handoff.applies());
        CHECK(o.handoff.time == 30min);
    }
}

TEST_CASE("clause 2.4: the human agent is measured from the hand-off to the first effective contact") {
    auto options = shanghai_options();
    options.human_response = 10min;  // the business's internal standard
    const auto sla = slakit::presets::response_time_agreement(options);
    auto r = email(monday_10);
    r.first_response = monday_10 + 1min;
    r.handoff_decided = monday_10 + 1min;
    r.handoff_completed = monday_10 + 3min;
    r.human_contact = monday_10 + 13min;
    auto o = slakit::evaluate(sla, r, monday_10 + 1h);
    CHECK(o.human_response.time == 10min);
    CHECK(o.human_response.status == status::met);
    r.human_contact = monday_10 + 13min + 1ms;
    o = slakit::evaluate(sla, r, monday_10 + 1h);
    CHECK(o.human_response.status == status::breached);

    // Without an internal standard the time is still reported.
    o = slakit::evaluate(contract(), r, monday_10 + 1h);
    CHECK_FALSE(o.human_response.applies());
    CHECK(o.human_response.time == 10min + 1ms);
}

TEST_CASE("clause 3.2: submission and first response of every request are recorded, bad records refused") {
    const auto sla = contract();
    const auto unanswered = slakit::evaluate(sla, email(monday_10), monday_10 + 5min);
    CHECK(unanswered.submitted_at == monday_10);
    CHECK(unanswered.first_response.status == status::pending);  // kept, not dropped

    auto r = email(monday_10);
    r.first_response = monday_10 - 1s;  // a clock skew must not become a fast response
    CHECK_THROWS_AS((void)slakit::evaluate(sla, r, monday_10 + 1h), slakit::invalid_request);
    REQUIRE(slakit::validate(r).has_value());
    CHECK(slakit::validate(r)->field == "first_response");
}

TEST_CASE("clause 3.3: per category, the share of requests within their standard") {
    const auto sla = contract();
    std::vector<slakit::outcome> outcomes;
    for (const auto after : {10s, 60s, 61s, 20s})
        outcomes.push_back(slakit::evaluate(sla, chat(monday_10, after), monday_10 + 1h));
    auto mail = email(monday_10);
    mail.first_response = monday_10 + 31min;
    outcomes.push_back(slakit::evaluate(sla, mail, monday_10 + 1h));

    const slakit::target_key<channel, priority> real_time{channel_kind::real_time, any};
    int counted = 0, met = 0;
    for (const auto& o : outcomes) {
        if (!(o.matched == real_time) || !o.counts()) continue;
        ++counted;
        met += o.first_response.status == status::met;
    }
    CHECK(counted == 4);
    CHECK(met == 3);
    CHECK(slakit::aggregate_target::compliance_at_least(0.75).is_met_by(static_cast<double>(met) / counted));
    CHECK_FALSE(slakit::aggregate_target::compliance_at_least(0.8).is_met_by(static_cast<double>(met) / counted));
}

TEST_CASE("clause 4.1(5): only delays the business caused are excluded, and each carries its reason") {
    const auto sla = contract();
    auto r = email(monday_10);

    // A vendor or network fault is no excuse: the late request counts as breached.
    const auto late = slakit::evaluate(sla, r, monday_10 + 31min);
    CHECK(late.counts());
    CHECK(late.first_response.status == status::breached);

    r.exclusion_reason = "the business paused the mailbox for maintenance";
    const auto excluded = slakit::evaluate(sla, r, monday_10 + 31min);
    CHECK(excluded.scope == scope::excluded);
    CHECK_FALSE(excluded.counts());
    CHECK(excluded.exclusion_reason == "the business paused the mailbox for maintenance");

    r.exclusion_reason = "";
    try {
        (void)slakit::evaluate(sla, r, monday_10 + 31min);
        FAIL("an exclusion without a reason was accepted");
    } catch (const slakit::invalid_request& e) {
        CHECK(e.field() == "exclusion_reason");
    }
}

TEST_CASE("clause 4.2(3): the business classifies requests and flags their priority in its own terms") {
    using text_policy = slakit::basic_policy<std::string, std::string>;
    text_policy sla{contract().calendar()};
    sla.set_kind("wechat", channel_kind::real_time).set_kind("mailbox", channel_kind::asynchronous);
    sla.rank_priorities({"standard", "vip"});
    sla.set_target("mailbox", any, slakit::target{within(30min), {}, {}, {}});
    sla.set_target("mailbox", at_least("vip"), slakit::target{within(10min), {}, {}, {}});

    slakit::basic_request<std::string, std::string> r{"mailbox", "vip", monday_10, monday_10 + 15min};
    CHECK(slakit::evaluate(sla, r, monday_10 + 1h).first_response.status == status::breached);
    r.priority = "standard";
    CHECK(slakit::evaluate(sla, r, monday_10 + 1h).first_response.status == status::met);
    r.channel = "wechat";
    CHECK_THROWS_AS((void)slakit::evaluate(sla, r, monday_10 + 1h), slakit::no_target);
}

TEST_CASE("decision: working hours are half-open, 09:00:00 in and 18:00:00 out") {
    const auto sla = contract();
    const auto scope_at = [&](instant t) { return slakit::evaluate(sla, email(t), t).scope; };
    CHECK(scope_at(at(2026, 3, 3, 9)) == scope::in_hours);
    CHECK(scope_at(at(2026, 3, 3, 9) - 1ms) == scope::out_of_hours);
    CHECK(scope_at(at(2026, 3, 3, 18) - 1ms) == scope::in_hours);
    CHECK(scope_at(at(2026, 3, 3, 18)) == scope::out_of_hours);
}

TEST_CASE("decision: a request belongs to the month of its submission, in the calendar's zone") {
    const auto sla = contract();
    // 00:30 on April 1st in Shanghai is still March 31st in UTC.
    const auto o = slakit::evaluate(sla, email(at(2026, 4, 1, 0, 30)), at(2026, 4, 1, 1));
    const date::year_month_day utc_day{std::chrono::floor<date::days>(o.submitted_at)};
    const date::year_month_day local_day{std::chrono::floor<date::days>(o.submitted_local)};
    CHECK(utc_day.month() == date::March);
    CHECK(local_day.month() == date::April);
}
