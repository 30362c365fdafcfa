// examples/sla_check.cpp: one request against a contract, as of an instant.
//
//   sla_check --contract examples/contracts/response_time_agreement.toml --channel email
//       --priority normal --submitted 2026-03-06T17:50:00+08:00 --as-of 2026-03-06T18:30:00+08:00
//
// Run with --help for the output and the exit statuses.
#include "support/contract.hpp"
#include "support/event_rows.hpp"
#include "support/fatal_error.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"
#include "support/outcome_text.hpp"
#include "support/program.hpp"

#include <slakit/evaluate.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/report.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/status.hpp>
#include <slakit/text.hpp>
#include <slakit/time.hpp>
#include <slakit/timeline_outcome.hpp>

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using slakit::instant;
using slakit::examples::scope_text;
using slakit::examples::status_text;
using string_request = slakit::basic_request<std::string, std::string>;
using string_outcome = slakit::basic_outcome<std::string, std::string, std::chrono::milliseconds>;

constexpr std::string_view description =
    R"(Evaluates one request against a contract, as of an instant: whether it counts
(scope), where its first response, hand-off and human response stand (met,
breached, pending), how long each took or has left, the warning level reached,
and for a request submitted outside working hours the opening its automatic
answer quotes.

  sla_check --contract FILE --channel NAME --priority NAME --submitted T
            [--first-response T] [--handoff-decided T] [--handoff-completed T]
            [--human-contact T] [--excluded REASON] [--as-of T]
  sla_check --contract FILE --events FILE.csv --id ID [--as-of T]

With --events, the request is the timeline of the lines of an events CSV (as
sla_report --events reads it) whose request_id is ID: its events in time
order, its status, and each SLA event (metric and cycle) in words.
)";

constexpr std::string_view footer = R"(Instants are ISO 8601 with Z or a UTC offset (2026-03-06T17:50:00+08:00).
--as-of defaults to now; events after it count as not having happened yet.

Output, one "name: value" line each:
  target           the contract's target that applies (channel part, priority part)
  scope            in hours, out of hours, or excluded (with the reason)
  next opening     out of hours only: the opening the automatic answer quotes,
                   in the calendar's local time
  first response   met, breached, pending, or not applicable; then, indented,
                   time, limit, remaining (negative after a breach), due and
                   warning (the highest warning level reached)
  hand-off         the same, for a hand-off decided in working hours (2.4)
  human response   the same, from the completed hand-off to the human contact
Instants are printed in the calendar's local time with their offset.

With --events, --as-of defaults to the latest instant in the file. Output:
  request, lines   the request and how many lines it has (rejected ones named)
  target           the target at submission
  as of            the evaluation instant and where it comes from
  events           one line each, by instant (then file order), with its line
  state            running, paused or resolved at as of (the status's name),
                   the priority in force, reopens and priority changes
  scope            as above, of the request as a record
  then one paragraph per SLA event: "metric (cycle N): status", the limit and
  the target's priority, start, applied from (when not the start), end or
  "not yet", running and paused time, due or breached at, and the warning.

Exit status:
  0  the request was evaluated (whatever its status)
  2  a bad command line, contract file (file:line:column: message) or request
     (error: ...), an events file without the request or with an invalid
     timeline for it)";

std::optional<instant> instant_option(std::string_view flag, const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        return slakit::parse_instant(text);
    } catch (const slakit::parse_error& e) {
        throw std::invalid_argument(std::string{flag} + ": " + e.what());
    }
}

std::string share_text(double fraction) {
    const auto hundredths = static_cast<long long>(fraction * 10000.0 + 0.5);
    std::string text = std::to_string(hundredths / 100);
    if (const auto rest = hundredths % 100; rest != 0) {
        text += '.';
        text += static_cast<char>('0' + rest / 10);
        if (rest % 10 != 0) text += static_cast<char>('0' + rest % 10);
    }
    return text + " %";
}

