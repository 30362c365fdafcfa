#include <slakit/presets.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

using namespace std::chrono_literals;
using slakit::any;
using slakit::at_least;
using slakit::channel;
using slakit::channel_kind;
using slakit::clock_kind;
using slakit::priority;
using slakit::within;

namespace {

std::chrono::sys_seconds local(const date::time_zone* zone, date::year_month_day day, std::chrono::seconds time) {
    return zone->to_sys(date::local_days{day} + time);
}

constexpr auto monday = date::year{2026} / 3 / 2;
constexpr auto saturday = date::year{2026} / 3 / 7;

}  // namespace

TEST_CASE("the seed contract's defaults") {
    const auto p = slakit::presets::response_time_agreement();

    SUBCASE("working hours: Monday to Friday, 09:00 to 18:00, Shanghai time") {
        const auto& cal = p.calendar();
        CHECK(cal.zone()->name() == "Asia/Shanghai");
        const auto z = cal.zone();
        CHECK(cal.is_open(local(z, monday, 9h)));
        CHECK_FALSE(cal.is_open(local(z, monday, 9h) - 1s));
        CHECK_FALSE(cal.is_open(local(z, monday, 18h)));
        CHECK_FALSE(cal.is_open(local(z, saturday, 12h)));
    }

    SUBCASE("real-time channels: a 60 s mean on the wall clock, each request held to 60 s") {
        for (const auto c : {channel::web_chat, channel::in_app_chat, channel::social}) {
            for (const auto pr : {priority::normal, priority::high, priority::urgent}) {
                const auto& t = p.at(c, pr).target;
                REQUIRE(t.aggregates.size() == 1);
                CHECK(t.aggregates[0].measure == slakit::statistic::mean);
                CHECK(t.aggregates[0].limit == 60s);
                CHECK(t.aggregates[0].clock == clock_kind::wall);
                CHECK(t.aggregates[0].name.find("2.1(1)") != std::string::npos);
                CHECK(t.first_response == within(60s));
                CHECK(t.handoff == within(5min));
                CHECK_FALSE(t.human_response.has_value());
            }
        }
    }

    SUBCASE("e-mail: an automatic reply within 30 min, hand-off within 5 min") {
        const auto& t = p.at(channel::email, priority::normal).target;
        CHECK(t.first_response == within(30min));
        CHECK(t.aggregates.empty());
        CHECK(t.handoff == within(5min));
        CHECK(&p.at(channel::email, priority::urgent).target == &t);
    }

    SUBCASE("two entries, keyed by channel kind") {
        REQUIRE(p.targets().size() == 2);
        CHECK(p.find_exact(channel_kind::real_time, any) != nullptr);
        CHECK(p.find_exact(channel_kind::asynchronous, any) != nullptr);
        CHECK(p.warning_levels() == std::vector<double>{0.5, 0.75, 1.0});
    }
}

TEST_CASE("every value of the seed contract is an option") {
    slakit::presets::response_time_agreement_options o;
    o.zone = "Europe/Berlin";
    o.working_hours = "Mon-Sat 08:00-20:00";
    o.exceptions.close(monday);
    o.real_time_mean = 45s;
    o.real_time_per_request = std::nullopt;
    o.email_auto_reply = 1h;
    o.handoff = 3min;
    o.human_response = 15min;
    o.clock = clock_kind::business;
    const auto p = slakit::presets::response_time_agreement(o);

    const auto& cal = p.calendar();
    CHECK(cal.zone()->name() == "Europe/Berlin");
    CHECK(cal.is_open(local(cal.zone(), saturday, 19h)));
    CHECK_FALSE(cal.is_open(local(cal.zone(), monday, 12h)));

    const auto& chat = p.at(channel::web_chat, priority::normal).target;
    CHECK_FALSE(chat.first_response.has_value());
    REQUIRE(chat.aggregates.size() == 1);
    CHECK(chat.aggregates[0].limit == 45s);
    CHECK(chat.aggregates[0].clock == clock_kind::business);
    CHECK(chat.handoff == within(3min, clock_kind::business));
    CHECK(chat.human_response == within(15min, clock_kind::business));

    const auto& mail = p.at(channel::email, priority::normal).target;
    CHECK(mail.first_response == within(1h, clock_kind::business));
    CHECK(mail.human_response == within(15min, clock_kind::business));

    o.working_hours = "Mon-Fri 9am";
    CHECK_THROWS_AS((void)slakit::presets::response_time_agreement(o), slakit::parse_error);
    o.working_hours = "Mon-Fri 09:00-18:00";
    o.email_auto_reply = 0s;
    CHECK_THROWS_AS((void)slakit::presets::response_time_agreement(o), std::invalid_argument);
}

TEST_CASE("the returned policy stays mutable: a supplementary agreement adds priority tiers") {
    auto p = slakit::presets::response_time_agreement();
    auto stricter = *p.find_exact(channel_kind::asynchronous, any);
    stricter.first_response = within(10min);
    p.set_target(channel_kind::asynchronous, at_least(priority::high), stricter);

    CHECK(p.at(channel::email, priority::normal).target.first_response == within(30min));
    CHECK(p.at(channel::email, priority::high).target.first_response == within(10min));
    CHECK(p.at(channel::email, priority::urgent).target.first_response == within(10min));
    CHECK(p.at(channel::email, priority::urgent).target.handoff == within(5min));
    CHECK(p.at(channel::web_chat, priority::urgent).target.first_response == within(60s));

    p.set_calendar(channel::web_chat, slakit::calendar{"Asia/Shanghai", slakit::weekly_schedule::always_open()});
    CHECK(p.calendar_for(channel::web_chat).is_open(local(p.calendar().zone(), saturday, 3h)));
}
