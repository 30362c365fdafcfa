// examples/python/events.hpp: request timelines from the columns of an events table
// (the events CSV's columns: request_id, at, event, channel, priority, status,
// author, reason), grouped by request in C++ and evaluated with the GIL released.
#pragma once

#include "module.hpp"

#include <slakit/event.hpp>
#include <slakit/timeline.hpp>
#include <slakit/timeline_outcome.hpp>

#include <pybind11/pybind11.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::python {

using fast_timeline = slakit::basic_timeline<ex::channel_id, ex::priority_id>;
using fast_timeline_outcome =
    slakit::basic_timeline_outcome<ex::channel_id, ex::priority_id, std::chrono::milliseconds>;

// The columns of an events table, as Python hands them over (None: absent), and
// the columns of the dimensions a report is broken down by (team, agent...): a
// request's values are those of its submitted row.
struct event_columns {
    py::handle request_id, at, event, channel, priority, status, author, reason;
    std::vector<std::string> dimension_names{};
    std::vector<py::handle> dimensions{};
};

// A row that cannot be read as an event, or a request whose timeline is invalid.
struct event_problem {
    std::size_t row;  // in the table, counted from 0
    std::size_t request;  // the request's index in the table (order of first appearance)
    std::string reason;
    bool after_as_of = false;  // a request submitted after as_of: not evaluated
};

// The rows of an events table read (with the GIL held) and grouped by request id: the
// text stays in the table's Python strings, which it keeps alive.
class event_table {
public:
    event_table(const contract_data& contract, const event_columns& columns);
    event_table(const event_table&) = delete;
    event_table& operator=(const event_table&) = delete;
    ~event_table();

    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
    [[nodiscard]] std::size_t requests() const noexcept { return first_row_.size(); }
    // The first row of request r: where its id is.
    [[nodiscard]] std::size_t first_row(std::size_t r) const noexcept { return first_row_[r]; }
    // Request r's rows in the order given (unreadable rows included).
    [[nodiscard]] std::span<const std::uint32_t> rows_of(std::size_t r) const noexcept {
        return {order_.data() + start_[r], order_.data() + start_[r + 1]};
    }
    // Rows that could not be read, in row order; they are left out of the timelines.
    [[nodiscard]] const std::vector<event_problem>& unreadable() const noexcept { return unreadable_; }
    // Request r's first unreadable row, if it has one.
    [[nodiscard]] const event_problem* unreadable_row(std::size_t r) const noexcept {
        return first_unreadable_[r] == std::numeric_limits<std::uint32_t>::max() ? nullptr
                                                                                 : &unreadable_[first_unreadable_[r]];
    }

    // Request r's readable events, in the order given; also the table row of each.
    void timeline(std::size_t r, fast_timeline& out, std::vector<std::uint32_t>& rows) const;
    // The latest instant among the readable rows (none if there are none).
    [[nodiscard]] std::optional<slakit::instant> latest() const noexcept { return latest_; }
    // The request's id as text (for messages).
    [[nodiscard]] std::string id_text(std::size_t r) const;
    // The id column, for the output's request_id (Python takes first_row() from it).
    [[nodiscard]] py::object id_column() const;
    // Request r's dimension values: those of its first readable submitted row ("" for
    // None, NaN or a missing value; all "" without such a row). Needs no GIL.
    void dimension_values(std::size_t r, std::vector<std::string>& out) const;

private:
    struct row;
    struct storage;
    const ex::interned_contract* names_;
    std::size_t rows_ = 0;
    std::vector<row> events_;
    std::vector<std::uint32_t> first_row_, start_, order_;
    std::vector<std::uint32_t> first_unreadable_;
    std::vector<event_problem> unreadable_;
    std::optional<slakit::instant> latest_;
    std::size_t dimension_count_ = 0;
    std::vector<std::string_view> dimension_values_;  // request-major, into the columns' strings
    std::unique_ptr<storage> columns_;
};

// Evaluates every request of a table at as_of with `threads` workers, the GIL
// released, from their readable rows (as sla_report drops a bad line and keeps
// the request's others); calls visit(worker, request, outcome) for each, in
// request order within a worker's share (worker w gets the w-th contiguous
// share). A request whose timeline is invalid gives an event_problem instead (its
// row: the offending event's); so does one submitted after as_of (after_as_of).
struct evaluation_counts {
    std::size_t evaluated = 0;
    std::size_t not_yet_submitted = 0;
};
using outcome_visitor = std::function<void(std::size_t worker, std::size_t request, const fast_timeline_outcome&)>;
[[nodiscard]] std::pair<evaluation_counts, std::vector<event_problem>> evaluate_table(const contract_data& contract,
                                                                                      const event_table& table,
                                                                                      slakit::instant as_of,
                                                                                      unsigned threads,
                                                                                      const outcome_visitor& visit);

// Adds sla_events(...) and its helpers to the module.
void bind_events(py::module_& m);

}  // namespace slakit::python
