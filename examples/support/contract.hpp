// examples/support/contract.hpp: reading a whole contract (calendar, channels, priorities,
// targets, warning levels, credit bands) from a TOML file, for the example programs.
//
//   priorities = ["normal", "high", "urgent"]     # least important first, required
//   warning_levels = ["50%", "75%", "100%"]       # of a per-request threshold (optional)
//   on_priority_change = "reselect"               # "keep" | "reselect" (default) | "restart"
//
//   [calendar]                                    # as in config.hpp, required
//   zone = "Asia/Shanghai"
//   hours = "Mon-Fri 09:00-18:00"
//
//   [channels]                                    # name = "real-time" | "async", required
//   web_chat = "real-time"
//   email = "async"
//
//   [channel_calendars.web_chat]                  # a channel's own calendar (optional)
//   zone = "Asia/Shanghai"
//   hours = "Mon-Sun 00:00-24:00"
//
//   [statuses]                                    # host status = "run" | "pause" | "resolve"
//   open = "run"                                  # (optional; needed by an events file's
//   pending = "pause"                             #  status events: docs/timelines.md)
//   solved = "resolve"
//
//   [[targets]]                                   # one per channel x priority key
//   kind = "real-time"          # or channel = "web_chat"; neither: every channel
//   at_least = "high"           # or priority = "urgent"; neither: every priority
//   clock = "wall"              # "wall" (default) or "business", for every part below
//   first_response = "60s"     # or { within = "60s", clock = "business" }
//   handoff = "5min"
//   human_response = "2h"
//   resolution = "3d"           # timelines only (docs/timelines.md): pause with the status
//   next_reply = "8h"
//   periodic_update = "24h"
//   next_reply_by = "any"       # or "human": whose reply ends a next-reply cycle
//   [[targets.aggregates]]      # over a reporting period
//   name = "2.1(1) average first response"
//   mean = "60s"                # or percentile = 90 (1..100) with within = "2min",
//                               # or compliance = "95%" (at least)
//
//   [[credit_bands]]                              # highest compliance first (optional)
//   compliance = "99%"          # at least this share of decided requests met...
//   credit = "0%"               # ...earns this share of the monthly fee
//
// Durations are strings ("45s", "30min", "1h30min", "2d") or whole seconds (90).
// Percentages are strings with a '%' ("95%", "99.5%"): a bare 0.95 or 95 would be
// a guess between a fraction and a percentage.
//
// Every error is a config_error whose message reads "file:line:column: message". Unknown
// keys are errors. Every channel x priority must have a target, so that no request of
// a known channel and priority can fall through.
#pragma once

#include "config.hpp"

#include <slakit/policy.hpp>
#include <slakit/report.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace slakit::examples {

// Channels and priorities are the names the contract file gives them.
using string_policy = slakit::basic_policy<std::string, std::string>;

struct contract {
    std::string path;
    string_policy policy;
    std::vector<std::string> channels;  // in file order
    std::vector<std::string> priorities;  // least important first
    std::vector<slakit::credit_band> credit_bands;  // highest compliance first; empty: none
    std::vector<std::string> statuses;  // of [statuses], in file order

    [[nodiscard]] bool has_channel(std::string_view name) const {
        return std::find(channels.begin(), channels.end(), name) != channels.end();
    }
    [[nodiscard]] bool has_priority(std::string_view name) const {
        return std::find(priorities.begin(), priorities.end(), name) != priorities.end();
    }
};

// The contract of a parsed file (config_file.hpp).
[[nodiscard]] contract read_contract(const config_file& file);

[[nodiscard]] contract load_contract(const std::string& path);

// The same from the text of a contract file; `name` stands for the file in messages.
[[nodiscard]] contract parse_contract(std::string text, std::string name = "<contract>");

}  // namespace slakit::examples
