// examples/sla_simulate.cpp: a synthetic month of customer-service requests as CSV,
// the same bytes for the same seed.
//
//   sla_simulate --seed 42 --requests 20000 --month 2026-03 > requests.csv
//
// Run with --help for the columns and what the month looks like.
#include "support/contract.hpp"
#include "support/program.hpp"

#include <slakit/calendar.hpp>
#include <slakit/event.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/time.hpp>

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;
using std::chrono::milliseconds;

constexpr std::string_view description = R"(Writes a synthetic month of customer-service requests as CSV to standard
output. The same seed gives the same bytes, on any platform: the generator is
std::mt19937_64 and every distribution is computed here from uniform doubles.

  sla_simulate --seed N --requests N [--month YYYY-MM] [--contract FILE] [--dirty]
               [--teams N] [--agents N]
  sla_simulate --events [--shuffle N] ...   helpdesk timelines, one event a line
)";

constexpr std::string_view footer = R"(Columns (a header line first):
  id, channel, priority, submitted_at, first_response_at, handoff_decided_at,
  handoff_completed_at, human_contact_at, excluded_reason, team, agent
Instants are ISO 8601 UTC with milliseconds (2026-03-02T01:30:00.250Z); an
empty field is an event that did not happen. Rows come in submission order.

The month (in the time zone of the contract's calendar):
  arrivals      busy on working days, quieter on weekends and closed days, with
                a daily curve: a morning and an afternoon peak, a lunch dip,
                evenings and nights (many requests come out of hours)
  channels      the contract's channels (the seed contract's by default):
                about 80 % on real-time channels, 20 % asynchronous
  priorities    the contract's priorities: "normal" (or else the least
                important) the most common, each one above about 7 times rarer
                than the one below, each one below about 4 times rarer
  responses     log-normal: real-time channels tens of seconds, asynchronous
                ones minutes; faster for higher priorities, slower at peaks;
                automatic out-of-hours answers within seconds
  hand-offs     some requests are handed to a person: decided, completed (or
                not), first human contact
  unanswered    a few requests get no response
  exclusions    a few requests carry a reason that excludes them (4.1(5))
  assignees     every request has an agent, of one team: --agents (default 24)
                in --teams (default 4: billing, technical, accounts, onboarding,
                then returns, shipping, enterprise, partners, team-9, ...), the
                first teams biggest; agent-001, agent-002, ... by team. Per seed,
                each agent gets a share of the work (log-normal: a few take
                several times the mean) and a pace that scales its answers
                (first responses in hours, human contact, replies): most near
                1, about one in eight 2 to 4 times slower. Automatic and bot
                answers keep the month's pace. The month's compliance stays
                within about a point of what one agent would give.

--dirty replaces a few rows with malformed ones, of each kind: too few fields,
a bad timestamp, a response before the submission, an unknown channel, a
duplicate id, a timestamp without an offset, a byte that is not UTF-8. A
summary of what was written goes to standard error.

--events writes each request's timeline instead, one event a line:
  request_id, at, event, channel, priority, status, author, reason, team, agent
(channel and priority on submitted, the new priority on priority, status on
status, author bot or human on reply, reason on excluded; the request's team
and agent on every line). A seed assigns each request id the same agent in
both files. The same arrivals
and first responses; then bots answer first (most chats, and out of hours),
hand-offs, customer messages and agents' replies in the channel's working
hours, pauses (status pending until the customer writes back, about 35 % of
requests; on_hold with periodic updates, about 10 %), solves (solved, then
closed --close-after later, 4 days by default), reopens before the close
(about 5 % of requests), priority changes (about 3 %) and exclusions (about
0.3 %). The statuses are open, pending, on_hold, solved and closed, as in
examples/contracts/helpdesk.toml. A request's instants strictly increase;
lines come in time order, requests interleaved, and stories run on past the
month's end. --shuffle N writes blocks of N lines (an hour at most), each in
a random order (a reader takes any order); --dirty adds a few malformed
lines, one of each kind per 20,000 requests.

Exit status: 0 written; 2 a bad command line or contract file (or --agents
beyond 1..10000, --teams beyond 1..--agents).)";

// --- randomness ---------------------------------------------------------------

class random_source {
public:
    explicit random_source(std::uint64_t seed) : engine_(seed) {}

    // [0, 1) with 53 random bits: the same doubles from the same engine everywhere.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

    bool chance(double p) { return uniform() < p; }

    // Box-Muller; one value per call keeps the stream simple to follow.
    double normal() {
        const double u1 = 1.0 - uniform();  // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
    }

    // Log-normal with the given median, in milliseconds, capped at a week.
    milliseconds lognormal(milliseconds median, double sigma) { return lognormal_at(median, sigma, normal()); }

    // The log-normal value for the standard normal z drawn before.
    static milliseconds lognormal_at(milliseconds median, double sigma, double z) {
        const double ms = static_cast<double>(median.count()) * std::exp(sigma * z);
        return milliseconds{static_cast<std::int64_t>(std::min(ms, 7.0 * 86'400'000.0))};
    }

    // An index drawn with the weights whose running sums are cumulative.
    std::size_t pick(const std::vector<double>& cumulative) {
        const double x = uniform() * cumulative.back();
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
        return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
    }

    std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)); }

private:
    std::mt19937_64 engine_;
};

std::vector<double> running_sums(const std::vector<double>& weights) {
    std::vector<double> sums;
    double total = 0.0;
    for (const double w : weights) sums.push_back(total += w);
    return sums;
}

// --- the vocabulary -----------------------------------------------------------

struct vocabulary {
    slakit::calendar calendar;
    std::vector<std::string> channels;
    std::vector<bool> real_time;  // per channel
    std::vector<std::string> priorities;  // least important first
    std::vector<slakit::calendar> calendars;  // per channel: when its agents work
    // The policy's status names; empty when it declares none.
    std::vector<std::string> statuses;
};

vocabulary seed_vocabulary() {
    auto policy = slakit::presets::response_time_agreement();
    vocabulary v{policy.calendar(), {}, {}, {}, {}, {}};
    for (const auto c :
         {slakit::channel::web_chat, slakit::channel::in_app_chat, slakit::channel::social, slakit::channel::email}) {
        v.channels.emplace_back(slakit::to_string(c));
        v.real_time.push_back(policy.kind_of(c) == slakit::channel_kind::real_time);
        v.calendars.push_back(policy.calendar_for(c));
    }
    for (const auto p : {slakit::priority::normal, slakit::priority::high, slakit::priority::urgent})
        v.priorities.emplace_back(slakit::to_string(p));
    return v;
}

vocabulary contract_vocabulary(const slakit::examples::contract& c) {
    vocabulary v{c.policy.calendar(), c.channels, {}, c.priorities, {}, {}};
    for (const auto& name : c.channels) {
        v.real_time.push_back(c.policy.kind_of(name) == slakit::channel_kind::real_time);
        v.calendars.push_back(c.policy.calendar_for(name));
    }
    for (const auto& status : c.policy.lifecycle().statuses()) v.statuses.push_back(status.first);
    return v;
}

