// examples/support/contract.cpp: reading a whole contract from a TOML file (see contract.hpp).
#include "contract.hpp"

#include "config_file.hpp"

#include <slakit/calendar.hpp>
#include <slakit/enums.hpp>
#include <slakit/error.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/policy.hpp>
#include <slakit/report.hpp>
#include <slakit/target.hpp>
#include <slakit/time.hpp>

#include <date/date.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

namespace {

using detail::before;

// The entries of a table in file order (toml++ iterates them sorted by key).
[[nodiscard]] std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table) {
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (const auto& [key, value] : table) entries.emplace_back(&key, &value);
    std::sort(entries.begin(), entries.end(),
              [](const auto& x, const auto& y) { return before(x.first->source(), y.first->source()); });
    return entries;
}

// Fails on the first key (in file order) of table that is not in allowed.
void check_keys(const config_file& file, const toml::table& table, std::initializer_list<std::string_view> allowed,
                std::string_view where, std::string_view hint = {}) {
    for (const auto& [key, value] : in_file_order(table)) {
        if (std::find(allowed.begin(), allowed.end(), key->str()) != allowed.end()) continue;
        std::string expected;
        for (const auto name : allowed) {
            if (!expected.empty()) expected += ", ";
            expected += name;
        }
        file.fail(key->source(), "unknown key \"" + std::string{key->str()} + "\" in " + std::string{where} +
                                     " (expected " + expected + ')' + std::string{hint});
    }
}

[[nodiscard]] const toml::table& table_at(const config_file& file, const toml::node& node, std::string_view what) {
    const auto* table = node.as_table();
    if (table == nullptr) file.fail(node, std::string{what} + " must be a table");
    return *table;
}

[[nodiscard]] const toml::value<std::string>& string_at(const config_file& file, const toml::node& node,
                                                        std::string_view what) {
    const auto* value = node.as_string();
    if (value == nullptr) file.fail(node, std::string{what} + " must be a string");
    return *value;
}

// A duration: a string slakit::parse_duration reads, or whole seconds.
[[nodiscard]] std::chrono::milliseconds duration_at(const config_file& file, const toml::node& node,
                                                    std::string_view what) {
    std::chrono::milliseconds d{};
    if (const auto* text = node.as_string()) {
        try {
            d = slakit::parse_duration(text->get());
        } catch (const slakit::parse_error& e) {
            file.fail_inside(node.source(), text->get(), e.position(), "bad " + std::string{what} + ": " + e.problem());
        }
    } else if (const auto* number = node.as_integer()) {
        const std::int64_t s = number->get();
        if (s > slakit::longest_limit.count() / 1000 || s < 0)
            file.fail(node, std::string{what} + " must be a positive duration of at most ten years");
        d = std::chrono::seconds{s};
    } else {
        file.fail(node,
                  std::string{what} + " must be a duration such as \"45s\", \"30min\", \"1h30min\" or whole seconds");
    }
    if (d <= d.zero() || d > slakit::longest_limit)
        file.fail(node, std::string{what} + " must be a positive duration of at most ten years");
    return d;
}

// "95%", "99.5 %", "0%": a share in [0, max_percent] percent, as a fraction.
[[nodiscard]] double percent_at(const config_file& file, const toml::node& node, std::string_view what,
                                double max_percent = 100.0) {
    const auto* value = node.as_string();
    if (value == nullptr) {
        file.fail(node, std::string{what} + " must be a percentage written as a string, such as \"95%\"" +
                            (node.is_number() ? " (a bare number could be a fraction or a percentage)" : ""));
    }
    const std::string_view text = value->get();
    std::size_t pos = 0;
    std::uint64_t mantissa = 0;
    int decimals = 0;
    std::size_t digits = 0;
    const auto bad = [&](std::string_view why) {
        file.fail_inside(node.source(), text, pos, "bad " + std::string{what} + ": " + std::string{why});
    };
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (++digits > 12) bad("too many digits");
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[pos++] - '0');
    }
    if (digits == 0) bad("expected a number followed by '%', such as \"95%\"");
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t fraction = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (++digits > 12) bad("too many digits");
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[pos++] - '0');
            ++fraction;
        }
        if (fraction == 0) bad("expected digits after '.'");
        decimals = static_cast<int>(fraction);
    }
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size() || text[pos] != '%') bad("expected '%' after the number");
    ++pos;
    if (pos != text.size()) bad("unexpected text after '%'");
    // One correctly rounded division: "95%" gives exactly the double 0.95.
    double scale = 100.0;
    for (int i = 0; i < decimals; ++i) scale *= 10.0;
    const double fraction = static_cast<double>(mantissa) / scale;
    if (fraction * 100.0 > max_percent + 1e-9)
        file.fail(node, std::string{what} + " must be at most " + std::to_string(static_cast<int>(max_percent)) + '%');
    return fraction;
}

