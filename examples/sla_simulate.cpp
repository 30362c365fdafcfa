// examples/sla_simulate.cpp: a synthetic month of customer-service requests as CSV,
// the same bytes for the same seed.
//
//   sla_simulate --seed 42 --requests 20000 --month 2026-03 > requests.csv
//
// Run with --help for the columns and what the month looks like.
#include "support/contract.hpp"
#include "support/program.hpp"

#include <slakit/calendar.hpp>
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
)";

constexpr std::string_view footer = R"(Columns (a header line first):
  id, channel, priority, submitted_at, first_response_at, handoff_decided_at,
  handoff_completed_at, human_contact_at, excluded_reason
Instants are ISO 8601 UTC with milliseconds (2026-03-02T01:30:00.250Z); an
empty field is an event that did not happen. Rows come in submission order.

The month (in the time zone of the contract's calendar):
  arrivals      busy on working days, quieter on weekends and closed days, with
                a daily curve: a morning and an afternoon peak, a lunch dip,
                evenings and nights (many requests come out of hours)
  channels      the contract's channels (the seed contract's by default):
                about 80 % on real-time channels, 20 % asynchronous
  priorities    the contract's priorities, each about 7 times rarer than the one
                below it
  responses     log-normal: real-time channels tens of seconds, asynchronous
                ones minutes; faster for higher priorities, slower at peaks;
                automatic out-of-hours answers within seconds
  hand-offs     some requests are handed to a person: decided, completed (or
                not), first human contact
  unanswered    a few requests get no response
  exclusions    a few requests carry a reason that excludes them (4.1(5))

--dirty replaces a few rows with malformed ones, of each kind: too few fields,
a bad timestamp, a response before the submission, an unknown channel, a
duplicate id, a timestamp without an offset, a byte that is not UTF-8. A
summary of what was written goes to standard error.

Exit status: 0 written; 2 a bad command line or contract file.)";

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
    milliseconds lognormal(milliseconds median, double sigma) {
        const double ms = static_cast<double>(median.count()) * std::exp(sigma * normal());
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
};

vocabulary seed_vocabulary() {
    auto policy = slakit::presets::response_time_agreement();
    vocabulary v{policy.calendar(), {}, {}, {}};
    for (const auto c :
         {slakit::channel::web_chat, slakit::channel::in_app_chat, slakit::channel::social, slakit::channel::email}) {
        v.channels.emplace_back(slakit::to_string(c));
        v.real_time.push_back(policy.kind_of(c) == slakit::channel_kind::real_time);
    }
    for (const auto p : {slakit::priority::normal, slakit::priority::high, slakit::priority::urgent})
        v.priorities.emplace_back(slakit::to_string(p));
    return v;
}

vocabulary contract_vocabulary(const slakit::examples::contract& c) {
    vocabulary v{c.policy.calendar(), c.channels, {}, c.priorities};
    for (const auto& name : c.channels)
        v.real_time.push_back(c.policy.kind_of(name) == slakit::channel_kind::real_time);
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

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_simulate"};
    std::uint64_t seed = 42;
    std::uint64_t requests = 1000;
    std::string month_text = "2026-03";
    std::string contract_path;
    bool dirty = false;
    app.add_option("--seed", seed, "Random seed (default 42)");
    app.add_option("-n,--requests", requests, "Number of rows (default 1000)")
        ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}));
    app.add_option("--month", month_text, "The month, local to the contract's calendar (default 2026-03)")
        ->type_name("YYYY-MM");
    app.add_option("-c,--contract", contract_path,
                   "Contract file for channels, priorities and calendar (default: the seed contract's)")
        ->type_name("FILE");
    app.add_flag("--dirty", dirty, "Replace a few rows with malformed ones");
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

    random_source random{seed};
    const auto slots = month_hours(calendar, month);
    std::vector<double> slot_weights;
    for (const auto& s : slots) slot_weights.push_back(s.weight);
    const auto slot_sums = running_sums(slot_weights);
    const auto channel_sums = running_sums(channel_weights(v));
    std::vector<double> priority_weights;
    for (std::size_t i = 0; i < v.priorities.size(); ++i)
        priority_weights.push_back(std::pow(0.14, static_cast<double>(i)));
    const auto priority_sums = running_sums(priority_weights);

    // How many requests each hour gets: a multinomial draw, one uniform per request.
    std::vector<std::uint64_t> per_slot(slots.size(), 0);
    for (std::uint64_t i = 0; i < requests; ++i) ++per_slot[random.pick(slot_sums)];

    // Which rows turn malformed: a stream of its own, so that --dirty leaves the
    // other rows exactly as they are without it.
    std::vector<std::pair<std::uint64_t, defect>> defects;
    if (dirty && requests >= 2) {
        random_source pick{seed ^ 0x9e3779b97f4a7c15ULL};
        const std::uint64_t each = 1 + requests / 20'000;
        std::vector<bool> taken(static_cast<std::size_t>(requests), false);
        taken[0] = true;  // a duplicate needs a row before it
        for (std::size_t k = 0; k < defect_count; ++k) {
            for (std::uint64_t j = 0; j < each; ++j) {
                std::uint64_t at = 1 + pick.below(requests - 1);
                for (std::uint64_t tries = 0; taken[static_cast<std::size_t>(at)] && tries < requests; ++tries)
                    at = at + 1 < requests ? at + 1 : 1;
                if (taken[static_cast<std::size_t>(at)]) break;
                taken[static_cast<std::size_t>(at)] = true;
                defects.emplace_back(at, static_cast<defect>(k));
            }
        }
        std::sort(defects.begin(), defects.end());
    }

    output out;
    out.append(
        "id,channel,priority,submitted_at,first_response_at,handoff_decided_at,handoff_completed_at,"
        "human_contact_at,excluded_reason\n");
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
                const milliseconds median = real_time ? milliseconds{static_cast<std::int64_t>(20'000 * speed)}
                                                      : milliseconds{static_cast<std::int64_t>(360'000 * speed)};
                first = submitted + std::max(random.lognormal(median, real_time ? 0.75 : 1.0), 200ms);
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
                    if (random.chance(0.95)) contact = *completed + random.lognormal(real_time ? 240s : 7'200s, 1.0);
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
                const defect d = defects[next_defect++].second;
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
    std::cerr << "sla_simulate: " << tally.rows << " rows for " << month_text << " (seed " << seed
              << "); good rows: " << tally.out_of_hours << " out of hours, " << tally.unanswered << " unanswered, "
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