// The channel mix: 80 % real-time, the first listed busiest; 20 % asynchronous.
std::vector<double> channel_weights(const vocabulary& v) {
    std::size_t real_time = 0;
    for (const bool r : v.real_time) real_time += r ? 1 : 0;
    const std::size_t asynchronous = v.channels.size() - real_time;
    const double real_time_share = asynchronous == 0 ? 1.0 : real_time == 0 ? 0.0 : 0.8;
    double harmonic = 0.0;
    for (std::size_t i = 0; i < real_time; ++i) harmonic += 1.0 / static_cast<double>(i + 1);
    std::vector<double> weights;
    std::size_t rank = 0;
    for (const bool r : v.real_time) {
        if (r)
            weights.push_back(real_time_share / harmonic / static_cast<double>(++rank));
        else
            weights.push_back((1.0 - real_time_share) / static_cast<double>(asynchronous));
    }
    return weights;
}

// The priority mix: the one named "normal" (else the least important) is the most
// common, each above it about 7 times rarer than the one below, each below it about
// 4 times rarer than the one above.
std::vector<double> priority_weights(const vocabulary& v) {
    const auto normal = std::find(v.priorities.begin(), v.priorities.end(), "normal");
    const auto common =
        normal == v.priorities.end() ? std::size_t{0} : static_cast<std::size_t>(normal - v.priorities.begin());
    std::vector<double> weights;
    for (std::size_t i = 0; i < v.priorities.size(); ++i)
        weights.push_back(i >= common ? std::pow(0.14, static_cast<double>(i - common))
                                      : std::pow(0.25, static_cast<double>(common - i)));
    return weights;
}

// --- teams and agents ---------------------------------------------------------

constexpr std::array<std::string_view, 8> team_names{"billing", "technical", "accounts",   "onboarding",
                                                     "returns", "shipping",  "enterprise", "partners"};
constexpr std::size_t most_agents = 10'000;

// Who works the requests: agents in teams, each with a pace and a share of the work.
// Drawn once per seed from a stream of its own, and each request's assignee from it
// too, so that the arrivals and the other draws are those of the same seed without
// agents (one agent in one team gives the delays of the program before it had agents).
class staff {
public:
    staff(std::uint64_t seed, std::size_t team_count, std::size_t agent_count) : random_(seed ^ 0x2545f4914f6cdd1dULL) {
        for (std::size_t k = 0; k < team_count; ++k)
            teams_.push_back(k < team_names.size() ? std::string{team_names[k]}
                                                   : std::string{"team-"}.append(std::to_string(k + 1)));
        // Teams of uneven size (the first biggest, weights 1/k^0.7), each with an agent
        // at least; the rest by largest remainder. The same for every seed.
        std::vector<double> weights;
        double total = 0.0;
        for (std::size_t k = 0; k < team_count; ++k)
            total += weights.emplace_back(std::pow(static_cast<double>(k + 1), -0.7));
        const auto spare = static_cast<double>(agent_count - team_count);
        std::vector<std::size_t> sizes(team_count, 1);
        std::vector<std::pair<double, std::size_t>> remainders;
        std::size_t given = team_count;
        for (std::size_t k = 0; k < team_count; ++k) {
            const double exact = spare * weights[k] / total;
            const auto whole = static_cast<std::size_t>(exact);
            sizes[k] += whole;
            given += whole;
            remainders.emplace_back(exact - static_cast<double>(whole), k);
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; given < agent_count; ++i, ++given) ++sizes[remainders[i % team_count].second];
        const std::size_t width = std::max<std::size_t>(3, std::to_string(agent_count).size());
        for (std::size_t k = 0; k < team_count; ++k) {
            for (std::size_t i = 0; i < sizes[k]; ++i) {
                const std::string number = std::to_string(agents_.size() + 1);
                std::string name{"agent-"};
                name.append(width - number.size(), '0').append(number);
                agents_.push_back(std::move(name));
                team_of_.push_back(k);
            }
        }
        // Pace: most agents near 1 (log-normal, sigma 0.25), about one in eight 2 to 4
        // times slower. Load: log-normal shares (sigma 0.8), so that a few agents take
        // several times the mean.
        std::vector<double> loads;
        for (std::size_t i = 0; i < agent_count; ++i) {
            const bool slow = random_.chance(0.125);
            const double z = random_.normal();
            pace_.push_back(slow ? 2.0 + 2.0 * random_.uniform() : std::exp(0.25 * z));
            loads.push_back(std::exp(0.8 * random_.normal()));
        }
        load_sums_ = running_sums(loads);
        // Paces relative to the work's mean pace, so that the month looks as it did
        // without agents: the arithmetic mean would keep the mean delay (and raise the
        // compliance), the geometric one the median delay (and lower it); halfway
        // between, the compliance stays within a point of what it was. The paces'
        // spread (the variance of the log pace) is taken from each delay's own.
        const double all = load_sums_.back();
        double log_mean = 0.0, mean = 0.0;
        for (std::size_t i = 0; i < agent_count; ++i) {
            log_mean += loads[i] / all * std::log(pace_[i]);
            mean += loads[i] / all * pace_[i];
        }
        const double typical = std::sqrt(mean * std::exp(log_mean));
        for (auto& p : pace_) p /= typical;
        log_mean -= std::log(typical);
        for (std::size_t i = 0; i < agent_count; ++i)
            spread_ += loads[i] / all * std::pow(std::log(pace_[i]) - log_mean, 2);
    }

    // The assignee of the next request.
    std::size_t pick() { return agent_count() == 1 ? 0 : random_.pick(load_sums_); }

    [[nodiscard]] std::size_t agent_count() const { return agents_.size(); }
    [[nodiscard]] const std::string& agent(std::size_t a) const { return agents_[a]; }
    [[nodiscard]] const std::string& team(std::size_t a) const { return teams_[team_of_[a]]; }
    [[nodiscard]] std::size_t team_count() const { return teams_.size(); }
    [[nodiscard]] double pace(std::size_t a) const { return pace_[a]; }
    // A delay's log-normal sigma, less the agents' spread (at least half of it stays).
    [[nodiscard]] double sigma(double sigma_of_all) const {
        const double square = sigma_of_all * sigma_of_all;
        return std::sqrt(std::max(square - spread_, square / 4.0));
    }
    // What `agent` takes where all agents would take `median` with `sigma_of_all`.
    [[nodiscard]] milliseconds median(milliseconds all, std::size_t a) const {
        return milliseconds{static_cast<std::int64_t>(static_cast<double>(all.count()) * pace_[a])};
    }

private:
    random_source random_;
    std::vector<std::string> teams_, agents_;
    std::vector<std::size_t> team_of_;
    std::vector<double> pace_, load_sums_;
    double spread_ = 0.0;
};

// --- the month's arrivals -----------------------------------------------------

// Relative arrivals per local hour of a working day, and of a closed one.
constexpr std::array<double, 24> working_day{0.06, 0.04, 0.03, 0.02, 0.02, 0.04, 0.10, 0.25, 0.60, 1.00, 1.00, 0.95,
                                             0.70, 0.80, 1.00, 1.00, 0.95, 0.85, 0.50, 0.40, 0.35, 0.28, 0.18, 0.10};
