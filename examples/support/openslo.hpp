// examples/support/openslo.hpp: a contract's objectives and alert rules as OpenSLO v1
// YAML, and back (docs/monitoring.md, "OpenSLO").
//
// What the export writes, as one YAML stream of documents (apiVersion: openslo/v1):
//   Service         the contract; its annotations carry what OpenSLO has no field for:
//                   slakit.dev/calendar (zone, hours, closed days, hours_on: OpenSLO has
//                   no business hours), slakit.dev/channels, priorities, warning-levels,
//                   statuses, on-priority-change, channel-calendars, credit-bands, and
//                   slakit.dev/targets (each [[targets]] key, in policy order).
//   SLI             per channel x priority, one ratio SLI per per-request threshold (good:
//                   answered within it, total: the requests it applies to), and threshold
//                   SLIs of first-response times for mean and quantile objectives.
//   SLO             per channel x priority, one per aggregate target, over a calendar
//                   month: compliance as a ratio objective's target, a quantile as a
//                   threshold objective (op lte, value in seconds, target = the quantile),
//                   a mean as a threshold objective with slakit.dev/statistic: mean.
//   AlertCondition  per alert rule, kind burnrate: threshold, lookbackWindow (the long
//   AlertPolicy     window), alertAfter (the short one); severity and minimum counts in
//                   annotations.
// The import reads them back into the contract the TOML reader gives (contract.hpp): it
// writes the contract's TOML text and reads that, so both readers check alike.
#pragma once

#include "contract.hpp"

#include <slakit/burn.hpp>

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace slakit::examples {

// A YAML file that cannot be read as an exported contract; what() is "file:line: message".
class openslo_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The monitor's shares for per-request thresholds (slakit::monitor_options), which a
// contract does not state: set, each target's first-response (without a compliance
// aggregate) and hand-off thresholds get an SLO with the share as its target, marked
// slakit.dev/share-of so that the import gives the share back and not a contract term.
struct export_options {
    std::optional<double> first_response_share{};
    std::optional<double> handoff_share{};
};

// The OpenSLO documents of a contract and alert rules; `service` names the Service
// (a lowercase DNS label: letters, digits, '-').
[[nodiscard]] std::string export_openslo(const contract& terms, std::span<const slakit::alert_rule> rules,
                                         const std::string& service, const export_options& options = {});

// The Service name export_openslo would choose for a contract file: its stem as a label.
[[nodiscard]] std::string service_name_for(const std::string& path);

struct openslo_import {
    contract terms;
    std::vector<slakit::alert_rule> rules;
    std::string service;
    std::string toml;  // the contract file that gives `terms`
    export_options shares;  // of the SLOs marked slakit.dev/share-of
};

// Reads YAML text; `name` stands for the file in messages.
[[nodiscard]] openslo_import import_openslo(const std::string& yaml, const std::string& name);

[[nodiscard]] openslo_import load_openslo(const std::string& path);

}  // namespace slakit::examples
