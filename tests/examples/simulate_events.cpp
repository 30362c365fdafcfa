// sla_simulate --events: the same bytes for the same seed; every line parses; every
// request's events make a timeline the library validates against the contract with
// the helpdesk statuses; the shares of pauses, reopens and priority changes lie in
// the ranges the program's help promises; --shuffle and --dirty change only the order
// and add only the malformed lines they announce.
//
// The program runs from here (std::system); its path comes in SLAKIT_SIMULATE.
#include "support/contract.hpp"

#include <slakit/enums.hpp>
#include <slakit/event.hpp>
#include <slakit/lifecycle.hpp>
#include <slakit/time.hpp>
#include <slakit/timeline.hpp>
#include <slakit/timeline_outcome.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;
using std::chrono::milliseconds;
using string_timeline = slakit::basic_timeline<std::string, std::string>;

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    REQUIRE_MESSAGE(value != nullptr, name << " must be set");
    return value;
}

struct run_result {
    std::string out;
    std::string err;
};

// Runs sla_simulate with the arguments; the files are kept for a look after a failure.
run_result simulate(const std::string& arguments, const std::string& name) {
    const std::string out = "simulate_events_" + name + ".csv", err = "simulate_events_" + name + ".err";
    const std::string command = '"' + environment("SLAKIT_SIMULATE") + "\" " + arguments + " > " + out + " 2> " + err;
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
    const auto read = [](const std::string& path) {
        std::ifstream in{path, std::ios::binary};
        return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    };
    return {read(out), read(err)};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// RFC 4180 fields; none when a quote is not closed.
std::optional<std::vector<std::string>> fields_of(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                fields.back() += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    if (quoted) return std::nullopt;
    return fields;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        i += n;
    }
    return true;
}

constexpr const char* header = "request_id,at,event,channel,priority,status,author,reason,team,agent";

struct parsed_line {
    std::string id;
    instant at;
    string_timeline::event event;
    std::string team, agent;  // the request's assignee
};

// A line as a reader of the format takes it, or none when it is malformed.
std::optional<parsed_line> parse_line(const std::string& line, const slakit::examples::contract& c) {
    if (!valid_utf8(line)) return std::nullopt;
    const auto fields = fields_of(line);
    if (!fields || fields->size() != 10) return std::nullopt;
    const auto& f = *fields;
    parsed_line p;
    p.id = f[0];
    // Every line names the request's team and agent.
    if (f[8].empty() || f[9].empty()) return std::nullopt;
    p.team = f[8];
    p.agent = f[9];
    try {
        p.at = slakit::parse_instant(f[1]);
    } catch (const slakit::parse_error&) {
        return std::nullopt;
    }
    // Written as format_instant writes it, with the milliseconds.
    if (slakit::format_instant(p.at, slakit::fraction::always) != f[1]) return std::nullopt;
    const auto kind = slakit::try_parse<slakit::event_kind>(f[2]);
    if (!kind) return std::nullopt;
    p.event.at = p.at;
    p.event.kind = *kind;
    // Each kind fills its own fields and leaves the others empty.
    std::vector<std::size_t> used;
    switch (*kind) {
    case slakit::event_kind::submitted:
        if (!c.has_channel(f[3]) || !c.has_priority(f[4])) return std::nullopt;
        p.event.channel = f[3];
        p.event.priority = f[4];
        used = {3, 4};
        break;
    case slakit::event_kind::priority:
        if (!c.has_priority(f[4])) return std::nullopt;
        p.event.priority = f[4];
        used = {4};
        break;
    case slakit::event_kind::status:
        p.event.status = f[5];
        used = {5};
        break;
    case slakit::event_kind::reply: {
        const auto by = slakit::try_parse<slakit::author>(f[6]);
        if (!by) return std::nullopt;
        p.event.by = *by;
        used = {6};
        break;
    }
    case slakit::event_kind::excluded:
        p.event.reason = f[7];
        used = {7};
        break;
    default: break;
    }
    for (std::size_t i = 3; i < 8; ++i)
        if (std::find(used.begin(), used.end(), i) == used.end() && !f[i].empty()) return std::nullopt;
    return p;
}

