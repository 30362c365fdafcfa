// examples/support/breach_list.hpp: the N worst breaches of each period (sla_report
// --breaches N), kept in bounded memory: a heap of at most N per period and worker,
// merged at the end. A breach is one SLA event row (event_report.hpp's type) with
// the request's id and channel, so both --requests and --events give the same rows.
#pragma once

#include "interned.hpp"

#include <slakit/period.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/timeline_outcome.hpp>

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slakit::examples {

using fast_sla_event = slakit::basic_sla_event<channel_id, priority_id, milliseconds>;

struct breach {
    std::string id;  // the request's id, or "line N" for a row without one
    channel_id channel;
    fast_sla_event event;  // status breached; running = the measured time
    dimension_values dimensions = {};  // the request's values of the --by columns

    // Time over target: the measured time past the limit.
    [[nodiscard]] milliseconds over() const noexcept { return event.running - event.limit.limit; }
};

// Worse first: more time over target, then the earlier breach, then the id, metric
// and cycle (a total order, so the list does not depend on the thread count).
[[nodiscard]] bool worse(const breach& a, const breach& b) noexcept;

class breach_list {
public:
    explicit breach_list(std::size_t n = 0) : n_(n) {}

    [[nodiscard]] std::size_t size_limit() const noexcept { return n_; }
    // Whether a breach this far over target could enter the period's list (a cheap
    // test before the breach's strings are built).
    [[nodiscard]] bool wants(date::local_days period, milliseconds over) const;
    void offer(date::local_days period, breach b);
    void merge(breach_list&& other);
    // The period's list, worst first.
    [[nodiscard]] std::vector<breach> worst(date::local_days period) const;

private:
    std::size_t n_;
    std::map<date::local_days, std::vector<breach>> heaps_;  // each a heap, best on top
};

// The breached measurements of a request record (first response, hand-off, human
// response), its period by `by`.
void offer_breaches(breach_list& into, std::string_view id, const fast_request& r, const fast_outcome& o,
                    const fast_policy& agreement, slakit::reporting_period by, const dimension_values& dimensions = {});
// Every breached SLA event of a request's timeline.
void offer_breaches(breach_list& into, std::string_view id,
                    const slakit::basic_timeline_outcome<channel_id, priority_id, milliseconds>& o,
                    slakit::reporting_period by, const dimension_values& dimensions = {});

}  // namespace slakit::examples
