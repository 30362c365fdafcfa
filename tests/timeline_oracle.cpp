#include <slakit/timeline_outcome.hpp>

#include "support/timeline_cases.hpp"
#include "support/timeline_oracle.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

// evaluate(policy, timeline, as_of) against tests/support/timeline_oracle.hpp, a
// minute-stepping model written from docs/timelines.md alone, on random timelines in
// the DST zones of the calendar tests, with holidays and make-up days.

using slakit::testing::oracle_outcome;
using slakit::testing::timeline_case;
using slakit::testing::timeline_maker;
using slakit::testing::timeline_world;

namespace {

// Release builds compare at least 10,000 timelines; Debug and sanitizer builds fewer,
// unless SLAKIT_ORACLE_CASES says how many.
long wanted_cases() {
    if (const char* n = std::getenv("SLAKIT_ORACLE_CASES")) return std::atol(n);
#ifdef NDEBUG
    return 50'000;
#else
    return 5'000;
#endif
}

std::string text(const std::optional<slakit::instant>& t) { return t ? slakit::format_instant(*t) : "none"; }

std::string text(const slakit::testing::sla_event_row& e) {
    return std::string{to_string(e.metric)} + " cycle " + std::to_string(e.cycle) + " (" +
           std::string{to_string(e.priority)} + ", " + std::to_string(e.limit.limit / std::chrono::minutes{1}) +
           " min " + std::string{to_string(e.limit.clock)} + "): start " + slakit::format_instant(e.start) +
           " applied_from " + slakit::format_instant(e.applied_from) + " end " + text(e.end) + " due " + text(e.due) +
           " breached_at " + text(e.breached_at) + " running " + std::to_string(e.running / std::chrono::minutes{1}) +
           " min paused " + std::to_string(e.paused / std::chrono::minutes{1}) + " min " +
           std::string{to_string(e.status)} + (e.paused_now ? " paused_now" : "") + " warning " +
           (e.warning ? std::to_string(*e.warning) : "none");
}

// The first difference between the oracle and the library, or empty.
std::string difference(const oracle_outcome& want, const slakit::testing::timeline_result& got) {
    std::string d;
    if (want.in_force != got.priority) return "priority in force at as_of";
    if (want.state != got.state) return "state at as_of";
    if (want.reopens != got.reopens) return "reopens";
    if (want.priority_changes != got.priority_changes) return "priority_changes";
    for (std::size_t i = 0; i < std::max(want.events.size(), got.events.size()); ++i) {
        if (i >= got.events.size()) return "missing SLA event: " + text(want.events[i]);
        if (i >= want.events.size()) return "extra SLA event: " + text(got.events[i]);
        if (auto field = slakit::testing::sla_event_difference(want.events[i], got.events[i]); !field.empty())
            return field + "\n  oracle:  " + text(want.events[i]) + "\n  library: " + text(got.events[i]);
    }
    return {};
}

struct verdict {
    bool decided = true;  // false: the oracle's window was too short
    std::string difference;
};

verdict check(const timeline_world& w, const timeline_case& c) {
    oracle_outcome want;
    try {
        want = slakit::testing::timeline_oracle(c.agreement, c.history, c.as_of, timeline_maker::hours_for(w, c));
    } catch (const slakit::testing::undecidable&) {
        return {false, {}};
    }
    const auto got = slakit::evaluate(c.agreement, c.history, c.as_of);
    auto d = difference(want, got);
    if (d.empty()) {
        const auto record = slakit::evaluate(c.agreement, slakit::testing::record_of(c.history, c.as_of), c.as_of);
        if (auto field = slakit::testing::record_difference(got.record, record); !field.empty()) d = "record." + field;
    }
    return {true, d};
}

// Drops events (never the submission) while the mismatch stays.
timeline_case shrink(const timeline_world& w, timeline_case c) {
    for (bool smaller = true; smaller;) {
        smaller = false;
        for (std::size_t i = 0; i < c.history.size(); ++i) {
            if (c.history.events()[i].kind == slakit::event_kind::submitted) continue;
            timeline_case less{c.agreement, {}, c.as_of, c.chat_always_open, c.policy_code};
            for (std::size_t j = 0; j < c.history.size(); ++j)
                if (j != i) less.history.add(c.history.events()[j]);
            if (slakit::validate(less.agreement, less.history)) continue;
            const auto v = check(w, less);
            if (v.decided && !v.difference.empty()) {
                c = std::move(less);
                smaller = true;
                break;
            }
        }
    }
    return c;
}

}  // namespace

TEST_CASE("differential test: evaluate(policy, timeline, as_of) against the minute-stepping oracle") {
    const long wanted = wanted_cases();
    timeline_maker make{20260504};
    long timelines = 0, sla_events = 0, mismatches = 0, undecided = 0, bad_cases = 0;
    long paused_now = 0, breached = 0, reopened = 0, restarted = 0, cycles = 0, never_due = 0;
    std::string reports;
    std::map<std::string, long> kinds;  // of mismatch
    while (timelines < wanted) {
        const auto w = make.world();
        for (int i = 0; i < 40 && timelines < wanted; ++i) {
            const auto c = make.make(*w);
            if (const auto p = slakit::validate(c.agreement, c.history)) {
                if (bad_cases++ == 0)
                    reports += "the case maker made a bad timeline: " + std::string{p->problem} + "\n" +
                               timeline_maker::code(*w, c);
                continue;
            }
            const auto v = check(*w, c);
            if (!v.decided) {
                ++undecided;
                continue;
            }
            ++timelines;
            if (!v.difference.empty()) {
                ++kinds[v.difference.substr(0, v.difference.find('\n'))];
                if (mismatches++ < 3) {
                    const auto small = shrink(*w, c);
                    reports += "MISMATCH " + check(*w, small).difference + "\nreproducer:\n" +
                               timeline_maker::code(*w, small) + "\n";
                }
                continue;
            }
            // What the cases covered.
            const auto o = slakit::evaluate(c.agreement, c.history, c.as_of);
            sla_events += static_cast<long>(o.events.size());
            reopened += o.reopens > 0;
            for (const auto& e : o.events) {
                paused_now += e.paused_now;
                breached += e.status == slakit::status::breached;
                restarted += e.applied_from != e.start;
                cycles += e.cycle > 0;
                never_due += !e.due;
            }
        }
    }
    MESSAGE("timelines compared: " << timelines << ", SLA events: " << sla_events << ", mismatches: " << mismatches
                                   << ", undecided (oracle window too short): " << undecided << "; covered: paused_now "
                                   << paused_now << ", breached " << breached << ", reopened requests " << reopened
                                   << ", targets applied from a change " << restarted << ", later cycles " << cycles
                                   << ", without due " << never_due);
    for (const auto& [kind, n] : kinds) reports += "  " + std::to_string(n) + " x " + kind + "\n";
    CHECK_MESSAGE(mismatches == 0, reports);
    CHECK_MESSAGE(bad_cases == 0, reports);
    CHECK(timelines >= wanted);
    CHECK(undecided < timelines / 100 + 1);
    CHECK(sla_events > timelines);
}