struct file_facts {
    std::size_t lines = 0, malformed = 0, requests = 0;
    std::size_t paused = 0, on_hold = 0, reopened = 0, reopens = 0, priority_changed = 0, excluded = 0;
    std::size_t handoffs = 0, solved_or_closed = 0, events = 0;
    bool time_order = true;  // the whole file by instant
};

double share(std::size_t n, std::size_t of) { return of == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(of); }

// Reads a whole events file, checks each request's timeline and counts what it holds.
file_facts check_file(const std::string& text, const slakit::examples::contract& c) {
    auto agreement = c.policy;
    for (const auto* name : {"open"}) agreement.set_status(name, slakit::status_effect::run);
    for (const auto* name : {"pending", "on_hold"}) agreement.set_status(name, slakit::status_effect::pause);
    for (const auto* name : {"solved", "closed"}) agreement.set_status(name, slakit::status_effect::resolve);

    const auto lines = lines_of(text);
    REQUIRE(!lines.empty());
    CHECK(lines.front() == header);
    file_facts facts;
    std::map<std::string, string_timeline> requests;
    std::map<std::string, std::pair<std::string, std::string>> assignees;  // the first line's team and agent
    std::optional<instant> previous, last;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        ++facts.lines;
        const auto p = parse_line(lines[i], c);
        if (!p) {
            ++facts.malformed;
            continue;
        }
        if (previous && p->at < *previous) facts.time_order = false;
        previous = p->at;
        last = std::max(last.value_or(p->at), p->at);
        requests[p->id].add(p->event);
        // Every line of a request names the same team and agent.
        const auto [at, first] = assignees.try_emplace(p->id, p->team, p->agent);
        if (!first && at->second != std::pair{p->team, p->agent})
            FAIL_CHECK(p->id << ": line " << i + 1 << " names " << p->team << '/' << p->agent << ", an earlier one "
                             << at->second.first << '/' << at->second.second);
    }
    facts.requests = requests.size();
    REQUIRE(last);
    const instant as_of = *last + 24h;
    for (const auto& [id, t] : requests) {
        facts.events += t.size();
        const auto problem = slakit::validate(agreement, t);
        if (problem) {
            FAIL_CHECK(id << ": " << std::string{slakit::to_error(t, *problem).what()});
            continue;
        }
        // The program's counts, worked out again from the events in time order.
        auto events = t.events();
        std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
        bool strictly_increasing = true, paused = false, on_hold = false, resolved = false, ever_resolved = false;
        std::size_t reopens = 0, changes = 0;
        std::string priority;
        for (std::size_t k = 0; k < events.size(); ++k) {
            const auto& e = events[k];
            if (k > 0 && e.at == events[k - 1].at) strictly_increasing = false;
            switch (e.kind) {
            case slakit::event_kind::submitted: priority = *e.priority; break;
            case slakit::event_kind::priority:
                changes += *e.priority != priority ? 1U : 0U;
                priority = *e.priority;
                break;
            case slakit::event_kind::status: {
                const auto effect = *agreement.lifecycle().find(e.status);
                paused = paused || effect == slakit::status_effect::pause;
                on_hold = on_hold || e.status == "on_hold";
                if (resolved && effect != slakit::status_effect::resolve) ++reopens;
                resolved = effect == slakit::status_effect::resolve;
                ever_resolved = ever_resolved || resolved;
                break;
            }
            case slakit::event_kind::handoff_decided: ++facts.handoffs; break;
            case slakit::event_kind::excluded: ++facts.excluded; break;
            default: break;
            }
        }
        // No two events of a request share an instant, so any order of the lines means the same.
        CHECK_MESSAGE(strictly_increasing, id);
        facts.paused += paused ? 1U : 0U;
        facts.on_hold += on_hold ? 1U : 0U;
        facts.reopened += reopens > 0 ? 1U : 0U;
        facts.reopens += reopens;
        facts.priority_changed += changes > 0 ? 1U : 0U;
        facts.solved_or_closed += ever_resolved ? 1U : 0U;
        // The library evaluates every timeline and counts the same reopens and changes.
        const auto o = slakit::evaluate(agreement, t, as_of);
        CHECK_MESSAGE(o.reopens == reopens, id);
        CHECK_MESSAGE(o.priority_changes == changes, id);
        CHECK_MESSAGE(o.priority == priority, id);
    }
    return facts;
}