constexpr std::array<double, 24> closed_day{0.06, 0.04, 0.03, 0.02, 0.02, 0.04, 0.08, 0.15, 0.24, 0.32, 0.38, 0.40,
                                            0.38, 0.38, 0.40, 0.40, 0.38, 0.35, 0.33, 0.33, 0.30, 0.25, 0.17, 0.10};
// Monday is busiest, Friday lighter, weekends quiet (ISO order, Monday first).
constexpr std::array<double, 7> weekday_factor{1.15, 1.05, 1.0, 1.0, 0.9, 0.5, 0.45};

struct hour_slot {
    instant start;
    double weight;
    double load;  // 0..1: how busy, slows responses a little
};

std::vector<hour_slot> month_hours(const slakit::calendar& calendar, date::year_month month) {
    const auto zone = calendar.zone();
    const auto first = zone->to_sys(date::local_days{month / 1}, date::choose::earliest);
    const auto last = zone->to_sys(date::local_days{(month + date::months{1}) / 1}, date::choose::earliest);
    std::vector<hour_slot> slots;
    for (auto t = std::chrono::floor<std::chrono::hours>(first); t < last; t += 1h) {
        const auto local = zone->to_local(t);
        const auto day = date::floor<date::days>(local);
        const auto hour = static_cast<std::size_t>(std::chrono::floor<std::chrono::hours>(local - day).count());
        const auto day_start = zone->to_sys(day, date::choose::earliest);
        const auto day_end = zone->to_sys(day + date::days{1}, date::choose::earliest);
        const bool works = calendar.elapsed(day_start, day_end) > std::chrono::seconds{0};
        const double w =
            (works ? working_day[hour] : closed_day[hour]) * weekday_factor[date::weekday{day}.iso_encoding() - 1];
        slots.push_back({instant{t}, w, w / 1.15});
    }
    // The first slot starts at the month's first instant, which need not be a whole UTC hour.
    if (!slots.empty()) slots.front().start = instant{first};
    return slots;
}

// --- malformed rows -----------------------------------------------------------

enum class defect : unsigned char {
    too_few_fields,
    bad_timestamp,
    response_before_submission,
    unknown_channel,
    duplicate_id,
    no_offset,
    not_utf8,
};
constexpr std::size_t defect_count = 7;
constexpr std::array<std::string_view, defect_count> defect_names{
    "too few fields",           "bad timestamp", "response before submission", "unknown channel", "duplicate id",
    "timestamp without offset", "non-UTF-8 byte"};

// --- writing ------------------------------------------------------------------

class output {
public:
    output() { buffer_.reserve(capacity + 4096); }
    output(const output&) = delete;
    output& operator=(const output&) = delete;
    ~output() = default;

    void append(std::string_view s) {
        buffer_.append(s);
        if (buffer_.size() >= capacity) flush();
    }
    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size())
            throw std::runtime_error("cannot write standard output");
        buffer_.clear();
    }

private:
    static constexpr std::size_t capacity = 1 << 20;
    std::string buffer_;
};

struct counts {
    std::uint64_t rows = 0, out_of_hours = 0, unanswered = 0, handoffs = 0, excluded = 0;
    std::array<std::uint64_t, defect_count> defects{};
};

std::string id_text(std::uint64_t n) {
    std::string digits = std::to_string(n);
    return "R" + std::string(digits.size() < 8 ? 8 - digits.size() : 0, '0') + digits;
}

constexpr std::array<std::string_view, 4> exclusion_reasons{
    "business CRM outage", "maintenance window requested by the business", "\"customer data missing, business side\"",
    "business asked to hold replies"};

// Which rows (or requests) get a defect: each of `kinds` kinds about once in 20,000,
// at least once, never at row 0. A stream of its own, so that --dirty leaves the other
// rows exactly as they are without it.
std::vector<std::pair<std::uint64_t, std::size_t>> pick_defects(std::uint64_t seed, std::uint64_t rows,
                                                                std::size_t kinds) {
    std::vector<std::pair<std::uint64_t, std::size_t>> picked;
    if (rows < 2) return picked;
    random_source pick{seed ^ 0x9e3779b97f4a7c15ULL};
    const std::uint64_t each = 1 + rows / 20'000;
    std::vector<bool> taken(static_cast<std::size_t>(rows), false);
    taken[0] = true;  // a duplicate needs a row before it
    for (std::size_t k = 0; k < kinds; ++k) {
        for (std::uint64_t j = 0; j < each; ++j) {
            std::uint64_t at = 1 + pick.below(rows - 1);
            for (std::uint64_t tries = 0; taken[static_cast<std::size_t>(at)] && tries < rows; ++tries)
                at = at + 1 < rows ? at + 1 : 1;
            if (taken[static_cast<std::size_t>(at)]) break;
            taken[static_cast<std::size_t>(at)] = true;
            picked.emplace_back(at, k);
        }
    }
    std::sort(picked.begin(), picked.end());
    return picked;
}

// --- helpdesk timelines (--events) ----------------------------------------------

// The host statuses written, as examples/contracts/helpdesk.toml maps them: open
// runs, pending (waiting on the customer) and on_hold (waiting on a third party)
// pause, solved and closed resolve.
enum class desk_status : std::uint8_t { open, pending, on_hold, solved, closed };
constexpr std::array<std::string_view, 5> desk_statuses{"open", "pending", "on_hold", "solved", "closed"};

// How often things happen, per request or per step of its conversation.
struct desk_rates {
    static constexpr double unanswered_real_time = 0.004, unanswered_async = 0.012;
    static constexpr double bot_first_real_time = 0.5, bot_first_async = 0.15;  // in working hours
    static constexpr double handoff_after_bot = 0.45, handoff_completed = 0.97, human_contact = 0.95;
    static constexpr double bot_solves = 0.6;  // of the bot-answered requests not handed off
    static constexpr double first_solve = 0.35, solve_step = 0.12;  // chance to solve at the n-th reply
    static constexpr double pending = 0.25, on_hold = 0.07;  // after an agent's reply
    static constexpr double customer_answers_pending = 0.85;
    static constexpr double reopen = 0.05, second_reopen = 0.02;  // of solves
    static constexpr double priority_change = 0.06, priority_up = 0.7;
    static constexpr double excluded = 0.003;
    static constexpr std::size_t max_replies = 12;
};

// One event of the file. Within a request instants strictly increase, so (at,
// request) orders the whole file and no two lines of a request share an instant:
// a shuffled file means the same.
struct desk_event {
    std::int64_t at;  // milliseconds since 1970
    std::uint32_t request;  // in submission order, from 0
    slakit::event_kind kind;
    std::uint8_t value;  // the priority (submitted, priority), status, author or reason
    std::uint8_t channel;  // submitted
    std::uint16_t agent;  // the request's assignee, on every line
};

std::int64_t milliseconds_of(instant t) { return t.time_since_epoch().count(); }

