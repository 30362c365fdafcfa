// sla_report --events' reader (examples/support/event_report.hpp) against a plain model:
// every request's whole timeline evaluated at the end. Random helpdesk requests over
// several runs of lines, read with 1, 2 and 4 threads, in time order with some lines
// late; then with a settle window too short for the disorder, where the late lines
// are rejected and counted, never lost.
#include "support/contract.hpp"
#include "support/event_report.hpp"
#include "support/event_rows.hpp"
#include "support/fatal_error.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"

#include <slakit/report.hpp>
#include <slakit/time.hpp>
#include <slakit/timeline_outcome.hpp>

#include <date/date.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

namespace ex = slakit::examples;
using namespace std::chrono_literals;
using slakit::instant;

std::string source_path(const std::string& relative) {
    const char* root = std::getenv("SLAKIT_SOURCE_DIR");
    REQUIRE_MESSAGE(root != nullptr, "SLAKIT_SOURCE_DIR must name the source tree");
    return std::string{root} + '/' + relative;
}

struct line {
    instant written;  // where the line goes in the file
    std::string text;
};

// Helpdesk requests: a reply, messages and replies, waits, a priority change, a solve,
// sometimes a reopen and a close; a few stay open. One line in ten is written up to
// `late` after its instant.
std::vector<line> helpdesk_lines(std::size_t requests, std::chrono::minutes late, std::uint64_t seed) {
    std::mt19937_64 random{seed};
    const auto pick = [&](std::int64_t below) {
        return static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(below));
    };
    const char* channels[] = {"web_chat", "email", "portal"};
    const char* priorities[] = {"low", "normal", "high", "urgent"};
    std::vector<line> out;
    instant t0 = date::sys_days{date::March / 2 / 2026} + 7h;
    for (std::size_t n = 0; n < requests; ++n) {
        t0 += std::chrono::seconds{pick(300)};
        std::string id = "Q";  // appended: GCC 12 warns falsely (-Wrestrict) on "Q" + string at -O3
        id += std::to_string(n);
        instant t = t0;
        const auto add = [&](const std::string& rest) {
            instant written = t;
            if (pick(10) == 0) written += std::chrono::seconds{pick(late.count() * 60 + 1)};
            out.push_back({written, id + ',' + slakit::format_instant(t) + ',' + rest});
        };
        const auto step = [&](std::int64_t most) { t += std::chrono::seconds{1 + pick(most)}; };
        add(std::string{"submitted,"} + channels[pick(3)] + ',' + priorities[pick(4)] + ",,,");
        step(3600);
        add(pick(2) == 0 ? "reply,,,,bot," : "reply,,,,,");
        for (std::int64_t k = pick(4); k > 0; --k) {
            if (pick(3) == 0) {
                step(1800);
                add(pick(2) == 0 ? "status,,,pending,," : "status,,,on_hold,,");
                step(20000);
                add("customer_message,,,,,");
                add("status,,,open,,");
            } else {
                step(10000);
                add("customer_message,,,,,");
            }
            step(8000);
            add("reply,,,,human,");
            if (pick(10) == 0) {
                step(600);
                add(std::string{"priority,,"} + priorities[pick(4)] + ",,,");
            }
        }
        if (pick(20) == 0) continue;  // stays open
        step(7200);
        add("status,,,solved,,");
        if (pick(8) == 0) {
            step(30000);
            add("status,,,open,,");
            step(3600);
            add("reply,,,,human,");
            add("status,,,solved,,");
        }
        if (pick(2) == 0) {
            step(7200);
            add("status,,,closed,,");
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const line& a, const line& b) { return a.written < b.written; });
    return out;
}

std::string file_of(const std::vector<line>& lines) {
    std::string text = "request_id,at,event,channel,priority,status,author,reason\n";
    for (const auto& l : lines) text += l.text + '\n';
    return text;
}

struct result {
    std::string sla_events;
    std::string rejected;
    ex::event_counts counts;
    std::uint64_t report_requests = 0;
    instant as_of{};
};

result read(const ex::event_names& names, std::string text, unsigned threads, std::chrono::milliseconds settle) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(text.data(), text.size(), "rb"),
                                                                 &std::fclose};
    REQUIRE(stream != nullptr);
    ex::line_runs source{stream.get(), "events.csv"};
    ex::event_report_reader reader{names, slakit::reporting_period::month, std::nullopt, settle};
    reader.show_progress(false);
    result r;
    reader.on_rejected([&](const std::string& m) { r.rejected += m; });
    reader.on_sla_events([&](const std::string& rows) { r.sla_events += rows; });
    const auto report = reader.read(source, threads);
    r.counts = reader.counts();
    r.as_of = reader.as_of();
    for (const auto& [key, cell] : report.groups()) r.report_requests += cell.requests();
    return r;
}

