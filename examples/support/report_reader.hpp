// examples/support/report_reader.hpp: reading a requests CSV into a period report,
// for sla_report and the Python bindings (examples/python/).
//
// The contract's names are interned (small integers that print as their names);
// rows are parsed, checked and evaluated by the same code whichever host reads
// them, so that every host gives the same report for the same rows.
#pragma once

#include "breach_list.hpp"
#include "columns.hpp"
#include "interned.hpp"
#include "line_runs.hpp"
#include "recent_ids.hpp"
#include "request_rows.hpp"

#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slakit::examples {

// "more than 500 distinct values of team,agent (why)"; why defaults to "--max-groups 500".
[[nodiscard]] std::string too_many_values(std::size_t limit, const std::vector<std::string>& dimensions,
                                          const std::string& why);

// Reads the requests with `threads` workers. Each worker takes a run of lines,
// parses and checks its rows, then (in file order, one worker at a time) checks
// their ids against the recent ones, reports its rejected rows and notes the latest
// instant, then evaluates its rows into its own report. The reports merge exactly.
class report_reader {
public:
    // Duplicate ids are looked for among the last `id_window` rows accepted (recent_ids).
    report_reader(const interned_contract& names, slakit::reporting_period by, std::optional<instant> as_of,
                  std::size_t id_window = recent_ids::default_window)
            : names_(names), by_(by), as_of_(as_of), rows_(names, as_of, id_window) {}

    // Rejected rows go to `sink` as "file:line: reason\n" lines, a run's at a time
    // and in file order (standard error by default).
    void on_rejected(std::function<void(const std::string&)> sink) { rows_.on_rejected(std::move(sink)); }
    // A progress bar on standard error when it is a terminal (on by default).
    void show_progress(bool on) noexcept { progress_ = on; }
    // Keep the n worst breaches of each period (sla_report --breaches; 0: none).
    void keep_breaches(std::size_t n) noexcept { keep_breaches_ = n; }
    // After read(): the kept breaches.
    [[nodiscard]] const breach_list& breaches() const noexcept { return breaches_; }
    // Breaks the report down by these columns of the file (sla_report --by): each
    // outcome is added with its row's values (request_rows::set_dimensions).
    void set_dimensions(std::vector<std::string> columns) { rows_.set_dimensions(std::move(columns)); }
    // At most n distinct dimension values (fast_report::limit_dimensions): past it,
    // read() throws fatal_error "more than n distinct values of team,agent (why)",
    // `why` being "--max-groups n" unless explain_limit says otherwise.
    void limit_dimensions(std::size_t n) noexcept { limit_ = n; }
    // What the limit's error says in parentheses instead of "--max-groups n".
    void explain_limit(std::string why) { limit_why_ = std::move(why); }

    fast_report read(const std::string& path, const std::array<std::string, column_count>& columns, unsigned threads);
    fast_report read(line_runs& source, const std::array<std::string, column_count>& columns, unsigned threads);

    [[nodiscard]] const row_counts& counts() const noexcept { return rows_.counts(); }
    // The instant the report was evaluated at: --as-of, or the latest one in the file.
    [[nodiscard]] instant as_of() const noexcept { return rows_.as_of(); }
    [[nodiscard]] bool as_of_given() const noexcept { return rows_.as_of_given(); }
    [[nodiscard]] bool has_as_of() const noexcept { return rows_.has_as_of(); }

private:
    struct shard;

    // With --as-of: final. Without: evaluated at the latest instant read so far, which
    // is final unless a threshold is still pending (a breach stays a breach); pending
    // requests are held, and re-evaluated when the held list has doubled.
    void add(shard& s, parsed_row&& r, std::optional<instant> latest) const;
    void add_final(shard& s, const parsed_row& r, const fast_outcome& o) const;

    const interned_contract& names_;
    bool progress_ = true;
    std::size_t keep_breaches_ = 0;
    breach_list breaches_;
    std::optional<std::size_t> limit_;
    std::string limit_why_;
    slakit::reporting_period by_;
    std::optional<instant> as_of_;
    request_rows rows_;
};

}  // namespace slakit::examples
