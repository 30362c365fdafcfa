// examples/embedding.cpp: slakit inside a host's backend, on the host's own types.
//
// A help desk has its own channel and priority enums and its own ticket record. It
// tells slakit what its enums mean (channel_traits, priority_traits), builds a policy
// on them, and hands its tickets to evaluate() as they are: a ticket *is* a
// slakit::basic_request, with the desk's own fields beside. The outcomes feed
// compliance_counters, response_stats and a basic_report directly.
#include "support/outcome_text.hpp"

#include <slakit/calendar.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/report.hpp>
#include <slakit/schedule.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// --- the host's own vocabulary ------------------------------------------------------

namespace helpdesk {

enum class desk : std::uint8_t { phone_bot, whatsapp, mailbox };
enum class urgency : std::uint8_t { low, normal, critical };

// Found by argument-dependent lookup: slakit names targets and groups with them.
constexpr std::string_view to_string(desk d) noexcept {
    switch (d) {
    case desk::phone_bot: return "phone_bot";
    case desk::whatsapp: return "whatsapp";
    case desk::mailbox: return "mailbox";
    }
    return "desk?";
}

constexpr std::string_view to_string(urgency u) noexcept {
    switch (u) {
    case urgency::low: return "low";
    case urgency::normal: return "normal";
    case urgency::critical: return "critical";
    }
    return "urgency?";
}

// The desk's ticket: slakit's request fields, and its own.
struct ticket : slakit::basic_request<desk, urgency> {
    std::uint32_t number = 0;
    std::string customer;
};

}  // namespace helpdesk

// What the enums mean to slakit: nothing is guessed from their declaration order.
template <>
struct slakit::channel_traits<helpdesk::desk> {
    static constexpr channel_kind kind(helpdesk::desk d) noexcept {
        return d == helpdesk::desk::mailbox ? channel_kind::asynchronous : channel_kind::real_time;
    }
};

template <>
struct slakit::priority_traits<helpdesk::urgency> {
    static constexpr std::size_t rank(helpdesk::urgency u) noexcept { return static_cast<std::size_t>(u); }
};

namespace {

using namespace std::chrono_literals;
using helpdesk::desk;
using helpdesk::urgency;
using slakit::examples::scope_text;
using slakit::examples::status_text;

helpdesk::ticket make_ticket(std::uint32_t number, std::string customer, desk d, urgency u, std::string_view submitted,
                             std::optional<std::string_view> first_response = std::nullopt) {
    helpdesk::ticket t;
    t.number = number;
    t.customer = std::move(customer);
    t.channel = d;
    t.priority = u;
    t.submitted_at = slakit::parse_instant(submitted);
    if (first_response) t.first_response = slakit::parse_instant(*first_response);
    return t;
}

}  // namespace

