// examples/support/request_rows.hpp: a requests CSV row to a request, in one place
// for every host (sla_report, sla_monitor, the Python bindings): the fields of a row
// checked, rejected rows reported as "file:line: reason" in the same words,
// duplicate ids found among the recent rows, the latest instant noted.
#pragma once

#include "columns.hpp"
#include "interned.hpp"
#include "line_runs.hpp"
#include "recent_ids.hpp"

#include <slakit/time.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

class csv_layout;

struct row_counts {
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    [[nodiscard]] std::uint64_t read() const noexcept { return accepted + rejected; }
};

struct rejection {
    std::uint64_t line;
    std::string reason;
};

struct parsed_row {
    std::uint64_t line = 0;
    std::uint64_t id = 0;  // recent_ids::fingerprint, or 0 without an id
    bool has_id = false;
    std::string id_text;
    fast_request request{};
    // The row's values of the columns set_dimensions named, in that order (an empty
    // field is a value of its own); empty without.
    dimension_values dimensions;
};

// The fields of a CSV header line as the readers see them (a byte-order mark and a
// final '\r' dropped, each field trimmed and unquoted).
[[nodiscard]] std::vector<std::string> header_fields(std::string header);

// Adds the columns of `dimensions` (sla_report --by) to a header's field order
// (`order`: for each field of the header, its column, or -1): the field named
// dimensions[k] becomes column base + k. Throws fatal_error naming "shown:1" for a
// dimension the header lacks or names twice, or one that is also a column read
// otherwise (order already has it).
void add_dimension_columns(const std::string& shown, const std::string& header,
                           const std::vector<std::string>& dimensions, std::size_t base, std::vector<int>& order);

// "team,agent": the --by columns as the command line names them.
[[nodiscard]] std::string dimension_list(const std::vector<std::string>& dimensions);

// The checks every host applies to a row once its fields are read (an instant that
// is absent: nullopt; no exclusion: empty): sets `out`, or returns why the row is
// rejected, in sla_report's words.
[[nodiscard]] std::string make_request(const interned_contract& names, std::string_view channel,
                                       std::string_view priority, const std::array<std::optional<instant>, 5>& times,
                                       std::string_view excluded, std::optional<instant> as_of, fast_request& out);

// The same from the text of the row's fields (empty: absent), in column order.
[[nodiscard]] std::string make_request(const interned_contract& names,
                                       const std::array<std::string_view, column_count>& fields,
                                       std::optional<instant> as_of, fast_request& out);

// The rows of one requests file: parse_run may run on any thread; check_in_order
// runs on one thread at a time, for the runs in file order.
class request_rows {
public:
    // Duplicate ids are looked for among the last `id_window` rows accepted (recent_ids).
    request_rows(const interned_contract& names, std::optional<instant> as_of,
                 std::size_t id_window = recent_ids::default_window);
    request_rows(const request_rows&) = delete;
    request_rows& operator=(const request_rows&) = delete;
    ~request_rows();

    // Rejected rows go to `sink` as "file:line: reason\n" lines, a run's at a time
    // and in file order (standard error by default).
    void on_rejected(std::function<void(const std::string&)> sink) { sink_ = std::move(sink); }
    // Whether a missing column's error suggests --map (sla_report's option; on by default).
    void suggest_map(bool on) noexcept { suggest_map_ = on; }

    // Breaks the report down by these columns of the file too (sla_report --by), each
    // row's values in parsed_row::dimensions. Before start().
    void set_dimensions(std::vector<std::string> columns) { dimensions_ = std::move(columns); }
    [[nodiscard]] const std::vector<std::string>& dimensions() const noexcept { return dimensions_; }

    // Reads the header line of `source` and finds `columns` in it (and the dimension
    // columns): throws fatal_error for an empty file or a header without the required
    // columns.
    void start(line_runs& source, const std::array<std::string, column_count>& columns);
    [[nodiscard]] std::size_t header_bytes() const noexcept { return header_bytes_; }

    // Parses one run: good rows into rows, bad ones into rejected (both in line order).
    void parse_run(const std::string& shown, std::string& text, const line_runs::run& r, std::vector<parsed_row>& rows,
                   std::vector<rejection>& rejected) const;

    // In file order: duplicate ids, the rejected rows' messages, the latest instant.
    // Rows found duplicate get line 0. Returns the latest instant so far.
    std::optional<instant> check_in_order(const std::string& shown, std::vector<parsed_row>& rows,
                                          std::vector<rejection>& rejected);

    // Every accepted row of `source`, in file order, on this thread (for a host that
    // keeps the requests themselves).
    void read_all(line_runs& source, const std::array<std::string, column_count>& columns,
                  const std::function<void(parsed_row&)>& accepted);

    [[nodiscard]] const row_counts& counts() const noexcept { return counts_; }
    // The instant the rows are evaluated at: --as-of, or the latest one in the file.
    [[nodiscard]] instant as_of() const noexcept { return as_of_ ? *as_of_ : latest_.value_or(instant{}); }
    [[nodiscard]] bool as_of_given() const noexcept { return as_of_.has_value(); }
    [[nodiscard]] bool has_as_of() const noexcept { return as_of_ || latest_; }

private:
    // Appends the row, or returns why it is rejected.
    std::string parse_row(const std::array<char*, column_count>& f, std::uint64_t line,
                          std::vector<parsed_row>& rows) const;
    // Splits a line into the columns and the dimension columns (after them).
    void split_with_dimensions(char* line, std::array<char*, column_count>& f, std::vector<char*>& all) const;

    const interned_contract& names_;
    std::function<void(const std::string&)> sink_;
    bool suggest_map_ = true;
    std::optional<instant> as_of_;
    std::unique_ptr<csv_layout> layout_;
    std::size_t header_bytes_ = 0;
    std::vector<std::string> dimensions_;
    std::vector<int> order_;  // with dimensions: each header field's column (dimension k: column_count + k), or -1
    // Touched only in turn.
    std::optional<instant> latest_;
    recent_ids ids_;
    row_counts counts_;
};

}  // namespace slakit::examples
