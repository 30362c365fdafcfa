// examples/support/report_output.hpp: a period report as sla_report prints it (JSON,
// CSV or an aligned table), shared with the Python bindings so that both give the
// same document for the same report. nlohmann/json stays inside report_output.cpp.
#pragma once

#include "event_rows.hpp"
#include "interned.hpp"
#include "request_rows.hpp"

#include <slakit/time.hpp>

#include <optional>
#include <string>

namespace slakit::examples {

struct run_info {
    std::string contract;
    std::string requests;
    instant as_of;
    bool has_as_of = false;
    bool as_of_given = false;
    row_counts rows;  // lines of an events file
    std::optional<event_counts> events;  // read from an events file
};

[[nodiscard]] std::string json_text(const fast_report& report, const run_info& info);

// One row per group.
[[nodiscard]] std::string csv_text(const fast_report& report);

[[nodiscard]] std::string table_text(const fast_report& report, const run_info& info);

}  // namespace slakit::examples
