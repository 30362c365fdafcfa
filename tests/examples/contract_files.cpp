// The shipped contract files, read by examples/support/contract.hpp, against what they claim
// to be: response_time_agreement.toml is presets::response_time_agreement(), and
// china_2026.toml has the calendar of examples/calendars/china_2026.toml.
#include "support/config.hpp"
#include "support/contract.hpp"

#include <slakit/calendar.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;

std::string source_path(const std::string& relative) {
    const char* root = std::getenv("SLAKIT_SOURCE_DIR");
    REQUIRE_MESSAGE(root != nullptr, "SLAKIT_SOURCE_DIR must name the source tree");
    return std::string{root} + '/' + relative;
}

constexpr slakit::channel channels[] = {slakit::channel::web_chat, slakit::channel::in_app_chat,
                                        slakit::channel::social, slakit::channel::email};
constexpr slakit::priority priorities[] = {slakit::priority::normal, slakit::priority::high, slakit::priority::urgent};

template <class D>
void check_same(const slakit::basic_measurement<D>& a, const slakit::basic_measurement<D>& b) {
    CHECK(a.time == b.time);
    CHECK(a.status == b.status);
    CHECK(a.remaining == b.remaining);
    CHECK(a.due == b.due);
    CHECK(a.used == b.used);
    CHECK(a.warning == b.warning);
}

// Requests over 2026 with every kind of event, some left open: the same for both policies.
struct generated {
    slakit::channel channel;
    slakit::priority priority;
    slakit::request request;
    instant as_of;
};

std::vector<generated> requests(std::size_t n) {
    std::mt19937_64 random{20260301};
    const auto uniform = [&](std::int64_t below) {
        return static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(below));
    };
    const instant start = slakit::parse_instant("2026-01-01T00:00:00+08:00");
    std::vector<generated> out;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = channels[static_cast<std::size_t>(uniform(4))];
        const auto p = priorities[static_cast<std::size_t>(uniform(3))];
        slakit::request r{c, p, start + std::chrono::milliseconds{uniform(365LL * 86'400'000)}};
        // Spans around the thresholds: 60 s, 30 min, 5 min.
        const auto span = [&] { return std::chrono::milliseconds{uniform(uniform(2) == 0 ? 120'000 : 3'600'000)}; };
        if (uniform(10) != 0) r.first_response = r.submitted_at + span();
        if (uniform(4) == 0) {
            r.handoff_decided = r.submitted_at + span();
            if (uniform(3) != 0) r.handoff_completed = *r.handoff_decided + span();
            if (r.handoff_completed && uniform(2) == 0) r.human_contact = *r.handoff_completed + span();
        }
        if (uniform(50) == 0) r.exclusion_reason = "the business asked to wait";
        out.push_back({c, p, r, r.submitted_at + span()});
    }
    return out;
}

}  // namespace

TEST_CASE("response_time_agreement.toml is the preset") {
    const auto file = slakit::examples::load_contract(source_path("examples/contracts/response_time_agreement.toml"));
    const auto preset = slakit::presets::response_time_agreement();

    SUBCASE("the same vocabulary, calendar, warning levels and targets") {
        CHECK(file.channels == std::vector<std::string>{"web_chat", "in_app_chat", "social", "email"});
        CHECK(file.priorities == std::vector<std::string>{"normal", "high", "urgent"});
        CHECK(file.credit_bands.empty());
        CHECK(file.policy.calendar().zone() == preset.calendar().zone());
        CHECK(file.policy.calendar().week() == preset.calendar().week());
        CHECK(file.policy.calendar().exceptions().empty());
        CHECK(preset.calendar().exceptions().empty());
        CHECK(file.policy.warning_levels() == preset.warning_levels());
        CHECK(file.policy.targets().size() == preset.targets().size());
        for (const auto c : channels) {
            const std::string name{slakit::to_string(c)};
            CHECK(file.policy.kind_of(name) == preset.kind_of(c));
            for (const auto p : priorities) {
                const std::string level{slakit::to_string(p)};
                CAPTURE(name);
                CAPTURE(level);
                CHECK(file.policy.rank_of(level) == preset.rank_of(p));
                CHECK(file.policy.at(name, level).target == preset.at(c, p).target);
                CHECK(slakit::target_label(file.policy.at(name, level).key) ==
                      slakit::target_label(preset.at(c, p).key));
            }
        }
    }

    SUBCASE("the same outcomes for the same requests") {
        for (const auto& g : requests(20'000)) {
            const auto& r = g.request;
            slakit::basic_request<std::string, std::string> s{
                std::string{slakit::to_string(g.channel)}, std::string{slakit::to_string(g.priority)}, r.submitted_at};
            s.first_response = r.first_response;
            s.handoff_decided = r.handoff_decided;
            s.handoff_completed = r.handoff_completed;
            s.human_contact = r.human_contact;
            s.exclusion_reason = r.exclusion_reason;
            const auto a = slakit::evaluate(preset, r, g.as_of);
            const auto b = slakit::evaluate(file.policy, s, g.as_of);
            CAPTURE(slakit::format_instant(r.submitted_at, slakit::fraction::always));
            CHECK(a.scope == b.scope);
            CHECK(a.next_open == b.next_open);
            CHECK(a.submitted_local == b.submitted_local);
            CHECK(a.wall_response == b.wall_response);
            CHECK(a.business_response == b.business_response);
            CHECK(slakit::target_label(a.matched) == slakit::target_label(b.matched));
            check_same(a.first_response, b.first_response);
            check_same(a.handoff, b.handoff);
            check_same(a.human_response, b.human_response);
        }
    }
}

TEST_CASE("china_2026.toml keeps the calendar of calendars/china_2026.toml") {
    const auto file = slakit::examples::load_contract(source_path("examples/contracts/china_2026.toml"));
    const auto calendar = slakit::examples::load_calendar(source_path("examples/calendars/china_2026.toml"));
    CHECK(file.policy.calendar().zone() == calendar.zone());
    CHECK(file.policy.calendar().week() == calendar.week());
    CHECK(file.policy.calendar().exceptions().size() == calendar.exceptions().size());
    // Every date of 2026 has the same hours.
    const auto first = date::local_days{date::year{2026} / date::January / 1};
    for (auto day = first; day < first + date::days{365}; day += date::days{1}) {
        const auto* a = file.policy.calendar().exceptions().find(day);
        const auto* b = calendar.exceptions().find(day);
        REQUIRE((a == nullptr) == (b == nullptr));
        if (a != nullptr) CHECK(*a == *b);
    }
    // 2026-10-01..07 closed, Saturday 2026-10-10 worked.
    CHECK_FALSE(file.policy.calendar().is_open(slakit::parse_instant("2026-10-05T10:00:00+08:00")));
    CHECK(file.policy.calendar().is_open(slakit::parse_instant("2026-10-10T10:00:00+08:00")));
    // Priority tiers: urgent e-mail within 10 min, high chats within 30 s.
    CHECK(file.policy.at("email", "urgent").target.first_response == slakit::within(10min));
    CHECK(file.policy.at("web_chat", "high").target.first_response == slakit::within(30s));
    CHECK(file.policy.at("web_chat", "urgent").target.first_response == slakit::within(30s));
    CHECK(file.policy.at("web_chat", "normal").target.first_response == slakit::within(60s));
    CHECK(file.credit_bands.size() == 4);
}
