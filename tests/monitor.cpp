#include <slakit/monitor.hpp>
// Tests for slakit/monitor.hpp: the monitor replaying simulated traffic (generated here
// with fixed seeds): a healthy month stays silent, an injected outage pages within the
// minutes the burn-rate arithmetic predicts; and the pending-request watch.

#include <slakit/calendar.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/rolling.hpp>
#include <slakit/schedule.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::channel;
using slakit::instant;
using slakit::priority;
using std::chrono::milliseconds;

instant at(const char* text) { return slakit::parse_instant(text); }

slakit::monitor_options options_95() {
    slakit::monitor_options o;
    o.first_response_share = 0.95;
    o.handoff_share = 0.95;
    return o;
}

// ---------------------------------------------------------------------------
// Simulated traffic and a replay driver, as a host would run them live
// ---------------------------------------------------------------------------

struct simulated {
    std::string id;
    slakit::request request;
};

struct incident {
    instant start;
    milliseconds length;
    channel on = channel::web_chat;
    double slowdown = 0.0;  // 0: answers dropped; else response times multiplied
};

// Poisson arrivals minute by minute: web chat 3 a minute and e-mail 0.6 in working
// hours, a trickle outside them. Healthy answers: chat median 4 s (0.3 % slow ones up
// to 5 min), e-mail median 90 s; one request in ten handed off, completed with median 1 min.
std::vector<simulated> traffic(const slakit::calendar& cal, instant from, instant to, std::uint64_t seed,
                               std::optional<incident> trouble = std::nullopt) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::lognormal_distribution<double> chat(std::log(4'000.0), 0.8), mail(std::log(90'000.0), 1.0),
        handoff(std::log(60'000.0), 0.6);
    std::vector<simulated> out;
    for (instant minute = from; minute < to; minute += 1min) {
        const bool open = cal.is_open(minute);
        for (const auto ch : {channel::web_chat, channel::email}) {
            const double rate = ch == channel::web_chat ? (open ? 3.0 : 0.2) : (open ? 0.6 : 0.1);
            const int n = std::poisson_distribution<int>(rate)(g);
            for (int i = 0; i < n; ++i) {
                const instant submitted = minute + milliseconds{static_cast<std::int64_t>(unit(g) * 59'999.0)};
                slakit::request r{ch, unit(g) < 0.9 ? priority::normal : priority::high, submitted};
                double answer = ch == channel::web_chat ? chat(g) : mail(g);
                if (ch == channel::web_chat && unit(g) < 0.003) answer = 60'000.0 + unit(g) * 240'000.0;
                bool dropped = false;
                if (trouble && trouble->on == ch && submitted >= trouble->start &&
                    submitted < trouble->start + trouble->length) {
                    if (trouble->slowdown == 0.0)
                        dropped = true;
                    else
                        answer *= trouble->slowdown;
                }
                if (!dropped) r.first_response = submitted + milliseconds{static_cast<std::int64_t>(answer)};
                if (r.first_response && unit(g) < 0.1) {
                    r.handoff_decided =
                        *r.first_response + milliseconds{static_cast<std::int64_t>(unit(g) * 120'000.0)};
                    r.handoff_completed = *r.handoff_decided + milliseconds{static_cast<std::int64_t>(handoff(g))};
                }
                out.push_back({std::to_string(out.size()), r});
            }
        }
    }
    return out;
}

struct seen_transition {
    instant when;
    slakit::alert_transition<channel, priority> change;
};

// Replays requests in time order: submissions, first responses and hand-off results
// are handed to the monitor when they happen; alerts are checked every minute.
std::vector<seen_transition> replay(slakit::monitor& live, const std::vector<simulated>& requests, instant from,
                                    instant to) {
    const auto& policy = live.policy();
    enum kind { submit, answer, handoff };
    std::vector<std::tuple<instant, int, std::size_t>> events;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i].request;
        events.emplace_back(r.submitted_at, submit, i);
        if (r.first_response) events.emplace_back(*r.first_response, answer, i);
        if (r.handoff_decided) {
            const auto o = slakit::evaluate(policy, r, *r.handoff_decided);
            if (o.handoff.due) {
                const instant late = *o.handoff.due + 1ms;
                events.emplace_back(r.handoff_completed ? std::min(*r.handoff_completed, late) : late, handoff, i);
            }
        }
    }
    std::sort(events.begin(), events.end());
    std::vector<seen_transition> seen;
    std::size_t next = 0;
    for (instant tick = from; tick <= to; tick += 1min) {
        for (; next < events.size() && std::get<0>(events[next]) < tick; ++next) {
            const auto [when, what, index] = events[next];
            const auto& [id, r] = requests[index];
            live.advance(when);
            const auto o = slakit::evaluate(policy, r, when);
            switch (what) {
            case submit:
                if (!o.counts())
                    live.add(o, when, slakit::recorded::status);
                else
                    live.watch(id, o);
                break;
            case answer:
                if (o.counts()) live.respond(id, o, when);
                break;
            case handoff: live.add(o, when, slakit::recorded::handoff); break;
            default: break;
            }
        }
        for (auto& t : live.transitions(tick)) seen.push_back({tick, std::move(t)});
    }
    return seen;
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("a rule fires only while both of its windows burn at or above its threshold") {
    // A mean target of 60 s under one rule: 10-minute and 2-minute windows at 2.0.
    auto policy = slakit::presets::response_time_agreement();
    slakit::monitor_options o;
    o.rules = {{"mean", slakit::severity::page, 10min, 2min, 2.0}};
    const instant start = at("2026-03-03T10:00:00+08:00");  // a Tuesday
    slakit::monitor live{policy, o, start};
    const auto answer_in = [&](milliseconds response, instant when) {
        slakit::request r{channel::web_chat, priority::normal, when - response};
        r.first_response = when;
        live.advance(when);
        live.add(slakit::evaluate(policy, r, when), when);
    };
    // Ten minutes at 300 s: burn 5 in both windows.
    for (int s = 0; s < 600; s += 20) answer_in(300s, start + std::chrono::seconds{s});
    auto firing = live.firing_alerts(start + 10min);
    REQUIRE(firing.size() == 1);
    CHECK(slakit::kind_name(firing[0].objective) == "mean");
    CHECK(*firing[0].long_window.burn == doctest::Approx(5.0));
    CHECK(*firing[0].short_window.burn == doctest::Approx(5.0));
    CHECK(firing[0].long_window.mean == 300s);
    CHECK(firing[0].long_window.total == 30);
    // Then fast answers: the short window recovers first, and the alert with it,
    // although the long window still burns above 2.
    for (int s = 600; s < 780; s += 20) answer_in(1s, start + std::chrono::seconds{s});
    const auto all = live.assess(start + 13min);
    REQUIRE(all.size() == 1);
    CHECK_FALSE(all[0].firing);
    CHECK(*all[0].long_window.burn >= 2.0);
    CHECK(*all[0].short_window.burn < 2.0);
    CHECK(live.firing_alerts(start + 13min).empty());
    // No answers at all: no burn rate, nothing fires.
    CHECK_FALSE(live.assess(start + 30min)[0].short_window.burn.has_value());

    // With keep_firing, transitions() holds a fired alert until the rule has not held that long.
    o.rules[0].keep_firing = 3min;
    slakit::monitor held_on{policy, o, start};
    std::vector<std::pair<instant, slakit::alert_change>> changes;
    for (int s = 0; s < 1200; s += 20) {
        const instant when = start + std::chrono::seconds{s};
        slakit::request r{channel::web_chat, priority::normal, when - (s < 600 ? 300s : 1s)};
        r.first_response = when;
        held_on.advance(when);
        held_on.add(slakit::evaluate(policy, r, when), when);
        if (s % 60 == 0)
            for (const auto& t : held_on.transitions(when)) changes.emplace_back(when, t.change);
    }
    // Fired with the first slow answer; the 2-minute window last burns 2 at 10:11 (three
    // slow answers among seven), stops at 10:12, and the alert resolves 3 minutes after
    // the last minute it held: at 10:14, not 10:12.
    REQUIRE(changes.size() == 2);
    CHECK(changes[0] == std::pair{start, slakit::alert_change::fired});
    CHECK(changes[1] == std::pair{start + 14min, slakit::alert_change::resolved});
    o.rules[0].keep_firing = 0min;

    // A short window without any request does not resolve an alert whose long window
    // still burns: silence in an outage is no recovery. An empty long window does.
    slakit::monitor silent{policy, o, start};
    std::size_t fired = 0;
    for (int s = 0; s < 600; s += 20) {
        const instant when = start + std::chrono::seconds{s};
        slakit::request r{channel::web_chat, priority::normal, when - 300s};
        r.first_response = when;
        silent.advance(when);
        silent.add(slakit::evaluate(policy, r, when), when);
        fired += silent.transitions(when).size();
    }
    CHECK(fired == 1);
    CHECK_FALSE(silent.assess(start + 13min)[0].firing);  // raw: no short-window burn
    CHECK(silent.transitions(start + 13min).empty());  // still held
    const auto after = silent.transitions(start + 21min);  // the long window is empty too
    REQUIRE(after.size() == 1);
    CHECK(after[0].change == slakit::alert_change::resolved);
    CHECK_FALSE(after[0].alert.long_window.burn.has_value());

    // Too few requests in the long window: the rule holds back.
    o.rules[0].minimum_events = 31;
    slakit::monitor strict{policy, o, start};
    for (int s = 0; s < 600; s += 20) {
        slakit::request r{channel::web_chat, priority::normal, start + std::chrono::seconds{s} - 300s};
        r.first_response = start + std::chrono::seconds{s};
        strict.advance(*r.first_response);
        strict.add(slakit::evaluate(policy, r, *r.first_response), *r.first_response);
    }
    const auto held = strict.assess(start + 10min);
    REQUIRE(held.size() == 1);
    CHECK(*held[0].long_window.burn >= 2.0);
    CHECK(held[0].long_window.total == 30);
    CHECK_FALSE(held[0].firing);
}

TEST_CASE("business-clock objectives count open time only: nights do not dilute or burn") {
    // E-mail on the business clock, 30 min for 95 %: breaches on Friday afternoon are
    // still in Monday morning's last hour of open time; the wall-clock hour is empty.
    slakit::presets::response_time_agreement_options business;
    business.clock = slakit::clock_kind::business;
    const auto policy = slakit::presets::response_time_agreement(business);
    slakit::monitor_options o = options_95();
    o.rules = {{"fast burn", slakit::severity::page, 1h, 5min, 14.4, 3}};
    const instant friday = at("2026-03-06T17:40:00+08:00");
    slakit::monitor live{policy, o, friday - 2h};
    for (int i = 0; i < 20; ++i) {  // one breach a minute, 17:40 to 17:59
        const instant when = friday + std::chrono::minutes{i};
        const slakit::request unanswered{channel::email, priority::normal, when - 40min};
        live.advance(when);
        live.add(slakit::evaluate(policy, unanswered, when), when, slakit::recorded::status);
    }
    const auto monday = live.assess(at("2026-03-09T09:02:00+08:00"));
    REQUIRE(monday.size() == 2);
    CHECK(monday[0].firing);  // the hour back from 09:02 reaches Friday 17:02; the 5 minutes Friday 17:57
    CHECK(monday[0].long_window.totals.from == at("2026-03-06T17:02:00+08:00"));
    CHECK(monday[0].long_window.totals.covered == 1h);
    CHECK(monday[0].short_window.totals.from == at("2026-03-06T17:57:00+08:00"));
    CHECK(monday[0].long_window.bad == 20);
}

TEST_CASE("a healthy simulated month raises no alert") {
    const auto policy = slakit::presets::response_time_agreement();
    const instant from = at("2026-03-01T00:00:00+08:00");
    const instant to = at("2026-04-01T00:00:00+08:00");
    const auto requests = traffic(policy.calendar(), from, to, 2026);
    REQUIRE(requests.size() > 30'000);
    slakit::monitor live{policy, options_95(), from};
    const auto seen = replay(live, requests, from, to);
    for (const auto& s : seen)
        FAIL_CHECK(slakit::to_string(s.change.change)
                   << " " << s.change.alert.rule.name << " " << s.change.alert.objective.name << " on "
                   << slakit::to_string(s.change.alert.channel));
    CHECK(seen.empty());
    // The month was watched: every group saw traffic and measured it.
    const auto chat = live.metrics(channel::web_chat, priority::normal, 72h);
    REQUIRE(chat.has_value());
    CHECK(chat->window.decided() > 2'500);
    CHECK(*chat->compliance > 0.99);
    CHECK(*chat->mean < 10s);
    CHECK(chat->window.out_of_hours > 0);
    // One group per channel: the seed contract's targets cover every priority.
    REQUIRE(live.streams().size() == 2);
    CHECK(slakit::priorities_name(live.streams()[0].priorities) == "any");
}

TEST_CASE("an outage that drops chat answers pages within the predicted minutes and resolves after it ends") {
    const auto policy = slakit::presets::response_time_agreement();
    const instant from = at("2026-03-02T00:00:00+08:00");
    const instant to = at("2026-03-12T00:00:00+08:00");
    const incident outage{at("2026-03-10T10:00:00+08:00"), 1h};
    const auto requests = traffic(policy.calendar(), from, to, 7, outage);
    slakit::monitor live{policy, options_95(), from};
    const auto seen = replay(live, requests, from, to);

    // Breaches are recorded as each unanswered chat passes its 60 s due. With steady
    // traffic, x minutes into the outage the last hour holds x - 1 minutes of breaches
    // among 60 minutes of decided requests; the fast page needs 72 % (14.4 x 5 %):
    // x = 1 + 0.72 x 60, about 44 minutes.
    const auto predicted = outage.start + 1min + std::chrono::seconds{static_cast<std::int64_t>(0.72 * 3600)};
    std::optional<instant> fired, resolved;
    for (const auto& s : seen) {
        const auto& a = s.change.alert;
        INFO(slakit::to_string(s.change.change) << " " << a.rule.name << " " << a.objective.name);
        CHECK(s.when >= outage.start);  // nothing before the outage
        if (a.channel == channel::web_chat && a.rule.name == "fast burn" &&
            slakit::kind_name(a.objective) == "first_response") {
            if (s.change.change == slakit::alert_change::fired) {
                CHECK_FALSE(fired.has_value());
                fired = s.when;
                CHECK(*a.long_window.burn >= 14.4);
                CHECK(*a.short_window.burn >= 14.4);
                CHECK(a.long_window.bad > 0);
            } else {
                resolved = s.when;
                CHECK(*a.short_window.burn < 14.4);
            }
        }
    }
    REQUIRE(fired.has_value());
    MESSAGE(
        "fast burn fired at +" << std::chrono::duration_cast<std::chrono::minutes>(*fired - outage.start).count()
                               << " min, predicted +"
                               << std::chrono::duration_cast<std::chrono::minutes>(predicted - outage.start).count());
    CHECK(*fired >= predicted - 6min);
    CHECK(*fired <= predicted + 6min);
    REQUIRE(resolved.has_value());
    CHECK(*resolved > outage.start + outage.length);
    CHECK(*resolved <= outage.start + outage.length + 6min);
    // Every alert the outage raised is resolved two days later.
    CHECK(live.firing_alerts(to).empty());
}

TEST_CASE("pending requests: at risk past the warning level, breached at due, answered once") {
    const auto policy = slakit::presets::response_time_agreement();
    const instant t0 = at("2026-03-03T10:00:00+08:00");
    slakit::monitor live{policy, options_95(), t0};
    CHECK(live.warning_level() == 0.75);
    slakit::request a{channel::email, priority::normal, t0};
    slakit::request b{channel::email, priority::normal, t0 + 10min};
    CHECK(live.watch("a", slakit::evaluate(policy, a, t0)));
    live.advance(t0 + 10min);
    CHECK(live.watch("b", slakit::evaluate(policy, b, t0 + 10min)));
    CHECK_FALSE(live.watch("b", slakit::evaluate(policy, b, t0 + 10min)));

    live.advance(t0 + 22min + 30s);  // a is past 75 % of 30 min
    auto m = live.metrics(channel::email, priority::normal, 1h);
    REQUIRE(m.has_value());
    CHECK(m->pending == 2);
    CHECK(m->at_risk == 1);
    CHECK(m->window.breached == 0);

    live.advance(t0 + 30min + 1s);  // a is overdue: its breach is recorded at due
    m = live.metrics(channel::email, priority::normal, 1h);
    CHECK(m->at_risk == 0);
    CHECK(m->overdue == 1);
    CHECK(m->window.breached == 1);

    // a's late answer adds its time, not a second breach; b is answered in time.
    a.first_response = t0 + 35min;
    b.first_response = t0 + 35min;
    live.advance(t0 + 35min);
    CHECK(live.respond("a", slakit::evaluate(policy, a, t0 + 35min), t0 + 35min) == slakit::add_result::added);
    CHECK(live.respond("b", slakit::evaluate(policy, b, t0 + 35min), t0 + 35min) == slakit::add_result::added);
    m = live.metrics(channel::email, priority::normal, 1h);
    CHECK(m->window.breached == 1);
    CHECK(m->window.met == 1);
    CHECK(m->window.answered == 2);
    CHECK(m->mean == 30min);  // 35 and 25 minutes
    CHECK(*m->compliance == 0.5);
    CHECK(m->pending == 0);
    CHECK(m->overdue == 0);
    // An answered request is not watched.
    CHECK_FALSE(live.watch("c", slakit::evaluate(policy, a, t0 + 35min)));
}

TEST_CASE("monitor options are checked") {
    const auto policy = slakit::presets::response_time_agreement();
    const instant now = at("2026-03-03T10:00:00+08:00");
    const auto refused = [&](auto change) {
        slakit::monitor_options o;
        change(o);
        CHECK_THROWS_AS(slakit::monitor(policy, o, now), std::invalid_argument);
    };
    refused([](slakit::monitor_options& o) { o.first_response_share = 1.5; });
    refused([](slakit::monitor_options& o) { o.handoff_share = -0.1; });
    refused([](slakit::monitor_options& o) { o.warning_level = 0.0; });
    refused([](slakit::monitor_options& o) { o.span = 90s; });
    refused([](slakit::monitor_options& o) { o.bucket_width = 0ms; });
    refused([](slakit::monitor_options& o) { o.sketch_width = 90s; });
    refused([](slakit::monitor_options& o) { o.rules = {{"bad", slakit::severity::page, 1h, 2h, 1.0}}; });
    refused([](slakit::monitor_options& o) {
        o.rules = {{"bad", slakit::severity::page, 1h, 5min, 1.0, 0, 0, -1min}};
    });
}

// ---------------------------------------------------------------------------

TEST_CASE("pending_watch: at risk after the warning, reported once its due passes") {
    slakit::pending_watch<std::string> w{3, 2h};
    const instant t0 = at("2026-03-02T10:00:00Z");
    w.advance(t0);
    CHECK(w.watch("a", t0 + 10min, t0 + 20min));
    CHECK(w.watch("b", t0 + 5min, t0 + 30min));
    CHECK_FALSE(w.watch("a", t0, t0 + 1h));  // already watched
    CHECK(w.watch("c", t0 - 1min, t0 + 40min));  // warned at once
    CHECK(w.at_risk() == 1);
    CHECK_FALSE(w.watch("d", t0, t0 + 1h));  // full
    CHECK(w.overflow() == 1);

    CHECK(w.advance(t0 + 6min).empty());
    CHECK(w.at_risk() == 2);
    CHECK(w.advance(t0 + 20min).empty());  // due is the last instant that still meets
    CHECK(w.at_risk() == 3);
    const auto passed = w.advance(t0 + 20min + 1ms);
    REQUIRE(passed.size() == 1);
    CHECK(passed[0].id == "a");
    CHECK(passed[0].overdue);
    CHECK(w.at_risk() == 2);
    CHECK(w.pending() == 2);
    CHECK(w.overdue() == 1);

    const auto a = w.resolve("a");
    REQUIRE(a.has_value());
    CHECK(a->overdue);
    const auto b = w.resolve("b");
    REQUIRE(b.has_value());
    CHECK_FALSE(b->overdue);
    CHECK(w.at_risk() == 1);
    CHECK_FALSE(w.resolve("zz").has_value());

    // Both due passes in one step come out earliest first; overdue ones are forgotten after keep.
    CHECK(w.watch("e", t0 + 50min, t0 + 35min));  // warning after due: warned at due
    const auto both = w.advance(t0 + 1h);
    REQUIRE(both.size() == 2);
    CHECK(both[0].id == "e");
    CHECK(both[1].id == "c");
    CHECK(w.at_risk() == 0);
    CHECK(w.size() == 2);
    w.advance(t0 + 2h + 36min);
    CHECK(w.size() == 1);  // e (due 10:35) forgotten, c (due 10:40) kept
    w.advance(t0 + 3h);
    CHECK(w.size() == 0);
}

TEST_CASE("alert changes read back what to_string writes") {
    CHECK(slakit::parse<slakit::alert_change>("fired") == slakit::alert_change::fired);
    CHECK(slakit::parse<slakit::alert_change>(slakit::to_string(slakit::alert_change::resolved)) ==
          slakit::alert_change::resolved);
    CHECK_THROWS_AS((void)slakit::parse<slakit::alert_change>("firing"), slakit::parse_error);
}
