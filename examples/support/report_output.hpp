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
};

// events: the counts of an events file (sla_report --events), whose report has
// metric cells; nullptr for a requests file.
[[nodiscard]] std::string json_text(const fast_report& report, const run_info& info,
                                    const event_counts* events = nullptr);

// One row per group.
[[nodiscard]] std::string csv_text(const fast_report& report);

// One row per group and timeline metric (sla_report --events --format csv).
[[nodiscard]] std::string metrics_csv_text(const fast_report& report);

[[nodiscard]] std::string table_text(const fast_report& report, const run_info& info,
                                     const event_counts* events = nullptr);

}  // namespace slakit::examples
