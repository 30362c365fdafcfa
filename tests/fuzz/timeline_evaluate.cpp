// Fuzz target: slakit::evaluate on request timelines.
//
// The bytes choose a priority-change mode, the targets' clocks, and up to 40 events
// (any kind, any order, instants within a fortnight of a DST change in New York,
// some outside the supported range or before the submission). evaluate must either
// refuse the timeline with invalid_timeline / invalid_request, exactly when validate
// says so, or give SLA events that hold together: no negative time, running plus
// paused equal to the clock's time over the span, business time never above wall
// time, the status that running time and limit imply, a breach instant equal to the
// due instant, and metrics in order with cycles counted from 0. Any violation is
// printed and abort()s.
#include <slakit/timeline_outcome.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace std::chrono_literals;
using slakit::clock_kind;
using slakit::instant;

// 2026-03-08 is the spring-forward Sunday in New York.
const instant base = instant{date::sys_days{date::March / 1 / 2026}} + 14h;

slakit::policy make_policy(slakit::priority_change mode, clock_kind clock) {
    static const slakit::calendar office{"America/New_York", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00"),
                                         slakit::date_exceptions{}
                                             .close(date::March / 6 / 2026)
                                             .open(date::March / 7 / 2026, slakit::parse_intervals("10:00-14:00"))};
    slakit::policy p{office};
    for (const auto pr : {slakit::priority::normal, slakit::priority::high, slakit::priority::urgent}) {
        const auto k = static_cast<int>(pr) + 1;
        slakit::target t;
        t.first_response = slakit::within(std::chrono::minutes{60 / k}, clock);
        t.next_reply = slakit::within(std::chrono::minutes{240 / k}, clock);
        t.periodic_update = slakit::within(std::chrono::minutes{480 / k}, clock);
        t.resolution = slakit::within(std::chrono::minutes{1440 / k}, clock);
        t.handoff = slakit::within(std::chrono::minutes{10 / k}, clock);
        t.human_response = slakit::within(std::chrono::minutes{20 / k}, clock);
        if (pr == slakit::priority::high) t.next_reply_by = slakit::reply_authors::human;
        p.set_target(slakit::any, pr, t);
    }
    p.set_status("open", slakit::status_effect::run)
        .set_status("pending", slakit::status_effect::pause)
        .set_status("solved", slakit::status_effect::resolve);
    p.set_priority_change(mode);
    return p;
}

[[noreturn]] void fail(const char* what, const slakit::timeline& t) {
    std::fprintf(stderr, "timeline_evaluate: %s\n", what);
    for (const auto& e : t.events())
        std::fprintf(stderr, "  %s at %lld ms %s\n", std::string{to_string(e.kind)}.c_str(),
                     static_cast<long long>(e.at.time_since_epoch().count()), e.status.c_str());
    std::abort();
}

template <class Outcome>
void check(const Outcome& o, const slakit::timeline& t, instant as_of, const slakit::policy& p) {
    int last_metric = -1;
    std::size_t next_cycle = 0;
    for (const auto& e : o.events) {
        const int m = static_cast<int>(e.metric);
        if (m < last_metric) fail("SLA events out of metric order", t);
        if (m != last_metric) next_cycle = 0;
        if (e.cycle != next_cycle++) fail("cycles not counted from 0 in order", t);
        last_metric = m;
        if (e.running < 0ms || e.paused < 0ms) fail("negative running or paused time", t);
        const instant stop = e.end ? *e.end : as_of;
        if (stop < e.start) fail("a metric ends before it starts", t);
        const auto counted_from =
            p.lifecycle().on_priority_change() == slakit::priority_change::restart ? e.applied_from : e.start;
        const auto span =
            e.limit.clock == clock_kind::wall ? stop - counted_from : p.calendar().elapsed(counted_from, stop);
        if (e.running + e.paused != span) fail("running + paused differs from the clock's time", t);
        if (e.running > stop - counted_from) fail("running time above wall time", t);
        if (!slakit::pausable(e.metric) && e.paused != 0ms) fail("a metric that never pauses paused", t);
        const bool in_time = e.running <= e.limit.limit;
        const auto expected =
            in_time ? (e.end ? slakit::status::met : slakit::status::pending) : slakit::status::breached;
        if (e.status != expected) fail("status disagrees with running time and limit", t);
        if ((e.status == slakit::status::breached) != e.breached_at.has_value()) fail("breach instant", t);
        if (e.breached_at && e.breached_at != e.due) fail("breach instant differs from due", t);
        if (e.breached_at && *e.breached_at > stop) fail("breached after the span ended", t);
        if (e.paused_now && e.end) fail("paused_now on a fulfilled metric", t);
        // Paused and pending, it is due only if it reached its limit exactly before the pause.
        if (e.paused_now && e.status == slakit::status::pending && e.due &&
            !(e.running == e.limit.limit && *e.due <= stop))
            fail("a paused pending metric is due", t);
        if (e.applied_from < e.start) fail("a target applied before the metric started", t);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const auto mode = static_cast<slakit::priority_change>(in.ConsumeIntegralInRange<int>(0, 2));
    const auto clock = in.ConsumeBool() ? clock_kind::business : clock_kind::wall;
    const auto p = make_policy(mode, clock);

    slakit::timeline t;
    const auto when = [&] {
        if (in.ConsumeIntegralInRange<int>(0, 63) == 0)
            return instant{date::sys_days{date::year{2300} / 1 / 1}};  // out of range
        return base + std::chrono::minutes{in.ConsumeIntegralInRange<int>(-60, 14 * 24 * 60)};
    };
    const int count = in.ConsumeIntegralInRange<int>(0, 40);
    for (int i = 0; i < count; ++i) {
        const auto kind = static_cast<slakit::event_kind>(in.ConsumeIntegralInRange<int>(0, 8));
        const auto at = when();
        const auto pr = static_cast<slakit::priority>(in.ConsumeIntegralInRange<int>(0, 2));
        switch (kind) {
        case slakit::event_kind::submitted: t.submitted(at, slakit::channel::email, pr); break;
        case slakit::event_kind::customer_message: t.customer_message(at); break;
        case slakit::event_kind::reply:
            t.reply(at, in.ConsumeBool() ? slakit::author::bot : slakit::author::human);
            break;
        case slakit::event_kind::status: {
            static constexpr const char* names[] = {"open", "pending", "solved", "archived"};
            t.status(at, names[in.ConsumeIntegralInRange<int>(0, 3)]);
            break;
        }
        case slakit::event_kind::priority: t.priority(at, pr); break;
        case slakit::event_kind::handoff_decided: t.handoff_decided(at); break;
        case slakit::event_kind::handoff_completed: t.handoff_completed(at); break;
        case slakit::event_kind::human_contact: t.human_contact(at); break;
        case slakit::event_kind::excluded: t.excluded(at, in.ConsumeBool() ? "outage" : ""); break;
        }
    }
    const instant as_of = base + std::chrono::minutes{in.ConsumeIntegralInRange<int>(-60, 15 * 24 * 60)};

    const auto problem = slakit::validate(p, t);
    try {
        const auto o = slakit::evaluate(p, t, as_of);
        if (problem) fail("evaluate accepted a timeline validate refuses", t);
        check(o, t, as_of, p);
    } catch (const slakit::invalid_timeline&) {
        if (!problem) fail("evaluate refused a timeline validate accepts", t);
    } catch (const slakit::invalid_request&) {
        if (problem) fail("a bad timeline reported as a bad as_of", t);
    }
    return 0;
}