slakit::examples::contract contract_file(const std::string& name) {
    return slakit::examples::load_contract(environment("SLAKIT_SOURCE_DIR") + "/examples/contracts/" + name);
}

}  // namespace

TEST_CASE("sla_simulate --events: the same bytes for a seed, other bytes for another") {
    const auto a = simulate("--events --seed 42 --requests 3000", "seed42a");
    const auto b = simulate("--events --seed 42 --requests 3000", "seed42b");
    const auto c = simulate("--events --seed 43 --requests 3000", "seed43");
    CHECK(a.out == b.out);
    CHECK(a.err == b.err);
    CHECK(a.out != c.out);
    CHECK(a.out.rfind(std::string{header} + '\n', 0) == 0);
}

TEST_CASE("sla_simulate --events: a valid helpdesk month in time order, with the intended shares") {
    const auto seed_contract = contract_file("response_time_agreement.toml");
    const auto run = simulate("--events --seed 7 --requests 20000 --month 2026-03", "month");
    const auto facts = check_file(run.out, seed_contract);
    CHECK(facts.malformed == 0);
    CHECK(facts.time_order);
    CHECK(facts.requests == 20000);
    CHECK(facts.lines == facts.events);
    // The summary counts what the file holds.
    CHECK_MESSAGE(run.err.find(std::to_string(facts.events) + " events of 20000 requests for 2026-03 (seed 7)") !=
                      std::string::npos,
                  run.err);
    CHECK_MESSAGE(run.err.find("(" + std::to_string(facts.reopens) + " reopens)") != std::string::npos, run.err);
    // The shares the help text gives, with room for chance (20,000 requests).
    const auto n = facts.requests;
    INFO("paused " << share(facts.paused, n) << ", on hold " << share(facts.on_hold, n) << ", reopened "
                   << share(facts.reopened, n) << ", priority changed " << share(facts.priority_changed, n)
                   << ", excluded " << share(facts.excluded, n) << ", handed off " << share(facts.handoffs, n)
                   << ", events per request " << share(facts.events, n));
    CHECK(share(facts.paused, n) > 0.30);
    CHECK(share(facts.paused, n) < 0.45);
    CHECK(share(facts.on_hold, n) > 0.08);
    CHECK(share(facts.on_hold, n) < 0.15);
    CHECK(share(facts.reopened, n) > 0.035);
    CHECK(share(facts.reopened, n) < 0.065);
    CHECK(share(facts.priority_changed, n) > 0.02);
    CHECK(share(facts.priority_changed, n) < 0.045);
    CHECK(share(facts.excluded, n) > 0.001);
    CHECK(share(facts.excluded, n) < 0.006);
    CHECK(share(facts.handoffs, n) > 0.2);
    CHECK(share(facts.handoffs, n) < 0.35);
    CHECK(share(facts.solved_or_closed, n) > 0.97);
    CHECK(share(facts.events, n) > 6.0);
    CHECK(share(facts.events, n) < 11.0);
}

TEST_CASE("sla_simulate --events --contract: the contract's channels and priorities") {
    const auto china = contract_file("china_2026.toml");
    const auto run = simulate("--events --seed 3 --requests 5000 --month 2026-10 --contract \"" +
                                  environment("SLAKIT_SOURCE_DIR") + "/examples/contracts/china_2026.toml\"",
                              "china");
    const auto facts = check_file(run.out, china);
    CHECK(facts.malformed == 0);
    CHECK(facts.requests == 5000);
}

