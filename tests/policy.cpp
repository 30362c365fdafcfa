#include <slakit/policy.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using slakit::any;
using slakit::at_least;
using slakit::channel;
using slakit::channel_kind;
using slakit::clock_kind;
using slakit::priority;
using slakit::within;

namespace {

slakit::calendar office() {
    return slakit::calendar{"Asia/Shanghai", slakit::weekly_schedule::parse("Mon-Fri 09:00-18:00")};
}

// A target told apart from others by its first-response limit.
slakit::target limit_of(std::chrono::milliseconds limit) {
    slakit::target t;
    t.first_response = within(limit);
    return t;
}

std::chrono::milliseconds chosen(const slakit::policy& p, channel c, priority pr) {
    return p.at(c, pr).target.first_response->limit;
}

}  // namespace

// A host's own vocabulary, in its own namespace.
namespace host {

enum class medium { chat, mail, phone };
enum class tier { gold, silver, bronze };  // declared most important first

[[maybe_unused]] inline std::string to_string(medium m) {
    return m == medium::chat ? "chat" : m == medium::mail ? "mail" : "phone";
}

struct opaque_channel {
    int id;
    friend bool operator==(const opaque_channel&, const opaque_channel&) = default;
};

}  // namespace host

template <>
struct slakit::channel_traits<host::medium> {
    static constexpr channel_kind kind(host::medium m) noexcept {
        return m == host::medium::mail ? channel_kind::asynchronous : channel_kind::real_time;
    }
};

TEST_CASE("the default vocabulary follows the contract") {
    using traits = slakit::channel_traits<channel>;
    CHECK(traits::kind(channel::web_chat) == channel_kind::real_time);
    CHECK(traits::kind(channel::in_app_chat) == channel_kind::real_time);
    CHECK(traits::kind(channel::social) == channel_kind::real_time);
    CHECK(traits::kind(channel::email) == channel_kind::asynchronous);

    using ranks = slakit::priority_traits<priority>;
    CHECK(ranks::rank(priority::normal) < ranks::rank(priority::high));
    CHECK(ranks::rank(priority::high) < ranks::rank(priority::urgent));

    CHECK(slakit::to_string(channel::in_app_chat) == "in_app_chat");
    CHECK(slakit::to_string(priority::urgent) == "urgent");
    CHECK(slakit::to_string(channel_kind::asynchronous) == "asynchronous");
    CHECK(slakit::to_string(clock_kind::business) == "business");

    static_assert(slakit::has_channel_traits<channel>);
    static_assert(slakit::has_priority_traits<priority>);
    static_assert(!slakit::has_channel_traits<std::string>);
    static_assert(!slakit::has_priority_traits<host::tier>);
}

