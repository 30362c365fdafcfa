// examples/support/report_output.hpp: a period report as sla_report prints it (JSON,
// CSV or an aligned table), shared with the Python bindings so that both give the
// same document for the same report. nlohmann/json stays inside report_output.cpp.
#pragma once

#include "breach_list.hpp"
#include "event_rows.hpp"
#include "interned.hpp"
#include "request_rows.hpp"

#include <slakit/stats.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <cstdint>

#include <optional>
#include <string>
#include <vector>

namespace slakit::examples {

struct run_info {
    std::string contract;
    std::string requests;
    instant as_of;
    bool has_as_of = false;
    bool as_of_given = false;
    row_counts rows;  // lines of an events file
    // The columns the report is broken down by (sla_report --by), in order; the
    // report's dimension values hold one value per name. Empty: none. (Defaulted, so
    // that hosts that fill the fields above in braces need not name it.)
    std::vector<std::string> dimensions = {};
};

// events: the counts of an events file (sla_report --events), whose report has
// metric cells; nullptr for a requests file. breaches: the worst breaches of each
// period (sla_report --breaches N), or nullptr.
[[nodiscard]] std::string json_text(const fast_report& report, const run_info& info,
                                    const event_counts* events = nullptr, const breach_list* breaches = nullptr);

// One row per group; with breaches, a blank line, then the breach list as a second
// CSV table (breaches_csv_text).
// With dimensions (the --by column names), their columns come right after the period.
[[nodiscard]] std::string csv_text(const fast_report& report, const breach_list* breaches = nullptr,
                                   const std::vector<std::string>& dimensions = {});

// One row per group and timeline metric (sla_report --events --format csv).
[[nodiscard]] std::string metrics_csv_text(const fast_report& report, const breach_list* breaches = nullptr,
                                           const std::vector<std::string>& dimensions = {});

// The breach lists of every period: a header line, then one row per breach, worst
// first; with dimensions, the request's values right after request_id.
[[nodiscard]] std::string breaches_csv_text(const fast_report& report, const breach_list& breaches,
                                            const std::vector<std::string>& dimensions = {});

[[nodiscard]] std::string table_text(const fast_report& report, const run_info& info,
                                     const event_counts* events = nullptr, const breach_list* breaches = nullptr);

}  // namespace slakit::examples
