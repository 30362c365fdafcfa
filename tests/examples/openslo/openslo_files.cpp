// sla_openslo's export and import (examples/support/openslo.hpp): a contract read from
// TOML, exported and imported is the same contract, field by field; exported YAML,
// imported and exported again, is the same text; bad files fail with file:line.
#include "support/openslo.hpp"

#include "support/contract.hpp"

#include <slakit/burn.hpp>
#include <slakit/calendar.hpp>
#include <slakit/interval.hpp>

#include <date/date.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::examples::contract;
using slakit::examples::openslo_error;

std::string source_path(const std::string& relative) {
    const char* root = std::getenv("SLAKIT_SOURCE_DIR");
    REQUIRE_MESSAGE(root != nullptr, "SLAKIT_SOURCE_DIR must name the source tree");
    return std::string{root} + '/' + relative;
}

std::string read_text(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    REQUIRE_MESSAGE(in, path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A calendar's exception dates as text, to compare two calendars date by date.
std::vector<std::string> exception_days(const slakit::calendar& cal) {
    std::vector<std::string> days;
    cal.exceptions().for_each([&](date::local_days day, std::span<const slakit::time_interval> hours) {
        std::string text = slakit::format_date(date::year_month_day{day}) + ':';
        for (const auto& iv : hours) text += ' ' + slakit::to_string(iv);
        days.push_back(text);
    });
    return days;
}

void check_same_calendar(const slakit::calendar& a, const slakit::calendar& b) {
    CHECK(a.zone().name() == b.zone().name());
    CHECK(a.week() == b.week());
    CHECK(exception_days(a) == exception_days(b));
}

void check_same(const contract& a, const contract& b) {
    CHECK(a.channels == b.channels);
    CHECK(a.priorities == b.priorities);
    CHECK(a.statuses == b.statuses);
    CHECK(a.credit_bands == b.credit_bands);
    check_same_calendar(a.policy.calendar(), b.policy.calendar());
    REQUIRE(a.policy.channel_calendars().size() == b.policy.channel_calendars().size());
    for (std::size_t i = 0; i < a.policy.channel_calendars().size(); ++i) {
        CHECK(a.policy.channel_calendars()[i].first == b.policy.channel_calendars()[i].first);
        check_same_calendar(a.policy.channel_calendars()[i].second, b.policy.channel_calendars()[i].second);
    }
    CHECK(a.policy.channel_kinds() == b.policy.channel_kinds());
    CHECK(a.policy.priority_order() == b.policy.priority_order());
    CHECK(a.policy.warning_levels() == b.policy.warning_levels());
    CHECK(a.policy.lifecycle() == b.policy.lifecycle());
    const auto& x = a.policy.targets();
    const auto& y = b.policy.targets();
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        CAPTURE(i);
        CHECK(x[i].key == y[i].key);
        CHECK(x[i].target == y[i].target);
    }
}

std::string error_of(const std::string& yaml) {
    try {
        static_cast<void>(slakit::examples::import_openslo(yaml, "bad.yaml"));
    } catch (const openslo_error& e) {
        return e.what();
    }
    return "(no error)";
}

// The line of `needle` in text, from 1.
int line_of(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    REQUIRE_MESSAGE(at != std::string::npos, needle);
    int line = 1;
    for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n' ? 1 : 0;
    return line;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return text.replace(at, from.size(), to);
}

constexpr const char* contracts[] = {"response_time_agreement", "china_2026", "helpdesk"};

}  // namespace

TEST_CASE("contract -> OpenSLO -> contract is the same contract, field by field") {
    const auto rules = slakit::default_alert_rules();
    for (const char* name : contracts) {
        CAPTURE(name);
        const auto original = slakit::examples::load_contract(source_path("examples/contracts/") + name + ".toml");
        const std::string yaml = slakit::examples::export_openslo(original, rules, name);
        const auto back = slakit::examples::import_openslo(yaml, std::string{name} + ".yaml");
        check_same(original, back.terms);
        CHECK(back.rules == rules);
        CHECK(back.service == name);
        // The TOML the import writes reads as the same contract too.
        check_same(original, slakit::examples::parse_contract(back.toml, "back.toml"));
    }
}