TEST_CASE("the most specific target wins") {
    slakit::policy p{office()};

    SUBCASE("on the channel part: exact channel, then kind, then any") {
        p.set_target(any, any, limit_of(3min));
        CHECK(chosen(p, channel::web_chat, priority::normal) == 3min);
        p.set_target(channel_kind::real_time, any, limit_of(2min));
        CHECK(chosen(p, channel::web_chat, priority::normal) == 2min);
        CHECK(chosen(p, channel::email, priority::normal) == 3min);
        p.set_target(channel::web_chat, any, limit_of(1min));
        CHECK(chosen(p, channel::web_chat, priority::normal) == 1min);
        CHECK(chosen(p, channel::in_app_chat, priority::normal) == 2min);
        CHECK(chosen(p, channel::email, priority::normal) == 3min);
    }

    SUBCASE("the order entries were set in does not matter") {
        p.set_target(channel::web_chat, any, limit_of(1min));
        p.set_target(channel_kind::real_time, any, limit_of(2min));
        p.set_target(any, any, limit_of(3min));
        CHECK(chosen(p, channel::web_chat, priority::normal) == 1min);
        CHECK(chosen(p, channel::social, priority::normal) == 2min);
        CHECK(chosen(p, channel::email, priority::normal) == 3min);
    }

    SUBCASE("on the priority part: exact, then at_least (higher floor first), then any") {
        p.set_target(channel::email, any, limit_of(30min));
        p.set_target(channel::email, at_least(priority::normal), limit_of(25min));
        p.set_target(channel::email, at_least(priority::high), limit_of(10min));
        p.set_target(channel::email, priority::urgent, limit_of(5min));
        CHECK(chosen(p, channel::email, priority::normal) == 25min);
        CHECK(chosen(p, channel::email, priority::high) == 10min);
        CHECK(chosen(p, channel::email, priority::urgent) == 5min);
        p.remove_target(channel::email, priority::urgent);
        CHECK(chosen(p, channel::email, priority::urgent) == 10min);
    }

    SUBCASE("at_least covers the floor and everything above it, nothing below") {
        p.set_target(any, at_least(priority::high), limit_of(10min));
        CHECK(chosen(p, channel::email, priority::high) == 10min);
        CHECK(chosen(p, channel::email, priority::urgent) == 10min);
        CHECK(p.find(channel::email, priority::normal) == nullptr);
    }

    SUBCASE("across the parts the priority decides first, so a tier is never shadowed") {
        p.set_target(channel::email, any, limit_of(30min));
        p.set_target(any, priority::urgent, limit_of(5min));
        CHECK(chosen(p, channel::email, priority::urgent) == 5min);
        CHECK(chosen(p, channel::email, priority::high) == 30min);

        p.set_target(channel::web_chat, any, limit_of(1min));
        p.set_target(channel_kind::real_time, at_least(priority::high), limit_of(40s));
        CHECK(chosen(p, channel::web_chat, priority::high) == 40s);
        CHECK(chosen(p, channel::web_chat, priority::normal) == 1min);
    }

    SUBCASE("at equal priority specificity the channel part decides") {
        p.set_target(any, priority::high, limit_of(9min));
        p.set_target(channel_kind::asynchronous, priority::high, limit_of(8min));
        p.set_target(channel::email, priority::high, limit_of(7min));
        CHECK(chosen(p, channel::email, priority::high) == 7min);
        p.remove_target(channel::email, priority::high);
        CHECK(chosen(p, channel::email, priority::high) == 8min);
        p.remove_target(channel_kind::asynchronous, priority::high);
        CHECK(chosen(p, channel::email, priority::high) == 9min);
    }

    SUBCASE("between at_least floors the higher one wins, whatever the channel part") {
        p.set_target(channel::email, at_least(priority::normal), limit_of(20min));
        p.set_target(any, at_least(priority::high), limit_of(10min));
        CHECK(chosen(p, channel::email, priority::urgent) == 10min);
        CHECK(chosen(p, channel::email, priority::normal) == 20min);
    }
}

TEST_CASE("a key is stored once: setting it again replaces the target") {
    slakit::policy p{office()};
    p.set_target(channel::email, any, limit_of(30min));
    p.set_target(channel::email, any, limit_of(20min));
    REQUIRE(p.targets().size() == 1);
    CHECK(chosen(p, channel::email, priority::normal) == 20min);

    REQUIRE(p.find_exact(channel::email, any) != nullptr);
    CHECK(p.find_exact(channel::email, any)->first_response->limit == 20min);
    CHECK(p.find_exact(channel_kind::asynchronous, any) == nullptr);
    CHECK(p.find_exact(channel::email, priority::normal) == nullptr);

    CHECK(p.remove_target(channel::email, any));
    CHECK_FALSE(p.remove_target(channel::email, any));
    CHECK(p.targets().empty());
}

TEST_CASE("find reports the key that matched") {
    slakit::policy p{office()};
    p.set_target(channel_kind::real_time, at_least(priority::high), limit_of(1min));
    const auto* e = p.find(channel::social, priority::urgent);
    REQUIRE(e != nullptr);
    CHECK(e->key.channel.by() == slakit::match_by::kind);
    CHECK(e->key.channel.kind() == channel_kind::real_time);
    CHECK(e->key.priority.by() == slakit::match_by::at_least);
    CHECK(*e->key.priority.priority() == priority::high);
    CHECK(e->key == slakit::target_key<channel, priority>{channel_kind::real_time, at_least(priority::high)});
}