// The events told but not yet written, in one bucket a minute: a bucket is sorted
// and written once the next submission lies after it, when no event can join it.
class event_buckets {
public:
    explicit event_buckets(instant from) : base_(minute(milliseconds_of(from))) {}

    void add(const desk_event& e) {
        const auto i = static_cast<std::size_t>(minute(e.at) - base_);
        if (i >= buckets_.size()) buckets_.resize(i + 1);
        buckets_[i].push_back(e);
    }

    // Writes every bucket wholly before the instant `until` (all of them: none).
    template <class Write>
    void write_before(std::optional<std::int64_t> until, Write&& write) {
        const std::size_t end =
            until ? std::min(static_cast<std::size_t>(minute(*until) - base_), buckets_.size()) : buckets_.size();
        for (; next_ < end; ++next_) {
            auto& bucket = buckets_[next_];
            std::sort(bucket.begin(), bucket.end(), [](const desk_event& a, const desk_event& b) {
                return a.at != b.at ? a.at < b.at : a.request < b.request;
            });
            for (const auto& e : bucket) write(e);
            std::vector<desk_event>{}.swap(bucket);  // gives the memory back
        }
    }

private:
    static std::int64_t minute(std::int64_t ms) { return (ms >= 0 ? ms : ms - 59'999) / 60'000; }

    std::int64_t base_;
    std::size_t next_ = 0;
    std::vector<std::vector<desk_event>> buckets_;
};

struct desk_tally {
    std::uint64_t requests = 0, events = 0, out_of_hours = 0, unanswered = 0, bot_first = 0, handoffs = 0;
    std::uint64_t paused = 0, on_hold = 0, solved = 0, reopened = 0, reopens = 0, priority_changed = 0;
    std::uint64_t excluded = 0, customer_messages = 0, replies = 0;
    std::int64_t last = 0;
};

// Tells one request's story: its events, in time order, into `story`.
class desk_storyteller {
public:
    desk_storyteller(random_source& random, const vocabulary& words, const staff& people, milliseconds close_after,
                     desk_tally& tally)
            : random_(random), words_(words), people_(people), close_after_(close_after), tally_(tally) {}

    void tell(std::uint32_t request, instant submitted, std::size_t channel, std::size_t priority, std::size_t agent,
              double load, std::vector<desk_event>& story) {
        story_ = &story;
        story.clear();
        request_ = request;
        agent_ = agent;
        channel_ = static_cast<std::uint8_t>(channel);
        priority_ = priority;
        calendar_ = &words_.calendars[channel];
        real_time_ = words_.real_time[channel];
        // Higher priorities are answered faster, busy hours slower.
        speed_ = std::pow(0.7, static_cast<double>(priority)) * (0.8 + 0.4 * load);
        paused_ = false;
        reopens_ = 0;
        change_at_reply_ = random_.chance(desk_rates::priority_change) && words_.priorities.size() > 1
                               ? static_cast<std::size_t>(random_.below(3))
                               : desk_rates::max_replies;
        add(submitted, slakit::event_kind::submitted, static_cast<std::uint8_t>(priority));
        ++tally_.requests;
        if (random_.chance(desk_rates::excluded)) {
            ++tally_.excluded;
            floating_.emplace_back(story.size(), milliseconds_of(submitted));
            add(submitted + random_.lognormal(10min, 1.0), slakit::event_kind::excluded,
                static_cast<std::uint8_t>(random_.below(exclusion_reasons.size())));
        }
        converse(submitted);
        finish();
    }

private:
    void add(instant at, slakit::event_kind kind, std::uint8_t value = 0) {
        story_->push_back({milliseconds_of(at), request_, kind, value, channel_, static_cast<std::uint16_t>(agent_)});
    }
    void reply(instant at, slakit::author by) {
        add(at, slakit::event_kind::reply, static_cast<std::uint8_t>(by));
        ++tally_.replies;
    }
    void customer_message(instant at) {
        add(at, slakit::event_kind::customer_message);
        ++tally_.customer_messages;
    }
    void status(instant at, desk_status s) { add(at, slakit::event_kind::status, static_cast<std::uint8_t>(s)); }

