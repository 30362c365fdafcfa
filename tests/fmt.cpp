#include <slakit/fmt.hpp>

#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>
#include <slakit/report.hpp>

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

using namespace std::chrono_literals;

using slakit::any;
using slakit::channel;
using slakit::channel_kind;
using slakit::clock_kind;
using slakit::human;
using slakit::instant;
using slakit::priority;
using slakit::reporting_period;
using slakit::within;
using std::chrono::milliseconds;

namespace {

const date::time_zone* shanghai() { return date::locate_zone("Asia/Shanghai"); }

instant at(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
    const date::local_seconds l = date::local_days{date::year{y} / date::month{m} / date::day{d}} +
                                  std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
    return shanghai()->to_sys(l);
}

constexpr date::local_days day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

slakit::calendar office() {
    return slakit::calendar{shanghai(), slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")};
}

template <class Policy, class Channel, class Priority = priority>
auto answered(const Policy& p, Channel c, instant submitted, milliseconds after, Priority pr = priority::normal) {
    slakit::basic_request<typename Policy::channel_type, typename Policy::priority_type> r{c, pr, submitted};
    r.first_response = submitted + after;
    return slakit::evaluate(p, r, submitted + after + 1h);
}

}  // namespace

TEST_CASE("durations in human form, rounded half up") {
    using namespace std::chrono;
    CHECK(fmt::format("{}", human(0ms)) == "0 ms");
    CHECK(fmt::format("{}", human(350ms)) == "350 ms");
    CHECK(fmt::format("{}", human(999ms)) == "999 ms");
    CHECK(fmt::format("{}", human(microseconds{999'499})) == "999 ms");
    CHECK(fmt::format("{}", human(microseconds{999'500})) == "1.0 s");
    CHECK(fmt::format("{}", human(microseconds{1'500})) == "2 ms");
    CHECK(fmt::format("{}", human(nanoseconds{350'400'000})) == "350 ms");
    CHECK(fmt::format("{}", human(48'200ms)) == "48.2 s");
    CHECK(fmt::format("{}", human(48'249ms)) == "48.2 s");
    CHECK(fmt::format("{}", human(48'250ms)) == "48.3 s");
    CHECK(fmt::format("{}", human(59'949ms)) == "59.9 s");
    CHECK(fmt::format("{}", human(59'950ms)) == "1 min 00 s");  // rounds to a whole minute, not "60.0 s"
    CHECK(fmt::format("{}", human(65s)) == "1 min 05 s");
    CHECK(fmt::format("{}", human(seconds{65})) == "1 min 05 s");
    CHECK(fmt::format("{}", human(3'599'499ms)) == "59 min 59 s");
    CHECK(fmt::format("{}", human(3'599'500ms)) == "1 h 00 min");
    CHECK(fmt::format("{}", human(2h + 3min)) == "2 h 03 min");
    CHECK(fmt::format("{}", human(2h + 3min + 29'999ms)) == "2 h 03 min");
    CHECK(fmt::format("{}", human(2h + 3min + 30s)) == "2 h 04 min");
    CHECK(fmt::format("{}", human(74h + 10min)) == "74 h 10 min");
    CHECK(fmt::format("{}", human(-20s)) == "-20.0 s");
    CHECK(fmt::format("{}", human(-65s)) == "-1 min 05 s");
    CHECK(fmt::format("{:>12}", fmt::format("{}", human(65s))) == "  1 min 05 s");  // pad the text, not the duration
    CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:>12}"), human(65s)), fmt::format_error);
}

TEST_CASE("response_stats: count, mean, quantiles and max") {
    slakit::response_stats<> s;
    CHECK(fmt::format("{}", s) == "n=0");
    // Below 5 s the sketch's 1 % error stays under the 0.05 s that rounding to tenths hides.
    for (const auto t : {1000ms, 1500ms, 2000ms, 2500ms, 3000ms, 3500ms, 4000ms, 4500ms}) s.add(t);
    CHECK(fmt::format("{}", s) == "n=8 mean 2.8 s p50 2.5 s p90 4.0 s p99 4.0 s max 4.5 s");
    slakit::response_stats<> one;
    one.add(65s);
    CHECK(fmt::format("{}", one) == "n=1 mean 1 min 05 s p50 1 min 05 s p90 1 min 05 s p99 1 min 05 s max 1 min 05 s");
}

TEST_CASE("verdicts and availability") {
    slakit::policy p{office()};
    slakit::target chat;
    chat.aggregates = {slakit::aggregate_target::mean_within(60s)};
    p.set_target(channel_kind::real_time, any, chat);
    slakit::basic_report<channel, priority> r{p, reporting_period::month};
    r.add(answered(p, channel::web_chat, at(2026, 3, 3, 10), 48'000ms));
    r.add(answered(p, channel::in_app_chat, at(2026, 3, 3, 11), 48'400ms));
    const auto v = r.verdicts(day(2026, 3, 1));
    REQUIRE(v.size() == 1);
    CHECK(fmt::format("{}", v.front()) == "real-time mean 48.2 s <= 60 s: met");
    CHECK(fmt::format("{}", v.front()) == v.front().text());

    CHECK(fmt::format("{}", r.availability(day(2026, 3, 1))) == "uptime 100.00 %, in working hours 100.00 %");
    r.add_outage(at(2026, 3, 7, 10), at(2026, 3, 7, 12));  // a Saturday
    CHECK(fmt::format("{}", r.availability(day(2026, 3, 1))) ==
          "uptime 99.73 % (down 2 h 00 min), in working hours 100.00 %");
    r.add_outage(at(2026, 3, 10, 17), at(2026, 3, 10, 19));  // one hour of it in working hours
    // 4 h of 744 h down: 99.462 %; 1 h of 198 working hours: 99.494 %. Both rounded down.
    CHECK(fmt::format("{}", r.availability(day(2026, 3, 1))) ==
          "uptime 99.46 % (down 4 h 00 min), in working hours 99.49 % (down 1 h 00 min)");
    slakit::policy closed{slakit::calendar{shanghai(), slakit::weekly_schedule::parse("")}};
    slakit::basic_report<channel, priority> c{closed, reporting_period::day};
    CHECK(fmt::format("{}", c.availability(day(2026, 3, 1))) == "uptime 100.00 %, no working hours");
}

TEST_CASE("the report as an aligned table, with each period's verdicts, availability and credit") {
    const auto p = slakit::presets::response_time_agreement();
    slakit::basic_report<channel, priority> r{p, reporting_period::month};
    CHECK(fmt::format("{}", r) == "no requests\n");

    for (const auto t : {1200ms, 1500ms, 2100ms}) r.add(answered(p, channel::web_chat, at(2026, 3, 3, 10), t));
    r.add(answered(p, channel::web_chat, at(2026, 3, 7, 10), 900ms));  // Saturday: out of hours
    r.add(answered(p, channel::in_app_chat, at(2026, 3, 4, 10), 2s, priority::high));
    r.add(answered(p, channel::email, at(2026, 3, 3, 10), 4s));
    r.add(answered(p, channel::email, at(2026, 3, 3, 11), 31min));  // late
    slakit::request waiting{channel::email, priority::normal, at(2026, 3, 31, 17, 50)};
    r.add(slakit::evaluate(p, waiting, at(2026, 3, 31, 18)));  // pending when the month ends
    slakit::request excluded{channel::email, priority::normal, at(2026, 3, 5, 10)};
    excluded.exclusion_reason = "the business's CRM was down";
    r.add(slakit::evaluate(p, excluded, at(2026, 3, 5, 12)));
    r.add(answered(p, channel::web_chat, at(2026, 4, 1, 10), 3s));
    r.add_outage(at(2026, 3, 10, 10), at(2026, 3, 10, 10, 45));
    r.set_credit_bands(slakit::credit_bands{{{0.99, 0.0}, {0.95, 0.05}, {0.90, 0.10}, {0.0, 0.25}}});

    // Real-time mean over web chat and in-app chat: (1.2 + 1.5 + 2.1 + 2.0) / 4 = 1.7 s,
    // leaving 4 * 60 - 6.8 = 233.2 s. Compliance: 5 met of 6 decided.
    CHECK(
        fmt::format("{}", r) ==
        "period   channel      priority  requests  in scope  out of hours  excluded  met  breached  pending  compliance"
        "         mean    p50    p90    p99\n"
        "2026-03  web_chat     normal           4         3             1         0    3         0        0    100.00 %"
        "        1.6 s  1.5 s  1.5 s  1.5 s\n"
        "2026-03  in_app_chat  high             1         1             0         0    1         0        0    100.00 %"
        "        2.0 s  2.0 s  2.0 s  2.0 s\n"
        "2026-03  email        normal           4         3             0         1    1         1        1     50.00 %"
        "  15 min 32 s  4.0 s  4.0 s  4.0 s\n"
        "  2.1(1) average first response: real-time mean 1.7 s <= 60 s: met; 3 min 53 s of response time left\n"
        "  out of hours: 1 request, answers n=1 mean 900 ms p50 900 ms p90 900 ms p99 900 ms max 900 ms\n"
        "  availability: uptime 99.89 % (down 45 min 00 s), in working hours 99.62 % (down 45 min 00 s)\n"
        "  service credit: 25 % of the fee at 83.33 % compliance\n"
        "\n"
        "2026-04  web_chat     normal           1         1             0         0    1         0        0    100.00 %"
        "        3.0 s  3.0 s  3.0 s  3.0 s\n"
        "  2.1(1) average first response: real-time mean 3.0 s <= 60 s: met; 57.0 s of response time left\n"
        "  availability: uptime 100.00 %, in working hours 100.00 %\n"
        "  service credit: 0 % of the fee at 100.00 % compliance\n");
}

TEST_CASE("a report with host dimensions shows them as a column, a list joined by slashes") {
    const auto p = slakit::presets::response_time_agreement();
    using dims = std::vector<std::string>;
    slakit::basic_report<channel, priority, std::chrono::milliseconds, std::ratio<1, 100>, slakit::zone_handle, dims> r{
        p, reporting_period::month};
    r.add(answered(p, channel::web_chat, at(2026, 3, 3, 10), 2s), dims{"technical", "eve"});
    r.add(answered(p, channel::email, at(2026, 3, 3, 10), 4s), dims{"billing", "ann"});
    r.add(answered(p, channel::web_chat, at(2026, 3, 3, 11), 90s), dims{"billing", "ann"});
    const auto text = fmt::format("{}", r);
    CHECK(text.starts_with("period   dimensions       channel   priority  requests"));
    // Groups of one value are neighbours, values in ascending order.
    const auto ann = text.find("2026-03  billing / ann    web_chat  normal           1");
    const auto ann_mail = text.find("2026-03  billing / ann    email     normal           1");
    const auto eve = text.find("2026-03  technical / eve  web_chat  normal           1");
    CHECK(ann != std::string::npos);
    CHECK(ann_mail != std::string::npos);
    CHECK(eve != std::string::npos);
    CHECK(ann < ann_mail);
    CHECK(ann_mail < eve);
    // Titled as the host names its dimensions; otherwise the same table.
    const auto titled = slakit::report_table(r, "team / agent");
    CHECK(titled.starts_with("period   team / agent     channel   priority  requests"));
    CHECK(titled.substr(titled.find('\n')) == text.substr(text.find('\n')));
}

TEST_CASE("table columns for business clocks and unthresholded targets; wide names align") {
    slakit::basic_policy<std::string, std::string> p{office()};
    p.set_kind("微信", channel_kind::real_time)
        .set_kind("web", channel_kind::real_time)
        .set_kind("app", channel_kind::real_time);
    slakit::target chat;
    chat.first_response = within(60s, clock_kind::business);
    chat.handoff = within(5min);
    chat.aggregates = {slakit::aggregate_target::compliance_at_least(0.9).named("chat compliance")};
    p.set_target(channel_kind::real_time, any, chat);
    slakit::target app;
    app.aggregates = {slakit::aggregate_target::quantile_within(0.5, 10s)};
    p.set_target(std::string{"app"}, any, app);

    slakit::basic_report<std::string, std::string> r{p, reporting_period::week};
    r.add(answered(p, std::string{"微信"}, at(2026, 3, 3, 10), 3s, std::string{"vip"}));
    r.add(answered(p, std::string{"web"}, at(2026, 3, 3, 10), 70s, std::string{"normal"}));
    r.add(answered(p, std::string{"app"}, at(2026, 3, 3, 10), 1s, std::string{"normal"}));
    slakit::basic_request<std::string, std::string> handed{"web", "normal", at(2026, 3, 4, 10)};
    handed.first_response = handed.submitted_at + 2s;
    handed.handoff_decided = handed.submitted_at + 30s;
    handed.handoff_completed = handed.submitted_at + 6min;
    r.add(slakit::evaluate(p, handed, handed.submitted_at + 1h));

    CHECK(
        fmt::format("{}", r) ==
        "period    channel  priority  requests  in scope  no threshold  out of hours  excluded  met  breached  pending"
        "  compliance  clock       mean    p50    p90    p99\n"
        "2026-W10  app      normal           1         1             1             0         0    0         0        0"
        "           -  wall       1.0 s  1.0 s  1.0 s  1.0 s\n"
        "2026-W10  web      normal           2         2             0             0         0    1         1        0"
        "     50.00 %  business  36.0 s  2.0 s  2.0 s  2.0 s\n"
        "2026-W10  微信     vip              1         1             0             0         0    1         0        0"
        "    100.00 %  business   3.0 s  3.0 s  3.0 s  3.0 s\n"
        "  chat compliance: real-time compliance 66.66 % < 90 %: not met; 1 breach over budget, burn rate 3.33\n"
        "  app p50 1.0 s <= 10 s: met\n"
        "  hand-offs: 0 met, 1 breached, 0 pending (0.00 %)\n"
        "  availability: uptime 100.00 %, in working hours 100.00 %\n");
}