// The model: each request's lines, gathered whole, evaluated at as_of.
std::vector<std::string> model_rows(const ex::event_names& names, const std::string& text, instant as_of) {
    std::vector<std::string> ids;
    std::map<std::string, ex::request_events> requests;
    std::string copy = text;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(copy.data(), copy.size(), "rb"),
                                                                 &std::fclose};
    ex::line_runs source{stream.get(), "events.csv"};
    ex::event_rows rows{names};
    rows.start(source);
    std::string run_text;
    ex::line_runs::run run;
    std::vector<ex::event_line> lines;
    std::vector<ex::rejection> rejected;
    while (source.next(run_text, run)) {
        rows.parse_run("events.csv", run_text, run, lines, rejected);
        REQUIRE(rejected.empty());
        for (const auto& l : lines) {
            auto& r = requests[std::string{l.id}];
            if (r.events.empty()) {
                r.id = std::string{l.id};
                r.first_line = l.line;
            }
            ex::stored_event e{l.at, static_cast<std::uint32_t>(l.line - r.first_line), l.kind, l.by, 0};
            if (l.kind == slakit::event_kind::submitted)
                e.value = static_cast<std::uint16_t>(l.channel << 8 | l.priority);
            if (l.kind == slakit::event_kind::priority) e.value = l.priority;
            if (l.kind == slakit::event_kind::status) e.value = static_cast<std::uint16_t>(l.status);
            r.events.push_back(e);
        }
    }
    std::vector<std::string> out;
    ex::fast_timeline t;
    for (const auto& [id, r] : requests) {
        names.timeline_of(r, t);
        std::string rows_text;
        ex::append_sla_events(rows_text, id, slakit::evaluate(names.contract().policy, t, as_of),
                              names.contract().policy.warning_levels());
        for (std::size_t at = 0; at < rows_text.size();) {
            const auto end = rows_text.find('\n', at);
            out.push_back(rows_text.substr(at, end - at));
            at = end + 1;
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted_lines(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find('\n', at);
        out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the events reader gives each request's whole timeline, whatever the threads") {
    const auto contract = ex::load_contract(source_path("examples/contracts/helpdesk.toml"));
    const auto interned = ex::intern(contract);
    const ex::event_names names{interned, contract.statuses};
    const auto lines = helpdesk_lines(4000, 30min, 14);
    const std::string text = file_of(lines);
    REQUIRE(text.size() > 3 * ex::line_runs::run_bytes);  // several runs

    // A day: more than the longest gap after a solve (a reopen, a close) and the disorder.
    const result one = read(names, text, 1, 24h);
    CHECK(one.rejected.empty());
    CHECK(one.counts.accepted == lines.size());
    CHECK(one.counts.requests == 4000);
    CHECK(one.counts.invalid == 0);
    CHECK(one.report_requests == 4000);
    for (const unsigned threads : {2U, 4U}) {
        const result other = read(names, text, threads, 24h);
        CHECK(other.sla_events == one.sla_events);  // the same rows in the same order
        CHECK(other.counts.accepted == one.counts.accepted);
        CHECK(other.report_requests == one.report_requests);
    }
    CHECK(sorted_lines(one.sla_events) == model_rows(names, text, one.as_of));
}

TEST_CASE("a settle window shorter than the disorder rejects late lines, and counts them") {
    const auto contract = ex::load_contract(source_path("examples/contracts/helpdesk.toml"));
    const auto interned = ex::intern(contract);
    const ex::event_names names{interned, contract.statuses};
    const auto lines = helpdesk_lines(2000, 12h, 15);
    const std::string text = file_of(lines);
    const result r = read(names, text, 2, 0ms);
    CHECK(r.counts.late > 0);
    CHECK(r.counts.read() == lines.size());
    CHECK(r.counts.rejected == r.counts.late);
    CHECK(count_of(r.rejected, ": late line: request \"") == r.counts.late);
    // A late submission leaves its request without one: rejected whole, and named.
    CHECK(count_of(r.rejected, "has no submitted event") <= r.counts.invalid);
    CHECK(r.report_requests + r.counts.invalid == 2000);
}

TEST_CASE("with dimensions, each request counts under its submitted line's values, whatever the threads") {
    const auto contract = ex::load_contract(source_path("examples/contracts/helpdesk.toml"));
    const auto interned = ex::intern(contract);
    const ex::event_names names{interned, contract.statuses};
    const auto lines = helpdesk_lines(3000, 30min, 16);
    // Request Qn is team Tn%3, agent An%7 on its submitted line; its other lines name
    // agent "later" (a reassignment the report does not follow) or nothing.
    std::map<std::vector<std::string>, std::uint64_t> model;
    std::string text = "request_id,at,event,channel,priority,status,author,reason,team,agent\n";
    for (const auto& l : lines) {
        const auto n = std::stoul(l.text.substr(1, l.text.find(',') - 1));
        const bool submitted = l.text.find(",submitted,") != std::string::npos;
        // Appended, not "T" + std::string: GCC 12 at -O3 warns falsely (-Wrestrict) on that.
        std::string team{"T"}, agent{"A"};
        team += std::to_string(n % 3);
        agent += std::to_string(n % 7);
        text += l.text;
        if (submitted) {
            text += ',';
            text += team;
            text += ',';
            text += agent;
        } else if (n % 2 == 0) {
            text += ",,";
        } else {
            text += ',';
            text += team;
            text += ",later";
        }
        text += '\n';
        if (submitted) ++model[{team, agent}];
    }
    REQUIRE(model.size() == 21);
    const auto read_by = [&](unsigned threads, std::optional<std::size_t> limit) {
        std::string copy = text;
        const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(copy.data(), copy.size(), "rb"),
                                                                     &std::fclose};
        ex::line_runs source{stream.get(), "events.csv"};
        ex::event_report_reader reader{names, slakit::reporting_period::month, std::nullopt, 24h};
        reader.show_progress(false);
        reader.set_dimensions({"team", "agent"});
        if (limit) reader.limit_dimensions(*limit);
        return reader.read(source, threads);
    };
    const auto one = read_by(1, std::nullopt);
    std::map<std::vector<std::string>, std::uint64_t> found;
    for (const auto& [key, cell] : one.groups()) found[key.dimensions] += cell.requests();
    CHECK(found == model);
    for (const unsigned threads : {2U, 4U}) CHECK(read_by(threads, 21).to_bytes() == one.to_bytes());
    CHECK_THROWS_WITH_AS(read_by(3, 20), "more than 20 distinct values of team,agent (--max-groups 20)",
                         ex::fatal_error);
}