[[nodiscard]] slakit::clock_kind clock_at(const config_file& file, const toml::node& node) {
    const auto& text = string_at(file, node, "clock");
    if (const auto clock = slakit::try_parse<slakit::clock_kind>(text.get())) return *clock;
    file.fail(node, "clock must be \"wall\" or \"business\", not \"" + text.get() + '"');
}

// A per-request threshold: a duration, or { within = duration, clock = ... }.
[[nodiscard]] slakit::threshold threshold_at(const config_file& file, const toml::node& node, std::string_view what,
                                             slakit::clock_kind default_clock) {
    if (const auto* table = node.as_table()) {
        check_keys(file, *table, {"within", "clock"}, what);
        const toml::node* within = table->get("within");
        if (within == nullptr)
            file.fail(node, std::string{what} + " needs within = <duration>, e.g. { within = \"30min\" }");
        const toml::node* clock = table->get("clock");
        return slakit::within(duration_at(file, *within, what), clock ? clock_at(file, *clock) : default_clock);
    }
    return slakit::within(duration_at(file, node, what), default_clock);
}

[[nodiscard]] slakit::aggregate_target aggregate_at(const config_file& file, const toml::node& node,
                                                    slakit::clock_kind default_clock) {
    const auto& table = table_at(file, node, "an aggregate target");
    check_keys(file, table, {"name", "mean", "percentile", "within", "compliance", "clock"}, "an aggregate target");
    const toml::node* clock_node = table.get("clock");
    const slakit::clock_kind clock = clock_node ? clock_at(file, *clock_node) : default_clock;
    const toml::node* mean = table.get("mean");
    const toml::node* percentile = table.get("percentile");
    const toml::node* compliance = table.get("compliance");
    const toml::node* within = table.get("within");
    const int measures = (mean ? 1 : 0) + (percentile ? 1 : 0) + (compliance ? 1 : 0);
    if (measures != 1)
        file.fail(node,
                  "an aggregate target needs exactly one of mean = \"60s\", percentile = 90 (with within = \"2min\"), "
                  "or compliance = \"95%\"");
    if (within != nullptr && percentile == nullptr)
        file.fail(*within, "within belongs to a percentile target (mean and compliance carry their own limit)");

    slakit::aggregate_target a;
    if (mean != nullptr) {
        a = slakit::aggregate_target::mean_within(duration_at(file, *mean, "mean"), clock);
    } else if (percentile != nullptr) {
        const auto p = percentile->value<double>();  // integers convert too
        // Below 1 is refused: 0.9 is far likelier a fraction meant as 90 than the 0.9th percentile.
        if (!p || percentile->is_boolean() || !(*p >= 1.0 && *p <= 100.0))
            file.fail(*percentile,
                      "percentile must be a number from 1 to 100, e.g. 90 or 99.9 (a percentile, not a fraction)");
        if (within == nullptr) file.fail(node, "a percentile target needs within = <duration>, e.g. within = \"2min\"");
        a = slakit::aggregate_target::quantile_within(*p / 100.0, duration_at(file, *within, "within"), clock);
    } else {
        a = slakit::aggregate_target::compliance_at_least(percent_at(file, *compliance, "compliance"), clock);
    }
    if (const toml::node* name = table.get("name")) a.name = string_at(file, *name, "name").get();
    return a;
}

