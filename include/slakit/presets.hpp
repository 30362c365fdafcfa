// slakit/presets.hpp: ready-made policies for known contracts.
//
// response_time_agreement() is the seed contract, the "Intelligent Customer Service
// Response-Time Agreement" (智能客服响应时效协议), with its placeholders filled by
// the defaults below. Every value is an option; the returned policy stays mutable.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/policy.hpp>
#include <slakit/schedule.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace slakit::inline v0::presets {

struct response_time_agreement_options {
    // The contract template is Chinese; its make-up working days (调休) only make
    // sense in China's zone. Any IANA name works.
    std::string zone = "Asia/Shanghai";
    std::string working_hours = "Mon-Fri 09:00-18:00";  // 1.4 / Annex 1
    date_exceptions exceptions{};  // public holidays, make-up days

    // 2.1(1): mean first-response time of real-time channels over a period.
    std::chrono::milliseconds real_time_mean = std::chrono::seconds{60};
    // The contract sets no per-request limit for real-time channels. A request still
    // needs one to be "within its standard" in the compliance rate (3.3), so by default
    // each real-time request is held to the mean's value; std::nullopt drops it (the
    // request's first-response status is then not applicable).
    std::optional<std::chrono::milliseconds> real_time_per_request = std::chrono::seconds{60};
    // 2.1(2): automatic reply on asynchronous channels, per request.
    std::chrono::milliseconds email_auto_reply = std::chrono::minutes{30};
    // 2.4: hand-off decision -> completion.
    std::chrono::milliseconds handoff = std::chrono::minutes{5};
    // 2.4: the business's internal standard for the human agent, measured from the
    // completed hand-off to the first effective contact. The contract names no value.
    std::optional<std::chrono::milliseconds> human_response{};
    // 2.2: wall clock. clock_kind::business pauses every target outside working hours.
    clock_kind clock = clock_kind::wall;
};

// Two targets: (real_time, any) and (asynchronous, any). Priority tiers (2.1(3)) live
// in a supplementary agreement: add them with set_target(channel, at_least(...), t).
[[nodiscard]] inline policy response_time_agreement(const response_time_agreement_options& options = {}) {
    policy p{calendar{options.zone, weekly_schedule::parse(options.working_hours), options.exceptions}};

    const auto human = options.human_response ? std::optional<threshold>{within(*options.human_response, options.clock)}
                                              : std::nullopt;

    target real_time;
    if (options.real_time_per_request) real_time.first_response = within(*options.real_time_per_request, options.clock);
    real_time.aggregates.push_back(
        aggregate_target::mean_within(options.real_time_mean, options.clock).named("2.1(1) average first response"));
    real_time.handoff = within(options.handoff, options.clock);
    real_time.human_response = human;
    p.set_target(channel_kind::real_time, any, std::move(real_time));

    target asynchronous;
    asynchronous.first_response = within(options.email_auto_reply, options.clock);
    asynchronous.handoff = within(options.handoff, options.clock);
    asynchronous.human_response = human;
    p.set_target(channel_kind::asynchronous, any, std::move(asynchronous));
    return p;
}

}  // namespace slakit::inline v0::presets
