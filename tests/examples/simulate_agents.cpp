// sla_simulate's teams and agents: every request names its team and agent, each agent
// works in one team, teams are of uneven size, a few agents take much of the work, and
// some agents answer clearly slower than others. Each figure is worked out here from
// the CSV the program writes, not taken from it. Bad --teams and --agents are refused.
//
// The program runs from here (std::system); its path comes in SLAKIT_SIMULATE.
#include "support/contract.hpp"

#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using slakit::instant;

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    REQUIRE_MESSAGE(value != nullptr, name << " must be set");
    return value;
}

struct run_result {
    int status;
    std::string out;
    std::string err;
};

// Runs sla_simulate with the arguments; the files are kept for a look after a failure.
run_result simulate(const std::string& arguments, const std::string& name) {
    const std::string out = "simulate_agents_" + name + ".csv", err = "simulate_agents_" + name + ".err";
    const std::string command = '"' + environment("SLAKIT_SIMULATE") + "\" " + arguments + " > " + out + " 2> " + err;
    const int status = std::system(command.c_str());
    const auto read = [](const std::string& path) {
        std::ifstream in{path, std::ios::binary};
        return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    };
    return {status, read(out), read(err)};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// RFC 4180 fields (the exclusion reasons may be quoted).
std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"')
                fields.back() += c;
            else if (i + 1 < line.size() && line[i + 1] == '"')
                fields.back() += line[++i];
            else
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

constexpr const char* requests_header =
    "id,channel,priority,submitted_at,first_response_at,handoff_decided_at,handoff_completed_at,human_contact_at,"
    "excluded_reason,team,agent";

struct row {
    std::string id, channel, team, agent;
    instant submitted;
    std::optional<instant> first;
};

// The rows of a clean requests file, by the header's names.
std::vector<row> rows_of(const std::string& text) {
    const auto lines = lines_of(text);
    REQUIRE(!lines.empty());
    REQUIRE(lines.front() == requests_header);
    std::vector<row> rows;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i]);
        REQUIRE_MESSAGE(f.size() == 11, lines[i]);
        row r{f[0], f[1], f[9], f[10], slakit::parse_instant(f[3]), std::nullopt};
        if (!f[4].empty()) r.first = slakit::parse_instant(f[4]);
        rows.push_back(std::move(r));
    }
    return rows;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double mean(const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace

TEST_CASE("sla_simulate --agents 50: one team an agent, uneven teams and loads, some agents slower") {
    const auto run = simulate("--seed 42 --requests 20000 --agents 50", "agents50");
    REQUIRE(run.status == 0);
    CHECK_MESSAGE(run.err.find("(seed 42), 50 agents in 4 teams;") != std::string::npos, run.err);
    const auto rows = rows_of(run.out);
    REQUIRE(rows.size() == 20000);

    // Every agent works in exactly one team; the teams are the default four, of uneven size.
    std::map<std::string, std::set<std::string>> teams_of;
    std::map<std::string, std::set<std::string>> agents_of;
    std::map<std::string, std::size_t> requests_of;
    for (const auto& r : rows) {
        CHECK(!r.team.empty());
        teams_of[r.agent].insert(r.team);
        agents_of[r.team].insert(r.agent);
        ++requests_of[r.agent];
    }
    CHECK(teams_of.size() == 50);
    // "agent-" and three digits (no std::regex: GCC 12 warns falsely inside it under ASan).
    const auto agent_name = [](const std::string& a) {
        return a.size() == 9 && a.starts_with("agent-") &&
               std::all_of(a.begin() + 6, a.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    for (const auto& [agent, teams] : teams_of) {
        CHECK_MESSAGE(agent_name(agent), agent);
        CHECK_MESSAGE(teams.size() == 1, agent);
    }
    CHECK(agents_of.size() == 4);
    for (const auto* team : {"billing", "technical", "accounts", "onboarding"}) CHECK(agents_of.count(team) == 1);
    std::size_t biggest = 0, smallest = 50;
    for (const auto& [team, agents] : agents_of) {
        biggest = std::max(biggest, agents.size());
        smallest = std::min(smallest, agents.size());
    }
    CHECK(biggest >= 2 * smallest);

    // A few agents take much of the work: the busiest more than twice the mean share.
    std::size_t busiest = 0;
    for (const auto& [agent, n] : requests_of) busiest = std::max(busiest, n);
    CHECK(static_cast<double>(busiest) > 2.0 * 20000.0 / 50.0);

    // Pace: the median first response of requests on real-time channels submitted in
    // working hours (out of hours an automatic answer comes at once), per agent with
    // 30 such responses at least. The 5 slowest agents answer clearly slower than the 5
    // fastest, and the slowest at least twice as slow as the agents' median.
    const auto c = slakit::examples::load_contract(environment("SLAKIT_SOURCE_DIR") +
                                                   "/examples/contracts/response_time_agreement.toml");
    std::map<std::string, std::vector<double>> delays;
    for (const auto& r : rows) {
        if (!r.first || c.policy.kind_of(r.channel) != slakit::channel_kind::real_time ||
            !c.policy.calendar().is_open(r.submitted))
            continue;
        delays[r.agent].push_back(std::chrono::duration<double>(*r.first - r.submitted).count());
    }
    std::vector<double> medians;
    for (const auto& [agent, d] : delays)
        if (d.size() >= 30) medians.push_back(median(d));
    REQUIRE(medians.size() >= 20);
    std::sort(medians.begin(), medians.end());
    const std::vector<double> fastest(medians.begin(), medians.begin() + 5), slowest(medians.end() - 5, medians.end());
    INFO("agents' median first responses, s: fastest 5 mean " << mean(fastest) << ", slowest 5 mean " << mean(slowest)
                                                              << ", all " << median(medians));
    CHECK(mean(slowest) > 2.0 * mean(fastest));
    CHECK(slowest.front() > fastest.back());
    CHECK(medians.back() > 2.0 * median(medians));
}

TEST_CASE("sla_simulate: agents change people's delays only, not the arrivals nor the automatic answers") {
    const auto one = simulate("--seed 8 --requests 5000 --agents 1 --teams 1", "one_agent");
    const auto many = simulate("--seed 8 --requests 5000", "many_agents");
    REQUIRE(one.status == 0);
    REQUIRE(many.status == 0);
    const auto a = rows_of(one.out), b = rows_of(many.out);
    REQUIRE(a.size() == b.size());
    const auto c = slakit::examples::load_contract(environment("SLAKIT_SOURCE_DIR") +
                                                   "/examples/contracts/response_time_agreement.toml");
    std::size_t automatic = 0, answered_in_hours = 0, changed = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(a[i].id);
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].channel == b[i].channel);
        CHECK(a[i].submitted == b[i].submitted);
        CHECK(a[i].agent == "agent-001");
        CHECK(a[i].first.has_value() == b[i].first.has_value());
        if (!a[i].first || !b[i].first) continue;
        if (!c.policy.calendar().is_open(a[i].submitted)) {
            // The automatic out-of-hours answer is nobody's: the same instant.
            CHECK(a[i].first == b[i].first);
            ++automatic;
        } else {
            ++answered_in_hours;
            changed += a[i].first != b[i].first ? 1U : 0U;
        }
    }
    CHECK(automatic > 500);
    CHECK(changed > answered_in_hours * 9 / 10);
}