int main() {
    try {
        // Berlin office hours, Saturday mornings too.
        slakit::basic_policy<desk, urgency> policy{
            slakit::calendar{"Europe/Berlin", slakit::weekly_schedule::parse("Mon-Fri 08:00-20:00; Sat 10:00-14:00")}};

        slakit::target chat;
        chat.first_response = slakit::within(45s);
        chat.handoff = slakit::within(5min);
        chat.aggregates.push_back(slakit::aggregate_target::mean_within(45s).named("average first response"));
        policy.set_target(slakit::channel_kind::real_time, slakit::any, chat);

        slakit::target critical_chat;
        critical_chat.first_response = slakit::within(20s);
        critical_chat.handoff = slakit::within(5min);
        policy.set_target(slakit::channel_kind::real_time, slakit::at_least(urgency::critical), critical_chat);

        slakit::target mail;
        mail.first_response = slakit::within(2h, slakit::clock_kind::business);
        policy.set_target(slakit::channel_kind::asynchronous, slakit::any, mail);

        slakit::target critical_mail;
        critical_mail.first_response = slakit::within(30min, slakit::clock_kind::business);
        policy.set_target(desk::mailbox, urgency::critical, critical_mail);

        std::vector<helpdesk::ticket> tickets;
        tickets.push_back(make_ticket(1001, "Anna", desk::phone_bot, urgency::normal, "2026-03-16T09:00:00+01:00",
                                      "2026-03-16T09:00:30+01:00"));
        tickets.push_back(make_ticket(1002, "Ben", desk::phone_bot, urgency::critical, "2026-03-16T09:10:00+01:00",
                                      "2026-03-16T09:10:25+01:00"));
        tickets.push_back(make_ticket(1003, "Chiara", desk::whatsapp, urgency::low, "2026-03-16T19:59:00+01:00",
                                      "2026-03-16T20:00:10+01:00"));
        tickets.push_back(make_ticket(1004, "Deniz", desk::whatsapp, urgency::normal, "2026-03-21T15:00:00+01:00",
                                      "2026-03-21T15:00:03+01:00"));
        tickets.push_back(make_ticket(1005, "Emil", desk::mailbox, urgency::normal, "2026-03-20T19:00:00+01:00",
                                      "2026-03-21T10:45:00+01:00"));
        tickets.push_back(make_ticket(1006, "Farah", desk::mailbox, urgency::critical, "2026-03-23T11:40:00+01:00"));
        auto excluded = make_ticket(1007, "Greta", desk::mailbox, urgency::low, "2026-03-17T08:00:00+01:00");
        excluded.exclusion_reason = "customer asked us to wait for their documents";
        tickets.push_back(excluded);
        auto handed = make_ticket(1008, "Hugo", desk::whatsapp, urgency::normal, "2026-03-17T10:00:00+01:00",
                                  "2026-03-17T10:00:40+01:00");
        handed.handoff_decided = slakit::parse_instant("2026-03-17T10:01:00+01:00");
        handed.handoff_completed = slakit::parse_instant("2026-03-17T10:04:00+01:00");
        tickets.push_back(handed);

        const auto as_of = slakit::parse_instant("2026-03-23T12:00:00+01:00");
        std::map<desk, slakit::compliance_counters> counters;
        std::map<desk, slakit::response_stats<>> times;
        slakit::basic_report<desk, urgency> report{policy, slakit::reporting_period::month};

        for (const auto& t : tickets) {
            const auto o = slakit::evaluate(policy, t, as_of);  // the ticket as it is
            std::cout << "ticket " << t.number << " (" << t.customer << ", " << to_string(t.channel) << ' '
                      << to_string(t.priority) << "): " << scope_text(o.scope) << ", first response "
                      << status_text(o.first_response.status);
            if (o.first_response.time) std::cout << " in " << slakit::duration_text(*o.first_response.time);
            if (o.first_response.status == slakit::status::pending)
                std::cout << ", " << slakit::duration_text(*o.first_response.remaining) << " left";
            if (o.handoff.status) std::cout << ", hand-off " << status_text(o.handoff.status);
            std::cout << '\n';

            // Out-of-hours and excluded tickets are counted by scope alone.
            if (o.first_response.status || !o.counts())
                counters[t.channel].add(o.scope, o.first_response.status.value_or(slakit::status::met));
            if (o.counts())
                if (const auto time = o.response_time(slakit::clock_kind::wall)) times[t.channel].add(*time);
            report.add(o);
        }

        std::cout << '\n';
        for (const auto& [d, c] : counters) {
            std::cout << to_string(d) << ": " << c.total() << " tickets, " << c.met() << " met, " << c.breached()
                      << " breached, " << c.pending() << " pending, " << c.out_of_hours() << " out of hours, "
                      << c.excluded() << " excluded";
            if (const auto& s = times[d]; !s.empty())
                std::cout << "; wall-clock first response mean " << slakit::duration_text(s.mean()) << ", max "
                          << slakit::duration_text(s.max());
            std::cout << '\n';
        }
        const auto march = date::local_days{date::year{2026} / date::March / 1};
        for (const auto& v : report.verdicts(march)) std::cout << v.text() << '\n';
        if (const auto rate = report.compliance(march))
            std::cout << "compliance in " << slakit::period_label(march, report.by()) << ": " << std::fixed
                      << std::setprecision(2) << *rate * 100.0 << " %\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