TEST_CASE("a request matching no target is an error that names it") {
    slakit::policy p{office()};
    p.set_target(channel_kind::real_time, any, limit_of(1min));
    CHECK(p.find(channel::email, priority::high) == nullptr);
    CHECK_THROWS_WITH_AS((void)p.at(channel::email, priority::high).target,
                         R"(no target for channel "email" and priority "high")", slakit::no_target);
    CHECK_THROWS_AS((void)p.at(channel::email, priority::high), std::out_of_range);

    slakit::basic_policy<host::opaque_channel, int> opaque{office()};
    opaque.set_target(host::opaque_channel{1}, any, limit_of(1min));
    CHECK(opaque.find(host::opaque_channel{1}, 7) != nullptr);
    CHECK_THROWS_WITH_AS((void)opaque.at(host::opaque_channel{2}, 7).target, "no target for this channel and priority",
                         slakit::no_target);

    slakit::basic_policy<host::medium, int> named{office()};
    CHECK_THROWS_WITH_AS((void)named.at(host::medium::phone, 3).target,
                         R"(no target for channel "phone" and priority "3")", slakit::no_target);
}

TEST_CASE("string channels and priorities, as read from a configuration file") {
    slakit::basic_policy<std::string, std::string> p{office()};
    p.set_kind("wechat", channel_kind::real_time).set_kind("mail", channel_kind::asynchronous);
    CHECK(p.kind_of("wechat") == channel_kind::real_time);
    CHECK_FALSE(p.kind_of("fax").has_value());

    SUBCASE("without an order no at_least key can be set") {
        CHECK_THROWS_AS(p.set_target(any, at_least("vip"), limit_of(1min)), std::invalid_argument);
    }

    p.rank_priorities({"low", "normal", "vip"});
    CHECK(p.rank_of("low") == 0u);
    CHECK(p.rank_of("vip") == 2u);
    CHECK_FALSE(p.rank_of("unknown").has_value());

    p.set_target(channel_kind::real_time, any, limit_of(1min));
    p.set_target("mail", any, limit_of(30min));
    p.set_target(any, at_least("normal"), limit_of(15min));
    p.set_target(any, any, limit_of(2h));

    CHECK(p.at("wechat", "low").target.first_response->limit == 1min);
    CHECK(p.at("mail", "low").target.first_response->limit == 30min);
    CHECK(p.at("mail", "vip").target.first_response->limit == 15min);
    // Lexical order would rank "normal" above "low" too, but not "vip" above "normal".
    CHECK(p.at("wechat", "vip").target.first_response->limit == 15min);
    // An unknown channel has no kind; an unranked priority meets no at_least key.
    CHECK(p.at("fax", "low").target.first_response->limit == 2h);
    CHECK(p.at("fax", "unknown").target.first_response->limit == 2h);
    CHECK(p.at("wechat", "unknown").target.first_response->limit == 1min);

    SUBCASE("a new order must keep every floor in use") {
        CHECK_THROWS_AS(p.rank_priorities({"low", "vip"}), std::invalid_argument);
        CHECK(p.rank_of("normal") == 1u);  // unchanged after the refusal
    }
    SUBCASE("an order lists each priority once") {
        CHECK_THROWS_AS(p.rank_priorities({"low", "normal", "low"}), std::invalid_argument);
    }
}

TEST_CASE("a host enum with traits, and a registry that overrides them") {
    slakit::basic_policy<host::medium, host::tier> p{office()};
    CHECK(p.kind_of(host::medium::mail) == channel_kind::asynchronous);
    CHECK(p.kind_of(host::medium::phone) == channel_kind::real_time);
    p.set_kind(host::medium::phone, channel_kind::asynchronous);
    CHECK(p.kind_of(host::medium::phone) == channel_kind::asynchronous);
    CHECK(p.kind_of(host::medium::chat) == channel_kind::real_time);

    // The enum lists gold first: nothing is inferred from declaration order.
    CHECK_FALSE(p.rank_of(host::tier::gold).has_value());
    p.rank_priorities({host::tier::bronze, host::tier::silver, host::tier::gold});
    p.set_target(channel_kind::asynchronous, any, limit_of(30min));
    p.set_target(channel_kind::asynchronous, at_least(host::tier::silver), limit_of(10min));
    CHECK(p.at(host::medium::phone, host::tier::bronze).target.first_response->limit == 30min);
    CHECK(p.at(host::medium::phone, host::tier::gold).target.first_response->limit == 10min);
    CHECK(p.find(host::medium::chat, host::tier::gold) == nullptr);
}