TEST_CASE("sla_simulate --agents 500 --teams 12: names for every agent and team") {
    const auto run = simulate("--seed 3 --requests 10000 --agents 500 --teams 12", "agents500");
    REQUIRE(run.status == 0);
    const auto rows = rows_of(run.out);
    std::set<std::string> agents, teams;
    for (const auto& r : rows) {
        agents.insert(r.agent);
        teams.insert(r.team);
    }
    // The least busy agents may get no request of 10,000.
    CHECK(agents.size() > 400);
    CHECK(agents.size() <= 500);
    CHECK(*agents.begin() >= "agent-001");
    CHECK(*agents.rbegin() <= "agent-500");
    CHECK(teams.size() == 12);
    for (const auto* team : {"billing", "partners", "team-9", "team-12"}) CHECK_MESSAGE(teams.count(team) == 1, team);
}

TEST_CASE("sla_simulate: the same agent for a request in the requests and the events file of a seed") {
    const auto requests = simulate("--seed 5 --requests 2000", "pair_requests");
    const auto events = simulate("--seed 5 --requests 2000 --events", "pair_events");
    REQUIRE(requests.status == 0);
    REQUIRE(events.status == 0);
    std::map<std::string, std::string> assignee;
    for (const auto& r : rows_of(requests.out)) assignee[r.id] = r.team + '/' + r.agent;
    const auto lines = lines_of(events.out);
    REQUIRE(lines.front() == "request_id,at,event,channel,priority,status,author,reason,team,agent");
    std::size_t checked = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i]);
        REQUIRE(f.size() == 10);
        CHECK_MESSAGE(assignee[f[0]] == f[8] + '/' + f[9], lines[i]);
        ++checked;
    }
    CHECK(checked > 2000);
}

TEST_CASE("sla_simulate: --agents 0, --teams 0 and more teams than agents are refused") {
    for (const auto& [arguments, message] :
         {std::pair{"--agents 0", "error: --agents: from 1 to 10000, not 0"},
          std::pair{"--agents 20000", "error: --agents: from 1 to 10000, not 20000"},
          std::pair{"--teams 0", "error: --teams: from 1 to the number of agents (--agents 24), not 0"},
          std::pair{"--teams 5 --agents 4 --events",
                    "error: --teams: from 1 to the number of agents (--agents 4), not 5"}}) {
        CAPTURE(arguments);
        const auto run = simulate(arguments, "refused");
        CHECK(run.status != 0);
        CHECK(run.out.empty());
        CHECK_MESSAGE(run.err.rfind(message, 0) == 0, run.err);
    }
}
