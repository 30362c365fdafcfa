#include <slakit/timeline_outcome.hpp>

#include "support/timeline_oracle.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

// docs/timelines.md, "The record, and equivalence": a request evaluated as a record and
// as the timeline timeline_of() makes of it gives the same record outcome, and its
// first_response, handoff and human_response SLA events agree with the record's
// measurements.

using namespace std::chrono_literals;
using slakit::instant;
using slakit::metric;
using std::chrono::milliseconds;

namespace {

slakit::date_exceptions china_2026() {
    slakit::date_exceptions x;
    x.close(date::year{2026} / 1 / 1, date::year{2026} / 1 / 3).open(date::year{2026} / 1 / 4, "09:00-18:00");
    x.close(date::year{2026} / 2 / 15, date::year{2026} / 2 / 23)
        .open(date::year{2026} / 2 / 14, "09:00-18:00")
        .open(date::year{2026} / 2 / 28, "09:00-18:00");
    x.close(date::year{2026} / 10 / 1, date::year{2026} / 10 / 7)
        .open(date::year{2026} / 9 / 20, "09:00-18:00")
        .open(date::year{2026} / 10 / 10, "09:00-18:00");
    return x;
}

// Calendars of several shapes: DST, holidays and make-up days, a night shift, and one
// that never opens after a few special days (so that some business clocks are never due).
std::vector<slakit::calendar> calendars() {
    using slakit::weekly_schedule;
    slakit::date_exceptions berlin_holidays;
    berlin_holidays.close(date::year{2026} / 3 / 30).close(date::year{2026} / 4 / 3, date::year{2026} / 4 / 6);
    slakit::date_exceptions few_days;
    few_days.open(date::year{2026} / 3 / 2, "09:00-12:00").open(date::year{2026} / 3 / 9, "22:00-02:00");
    return {
        slakit::calendar{"Europe/Berlin", weekly_schedule::parse("Mon-Fri 09:00-18:00"), berlin_holidays},
        slakit::calendar{"Asia/Shanghai", weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00"), china_2026()},
        slakit::calendar{"America/New_York", weekly_schedule::parse("Sun 01:00-03:00; Mon-Fri 22:00-06:00")},
        slakit::calendar{"Australia/Lord_Howe", weekly_schedule::parse("Mon-Sat 08:00-20:00")},
        slakit::calendar{"America/Sao_Paulo", weekly_schedule{}, few_days},
    };
}

struct maker {
    std::mt19937_64 rng{20260301};

    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    }
    // Minutes most of the time, milliseconds sometimes.
    milliseconds gap(std::int64_t most_minutes) {
        return chance(0.3) ? milliseconds{uniform(0, most_minutes * 60'000)}
                           : milliseconds{uniform(0, most_minutes) * 60'000};
    }

    std::optional<slakit::threshold> threshold() {
        if (!chance(0.8)) return std::nullopt;
        return slakit::within(
            chance(0.2) ? milliseconds{uniform(1, 3'600'000)} : std::chrono::minutes{uniform(1, 3000)},
            chance(0.5) ? slakit::clock_kind::business : slakit::clock_kind::wall);
    }

    slakit::policy policy(const std::vector<slakit::calendar>& cals) {
        slakit::policy p{cals[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(cals.size()) - 1))]};
        if (chance(0.3)) p.set_calendar(slakit::channel::web_chat, cals[static_cast<std::size_t>(uniform(0, 3))]);
        if (chance(0.3)) p.set_warning_levels({0.3, 0.6, 0.9, 1.0, 1.5});
        for (const auto pr : {slakit::priority::normal, slakit::priority::high, slakit::priority::urgent}) {
            slakit::target t;
            t.first_response = threshold();
            t.handoff = threshold();
            t.human_response = threshold();
            t.resolution = threshold();
            t.next_reply = threshold();
            t.periodic_update = threshold();
            p.set_target(slakit::any, pr, t);
        }
        return p;
    }

    slakit::request request() {
        const instant base = date::sys_days{date::year{2026} / 1 / 1} + std::chrono::minutes{uniform(0, 360 * 1440)};
        slakit::request r{static_cast<slakit::channel>(uniform(0, 3)), static_cast<slakit::priority>(uniform(0, 2)),
                          base + (chance(0.7) ? std::chrono::minutes{0} : milliseconds{uniform(0, 59'999)})};
        if (chance(0.75)) r.first_response = r.submitted_at + gap(chance(0.5) ? 120 : 4000);
        if (chance(0.5)) {
            r.handoff_decided = r.submitted_at + gap(2000);
            if (chance(0.7)) r.handoff_completed = *r.handoff_decided + gap(chance(0.1) ? 0 : 1500);
        }
        if (chance(0.5)) {
            const instant from = r.handoff_completed ? *r.handoff_completed : r.submitted_at;
            r.human_contact = from + gap(1500);
        }
        if (chance(0.1)) r.exclusion_reason = "outage on the business side";
        return r;
    }

    // Before, at or after the events.
    instant as_of(const slakit::request& r) {
        std::vector<instant> points{r.submitted_at};
        for (const auto* e : {&r.first_response, &r.handoff_decided, &r.handoff_completed, &r.human_contact})
            if (*e) points.push_back(**e);
        const instant p = points[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(points.size()) - 1))];
        const auto roll = uniform(0, 9);
        if (roll < 2) return p;
        if (roll < 3 && p - 1ms >= r.submitted_at) return p - 1ms;
        if (roll < 6) return p + gap(600);
        return p + gap(20 * 1440);
    }
};

// Whether the SLA event of one never-paused metric agrees with the record's measurement.
std::string disagreement(const slakit::testing::timeline_result& o, metric m,
                         const slakit::basic_measurement<milliseconds>& want, instant start, const slakit::target& t,
                         slakit::priority p) {
    std::vector<const slakit::testing::sla_event_row*> mine;
    for (const auto& e : o.events)
        if (e.metric == m) mine.push_back(&e);
    if (!want.applies()) return mine.empty() ? "" : "an SLA event the record does not measure";
    if (mine.size() != 1) return "no SLA event for a measured metric";
    const auto& e = *mine.front();
    if (e.status != *want.status) return "status";
    if (e.due != want.due) return "due";
    if (e.warning != want.warning) return "warning";
    if (e.fulfilled() != want.time.has_value()) return "end";
    if (want.time && e.running != *want.time) return "running (fulfilled)";
    if (!want.time && e.running != slakit::threshold_for(t, m)->limit - *want.remaining) return "running (pending)";
    if (e.paused != 0ms || e.paused_now) return "paused";
    if (e.start != start || e.applied_from != start) return "start";
    if (e.priority != p || !(e.limit == *slakit::threshold_for(t, m))) return "target";
    if (e.breached_at != (e.status == slakit::status::breached ? e.due : std::nullopt)) return "breached_at";
    return {};
}

}  // namespace

TEST_CASE("equivalence: 100,000 requests as records and as timelines") {
    const auto cals = calendars();
    maker make;
    std::vector<slakit::policy> policies;
    for (int i = 0; i < 40; ++i) policies.push_back(make.policy(cals));

    long compared = 0, mismatches = 0, fulfilled = 0, pending = 0, breached = 0, never_due = 0, out_of_hours = 0;
    std::string first;
    for (int i = 0; i < 100'000; ++i) {
        const auto& p = policies[static_cast<std::size_t>(i) % policies.size()];
        const auto r = make.request();
        const auto as_of = make.as_of(r);
        const auto record = slakit::evaluate(p, r, as_of);
        const auto o = slakit::evaluate(p, slakit::timeline_of(r), as_of);
        ++compared;

        const auto& t = p.at(r.channel, r.priority).target;
        std::string d = slakit::testing::record_difference(o.record, record);
        if (d.empty())
            d = disagreement(o, metric::first_response, record.first_response, r.submitted_at, t, r.priority);
        // A measured hand-off starts at its decision, a human response at the completion.
        if (d.empty())
            d = disagreement(o, metric::handoff, record.handoff, r.handoff_decided.value_or(instant{}), t, r.priority);
        if (d.empty())
            d = disagreement(o, metric::human_response, record.human_response, r.handoff_completed.value_or(instant{}),
                             t, r.priority);
        if (d.empty() && (o.priority != r.priority || o.state != slakit::status_effect::run || o.reopens != 0))
            d = "priority, state or reopens";
        if (!d.empty()) {
            if (mismatches++ == 0)
                first = d + " for the request submitted " + slakit::format_instant(r.submitted_at) + " as of " +
                        slakit::format_instant(as_of);
            continue;
        }
        for (const auto* m : {&record.first_response, &record.handoff, &record.human_response}) {
            if (!m->applies()) continue;
            fulfilled += m->time.has_value();
            pending += *m->status == slakit::status::pending;
            breached += *m->status == slakit::status::breached;
            never_due += !m->due;
        }
        out_of_hours += record.scope == slakit::scope::out_of_hours;
    }
    MESSAGE("requests compared: " << compared << ", mismatches: " << mismatches << "; measurements fulfilled "
                                  << fulfilled << ", pending " << pending << ", breached " << breached << ", never due "
                                  << never_due << "; out of hours " << out_of_hours);
    CHECK_MESSAGE(mismatches == 0, first);
    CHECK(compared == 100'000);
    CHECK(pending > 1000);
    CHECK(never_due > 100);
}