TEST_CASE("sla_simulate --events --shuffle: the same lines in another order") {
    const auto ordered = simulate("--events --seed 5 --requests 2000", "ordered");
    const auto shuffled = simulate("--events --seed 5 --requests 2000 --shuffle 64", "shuffled");
    CHECK(ordered.out != shuffled.out);
    auto a = lines_of(ordered.out), b = lines_of(shuffled.out);
    CHECK(b.front() == header);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    CHECK(a == b);
    const auto c = contract_file("response_time_agreement.toml");
    const auto facts = check_file(shuffled.out, c);
    CHECK(!facts.time_order);
    CHECK(facts.malformed == 0);
    CHECK(shuffled.err.find("shuffled within 64 lines") != std::string::npos);
    // No line comes after a line more than an hour later than itself.
    std::optional<instant> latest;
    milliseconds behind{};
    for (const auto& line : lines_of(shuffled.out)) {
        if (line == header) continue;
        const auto p = parse_line(line, c);
        REQUIRE(p);
        if (latest && p->at < *latest)
            behind = std::max(behind, std::chrono::duration_cast<milliseconds>(*latest - p->at));
        latest = std::max(latest.value_or(p->at), p->at);
    }
    CHECK(behind > 0ms);
    CHECK(behind <= 1h);
}

TEST_CASE("sla_simulate --events --dirty: the malformed lines it announces, the others untouched") {
    const auto clean = simulate("--events --seed 9 --requests 30000", "clean");
    const auto dirty = simulate("--events --seed 9 --requests 30000 --dirty", "dirty");
    const auto c = contract_file("response_time_agreement.toml");
    const auto facts = check_file(dirty.out, c);
    // 30,000 requests: two lines of each of the six kinds.
    CHECK(facts.malformed == 12);
    CHECK_MESSAGE(dirty.err.find("; 12 malformed lines added: 2 too few fields, 2 bad timestamp, 2 timestamp without "
                                 "offset, 2 unknown event, 2 unknown author, 2 non-UTF-8 byte") != std::string::npos,
                  dirty.err);
    std::vector<std::string> kept;
    for (const auto& line : lines_of(dirty.out))
        if (line == header || parse_line(line, c)) kept.push_back(line);
    CHECK(kept == lines_of(clean.out));
}

TEST_CASE("sla_simulate --events --close-after: closes and reopens come within it after a solve") {
    const auto c = contract_file("response_time_agreement.toml");
    for (const auto& [close_after, longest] :
         {std::pair{std::string{"4d"}, milliseconds{97h}}, std::pair{std::string{"20h"}, milliseconds{20h + 50min}}}) {
        CAPTURE(close_after);
        const auto run =
            simulate("--events --seed 11 --requests 3000 --close-after " + close_after, "close_after_" + close_after);
        std::map<std::string, std::vector<string_timeline::event>> requests;
        for (const auto& line : lines_of(run.out)) {
            if (line == header) continue;
            const auto p = parse_line(line, c);
            REQUIRE(p);
            requests[p->id].push_back(p->event);
        }
        std::size_t closed = 0, reopened = 0;
        milliseconds widest{};
        for (const auto& [id, events] : requests) {
            for (std::size_t k = 0; k + 1 < events.size(); ++k) {
                if (events[k].kind != slakit::event_kind::status || events[k].status != "solved") continue;
                // After a solve: the close, at the hourly run after close_after, or a reopen before it.
                const auto& next = events[k + 1];
                REQUIRE(next.kind == slakit::event_kind::status);
                const auto gap = next.at - events[k].at;
                widest = std::max(widest, std::chrono::duration_cast<milliseconds>(gap));
                if (next.status == "closed") {
                    ++closed;
                    CHECK(gap >= slakit::parse_duration(close_after));
                } else {
                    ++reopened;
                    CHECK(next.status == "open");
                    CHECK(gap < slakit::parse_duration(close_after));
                }
            }
        }
        CHECK(widest <= longest);
        CHECK(closed > 2800);
        CHECK(reopened > 50);
    }
}