TEST_CASE("OpenSLO -> contract -> OpenSLO is the same text") {
    for (const char* name : contracts) {
        CAPTURE(name);
        const auto terms = slakit::examples::load_contract(source_path("examples/contracts/") + name + ".toml");
        const std::string yaml = slakit::examples::export_openslo(terms, slakit::default_alert_rules(), "svc");
        const auto back = slakit::examples::import_openslo(yaml, "in.yaml");
        CHECK(slakit::examples::export_openslo(back.terms, back.rules, back.service) == yaml);
    }
    // The shipped file, as a user would import it.
    const std::string path = source_path("tests/examples/openslo/response_time_agreement.yaml");
    const auto back = slakit::examples::load_openslo(path);
    CHECK(slakit::examples::export_openslo(back.terms, back.rules, back.service) == read_text(path));
}

TEST_CASE("the export states the contract's numbers in OpenSLO fields") {
    const auto terms = slakit::examples::load_contract(source_path("examples/contracts/china_2026.toml"));
    const std::string yaml = slakit::examples::export_openslo(terms, slakit::default_alert_rules(), "china");
    CHECK(yaml.find("apiVersion: openslo/v1\nkind: SLO\n") != std::string::npos);
    CHECK(yaml.find("    - displayName: \"3.3 compliance\"\n      target: 0.95\n") != std::string::npos);
    // The 90th percentile within 45 s of high and urgent chats: a threshold objective.
    CHECK(yaml.find("      op: lte\n      value: 45\n      target: 0.9\n") != std::string::npos);
    CHECK(yaml.find("    threshold: 14.4\n    lookbackWindow: 1h\n    alertAfter: 5m\n") != std::string::npos);
    CHECK(yaml.find("  - duration: 1M\n      isRolling: false\n") != std::string::npos);
    CHECK(yaml.find("slakit.dev/calendar: |") != std::string::npos);
    CHECK(yaml.find("\"2026-10-10\" = \"09:00-18:00\"") != std::string::npos);
}

TEST_CASE("alert rules of one's own survive the round trip") {
    auto rules = slakit::default_alert_rules();
    rules[0].keep_firing = 10min;
    rules[1].threshold = 6.5;
    rules.push_back({"weekly burn", slakit::severity::ticket, 7 * 24h, 12h, 0.5, 200, 50, 0ms});
    rules.push_back({"", slakit::severity::page, 2h, 10min, 10.0, 0, 0, {}});  // no name
    const auto terms = slakit::examples::load_contract(source_path("examples/contracts/helpdesk.toml"));
    const std::string yaml = slakit::examples::export_openslo(terms, rules, "helpdesk");
    const auto back = slakit::examples::import_openslo(yaml, "helpdesk.yaml");
    CHECK(back.rules == rules);
    // A window OpenSLO cannot state is refused, not rounded.
    rules[2].short_window = 90s;
    CHECK_THROWS_WITH_AS(static_cast<void>(slakit::examples::export_openslo(terms, rules, "helpdesk")),
                         doctest::Contains("not whole minutes"), std::invalid_argument);
}

