// examples/support/event_report.hpp: reading an events CSV (event_rows.hpp) into a
// period report, and the per-request SLA events as CSV rows, for sla_report --events.
#pragma once

#include "breach_list.hpp"
#include "event_rows.hpp"
#include "interned.hpp"
#include "line_runs.hpp"
#include "request_rows.hpp"

#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slakit::examples {

// The header of the SLA events CSV (--sla-events), and a request's rows of it, one
// per metric and cycle. Instants in UTC (Z), durations in seconds with milliseconds;
// an absent instant is an empty field.
inline constexpr std::string_view sla_events_header =
    "request_id,metric,cycle,priority,limit_s,clock,start,applied_from,due,end,breached_at,running_s,paused_s,"
    "status,paused_now,warning\n";
void append_sla_events(std::string& out, std::string_view id, const fast_timeline_outcome& o,
                       const std::vector<double>& warning_levels);

// "2026-03-02T09:00:00Z", with ".250" before the Z when the milliseconds are not zero.
void append_instant(std::string& out, instant t);

// Reads the events with `threads` workers, in the way report_reader reads requests:
// each worker parses a run of lines; then, in file order and one worker at a time,
// the run's lines join their requests and the requests now finished are taken out;
// the worker evaluates those into its own report; then, in file order again, their
// messages and SLA events are written. The reports merge exactly at the end.
class event_report_reader {
public:
    event_report_reader(const event_names& names, slakit::reporting_period by, std::optional<instant> as_of,
                        std::chrono::milliseconds settle)
            : names_(names), by_(by), as_of_(as_of), settle_(settle) {}

    // Rejected lines and requests go to `sink` as "file:line: reason\n" lines, in file
    // order (standard error by default).
    void on_rejected(std::function<void(const std::string&)> sink) { sink_ = std::move(sink); }
    // The SLA events of every evaluated request, as CSV rows (without the header).
    void on_sla_events(std::function<void(const std::string&)> sink) { sla_events_ = std::move(sink); }
    void show_progress(bool on) noexcept { progress_ = on; }
    // Late lines are recognised among the last `n` requests finished.
    void finished_window(std::size_t n) noexcept { finished_window_ = n; }
    // Keep the n worst breached SLA events of each period (sla_report --breaches; 0: none).
    void keep_breaches(std::size_t n) noexcept { keep_breaches_ = n; }
    // After read(): the kept breaches.
    [[nodiscard]] const breach_list& breaches() const noexcept { return breaches_; }
    // Breaks the report down by these columns of the file (sla_report --by). A
    // request's values are those on its submitted line (its first one); the same
    // columns on its other lines are not read, so a value that changes later (a
    // reassigned ticket) is not followed.
    void set_dimensions(std::vector<std::string> columns) { dimensions_ = std::move(columns); }
    // At most n distinct dimension values, as report_reader::limit_dimensions.
    void limit_dimensions(std::size_t n) noexcept { limit_ = n; }
    // What the limit's error says in parentheses instead of "--max-groups n".
    void explain_limit(std::string why) { limit_why_ = std::move(why); }

    fast_report read(const std::string& path, unsigned threads);
    fast_report read(line_runs& source, unsigned threads);

    [[nodiscard]] const event_counts& counts() const noexcept { return counts_; }
    [[nodiscard]] instant as_of() const noexcept { return as_of_ ? *as_of_ : clock_.value_or(instant{}); }
    [[nodiscard]] bool as_of_given() const noexcept { return as_of_.has_value(); }
    [[nodiscard]] bool has_as_of() const noexcept { return as_of_ || clock_; }
    // The most requests open at once (memory grows with it).
    [[nodiscard]] std::size_t peak_open() const noexcept { return peak_open_; }

private:
    struct evaluated;
    fast_report read_all(line_runs& source, unsigned threads);
    void sink(const std::string& messages) const;

    const event_names& names_;
    slakit::reporting_period by_;
    std::optional<instant> as_of_;
    std::chrono::milliseconds settle_;
    std::function<void(const std::string&)> sink_;
    std::function<void(const std::string&)> sla_events_;
    bool progress_ = true;
    std::size_t finished_window_ = recent_ids::default_window;
    event_counts counts_;
    std::optional<instant> clock_;
    std::size_t peak_open_ = 0;
    std::size_t keep_breaches_ = 0;
    breach_list breaches_;
    std::vector<std::string> dimensions_;
    std::optional<std::size_t> limit_;
    std::string limit_why_;
};

}  // namespace slakit::examples