// Names become CSV fields and report cells: no commas, quotes, control characters or
// outer spaces, which a CSV reader could not give back as they are.
void check_name(const config_file& file, const toml::source_region& where, std::string_view name,
                std::string_view what) {
    const bool bad =
        name.empty() || name.front() == ' ' || name.back() == ' ' || std::any_of(name.begin(), name.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u < 0x20 || u == 0x7f || c == ',' || c == '"';
        });
    if (bad)
        file.fail(where, std::string{what} + " name \"" + std::string{name} +
                             "\" must be non-empty, without commas, quotes, control characters or outer spaces");
}

}  // namespace

contract read_contract(const config_file& file) {
    const std::string& path = file.path();
    const toml::table& root = file.root();
    check_keys(file, root,
               {"priorities", "warning_levels", "on_priority_change", "calendar", "channels", "channel_calendars",
                "statuses", "targets", "credit_bands"},
               "a contract", " (calendar keys belong in [calendar])");

    const toml::node* calendar_node = root.get("calendar");
    if (calendar_node == nullptr)
        file.fail(root.source(), "the contract has no [calendar] table (zone, hours, closed, hours_on)");
    contract c{path, string_policy{read_calendar(file, table_at(file, *calendar_node, "calendar"))}, {}, {}, {}, {}};

    // Priorities, least important first.
    const toml::node* priorities = root.get("priorities");
    if (priorities == nullptr)
        file.fail(root.source(),
                  "the contract has no priorities (e.g. priorities = [\"normal\", \"high\", \"urgent\"], "
                  "least important first, before the first [table])");
    const auto* priority_list = priorities->as_array();
    if (priority_list == nullptr || priority_list->empty())
        file.fail(*priorities, "priorities must be a non-empty array of names, least important first");
    for (const toml::node& entry : *priority_list) {
        const auto& name = string_at(file, entry, "a priority");
        check_name(file, entry.source(), name.get(), "priority");
        if (c.has_priority(name.get())) file.fail(entry, "priority \"" + name.get() + "\" is listed twice");
        c.priorities.push_back(name.get());
    }
    c.policy.rank_priorities(c.priorities);

    if (const toml::node* levels = root.get("warning_levels")) {
        const auto* list = levels->as_array();
        if (list == nullptr)
            file.fail(*levels, "warning_levels must be an array of percentages, e.g. [\"50%\", \"75%\", \"100%\"]");
        std::vector<double> fractions;
        for (const toml::node& entry : *list) {
            fractions.push_back(percent_at(file, entry, "warning level", 1000.0));
            // Checked as each level is read, so the error names the first bad entry in the file.
            if (const auto problem = slakit::validate_warning_levels(fractions))
                file.fail(entry, problem->fault == slakit::level_fault::not_positive
                                     ? "a warning level must be above 0%"
                                     : "warning levels must be strictly increasing");
        }
        c.policy.set_warning_levels(std::move(fractions));
    }

    // Channels and their kinds (clause 1.2).
    const toml::node* channels = root.get("channels");
    if (channels == nullptr)
        file.fail(root.source(),
                  "the contract has no [channels] table (e.g. web_chat = \"real-time\", email = \"async\")");
    const auto& channel_table = table_at(file, *channels, "channels");
    if (channel_table.empty()) file.fail(*channels, "[channels] names no channel");
    for (const auto& [key, value] : in_file_order(channel_table)) {
        check_name(file, key->source(), key->str(), "channel");
        const auto* kind = value->as_string();
        if (kind == nullptr || (kind->get() != "real-time" && kind->get() != "async")) {
            file.fail(*value,
                      "channel \"" + std::string{key->str()} + "\" must be \"real-time\" or \"async\"" +
                          (value->is_array()
                               ? std::string{" (top-level keys such as priorities must come before the first [table])"}
                               : std::string{}));
        }
        const std::string name{key->str()};
        c.policy.set_kind(
            name, kind->get() == "async" ? slakit::channel_kind::asynchronous : slakit::channel_kind::real_time);
        c.channels.push_back(name);
    }

    if (const toml::node* calendars = root.get("channel_calendars")) {
        for (const auto& [key, value] : in_file_order(table_at(file, *calendars, "channel_calendars"))) {
            if (!c.has_channel(key->str()))
                file.fail(key->source(),
                          "channel_calendars: \"" + std::string{key->str()} + "\" is not a channel of [channels]");
            c.policy.set_calendar(std::string{key->str()},
                                  read_calendar(file, table_at(file, *value, "a channel calendar")));
        }
    }

    // What the host's statuses do to the clocks, and the rule for a priority change.
    if (const toml::node* mode = root.get("on_priority_change")) {
        const auto& text = string_at(file, *mode, "on_priority_change");
        const auto parsed = slakit::try_parse<slakit::priority_change>(text.get());
        if (!parsed)
            file.fail(*mode,
                      "on_priority_change must be \"keep\", \"reselect\" or \"restart\", not \"" + text.get() + '"');
        c.policy.set_priority_change(*parsed);
    }

    if (const toml::node* statuses = root.get("statuses")) {
        const auto& status_table = table_at(file, *statuses, "statuses");
        if (status_table.empty())
            file.fail(*statuses, "[statuses] names no status (e.g. open = \"run\", pending = \"pause\")");
        for (const auto& [key, value] : in_file_order(status_table)) {
            check_name(file, key->source(), key->str(), "status");
            const auto* effect = value->as_string();
            const auto parsed = effect ? slakit::try_parse<slakit::status_effect>(effect->get()) : std::nullopt;
            if (!parsed)
                file.fail(*value, "status \"" + std::string{key->str()} +
                                      "\" must be \"run\", \"pause\" or \"resolve\"" +
                                      (effect ? ", not \"" + effect->get() + '"' : std::string{}));
            c.policy.set_status(std::string{key->str()}, *parsed);
            c.statuses.emplace_back(key->str());
        }
    }
    // Targets, keyed by channel x priority.
    const toml::node* targets = root.get("targets");
    if (targets == nullptr) file.fail(root.source(), "the contract has no [[targets]]");
    const auto* target_list = targets->as_array();
    if (target_list == nullptr || target_list->empty())
        file.fail(*targets, "targets must be an array of tables ([[targets]])");
    std::vector<std::pair<string_policy::key_type, const toml::node*>> seen;
    for (const toml::node& entry : *target_list) {
        const auto& table = table_at(file, entry, "a target ([[targets]])");
        check_keys(file, table,
                   {"channel", "kind", "priority", "at_least", "clock", "first_response", "handoff", "human_response",
                    "resolution", "next_reply", "periodic_update", "next_reply_by", "aggregates"},
                   "a target");
        const toml::node* channel = table.get("channel");
        const toml::node* kind = table.get("kind");
        const toml::node* priority = table.get("priority");
        const toml::node* at_least = table.get("at_least");
        if (channel && kind) file.fail(*kind, "a target has channel or kind, not both");
        if (priority && at_least) file.fail(*at_least, "a target has priority or at_least, not both");

        slakit::channel_selector<std::string> channel_part{slakit::any};
        if (channel) {
            const auto& name = string_at(file, *channel, "channel");
            if (!c.has_channel(name.get())) file.fail(*channel, "channel \"" + name.get() + "\" is not in [channels]");
            channel_part = slakit::channel_selector<std::string>{name.get()};
        } else if (kind) {
            const auto& name = string_at(file, *kind, "kind");
            if (name.get() != "real-time" && name.get() != "async")
                file.fail(*kind, "kind must be \"real-time\" or \"async\", not \"" + name.get() + '"');
            channel_part = name.get() == "async" ? slakit::channel_kind::asynchronous : slakit::channel_kind::real_time;
        }
        slakit::priority_selector<std::string> priority_part{slakit::any};
        if (priority || at_least) {
            const toml::node& node = priority ? *priority : *at_least;
            const auto& name = string_at(file, node, priority ? "priority" : "at_least");
            if (!c.has_priority(name.get())) file.fail(node, "priority \"" + name.get() + "\" is not in priorities");
            if (priority)
                priority_part = slakit::priority_selector<std::string>{name.get()};
            else
                priority_part = slakit::at_least(name.get());
        }

        const toml::node* clock_node = table.get("clock");
        const slakit::clock_kind clock = clock_node ? clock_at(file, *clock_node) : slakit::clock_kind::wall;
        slakit::target t;
        if (const toml::node* n = table.get("first_response"))
            t.first_response = threshold_at(file, *n, "first_response", clock);
        if (const toml::node* n = table.get("handoff")) t.handoff = threshold_at(file, *n, "handoff", clock);
        if (const toml::node* n = table.get("human_response"))
            t.human_response = threshold_at(file, *n, "human_response", clock);
        if (const toml::node* n = table.get("resolution")) t.resolution = threshold_at(file, *n, "resolution", clock);
        if (const toml::node* n = table.get("next_reply")) t.next_reply = threshold_at(file, *n, "next_reply", clock);
        if (const toml::node* n = table.get("periodic_update"))
            t.periodic_update = threshold_at(file, *n, "periodic_update", clock);
        if (const toml::node* n = table.get("next_reply_by")) {
            const auto& who = string_at(file, *n, "next_reply_by");
            if (who.get() != "any" && who.get() != "human")
                file.fail(*n, "next_reply_by must be \"any\" or \"human\", not \"" + who.get() + '"');
            t.next_reply_by = who.get() == "human" ? slakit::reply_authors::human : slakit::reply_authors::anyone;
        }
        if (const toml::node* n = table.get("aggregates")) {
            const auto* list = n->as_array();
            if (list == nullptr) file.fail(*n, "aggregates must be an array of tables ([[targets.aggregates]])");
            for (const toml::node& a : *list) t.aggregates.push_back(aggregate_at(file, a, clock));
        }

        const string_policy::key_type key{channel_part, priority_part};
        for (const auto& [other, where] : seen)
            if (other == key)
                file.fail(entry, "a second target for the same channel and priority (the first is at " +
                                     file.location(where->source()) + ')');
        seen.emplace_back(key, &entry);
        try {
            c.policy.set_target(std::move(channel_part), std::move(priority_part), std::move(t));
        } catch (const std::invalid_argument& e) {
            file.fail(entry, e.what());
        }
    }

    // No known channel and priority may fall through.
    for (const auto& [key, value] : in_file_order(channel_table))
        for (const auto& p : c.priorities)
            if (c.policy.find(std::string{key->str()}, p) == nullptr)
                file.fail(key->source(), "channel \"" + std::string{key->str()} + "\" with priority \"" + p +
                                             "\" matches no target: add a [[targets]] entry that covers it");

    if (const toml::node* bands = root.get("credit_bands")) {
        const auto* list = bands->as_array();
        if (list == nullptr || list->empty())
            file.fail(
                *bands,
                "credit_bands must be an array of tables ([[credit_bands]] compliance = \"99%\" credit = \"0%\")");
        for (const toml::node& entry : *list) {
            const auto& table = table_at(file, entry, "a credit band ([[credit_bands]])");
            check_keys(file, table, {"compliance", "credit"}, "a credit band");
            const toml::node* compliance = table.get("compliance");
            const toml::node* credit = table.get("credit");
            if (compliance == nullptr || credit == nullptr)
                file.fail(entry,
                          "a credit band needs compliance = \"95%\" (at least) and credit = \"5%\" (of the fee)");
            const slakit::credit_band band{percent_at(file, *compliance, "compliance"),
                                           percent_at(file, *credit, "credit")};
            if (!c.credit_bands.empty() && !(band.compliance < c.credit_bands.back().compliance))
                file.fail(*compliance,
                          "credit bands go from the highest compliance down: this one must start below the one before");
            if (!c.credit_bands.empty() && band.credit < c.credit_bands.back().credit)
                file.fail(*credit, "a lower compliance cannot earn a smaller credit than the band before");
            c.credit_bands.push_back(band);
        }
        if (c.credit_bands.back().compliance != 0.0)
            file.fail(list->back(),
                      "the last credit band must start at compliance = \"0%\", so that every compliance has a credit");
        try {
            static_cast<void>(slakit::credit_bands{c.credit_bands});
        } catch (const std::invalid_argument& e) {
            file.fail(list->back(), e.what());
        }
    }
    return c;
}

contract load_contract(const std::string& path) { return read_contract(config_file{path}); }

contract parse_contract(std::string text, std::string name) {
    return read_contract(config_file::from_text(std::move(name), std::move(text)));
}

}  // namespace slakit::examples