void print_measurement(std::ostream& out, std::string_view name,
                       const slakit::basic_measurement<std::chrono::milliseconds>& m,
                       const std::optional<slakit::threshold>& threshold, const std::vector<double>& levels,
                       const slakit::examples::string_policy::calendar_type& calendar) {
    out << name << ": " << status_text(m.status) << '\n';
    if (m.time) out << "  time: " << slakit::duration_text(*m.time) << '\n';
    if (!m.applies()) return;
    if (!m.time && m.remaining)
        out << "  elapsed: " << slakit::duration_text(threshold->limit - *m.remaining) << " so far, no end yet\n";
    out << "  limit: " << slakit::exact_duration_text(threshold->limit) << " ("
        << (threshold->clock == slakit::clock_kind::wall ? "wall clock" : "business hours") << ")\n";
    if (m.remaining) out << "  remaining: " << slakit::duration_text(*m.remaining) << '\n';
    out << "  due: "
        << (m.due ? slakit::format_instant(*m.due, calendar.zone()) : std::string{"never (no open time left)"}) << '\n';
    out << "  warning: ";
    if (m.warning) {
        out << share_text(levels[*m.warning]) << " (level " << *m.warning + 1 << " of " << levels.size() << ")\n";
    } else {
        out << "none\n";
    }
}

using namespace slakit::examples;

std::string local(const slakit::examples::string_policy::calendar_type& calendar, instant t) {
    return slakit::format_instant(t, calendar.zone());
}

std::string clock_text(slakit::clock_kind c) { return c == slakit::clock_kind::wall ? "wall clock" : "business hours"; }

std::string effect_text(slakit::status_effect e) {
    switch (e) {
    case slakit::status_effect::run: return "running";
    case slakit::status_effect::pause: return "paused";
    case slakit::status_effect::resolve: return "resolved";
    }
    return "?";
}

