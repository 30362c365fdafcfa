// examples/sla_check.cpp: one request against a contract, as of an instant.
//
//   sla_check --contract examples/contracts/response_time_agreement.toml --channel email
//       --priority normal --submitted 2026-03-06T17:50:00+08:00 --as-of 2026-03-06T18:30:00+08:00
//
// Run with --help for the output and the exit statuses.
#include "support/contract.hpp"
#include "support/outcome_text.hpp"
#include "support/program.hpp"

#include <slakit/evaluate.hpp>
#include <slakit/report.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

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

Exit status:
  0  the request was evaluated (whatever its status)
  2  a bad command line, contract file (file:line:column: message) or request
     (error: ...))";

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

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_check"};
    std::string contract_path, channel, priority, submitted, first_response, handoff_decided, handoff_completed,
        human_contact, as_of_text;
    std::optional<std::string> excluded;
    app.add_option("-c,--contract", contract_path, "Contract file (TOML)")->required()->type_name("FILE");
    app.add_option("--channel", channel, "Channel name, as in the contract's [channels]")->required();
    app.add_option("--priority", priority, "Priority name, as in the contract's priorities")->required();
    app.add_option("--submitted", submitted, "When the request was submitted")->required()->type_name("INSTANT");
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