// Two priorities ranked alike: the only way two matching keys can score the same.
namespace host {
enum class level { a, b, c };
}
template <>
struct slakit::priority_traits<host::level> {
    static constexpr std::size_t rank(host::level l) noexcept { return l == host::level::a ? 0u : 1u; }
};

TEST_CASE("a tie between floors of equal rank goes to the entry set first") {
    slakit::basic_policy<channel, host::level> p{office()};
    p.set_target(any, at_least(host::level::b), limit_of(1min));
    p.set_target(any, at_least(host::level::c), limit_of(2min));
    CHECK(p.at(channel::email, host::level::c).target.first_response->limit == 1min);
    p.remove_target(any, at_least(host::level::b));
    p.set_target(any, at_least(host::level::b), limit_of(1min));
    CHECK(p.at(channel::email, host::level::c).target.first_response->limit == 2min);
}

TEST_CASE("targets refuse values that cannot be contract terms") {
    slakit::policy p{office()};
    slakit::target t;

    SUBCASE("thresholds are positive") {
        t.first_response = within(0ms);
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.first_response = within(-1s);
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.first_response = within(1ms);
        t.handoff = within(0ms);
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.handoff.reset();
        t.human_response = within(slakit::longest_limit + 1ms);
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.human_response = within(slakit::longest_limit);
        CHECK_NOTHROW(p.set_target(any, any, t));
    }
    SUBCASE("aggregates") {
        t.aggregates = {slakit::aggregate_target::mean_within(0s)};
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.aggregates = {slakit::aggregate_target::quantile_within(0.0, 1min)};
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.aggregates = {slakit::aggregate_target::quantile_within(1.01, 1min)};
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.aggregates = {slakit::aggregate_target::quantile_within(1.0, 0s)};
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.aggregates = {slakit::aggregate_target::compliance_at_least(95.0)};  // a percentage, not a share
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.aggregates = {slakit::aggregate_target::compliance_at_least(-0.1)};
        CHECK_THROWS_AS(p.set_target(any, any, t), std::invalid_argument);
        t.aggregates = {slakit::aggregate_target::quantile_within(0.9, 2min),
                        slakit::aggregate_target::compliance_at_least(1.0)};
        CHECK_NOTHROW(p.set_target(any, any, t));
    }
    CHECK(p.targets().size() <= 1);
}

TEST_CASE("aggregate targets are plain values with inclusive limits") {
    const auto mean = slakit::aggregate_target::mean_within(60s).named("2.1(1)");
    CHECK(mean.name == "2.1(1)");
    CHECK(mean.measure == slakit::statistic::mean);
    CHECK(mean.clock == clock_kind::wall);
    CHECK(mean.is_met_by(60s));
    CHECK(mean.is_met_by(std::chrono::duration<double>{59.999}));
    CHECK_FALSE(mean.is_met_by(60001ms));
    CHECK_THROWS_AS((void)mean.is_met_by(0.5), std::logic_error);

    const auto p90 = slakit::aggregate_target::quantile_within(0.9, 2min, clock_kind::business);
    CHECK(p90.measure == slakit::statistic::quantile);
    CHECK(p90.quantile == 0.9);
    CHECK(p90.clock == clock_kind::business);
    CHECK(p90.is_met_by(120s));
    CHECK_FALSE(p90.is_met_by(121s));

    const auto share = slakit::aggregate_target::compliance_at_least(0.95);
    CHECK(share.is_met_by(0.95));
    CHECK_FALSE(share.is_met_by(0.9499));
    CHECK_THROWS_AS((void)share.is_met_by(1s), std::logic_error);

    CHECK(mean != p90);
    CHECK(slakit::aggregate_target::mean_within(60s).named("2.1(1)") == mean);
}

TEST_CASE("a channel can keep its own calendar") {
    slakit::policy p{office()};
    const auto shanghai_monday_8am = std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + 0h;  // 08:00 local
    CHECK_FALSE(p.calendar_for(channel::web_chat).is_open(shanghai_monday_8am));
    p.set_calendar(channel::web_chat,
                   slakit::calendar{"Asia/Shanghai", slakit::weekly_schedule::parse("Mon-Sun 00:00-24:00")});
    CHECK(p.calendar_for(channel::web_chat).is_open(shanghai_monday_8am));
    CHECK_FALSE(p.calendar_for(channel::email).is_open(shanghai_monday_8am));
    CHECK_FALSE(p.calendar().is_open(shanghai_monday_8am));

    p.set_calendar(slakit::calendar{"UTC", slakit::weekly_schedule::parse("Mon-Fri 00:00-12:00")});
    CHECK(p.calendar_for(channel::email).is_open(shanghai_monday_8am));
    CHECK(p.calendar().zone()->name() == "UTC");
}

