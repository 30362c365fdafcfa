// examples/support/breach_list.cpp: the N worst breaches of each period.
#include "breach_list.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>
#include <utility>

namespace slakit::examples {

bool worse(const breach& a, const breach& b) noexcept {
    const auto over_a = a.over(), over_b = b.over();
    if (over_a != over_b) return over_a > over_b;
    const auto at_a = a.event.breached_at.value_or(instant::max());
    const auto at_b = b.event.breached_at.value_or(instant::max());
    if (at_a != at_b) return at_a < at_b;
    if (a.id != b.id) return a.id < b.id;
    return std::tuple{a.event.metric, a.event.cycle} < std::tuple{b.event.metric, b.event.cycle};
}

bool breach_list::wants(date::local_days period, milliseconds over) const {
    if (n_ == 0) return false;
    const auto it = heaps_.find(period);
    if (it == heaps_.end() || it->second.size() < n_) return true;
    return over >= it->second.front().over();  // a tie may still win on the breach instant
}

void breach_list::offer(date::local_days period, breach b) {
    if (n_ == 0) return;
    auto& heap = heaps_[period];
    // With `worse` as the heap's order, front() is the least bad kept.
    if (heap.size() < n_) {
        heap.push_back(std::move(b));
        std::push_heap(heap.begin(), heap.end(), worse);
        return;
    }
    if (!worse(b, heap.front())) return;
    std::pop_heap(heap.begin(), heap.end(), worse);
    heap.back() = std::move(b);
    std::push_heap(heap.begin(), heap.end(), worse);
}

void breach_list::merge(breach_list&& other) {
    for (auto& [period, heap] : other.heaps_)
        for (auto& b : heap) offer(period, std::move(b));
    other.heaps_.clear();
}

std::vector<breach> breach_list::worst(date::local_days period) const {
    const auto it = heaps_.find(period);
    if (it == heaps_.end()) return {};
    std::vector<breach> out = it->second;
    std::sort(out.begin(), out.end(), worse);
    return out;
}

namespace {

date::local_days period_of(date::local_time<milliseconds> local, slakit::reporting_period by) {
    return slakit::period_start(date::floor<date::days>(local), by);
}

}  // namespace

void offer_breaches(breach_list& into, std::string_view id, const fast_request& r, const fast_outcome& o,
                    const fast_policy& agreement, slakit::reporting_period by, const dimension_values& dimensions) {
    // As the report counts: an exclusion covers the whole request; the first response
    // counts in working hours only, the hand-off whenever it was decided in them.
    if (into.size_limit() == 0 || o.scope == slakit::scope::excluded) return;
    const date::local_days period = period_of(o.submitted_local, by);
    const slakit::target& t = agreement.at(o.channel, o.priority).target;
    const auto consider = [&](slakit::metric what, const basic_measurement<milliseconds>& m,
                              const std::optional<slakit::threshold>& th, std::optional<instant> start,
                              std::optional<instant> end) {
        if (m.status != slakit::status::breached || !th || !start || !m.remaining) return;
        const milliseconds over = -*m.remaining;
        if (!into.wants(period, over)) return;
        const milliseconds measured = th->limit + over;
        into.offer(period, breach{std::string{id}, o.channel,
                                  fast_sla_event{.metric = what,
                                                 .cycle = 0,
                                                 .matched = o.matched,
                                                 .priority = o.priority,
                                                 .limit = *th,
                                                 .start = *start,
                                                 .applied_from = *start,
                                                 .end = m.time ? end : std::nullopt,
                                                 .due = m.due,
                                                 .breached_at = m.due,
                                                 .running = measured,
                                                 .paused = {},
                                                 .status = slakit::status::breached,
                                                 .paused_now = false,
                                                 .warning = m.warning},
                                  dimensions});
    };
    if (o.counts())
        consider(slakit::metric::first_response, o.first_response, t.first_response, r.submitted_at, r.first_response);
    consider(slakit::metric::handoff, o.handoff, t.handoff, r.handoff_decided, r.handoff_completed);
    consider(slakit::metric::human_response, o.human_response, t.human_response, r.handoff_completed, r.human_contact);
}

void offer_breaches(breach_list& into, std::string_view id,
                    const slakit::basic_timeline_outcome<channel_id, priority_id, milliseconds>& o,
                    slakit::reporting_period by, const dimension_values& dimensions) {
    if (into.size_limit() == 0) return;
    // As the metric cells count: breaches of in-scope requests only.
    if (o.record.scope != slakit::scope::in_hours) return;
    const date::local_days period = period_of(o.record.submitted_local, by);
    for (const auto& e : o.events) {
        if (e.status != slakit::status::breached) continue;
        const milliseconds over = e.running - e.limit.limit;
        if (!into.wants(period, over)) continue;
        into.offer(period, breach{std::string{id}, o.record.channel, e, dimensions});
    }
}

}  // namespace slakit::examples