    // A person acts at t or, out of the channel's hours, a little after the next opening.
    instant agent_at(instant t) {
        if (calendar_->is_open(t)) return t;
        try {
            return instant{calendar_->next_open(t)} + random_.lognormal(20min, 0.8);
        } catch (const slakit::no_open_time&) {
            return t;
        }
    }
    // A delay of the assignee's: its pace scales the median.
    milliseconds agent_delay(milliseconds median, double sigma) {
        return random_.lognormal(people_.median(median, agent_), people_.sigma(sigma));
    }
    // From a customer's message to an agent's answer.
    instant answer(instant message) {
        const milliseconds median{static_cast<std::int64_t>((real_time_ ? 180'000.0 : 2'700'000.0) * speed_)};
        return agent_at(message + agent_delay(median, 1.0));
    }
    // How long a customer takes to write back.
    instant customer_after(instant t, milliseconds real_time_median, milliseconds async_median) {
        return t + random_.lognormal(real_time_ ? real_time_median : async_median, 1.2);
    }

    void converse(instant submitted) {
        if (random_.chance(real_time_ ? desk_rates::unanswered_real_time : desk_rates::unanswered_async)) {
            ++tally_.unanswered;  // stays open; the customer may ask again
            if (random_.chance(0.5)) customer_message(customer_after(submitted, 10min, 1h));
            return;
        }
        // The first reply, timed as the requests CSV times it.
        instant t;
        slakit::author by = slakit::author::human;
        if (!calendar_->is_open(submitted)) {
            ++tally_.out_of_hours;
            t = submitted + random_.lognormal(2500ms, 0.6);  // the automatic out-of-hours answer
            by = slakit::author::bot;
        } else {
            // A bot answers at the month's pace, the assignee at its own.
            const double z = random_.normal();
            if (random_.chance(real_time_ ? desk_rates::bot_first_real_time : desk_rates::bot_first_async))
                by = slakit::author::bot;
            const bool bot = by == slakit::author::bot;
            milliseconds median{static_cast<std::int64_t>((real_time_ ? 20'000.0 : 360'000.0) * speed_)};
            const double sigma = real_time_ ? 0.75 : 1.0;
            if (!bot) median = people_.median(median, agent_);
            t = submitted + std::max(random_source::lognormal_at(median, bot ? sigma : people_.sigma(sigma), z), 200ms);
        }
        reply(t, by);
        // The instant of the solve to come; max(): none yet (std::optional draws a
        // false -Wmaybe-uninitialized from GCC 12 at -O3).
        instant solved = instant::max();
        if (by == slakit::author::bot) {
            ++tally_.bot_first;
            if (random_.chance(desk_rates::handoff_after_bot)) {
                ++tally_.handoffs;
                const instant decided = t + random_.lognormal(real_time_ ? 40s : 120s, 0.6);
                add(decided, slakit::event_kind::handoff_decided);
                if (!random_.chance(desk_rates::handoff_completed)) {
                    solved = decided + 24h;  // nobody took it over: the automation solves it a day later
                } else {
                    const instant completed = agent_at(decided) + random_.lognormal(real_time_ ? 90s : 180s, 0.7);
                    add(completed, slakit::event_kind::handoff_completed);
                    if (random_.chance(desk_rates::human_contact)) {
                        t = agent_at(completed + agent_delay(real_time_ ? 240s : 7'200s, 1.0));
                        add(t, slakit::event_kind::human_contact);
                        t += 1s;
                    } else {
                        t = agent_at(completed + random_.lognormal(4h, 1.0));
                    }
                    reply(t, slakit::author::human);
                }
            } else if (random_.chance(desk_rates::bot_solves)) {
                solved = customer_after(t, 2min, 30min);  // the customer confirms, the bot solves
            } else {
                const instant message = customer_after(t, 1min, 20min);
                customer_message(message);
                t = answer(message);
                reply(t, slakit::author::human);
            }
        }
        // t is now an agent's reply, unless the request is solved.
        for (std::size_t replies = 0;; ++replies) {
            if (solved == instant::max()) {
                if (replies == change_at_reply_) change_priority(t, t + random_.lognormal(2min, 1.0));
                const double solve =
                    std::min(desk_rates::first_solve + desk_rates::solve_step * static_cast<double>(replies), 1.0);
                const double x = random_.uniform();
                if (x < solve || replies + 1 >= desk_rates::max_replies) {
                    solved = t + random_.lognormal(5s, 0.5);  // the agent solves with the reply
                } else if (x < solve + desk_rates::pending) {
                    t = wait_on_customer(t, solved);
                } else if (x < solve + desk_rates::pending + desk_rates::on_hold) {
                    t = hold(t);
                } else {
                    const instant message = customer_after(t, 2min, 2h);
                    customer_message(message);
                    t = answer(message);
                    reply(t, slakit::author::human);
                }
                if (solved == instant::max()) continue;
            }
            status(solved, desk_status::solved);
            ++tally_.solved;
            const double reopen = reopens_ == 0 ? desk_rates::reopen : desk_rates::second_reopen;
            if (reopens_ < 2 && random_.chance(reopen)) {
                // The customer writes back before the request closes; the helpdesk
                // reopens it first, so the message opens a next-reply cycle.
                const auto median = milliseconds{close_after_.count() * 5 / 24};  // 20 h of 4 days
                const instant back = solved + std::min(random_.lognormal(median, 1.0), close_after_ * 9 / 10);
                status(back, desk_status::open);
                customer_message(back + 1ms);
                ++reopens_;
                ++tally_.reopens;
                t = answer(back + 1ms);
                reply(t, slakit::author::human);
                solved = instant::max();
                continue;
            }
            // Solved requests close after --close-after, at the hourly run of the automation.
            const auto run = std::min<std::int64_t>(3'600'000, close_after_.count() / 24);
            status(solved + close_after_ +
                       milliseconds{static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(run)))},
                   desk_status::closed);
            return;
        }
    }

    // Waits on the customer: pending until the customer writes back, or solved after three days.
    instant wait_on_customer(instant t, instant& solved) {
        const instant pause = t + random_.lognormal(3s, 0.5);
        status(pause, desk_status::pending);
        paused_ = true;
        if (!random_.chance(desk_rates::customer_answers_pending)) {
            solved = pause + 72h;
            return t;
        }
        // The message arrives while the request is paused; the helpdesk then runs it again.
        const instant message = customer_after(pause, 20min, 4h);
        customer_message(message);
        status(message + 1s, desk_status::open);
        const instant answered = answer(message + 1s);
        reply(answered, slakit::author::human);
        return answered;
    }

    // On hold for a third party, with periodic updates to the customer.
    instant hold(instant t) {
        const instant from = t + random_.lognormal(3s, 0.5);
        status(from, desk_status::on_hold);
        paused_ = true;
        ++tally_.on_hold;
        const instant until = agent_at(from + random_.lognormal(20h, 0.8));
        for (instant update = agent_at(from + random_.lognormal(6h, 0.5)); update < until;
             update = agent_at(update + random_.lognormal(6h, 0.5)))
            reply(update, slakit::author::human);
        status(until, desk_status::open);
        const instant answered = until + agent_delay(5min, 0.8);
        reply(answered, slakit::author::human);
        return answered;
    }

    // Mostly an escalation; the lowest priority can only go up, the highest only down.
    void change_priority(instant reply_at, instant at) {
        floating_.emplace_back(story_->size(), milliseconds_of(reply_at));
        const std::size_t n = words_.priorities.size();
        const bool up = priority_ + 1 < n && (priority_ == 0 || random_.chance(desk_rates::priority_up));
        priority_ = up ? priority_ + 1 : priority_ - 1;
        add(at, slakit::event_kind::priority, static_cast<std::uint8_t>(priority_));
        ++tally_.priority_changed;
    }

    // In time order, the instants made strictly increasing (a tie moves the later
    // event by a millisecond), so that any order of the lines means the same.
    void finish() {
        auto& story = *story_;
        // An exclusion or a priority change comes before the solve that follows what
        // it follows: after a solve, only a reopen or the close.
        for (const auto& [index, after] : floating_) {
            std::optional<std::int64_t> solve;
            for (const auto& e : story)
                if (e.kind == slakit::event_kind::status && e.value == static_cast<std::uint8_t>(desk_status::solved) &&
                    e.at > after && (!solve || e.at < *solve))
                    solve = e.at;
            if (solve && story[index].at >= *solve) story[index].at = *solve - 1;
        }
        floating_.clear();
        std::stable_sort(story.begin(), story.end(),
                         [](const desk_event& a, const desk_event& b) { return a.at < b.at; });
        for (std::size_t i = 1; i < story.size(); ++i) story[i].at = std::max(story[i].at, story[i - 1].at + 1);
        tally_.events += story.size();
        tally_.last = std::max(tally_.last, story.back().at);
        tally_.paused += paused_ ? 1U : 0U;
        tally_.reopened += reopens_ > 0 ? 1U : 0U;
    }

    random_source& random_;
    const vocabulary& words_;
    const staff& people_;
    milliseconds close_after_;
    desk_tally& tally_;
    std::vector<desk_event>* story_ = nullptr;
    std::vector<std::pair<std::size_t, std::int64_t>> floating_;  // an event, and what it follows
    std::uint32_t request_ = 0;
    std::size_t agent_ = 0;
    std::uint8_t channel_ = 0;
    std::size_t priority_ = 0;
    const slakit::calendar* calendar_ = nullptr;
    bool real_time_ = false;
    double speed_ = 1.0;
    bool paused_ = false;
    std::size_t reopens_ = 0;
    std::size_t change_at_reply_ = 0;
};

// "2026-03-02T01:30:00.250Z", as format_instant(t, fraction::always) writes it,
// without its allocation; the date is worked out once a day.
class instant_writer {
public:
    void append(std::string& out, std::int64_t ms) {
        const instant t{milliseconds{ms}};
        const auto day = std::chrono::floor<date::days>(t);
        if (day != day_) {
            day_ = day;
            date_ = slakit::format_date(date::year_month_day{day});
        }
        out += date_;
        auto in_day = static_cast<std::uint32_t>((t - day).count());
        char text[14] = {'T', 0, 0, ':', 0, 0, ':', 0, 0, '.', 0, 0, 0, 'Z'};
        const auto two = [&](std::size_t at, std::uint32_t v) {
            text[at] = static_cast<char>('0' + v / 10);
            text[at + 1] = static_cast<char>('0' + v % 10);
        };
        const std::uint32_t millis = in_day % 1000;
        in_day /= 1000;
        two(1, in_day / 3600);
        two(4, in_day / 60 % 60);
        two(7, in_day % 60);
        text[10] = static_cast<char>('0' + millis / 100);
        two(11, millis % 100);
        out.append(text, sizeof text);
    }

private:
    date::sys_days day_{date::days{std::numeric_limits<int>::min()}};
    std::string date_;
};

// Malformed lines --dirty adds to an events file, each after a request's submission.
enum class event_defect : unsigned char {
    too_few_fields,
    bad_timestamp,
    no_offset,
    unknown_event,
    unknown_author,
    not_utf8,
};
constexpr std::size_t event_defect_count = 6;
constexpr std::array<std::string_view, event_defect_count> event_defect_names{
    "too few fields", "bad timestamp", "timestamp without offset", "unknown event", "unknown author", "non-UTF-8 byte"};

// Writes lines in order, or with --shuffle in blocks of `window` lines, each block in
// a random order. A block spans at most an hour of the file's time, so that no line
// comes after lines much later than itself (a reader that finishes settled requests
// by the file's clock would take it as late; near the file's end lines are sparse).
class line_shuffler {
public:
    line_shuffler(output& out, std::size_t window, std::uint64_t seed)
            : out_(out), window_(window), random_(seed ^ 0x5851f42d4c957f2dULL) {}

    void write(const std::string& line, std::int64_t at) {
        if (window_ <= 1) {
            out_.append(line);
            return;
        }
        if (used_ != 0 && (used_ == window_ || at - block_start_ > longest_block)) finish();
        if (used_ == 0) block_start_ = at;
        if (used_ == lines_.size()) lines_.emplace_back();
        lines_[used_++].assign(line);
    }
    // Writes the block held.
    void finish() {
        for (std::size_t i = used_; i > 1; --i) lines_[i - 1].swap(lines_[static_cast<std::size_t>(random_.below(i))]);
        for (std::size_t i = 0; i < used_; ++i) out_.append(lines_[i]);
        used_ = 0;
    }

private:
    static constexpr std::int64_t longest_block = 3'600'000;

    output& out_;
    std::size_t window_;
    random_source random_;
    std::vector<std::string> lines_;
    std::size_t used_ = 0;
    std::int64_t block_start_ = 0;
};

struct events_options {
    std::uint64_t seed;
    std::uint64_t requests;
    std::string month_text;
    date::year_month month;
    bool dirty;
    std::size_t shuffle;
    milliseconds close_after;
};

int write_events(const events_options& options, const vocabulary& words, staff& people, std::vector<hour_slot> slots) {
    for (const auto name : desk_statuses) {
        if (!words.statuses.empty() &&
            std::find(words.statuses.begin(), words.statuses.end(), name) == words.statuses.end()) {
            std::cerr << "error: --events writes the statuses open, pending, on_hold, solved and closed; the "
                         "contract's [statuses] has no \""
                      << name << "\"\n";
            return 2;
        }
    }
    if (words.channels.size() > 255 || words.priorities.size() > 255 ||
        options.requests > std::numeric_limits<std::uint32_t>::max()) {
        std::cerr << "error: --events takes at most 255 channels and priorities and 2^32 - 1 requests\n";
        return 2;
    }
    const auto& calendar = words.calendar;
    random_source random{options.seed};
    std::vector<double> slot_weights;
    for (const auto& s : slots) slot_weights.push_back(s.weight);
    const auto slot_sums = running_sums(slot_weights);
    const auto channel_sums = running_sums(channel_weights(words));
    const auto priority_sums = running_sums(priority_weights(words));
    std::vector<std::uint64_t> per_slot(slots.size(), 0);
    for (std::uint64_t i = 0; i < options.requests; ++i) ++per_slot[random.pick(slot_sums)];

    std::vector<std::pair<std::uint64_t, std::size_t>> defects;
    if (options.dirty) defects = pick_defects(options.seed, options.requests, event_defect_count);
    std::array<std::uint64_t, event_defect_count> defect_tally{};

    output out;
    out.append("request_id,at,event,channel,priority,status,author,reason,team,agent\n");
    line_shuffler lines{out, options.shuffle, options.seed};
    instant_writer instants;
    std::string line, bad;
    std::size_t next_defect = 0;
    const auto write = [&](const desk_event& e) {
        line.clear();
        line += 'R';
        char digits[10];
        std::size_t n = 0;
        for (std::uint64_t number = std::uint64_t{e.request} + 1; number != 0 || n < 8; number /= 10)
            digits[n++] = static_cast<char>('0' + number % 10);
        while (n != 0) line += digits[--n];
        line += ',';
        const std::size_t at = line.size();
        instants.append(line, e.at);
        line += ',';
        line += slakit::to_string(e.kind);
        switch (e.kind) {
        case slakit::event_kind::submitted:
            line += ',';
            line += words.channels[e.channel];
            line += ',';
            line += words.priorities[e.value];
            line += ",,,";
            break;
        case slakit::event_kind::priority:
            line += ",,";
            line += words.priorities[e.value];
            line += ",,,";
            break;
        case slakit::event_kind::status:
            line += ",,,";
            line += desk_statuses[e.value];
            line += ",,";
            break;
        case slakit::event_kind::reply:
            line += ",,,,";
            line += slakit::to_string(static_cast<slakit::author>(e.value));
            line += ',';
            break;
        case slakit::event_kind::excluded:
            line += ",,,,,";
            line += exclusion_reasons[e.value];
            break;
        default: line += ",,,,,"; break;
        }
        // The assignee, the same on every line of a request.
        const std::size_t assignee_at = line.size();
        line += ',';
        line += people.team(e.agent);
        line += ',';
        line += people.agent(e.agent);
        line += '\n';
        // A malformed line for this request, after its submission.
        const bool defective = e.kind == slakit::event_kind::submitted && next_defect < defects.size() &&
                               defects[next_defect].first == e.request;
        if (defective) {
            const std::string_view id{line.data(), at - 1};
            const std::string_view when{line.data() + at, 24};
            const auto d = static_cast<event_defect>(defects[next_defect++].second);
            ++defect_tally[static_cast<std::size_t>(d)];
            bad.assign(id);
            bad += ',';
            switch (d) {
            case event_defect::too_few_fields: bad.append(when); break;
            case event_defect::bad_timestamp:
                bad += options.month_text;
                bad += "-32T10:15:00.000Z,customer_message,,,,,";
                break;
            case event_defect::no_offset:
                bad.append(when.substr(0, 23));
                bad += ",customer_message,,,,,";
                break;
            case event_defect::unknown_event:
                bad.append(when);
                bad += ",escalated,,,,,";
                break;
            case event_defect::unknown_author:
                bad.append(when);
                bad += ",reply,,,,robot,";
                break;
            case event_defect::not_utf8:
                bad.append(when);
                bad += ",excluded,,,,,business CRM outage \xff";
                break;
            }
            // The request's team and agent, but on the line with too few fields.
            if (d != event_defect::too_few_fields) bad.append(line, assignee_at, line.size() - 1 - assignee_at);
            bad += '\n';
        }
        lines.write(line, e.at);
        if (defective) lines.write(bad, e.at);
    };

    desk_tally tally;
    desk_storyteller teller{random, words, people, options.close_after, tally};
    event_buckets pending{slots.empty() ? instant{} : slots.front().start};
    std::vector<desk_event> story;
    std::vector<std::int64_t> offsets;
    std::uint32_t request = 0;
    const instant month_end{
        calendar.zone()->to_sys(date::local_days{(options.month + date::months{1}) / 1}, date::choose::earliest)};
    for (std::size_t s = 0; s < slots.size(); ++s) {
        const auto& slot = slots[s];
        const instant end = s + 1 < slots.size() ? slots[s + 1].start : month_end;
        const auto span = (end - slot.start).count();
        offsets.clear();
        for (std::uint64_t i = 0; i < per_slot[s]; ++i)
            offsets.push_back(static_cast<std::int64_t>(random.uniform() * static_cast<double>(span)));
        std::sort(offsets.begin(), offsets.end());
        for (const auto offset : offsets) {
            const instant submitted = slot.start + milliseconds{offset};
            pending.write_before(milliseconds_of(submitted), write);
            const std::size_t channel = random.pick(channel_sums);
            const std::size_t priority = random.pick(priority_sums);
            teller.tell(request++, submitted, channel, priority, people.pick(), slot.load, story);
            for (const auto& e : story) pending.add(e);
        }
    }
    pending.write_before(std::nullopt, write);
    lines.finish();
    out.flush();
    if (std::fflush(stdout) != 0) throw std::runtime_error("cannot write standard output");

    const auto share = [&](std::uint64_t n) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f %%",
                      tally.requests == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(tally.requests));
        return std::string{text};
    };
    std::cerr << "sla_simulate: " << tally.events << " events of " << tally.requests << " requests for "
              << options.month_text << " (seed " << options.seed << "), " << people.agent_count() << " agents in "
              << people.team_count() << " teams";
    if (tally.requests > 0)
        std::cerr << ", the last at "
                  << slakit::format_instant(instant{milliseconds{tally.last}}, slakit::fraction::always);
    std::cerr << "; requests: " << share(tally.out_of_hours) << " out of hours, " << share(tally.unanswered)
              << " unanswered, " << share(tally.bot_first) << " answered first by a bot, " << share(tally.handoffs)
              << " handed off, " << share(tally.paused) << " paused, " << share(tally.on_hold) << " on hold, "
              << share(tally.reopened) << " reopened (" << tally.reopens << " reopens), "
              << share(tally.priority_changed) << " with a priority change, " << share(tally.excluded) << " excluded; "
              << tally.customer_messages << " customer messages, " << tally.replies << " replies";
    if (options.shuffle > 1) std::cerr << "; shuffled within " << options.shuffle << " lines";
    if (options.dirty) {
        std::uint64_t malformed = 0;
        for (const auto n : defect_tally) malformed += n;
        std::cerr << "; " << malformed << " malformed lines added:";
        const char* separator = " ";
        for (std::size_t k = 0; k < event_defect_count; ++k) {
            std::cerr << separator << defect_tally[k] << ' ' << event_defect_names[k];
            separator = ", ";
        }
    }
    std::cerr << '\n';
    return 0;
}

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_simulate"};
    std::uint64_t seed = 42;
    std::uint64_t requests = 1000;
    std::size_t team_count = 4;
    std::size_t agent_count = 24;
    std::string month_text = "2026-03";
    std::string contract_path;
    bool dirty = false;
    bool events = false;
    std::size_t shuffle = 0;
    std::string close_after_text = "4d";
    app.add_option("--seed", seed, "Random seed (default 42)");
    app.add_option("-n,--requests", requests, "Number of rows (default 1000)")
        ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}));
    app.add_option("--month", month_text, "The month, local to the contract's calendar (default 2026-03)")
        ->type_name("YYYY-MM");
    app.add_option("-c,--contract", contract_path,
                   "Contract file for channels, priorities and calendar (default: the seed contract's)")
        ->type_name("FILE");
    app.add_option("--teams", team_count, "Number of teams, of uneven size (default 4)")->type_name("N");
    app.add_option("--agents", agent_count,
                   "Number of agents, spread over the teams, each with a pace and a share of the work (default 24)")
        ->type_name("N");
    app.add_flag("--dirty", dirty, "Replace a few rows with malformed ones (with --events: add malformed lines)");
    app.add_flag("--events", events, "Write helpdesk timelines, one event a line, instead of one row a request");
    app.add_option("--shuffle", shuffle, "With --events: shuffle the lines within a window of N lines")
        ->type_name("N")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}));
    app.add_option("--close-after", close_after_text,
                   "With --events: from solved to closed, and the longest wait for a reopen (default 4d)")
        ->type_name("DURATION");
    app.footer(std::string{footer});
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }

    date::year_month month{};
    {
        date::year_month_day ymd{};
        try {
            if (month_text.size() != 7) throw slakit::parse_error("expected YYYY-MM", month_text, 0);
            ymd = slakit::parse_date(month_text + "-01");
        } catch (const slakit::parse_error&) {
            std::cerr << "error: --month: expected a month such as 2026-03, not \"" << month_text << "\"\n";
            return 2;
        }
        month = ymd.year() / ymd.month();
        if (ymd.year() < date::year{1901} || ymd.year() > date::year{2198}) {
            std::cerr << "error: --month: years 1901..2198 only\n";
            return 2;
        }
    }

    std::optional<vocabulary> words;
    if (contract_path.empty()) {
        words.emplace(seed_vocabulary());
    } else {
        try {
            words.emplace(contract_vocabulary(slakit::examples::load_contract(contract_path)));
        } catch (const slakit::examples::config_error& e) {
            std::cerr << e.what() << '\n';
            return 2;
        }
    }
    const vocabulary& v = *words;
    const auto& calendar = v.calendar;

    if (agent_count == 0 || agent_count > most_agents) {
        std::cerr << "error: --agents: from 1 to " << most_agents << ", not " << agent_count << '\n';
        return 2;
    }
    if (team_count == 0 || team_count > agent_count) {
        std::cerr << "error: --teams: from 1 to the number of agents (--agents " << agent_count << "), not "
                  << team_count << ": every team needs an agent\n";
        return 2;
    }
    staff people{seed, team_count, agent_count};

    if ((shuffle != 0 || close_after_text != "4d") && !events) {
        std::cerr << "error: --shuffle and --close-after need --events\n";
        return 2;
    }
    milliseconds close_after{};
    try {
        close_after = slakit::parse_duration(close_after_text);
    } catch (const slakit::parse_error& e) {
        std::cerr << "error: --close-after: " << e.what() << '\n';
        return 2;
    }
    if (close_after < 1h || close_after > 28 * 24h) {
        std::cerr << "error: --close-after: from 1h to 28d\n";
        return 2;
    }
    if (events)
        return write_events({seed, requests, month_text, month, dirty, shuffle, close_after}, v, people,
                            month_hours(calendar, month));

    random_source random{seed};
    const auto slots = month_hours(calendar, month);
    std::vector<double> slot_weights;
    for (const auto& s : slots) slot_weights.push_back(s.weight);
    const auto slot_sums = running_sums(slot_weights);
    const auto channel_sums = running_sums(channel_weights(v));
    const auto priority_sums = running_sums(priority_weights(v));

    // How many requests each hour gets: a multinomial draw, one uniform per request.
    std::vector<std::uint64_t> per_slot(slots.size(), 0);
    for (std::uint64_t i = 0; i < requests; ++i) ++per_slot[random.pick(slot_sums)];

    // Which rows turn malformed.
    std::vector<std::pair<std::uint64_t, std::size_t>> defects;
    if (dirty) defects = pick_defects(seed, requests, defect_count);

    output out;
    out.append(
        "id,channel,priority,submitted_at,first_response_at,handoff_decided_at,handoff_completed_at,"
        "human_contact_at,excluded_reason,team,agent\n");
    counts tally;
    std::vector<std::int64_t> offsets;
    std::uint64_t row = 0;
    std::size_t next_defect = 0;
    std::string line, previous_id;
    for (std::size_t s = 0; s < slots.size(); ++s) {
        const auto& slot = slots[s];
        const instant end = s + 1 < slots.size()
                                ? slots[s + 1].start
                                : instant{calendar.zone()->to_sys(date::local_days{(month + date::months{1}) / 1},
                                                                  date::choose::earliest)};
        const auto span = (end - slot.start).count();
        offsets.clear();
        for (std::uint64_t i = 0; i < per_slot[s]; ++i)
            offsets.push_back(static_cast<std::int64_t>(random.uniform() * static_cast<double>(span)));
        std::sort(offsets.begin(), offsets.end());

        for (const auto offset : offsets) {
            const instant submitted = slot.start + milliseconds{offset};
            const std::size_t channel = random.pick(channel_sums);
            const std::size_t priority = random.pick(priority_sums);
            const std::size_t agent = people.pick();
            const bool real_time = v.real_time[channel];
            const bool open = calendar.is_open(submitted);
            // Higher priorities are answered faster, busy hours slower.
            const double speed = std::pow(0.7, static_cast<double>(priority)) * (0.8 + 0.4 * slot.load);

            std::optional<instant> first, decided, completed, contact;
            std::string reason;
            if (random.chance(real_time ? 0.004 : 0.012)) {
            } else if (!open) {
                first = submitted + random.lognormal(2500ms, 0.6);  // the automatic out-of-hours answer
            } else {
                // The assignee answers, at its own pace.
                const milliseconds median = real_time ? milliseconds{static_cast<std::int64_t>(20'000 * speed)}
                                                      : milliseconds{static_cast<std::int64_t>(360'000 * speed)};
                first = submitted +
                        std::max(random.lognormal(people.median(median, agent), people.sigma(real_time ? 0.75 : 1.0)),
                                 200ms);
            }
            if (first && random.chance(real_time ? 0.08 : 0.05)) {
                decided = *first + random.lognormal(real_time ? 40s : 120s, 0.6);
                if (random.chance(0.97)) {
                    // Out of hours the person takes over at the next opening.
                    instant from = *decided;
                    if (!open) {
                        try {
                            from = calendar.next_open(*decided);
                        } catch (const slakit::no_open_time&) {}
                    }
                    completed = from + random.lognormal(real_time ? 90s : 180s, 0.7);
                    if (random.chance(0.95))
                        contact = *completed +
                                  random.lognormal(people.median(real_time ? 240s : 7'200s, agent), people.sigma(1.0));
                }
            }
            if (random.chance(0.003)) {
                reason = exclusion_reasons[static_cast<std::size_t>(random.below(exclusion_reasons.size()))];
            }

            std::string id = id_text(row + 1);
            std::string channel_name = v.channels[channel];
            std::string submitted_text = slakit::format_instant(submitted, slakit::fraction::always);
            std::string first_text = first ? slakit::format_instant(*first, slakit::fraction::always) : std::string{};
            bool few_fields = false;
            if (next_defect < defects.size() && defects[next_defect].first == row) {
                const auto d = static_cast<defect>(defects[next_defect++].second);
                ++tally.defects[static_cast<std::size_t>(d)];
                switch (d) {
                case defect::too_few_fields: few_fields = true; break;
                case defect::bad_timestamp: submitted_text = month_text + "-32T10:15:00.000Z"; break;
                case defect::response_before_submission:
                    first_text = slakit::format_instant(submitted - 5min, slakit::fraction::always);
                    break;
                case defect::unknown_channel: channel_name = "fax"; break;
                case defect::duplicate_id: id = previous_id; break;
                case defect::no_offset: submitted_text.pop_back(); break;
                case defect::not_utf8: reason = "business CRM outage \xff"; break;
                }
            } else {
                // What the good rows hold, for the summary.
                tally.out_of_hours += open ? 0U : 1U;
                tally.unanswered += first ? 0U : 1U;
                tally.handoffs += decided ? 1U : 0U;
                tally.excluded += reason.empty() ? 0U : 1U;
            }

            line.clear();
            line += id;
            line += ',';
            line += channel_name;
            line += ',';
            line += v.priorities[priority];
            line += ',';
            line += submitted_text;
            if (!few_fields) {
                line += ',';
                line += first_text;
                for (const auto& event : {decided, completed, contact}) {
                    line += ',';
                    if (event) line += slakit::format_instant(*event, slakit::fraction::always);
                }
                line += ',';
                line += reason;
                line += ',';
                line += people.team(agent);
                line += ',';
                line += people.agent(agent);
            }
            line += '\n';
            out.append(line);
            previous_id = std::move(id);
            ++row;
        }
    }
    out.flush();
    if (std::fflush(stdout) != 0) throw std::runtime_error("cannot write standard output");
    tally.rows = row;

    std::uint64_t malformed = 0;
    for (const auto n : tally.defects) malformed += n;
    std::cerr << "sla_simulate: " << tally.rows << " rows for " << month_text << " (seed " << seed << "), "
              << people.agent_count() << " agents in " << people.team_count()
              << " teams; good rows: " << tally.out_of_hours << " out of hours, " << tally.unanswered << " unanswered, "
              << tally.handoffs << " hand-offs, " << tally.excluded << " excluded";
    if (dirty) {
        std::cerr << "; " << malformed << " malformed:";
        const char* separator = " ";
        for (std::size_t k = 0; k < defect_count; ++k) {
            std::cerr << separator << tally.defects[k] << ' ' << defect_names[k];
            separator = ", ";
        }
    }
    std::cerr << '\n';
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return slakit::examples::run_program(run, argc, argv); }
