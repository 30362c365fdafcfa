// examples/support/columns.hpp: the columns of a requests CSV, as sla_simulate writes
// them and sla_report and sla_monitor read them.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace slakit::examples {

constexpr std::size_t column_count = 9;
enum column : std::size_t {
    id_column,
    channel_column,
    priority_column,
    submitted_column,
    first_response_column,
    handoff_decided_column,
    handoff_completed_column,
    human_contact_column,
    excluded_column,
};
constexpr std::array<std::string_view, column_count> column_names{"id",
                                                                  "channel",
                                                                  "priority",
                                                                  "submitted_at",
                                                                  "first_response_at",
                                                                  "handoff_decided_at",
                                                                  "handoff_completed_at",
                                                                  "human_contact_at",
                                                                  "excluded_reason"};

}  // namespace slakit::examples
