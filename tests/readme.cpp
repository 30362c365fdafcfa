// The README's examples, compiled and checked: what the README claims, it must do.
#include <slakit/calendar.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

using namespace std::chrono_literals;

TEST_CASE("README: a quick tour of the calendar") {
    using namespace date;
    slakit::date_exceptions china;
    china.close(2026_y / October / 1, 2026_y / October / 7)
        .open(2026_y / September / 20, "09:00-18:00")
        .open(2026_y / October / 10, "09:00-18:00")
        .open(2026_y / December / 31, "09:00-12:00");

    const slakit::calendar cal{"Asia/Shanghai", slakit::weekly_schedule::parse("Mon-Fri 09:00-12:00,13:00-18:00"), china};

    const auto t = slakit::parse_instant("2026-09-30T17:00:00+08:00");
    CHECK(cal.is_open(t));
    CHECK(cal.elapsed(t, slakit::parse_instant("2026-10-08T10:00:00+08:00")) == 2h);
    CHECK(cal.deadline(t, 2h) == slakit::parse_instant("2026-10-08T02:00:00Z"));
    CHECK(cal.next_open(t + 1h) == slakit::parse_instant("2026-10-08T01:00:00Z"));
    CHECK(cal.next_close(t) == slakit::parse_instant("2026-09-30T10:00:00Z"));
}

TEST_CASE("README: evaluating one request against the seed contract, and overriding a value") {
    auto sla = slakit::presets::response_time_agreement();  // Asia/Shanghai, Mon-Fri 09:00-18:00
    slakit::request<> r{slakit::channel::email, slakit::priority::normal, slakit::parse_instant("2026-03-02T10:00:00+08:00")};
    r.first_response = r.submitted_at + 30min;

    const auto o = slakit::evaluate(sla, r, /*as_of=*/r.submitted_at + 1h);
    CHECK(o.scope == slakit::scope::in_hours);
    CHECK(o.first_response.status == slakit::status::met);  // "within 30 min" includes 30 min
    CHECK(o.first_response.remaining == 0ms);

    // A stricter contract: e-mail auto-replies within 10 minutes, on the business clock.
    slakit::presets::response_time_agreement_options options;
    options.email_auto_reply = 10min;
    options.clock = slakit::clock_kind::business;
    const auto strict = slakit::presets::response_time_agreement(options);
    const auto s = slakit::evaluate(strict, r, r.submitted_at + 1h);
    CHECK(s.first_response.status == slakit::status::breached);
    CHECK(s.first_response.remaining == -20min);

    // An e-mail sent at 17:55 and answered at 09:05 the next morning: 10 minutes of
    // business time, so the business clock meets 10 min while the wall clock does not.
    slakit::request<> late{slakit::channel::email, slakit::priority::normal, slakit::parse_instant("2026-03-02T17:55:00+08:00")};
    late.first_response = slakit::parse_instant("2026-03-03T09:05:00+08:00");
    CHECK(slakit::evaluate(strict, late, *late.first_response).first_response.status == slakit::status::met);
    CHECK(slakit::evaluate(sla, late, *late.first_response).first_response.status == slakit::status::breached);
}
