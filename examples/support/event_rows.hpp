// examples/support/event_rows.hpp: an events CSV (one event of a request's timeline
// a line) to requests' timelines, for sla_report --events and sla_check --events.
//
//   request_id,at,event,channel,priority,status,author,reason
//   R1,2026-03-02T09:00:00Z,submitted,email,normal,,,
//   R1,2026-03-02T09:20:00Z,reply,,,,bot,
//   R1,2026-03-02T10:00:00Z,status,,,pending,,
//
// Lines are parsed on any thread (parse_run), then gathered by request in file order
// on one thread at a time (event_table::take). A request is finished, and handed out
// to be evaluated, once it is resolved and the file's clock has moved on past it by
// the settle window, or at the end of the input (docs: examples/README.md, "Events
// CSV"). Memory grows with the requests still open, not with the file.
#pragma once

#include "interned.hpp"
#include "line_runs.hpp"
#include "recent_ids.hpp"
#include "request_rows.hpp"

#include <slakit/event.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/time.hpp>
#include <slakit/timeline.hpp>
#include <slakit/timeline_outcome.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

constexpr std::size_t event_column_count = 8;
enum event_column : std::size_t {
    request_id_column,
    at_column,
    event_column_kind,
    event_channel_column,
    event_priority_column,
    status_column,
    author_column,
    reason_column,
};
constexpr std::array<std::string_view, event_column_count> event_column_names{
    "request_id", "at", "event", "channel", "priority", "status", "author", "reason"};

using fast_timeline = slakit::basic_timeline<channel_id, priority_id>;
using fast_timeline_outcome = slakit::basic_timeline_outcome<channel_id, priority_id, milliseconds>;

// One line, parsed: text fields point into the run's text.
struct event_line {
    std::uint64_t line = 0;
    std::uint64_t id_hash = 0;
    std::string_view id;
    instant at{};
    slakit::event_kind kind = slakit::event_kind::submitted;
    slakit::author by = slakit::author::human;
    std::uint16_t channel = 0;  // submitted
    std::uint16_t priority = 0;  // submitted, priority
    std::int32_t status = -1;  // index among the contract's statuses; -1: not one of them (text)
    std::string_view text;  // a status the contract does not know, or an exclusion's reason
    std::vector<std::string_view> dimensions;  // submitted, with event_rows::set_dimensions: the values
};

// One event as a request keeps it while open: 16 bytes, plus the rare text.
struct stored_event {
    instant at{};
    std::uint32_t line_delta = 0;  // from the request's first line
    slakit::event_kind kind = slakit::event_kind::submitted;
    slakit::author by = slakit::author::human;
    std::uint16_t value = 0;  // channel << 8 | priority; a priority; a status, or a text
};

// A request's lines, gathered.
struct request_events {
    std::string id;
    std::uint64_t first_line = 0;
    std::vector<stored_event> events;  // in file order
    std::vector<std::string> texts;  // unknown status names, exclusion reasons
    dimension_values dimensions;  // the values on its (first) submitted line (sla_report --by)

    [[nodiscard]] std::uint64_t line_of(std::size_t event) const noexcept {
        return first_line + events[event].line_delta;
    }
};

struct event_counts {
    std::uint64_t accepted = 0;  // lines
    std::uint64_t rejected = 0;  // lines: bad or late
    std::uint64_t late = 0;  // of those, lines of a request already finished
    std::uint64_t requests = 0;  // finished so far
    std::uint64_t invalid = 0;  // of those, rejected as invalid timelines (or submitted after --as-of)
    [[nodiscard]] std::uint64_t read() const noexcept { return accepted + rejected; }
};

// The contract's names as an events file uses them.
class event_names {
public:
    event_names(const interned_contract& names, const std::vector<std::string>& statuses);
    [[nodiscard]] const interned_contract& contract() const noexcept { return *names_; }
    [[nodiscard]] const std::vector<std::string>& statuses() const noexcept { return *statuses_; }
    // The effect of status i, as the contract's [statuses] give it.
    [[nodiscard]] slakit::status_effect effect(std::size_t i) const noexcept { return effects_[i]; }

    // The timeline of a request's events (names as the contract's).
    void timeline_of(const request_events& r, fast_timeline& out) const;

private:
    const interned_contract* names_;
    const std::vector<std::string>* statuses_;
    std::vector<slakit::status_effect> effects_;
};