TEST_CASE("warning levels default to 50, 75 and 100 % and are configurable") {
    slakit::policy p{office()};
    CHECK(p.warning_levels() == std::vector<double>{0.5, 0.75, 1.0});
    p.set_warning_levels({0.8, 1.0, 1.5});
    CHECK(p.warning_levels() == std::vector<double>{0.8, 1.0, 1.5});
    p.set_warning_levels({});
    CHECK(p.warning_levels().empty());
    CHECK_THROWS_AS(p.set_warning_levels({0.5, 0.5}), std::invalid_argument);
    CHECK_THROWS_AS(p.set_warning_levels({0.75, 0.5}), std::invalid_argument);
    CHECK_THROWS_AS(p.set_warning_levels({0.0}), std::invalid_argument);
    CHECK_THROWS_AS(p.set_warning_levels({std::numeric_limits<double>::infinity()}), std::invalid_argument);
    CHECK_THROWS_AS(p.set_warning_levels({std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument);
    CHECK(p.warning_levels().empty());
}

TEST_CASE("rekey maps a policy to the host's key types, keeping what decides a match") {
    slakit::policy p{office()};
    p.set_target(slakit::channel_kind::real_time, any, slakit::target{slakit::within(60s), {}, {}, {}});
    p.set_target(channel::email, any, slakit::target{slakit::within(30min), {}, {}, {}});
    p.set_target(slakit::channel_kind::real_time, slakit::at_least(priority::high),
                 slakit::target{slakit::within(30s), {}, {}, {}});
    p.set_kind(channel::social, slakit::channel_kind::asynchronous);
    p.set_calendar(channel::web_chat, slakit::calendar{"Asia/Shanghai", slakit::weekly_schedule::always_open()});
    p.set_warning_levels({0.8, 1.0});
    const auto name = [](auto v) { return std::string{to_string(v)}; };
    const channel channels[] = {channel::web_chat, channel::in_app_chat, channel::social, channel::email};
    const priority priorities[] = {priority::normal, priority::high, priority::urgent};
    const auto q = slakit::rekey<std::string, std::string>(p, name, name, std::span<const channel>{channels},
                                                           std::span<const priority>{priorities});
    CHECK(q.warning_levels() == p.warning_levels());
    CHECK(q.priority_order() == std::vector<std::string>{"normal", "high", "urgent"});
    CHECK(q.kind_of("social") == slakit::channel_kind::asynchronous);
    CHECK(q.kind_of("in_app_chat") == slakit::channel_kind::real_time);
    CHECK(q.calendar_for("web_chat").week() == slakit::weekly_schedule::always_open());
    CHECK(q.calendar_for("email").week() == p.calendar().week());
    for (const channel c : channels) {
        for (const priority pr : priorities) {
            const auto* before = p.find(c, pr);
            const auto* after = q.find(name(c), name(pr));
            REQUIRE((before == nullptr) == (after == nullptr));
            if (before != nullptr) CHECK(after->target == before->target);
        }
    }
    CHECK(q.at("web_chat", "urgent").target.first_response == slakit::within(30s));
    CHECK_THROWS_AS((void)q.at("social", "normal"), slakit::no_target);
}

TEST_CASE("find_exact looks up one stored key, find and at the one that applies") {
    slakit::policy p{office()};
    p.set_target(slakit::channel_kind::real_time, any, slakit::target{slakit::within(60s), {}, {}, {}});
    CHECK(p.find_exact(slakit::channel_kind::real_time, any) != nullptr);
    CHECK(p.find_exact(channel::web_chat, any) == nullptr);
    CHECK(p.find(channel::web_chat, priority::normal) != nullptr);
    CHECK(p.find(channel::email, priority::normal) == nullptr);
    CHECK_THROWS_WITH_AS((void)p.at(channel::email, priority::normal),
                         "no target for channel \"email\" and priority \"normal\"", slakit::no_target);
}