// The request `id` of an events file, explained: exit status as run()'s.
int explain_events(const slakit::examples::contract& c, const std::string& path, const std::string& id,
                   const std::string& as_of_text) {
    const interned_contract names = intern(c);
    const event_names words{names, c.statuses};
    event_rows rows{words};
    line_runs source{path};
    rows.start(source);
    request_events mine;
    mine.id = id;
    std::vector<std::pair<std::uint64_t, std::string>> bad;  // of this request
    std::optional<instant> latest;
    {
        std::string text;
        line_runs::run r;
        std::vector<event_line> lines;
        std::vector<rejection> rejected;
        std::vector<std::pair<std::uint64_t, std::string>> ids;
        while (source.next(text, r)) {
            ids.clear();
            rows.parse_run(path, text, r, lines, rejected, &ids);
            for (const auto& l : lines) {
                if (!latest || *latest < l.at) latest = l.at;
                if (l.id != id) continue;
                if (mine.events.empty()) mine.first_line = l.line;
                stored_event e{l.at, static_cast<std::uint32_t>(l.line - mine.first_line), l.kind, l.by, 0};
                if (l.kind == slakit::event_kind::submitted)
                    e.value = static_cast<std::uint16_t>(l.channel << 8 | l.priority);
                if (l.kind == slakit::event_kind::priority) e.value = l.priority;
                if (l.kind == slakit::event_kind::status) {
                    if (l.status >= 0) {
                        e.value = static_cast<std::uint16_t>(l.status);
                    } else {
                        e.value = static_cast<std::uint16_t>(text_bit | mine.texts.size());
                        mine.texts.emplace_back(l.text);
                    }
                }
                if (l.kind == slakit::event_kind::excluded) {
                    e.value = static_cast<std::uint16_t>(mine.texts.size());
                    mine.texts.emplace_back(l.text);
                }
                mine.events.push_back(e);
            }
            for (const auto& [line, rid] : ids) {
                if (rid != id) continue;
                for (const auto& x : rejected)
                    if (x.line == line) bad.emplace_back(line, x.reason);
            }
        }
    }
    if (mine.events.empty() && bad.empty())
        throw std::invalid_argument("--id: no line of " + path + " has request_id \"" + id + '"');
    const instant as_of = as_of_text.empty() ? latest.value_or(instant{}) : *instant_option("--as-of", as_of_text);

    fast_timeline t;
    words.timeline_of(mine, t);
    std::cout << "request: " << id << '\n';
    std::cout << "lines: " << mine.events.size() + bad.size() << " (" << bad.size() << " rejected)\n";
    for (const auto& [line, reason] : bad) std::cout << "  rejected: " << path << ':' << line << ": " << reason << '\n';
    const auto& policy = names.policy;
    const fast_timeline_outcome o = [&] {
        try {
            return slakit::evaluate(policy, t, as_of);
        } catch (const slakit::invalid_timeline& e) {
            const std::uint64_t line = e.index() < mine.events.size() ? mine.line_of(e.index()) : mine.first_line;
            throw std::invalid_argument(path + ':' + std::to_string(line) + ": request \"" + id + "\": " + e.what());
        }
    }();
    const auto& calendar = c.policy.calendar_for(*o.record.channel.text);
    const auto& levels = policy.warning_levels();
    std::cout << "target: " << slakit::target_label(policy.at(o.record.channel, o.record.priority).key) << '\n';
    std::cout << "as of: " << local(calendar, as_of)
              << (as_of_text.empty() ? " (the latest instant in the file)" : " (--as-of)") << '\n';

    // The events by instant, then in file order, as evaluate() takes them.
    std::vector<std::size_t> order(mine.events.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& x = mine.events[a];
        const auto& y = mine.events[b];
        if (x.at != y.at) return x.at < y.at;
        return x.kind == slakit::event_kind::submitted && y.kind != slakit::event_kind::submitted;
    });
    std::cout << "events:\n";
    const auto& events = t.events();
    for (const auto i : order) {
        const auto& e = events[i];
        std::cout << "  " << local(calendar, e.at) << "  " << to_string(e.kind);
        switch (e.kind) {
        case slakit::event_kind::submitted:
            std::cout << " (" << *e.channel->text << ", " << *e.priority->text << ')';
            break;
        case slakit::event_kind::priority: std::cout << " -> " << *e.priority->text; break;
        case slakit::event_kind::reply: std::cout << " by " << to_string(e.by); break;
        case slakit::event_kind::status: {
            const auto effect = policy.lifecycle().find(e.status);
            std::cout << ' ' << e.status << " (" << (effect ? std::string{to_string(*effect)} : "unknown") << ')';
            break;
        }
        case slakit::event_kind::excluded: std::cout << " (" << e.reason << ')'; break;
        default: break;
        }
        if (e.at > as_of) std::cout << " [after as of: ignored]";
        std::cout << "  line " << mine.line_of(i) << '\n';
    }
    std::cout << "state: " << effect_text(o.state) << ", priority " << *o.priority.text << ", " << o.reopens
              << (o.reopens == 1 ? " reopen, " : " reopens, ") << o.priority_changes
              << (o.priority_changes == 1 ? " priority change\n" : " priority changes\n");
    std::cout << "scope: " << scope_text(o.record.scope);
    if (o.record.scope == slakit::scope::excluded) std::cout << " (" << *o.record.exclusion_reason << ')';
    std::cout << '\n';
    if (o.events.empty()) std::cout << "no SLA event: the target sets no threshold that applies\n";
    for (const auto& e : o.events) {
        std::cout << '\n' << to_string(e.metric);
        if (e.metric == slakit::metric::next_reply || e.metric == slakit::metric::periodic_update)
            std::cout << " (cycle " << e.cycle << ')';
        std::cout << ": " << status_text(e.status);
        if (e.paused_now) std::cout << ", paused now";
        std::cout << '\n';
        std::cout << "  limit: " << slakit::exact_duration_text(e.limit.limit) << " (" << clock_text(e.limit.clock)
                  << "), the target of priority " << *e.priority.text << '\n';
        std::cout << "  start: " << local(calendar, e.start) << '\n';
        if (e.applied_from != e.start) std::cout << "  applied from: " << local(calendar, e.applied_from) << '\n';
        std::cout << "  end: " << (e.end ? local(calendar, *e.end) : std::string{"not yet"}) << '\n';
        std::cout << "  running: " << slakit::duration_text(e.running);
        if (e.paused.count() != 0) std::cout << ", paused " << slakit::duration_text(e.paused);
        std::cout << '\n';
        if (e.breached_at)
            std::cout << "  breached at: " << local(calendar, *e.breached_at) << '\n';
        else if (e.due)
            std::cout << "  due: " << local(calendar, *e.due) << '\n';
        else if (!e.end)
            std::cout << "  due: none while " << (o.state == slakit::status_effect::resolve ? "resolved" : "paused")
                      << '\n';
        std::cout << "  warning: ";
        if (e.warning)
            std::cout << share_text(levels[*e.warning]) << " (level " << *e.warning + 1 << " of " << levels.size()
                      << ")\n";
        else
            std::cout << "none\n";
    }
    return 0;
}

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_check"};
    std::string contract_path, channel, priority, submitted, first_response, handoff_decided, handoff_completed,
        human_contact, as_of_text;
    std::optional<std::string> excluded;
    app.add_option("-c,--contract", contract_path, "Contract file (TOML)")->required()->type_name("FILE");
    std::string events_path, id;
    auto* events_option =
        app.add_option("-e,--events", events_path, "Events CSV: explain the request --id of it")->type_name("FILE.csv");
    auto* id_option = app.add_option("--id", id, "With --events: the request_id")->needs(events_option);
    events_option->needs(id_option);
    auto* channel_option =
        app.add_option("--channel", channel, "Channel name, as in the contract's [channels]")->excludes(events_option);
    auto* priority_option = app.add_option("--priority", priority, "Priority name, as in the contract's priorities")
                                ->excludes(events_option);
    auto* submitted_option = app.add_option("--submitted", submitted, "When the request was submitted")
                                 ->type_name("INSTANT")
                                 ->excludes(events_option);
    app.add_option("--first-response", first_response, "First feedback shown to the user (1.3)")->type_name("INSTANT");
    app.add_option("--handoff-decided", handoff_decided, "The system decided a human is needed (2.4)")
        ->type_name("INSTANT");
    app.add_option("--handoff-completed", handoff_completed, "The request reached a human, user told")
        ->type_name("INSTANT");
    app.add_option("--human-contact", human_contact, "First effective agent-user contact")->type_name("INSTANT");
    app.add_option("--excluded", excluded, "A delay the business caused, with its reason (4.1(5))")
        ->type_name("REASON");
    app.add_option("--as-of", as_of_text, "Evaluation instant (default: now)")->type_name("INSTANT");
    app.footer(std::string{footer});

    try {
        app.parse(argc, argv);
        if (events_path.empty()) {
            for (auto* o : {channel_option, priority_option, submitted_option})
                if (o->count() == 0) throw CLI::RequiredError(o->get_name());
        }
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help
        std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }

    std::optional<slakit::examples::contract> contract;
    try {
        contract.emplace(slakit::examples::load_contract(contract_path));
    } catch (const slakit::examples::config_error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }

    if (!events_path.empty()) {
        try {
            const int status = explain_events(*contract, events_path, id, as_of_text);
            if (!slakit::examples::flush_stdout()) return 2;
            return status;
        } catch (const fatal_error& e) {
            std::cerr << "error: " << e.what() << '\n';
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << '\n';
            return 2;
        }
    }

    try {
        if (!contract->has_channel(channel))
            throw std::invalid_argument("--channel: \"" + channel + "\" is not a channel of " + contract_path);
        if (!contract->has_priority(priority))
            throw std::invalid_argument("--priority: \"" + priority + "\" is not a priority of " + contract_path);
        string_request r{channel, priority, *instant_option("--submitted", submitted)};
        r.first_response = instant_option("--first-response", first_response);
        r.handoff_decided = instant_option("--handoff-decided", handoff_decided);
        r.handoff_completed = instant_option("--handoff-completed", handoff_completed);
        r.human_contact = instant_option("--human-contact", human_contact);
        r.exclusion_reason = excluded;
        const auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
        const instant as_of = as_of_text.empty() ? instant{now} : *instant_option("--as-of", as_of_text);

        const auto& policy = contract->policy;
        const string_outcome o = slakit::evaluate(policy, r, as_of);
        const auto& target = policy.at(channel, priority).target;
        const auto& calendar = policy.calendar_for(channel);
        const auto& levels = policy.warning_levels();

        std::cout << "target: " << slakit::target_label(o.matched) << '\n';
        std::cout << "scope: " << scope_text(o.scope);
        if (o.scope == slakit::scope::excluded) std::cout << " (" << *o.exclusion_reason << ')';
        std::cout << '\n';
        if (!calendar.is_open(o.submitted_at)) {
            std::cout << "next opening: "
                      << (o.next_open ? slakit::format_instant(*o.next_open, calendar.zone()) : std::string{"never"})
                      << '\n';
        }
        print_measurement(std::cout, "first response", o.first_response, target.first_response, levels, calendar);
        print_measurement(std::cout, "hand-off", o.handoff, target.handoff, levels, calendar);
        print_measurement(std::cout, "human response", o.human_response, target.human_response, levels, calendar);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    if (!slakit::examples::flush_stdout()) return 2;
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return slakit::examples::run_program(run, argc, argv); }