// stored_event::value of a status event: a contract's status, or (with this bit) a
// text of the request.
constexpr std::uint16_t text_bit = 0x8000;

// The header and lines of one events file: parse_run may run on any thread.
class event_rows {
public:
    explicit event_rows(const event_names& names) : names_(names) {}

    // Also reads these columns (sla_report --by) on submitted lines, into
    // event_line::dimensions. Before start().
    void set_dimensions(std::vector<std::string> columns) { dimensions_ = std::move(columns); }

    // Reads the header line; throws fatal_error for an empty file or a header without
    // request_id, at and event (or a dimension column).
    void start(line_runs& source);

    // Parses one run of lines: good ones into lines, bad ones into rejected (both in
    // line order). The lines point into text. With ids, the request_id of each rejected
    // line that has one, by line (for sla_check).
    void parse_run(const std::string& shown, std::string& text, const line_runs::run& r, std::vector<event_line>& lines,
                   std::vector<rejection>& rejected,
                   std::vector<std::pair<std::uint64_t, std::string>>* ids = nullptr) const;

    // Why a line (its fields, absent: empty) is rejected, or empty when it is read into out.
    [[nodiscard]] std::string parse_fields(const std::array<std::string_view, event_column_count>& fields,
                                           event_line& out) const;

private:
    const event_names& names_;
    std::vector<int> order_;  // for each field of the header, its column (dimension k: event_column_count + k), or -1
    std::size_t header_bytes_ = 0;
    std::vector<std::string> dimensions_;
};

// The requests still open, in file order: one thread at a time.
class event_table {
public:
    // settle: how far the file's clock must move on past a resolved request before
    // it is finished. Late lines are recognised among the last `finished_window`
    // requests finished (recent_ids).
    event_table(const event_names& names, std::chrono::milliseconds settle,
                std::size_t finished_window = recent_ids::default_window);

    // Adds a run's lines (rejecting late ones into rejected, kept in line order) and
    // moves the requests now finished into done, in the order they finished.
    void take(std::vector<event_line>& lines, std::vector<rejection>& rejected, std::vector<request_events>& done);

    // Every request still open, by its first line: the end of the input.
    void finish_all(std::vector<request_events>& done);

    // The latest instant of an accepted line, if any.
    [[nodiscard]] std::optional<instant> clock() const noexcept { return clock_; }
    [[nodiscard]] std::size_t open() const noexcept { return open_; }
    [[nodiscard]] std::size_t peak_open() const noexcept { return peak_open_; }

private:
    struct entry {
        request_events events;
        std::uint64_t id_hash = 0;
        instant latest{};  // the latest event's instant
        instant read_at{};  // the file's clock when its last line was read
        instant last_status{};  // the instant of the latest status event
        bool has_status = false;
        bool resolved = false;  // the latest status (by instant, then file order) resolves
        std::uint64_t ticket = 0;  // of its live place in the queue; 0: none
    };
    struct due_entry {
        instant at;
        std::uint64_t ticket;  // unique: an entry reused for another request has another
        std::uint32_t request;
        friend bool operator>(const due_entry& a, const due_entry& b) noexcept {
            return a.at != b.at ? a.at > b.at : a.ticket > b.ticket;
        }
    };
    // The open requests by the hash of their id: open addressing, linear probing,
    // deletion by backward shift; a slot names an entry (+1; 0: empty).
    struct slot {
        std::uint64_t hash = 0;
        std::uint32_t entry = 0;
    };

    // Adds the line to its request, or returns why it is rejected.
    [[nodiscard]] std::string add(const event_line& l);
    void finish(std::uint32_t index, std::vector<request_events>& done);
    [[nodiscard]] std::size_t home(std::uint64_t hash) const noexcept { return hash >> shift_; }
    void grow();

    const event_names& names_;
    std::chrono::milliseconds settle_;
    std::vector<slot> slots_;
    unsigned shift_ = 0;  // 64 - log2(slots)
    std::vector<entry> entries_;
    std::vector<std::uint32_t> free_;
    std::size_t open_ = 0;
    std::priority_queue<due_entry, std::vector<due_entry>, std::greater<>> due_;
    recent_ids finished_;
    std::optional<instant> clock_;
    std::uint64_t tickets_ = 0;
    std::size_t peak_open_ = 0;
};

}  // namespace slakit::examples