TEST_CASE("bad files fail with file:line") {
    const auto terms = slakit::examples::load_contract(source_path("examples/contracts/china_2026.toml"));
    const std::string yaml = slakit::examples::export_openslo(terms, slakit::default_alert_rules(), "china");

    CHECK(error_of("apiVersion: openslo/v1\nkind: [SLO\n").starts_with("bad.yaml:3: "));
    CHECK(error_of("apiVersion: openslo/v1\nkind: SLI\n---\n- a list\n") ==
          "bad.yaml:4: an OpenSLO document must be a mapping with apiVersion and kind");
    CHECK(error_of("apiVersion: openslo/v1\nkind: SLI\n") ==
          "bad.yaml: no Service document (the contract's calendar and channels)");

    const std::string v2 = replaced(yaml, "apiVersion: openslo/v1\nkind: SLO", "apiVersion: openslo/v2\nkind: SLO");
    CHECK(error_of(v2) == "bad.yaml:" + std::to_string(line_of(v2, "openslo/v2")) + ": apiVersion must be openslo/v1");

    const std::string stat = replaced(yaml, "slakit.dev/statistic: \"mean\"", "slakit.dev/statistic: \"median\"");
    CHECK(error_of(stat) == "bad.yaml:" + std::to_string(line_of(stat, "\"median\"")) +
                                ": slakit.dev/statistic must be compliance, mean or quantile, not \"median\"");

    // An error the contract reader finds points at the YAML line it came from.
    const std::string zone = replaced(yaml, "zone = \"Asia/Shanghai\"", "zone = \"Asia/Atlantis\"");
    const std::string zone_error = error_of(zone);
    CHECK(zone_error.starts_with("bad.yaml:" + std::to_string(line_of(zone, "Asia/Atlantis")) + ": "));
    CHECK(zone_error.find("Asia/Atlantis") != std::string::npos);

    const std::string value = replaced(yaml, "      value: 45\n", "      value: soon\n");
    CHECK(error_of(value) == "bad.yaml:" + std::to_string(line_of(value, "value: soon")) +
                                 ": an objective: value must be a number, not \"soon\"");

    const std::string table = replaced(yaml, "      zone = \"Asia/Shanghai\"\n", "      [channels]\n");
    CHECK(error_of(table) == "bad.yaml:" + std::to_string(line_of(table, "[channels]")) +
                                 ": slakit.dev/calendar: a calendar holds keys (zone, hours, closed, hours_on), "
                                 "not a [table]");

    const std::string op = replaced(yaml, "    op: gte\n", "    op: lte\n");
    CHECK(error_of(op) ==
          "bad.yaml:" + std::to_string(line_of(op, "op: lte")) + ": a burnrate condition's op must be gte");
}

TEST_CASE("the monitor's shares of per-request thresholds: SLOs of the export, not contract terms") {
    const auto terms = slakit::examples::load_contract(source_path("examples/contracts/response_time_agreement.toml"));
    slakit::examples::export_options shares;
    shares.first_response_share = 0.95;
    shares.handoff_share = 0.995;
    const auto rules = slakit::default_alert_rules();
    const std::string plain = slakit::examples::export_openslo(terms, rules, "seed");
    const std::string yaml = slakit::examples::export_openslo(terms, rules, "seed", shares);
    // E-mail has a 30-minute first response and no compliance aggregate: it gets an SLO.
    CHECK(plain.find("name: email-normal-first-response-share") == std::string::npos);
    CHECK(yaml.find("name: email-normal-first-response-share") != std::string::npos);
    CHECK(yaml.find("name: web-chat-urgent-handoff-share") != std::string::npos);
    CHECK(yaml.find("slakit.dev/share-of: \"handoff\"") != std::string::npos);
    const auto back = slakit::examples::import_openslo(yaml, "seed.yaml");
    check_same(terms, back.terms);
    CHECK(back.shares.first_response_share == 0.95);
    CHECK(back.shares.handoff_share == 0.995);
    CHECK(slakit::examples::export_openslo(back.terms, back.rules, back.service, back.shares) == yaml);
    CHECK(!slakit::examples::import_openslo(plain, "seed.yaml").shares.first_response_share);

    const std::string two = replaced(yaml, "- target: 0.995\n", "- target: 0.99\n");
    CHECK(error_of(two).find(": a second share of handoff (99.5%, the first is 99%)") != std::string::npos);
}
