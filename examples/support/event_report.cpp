// examples/support/event_report.cpp: an events CSV into a period report and SLA events.
#include "event_report.hpp"

#include "fatal_error.hpp"
#include "progress.hpp"
#include "report_reader.hpp"
#include "turnstile.hpp"

#include <slakit/error.hpp>
#include <slakit/report.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/status.hpp>
#include <slakit/timeline_outcome.hpp>

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

// evaluate() of a timeline for interned keys, compiled once, here.
template slakit::examples::fast_timeline_outcome slakit::evaluate(const slakit::examples::fast_policy&,
                                                                  const slakit::examples::fast_timeline&,
                                                                  slakit::instant);

namespace slakit::examples {

namespace {

void two(std::string& out, unsigned v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

void append_seconds(std::string& out, milliseconds d) {
    const long long ms = d.count();
    const unsigned long long a =
        ms < 0 ? static_cast<unsigned long long>(-(ms + 1)) + 1 : static_cast<unsigned long long>(ms);
    if (ms < 0) out += '-';
    out += std::to_string(a / 1000);
    if (const auto rest = a % 1000; rest != 0) {
        out += '.';
        out += static_cast<char>('0' + rest / 100);
        out += static_cast<char>('0' + rest / 10 % 10);
        out += static_cast<char>('0' + rest % 10);
    }
}

void append_optional(std::string& out, const std::optional<instant>& t) {
    if (t) append_instant(out, *t);
}

}  // namespace

void append_instant(std::string& out, instant t) {
    const auto day = std::chrono::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const auto ms = static_cast<unsigned long long>((t - day).count());
    const int y = static_cast<int>(ymd.year());
    if (y < 0 || y > 9999) {
        out += slakit::format_instant(t);
        return;
    }
    const auto year = static_cast<unsigned>(y);
    two(out, year / 100);
    two(out, year % 100);
    out += '-';
    two(out, static_cast<unsigned>(ymd.month()));
    out += '-';
    two(out, static_cast<unsigned>(ymd.day()));
    out += 'T';
    two(out, static_cast<unsigned>(ms / 3'600'000));
    out += ':';
    two(out, static_cast<unsigned>(ms / 60'000 % 60));
    out += ':';
    two(out, static_cast<unsigned>(ms / 1000 % 60));
    if (const auto rest = static_cast<unsigned>(ms % 1000); rest != 0) {
        out += '.';
        out += static_cast<char>('0' + rest / 100);
        out += static_cast<char>('0' + rest / 10 % 10);
        out += static_cast<char>('0' + rest % 10);
    }
    out += 'Z';
}

void append_sla_events(std::string& out, std::string_view id, const fast_timeline_outcome& o,
                       const std::vector<double>& warning_levels) {
    // RFC 4180 quoting for an id that needs it.
    std::string quoted;
    if (id.find_first_of(",\"\n\r") != std::string_view::npos) {
        quoted = "\"";
        for (const char c : id) {
            if (c == '"') quoted += '"';
            quoted += c;
        }
        quoted += '"';
        id = quoted;
    }
    for (const auto& e : o.events) {
        out += id;
        out += ',';
        out += to_string(e.metric);
        out += ',';
        out += std::to_string(e.cycle);
        out += ',';
        out += *e.priority.text;
        out += ',';
        append_seconds(out, e.limit.limit);
        out += ',';
        out += to_string(e.limit.clock);
        out += ',';
        append_instant(out, e.start);
        out += ',';
        append_instant(out, e.applied_from);
        out += ',';
        append_optional(out, e.due);
        out += ',';
        append_optional(out, e.end);
        out += ',';
        append_optional(out, e.breached_at);
        out += ',';
        append_seconds(out, e.running);
        out += ',';
        append_seconds(out, e.paused);
        out += ',';
        out += to_string(e.status);
        out += e.paused_now ? ",true," : ",false,";
        if (e.warning) out += fmt::format("{}%", warning_levels[*e.warning] * 100.0);
        out += '\n';
    }
}

// One finished request, evaluated by a worker.
struct event_report_reader::evaluated {
    std::vector<request_events> held;  // to evaluate again at the end
    std::string messages;  // rejected requests
    std::string rows;  // SLA events
    std::uint64_t requests = 0;
    std::uint64_t invalid = 0;
};

void event_report_reader::sink(const std::string& messages) const {
    if (messages.empty()) return;
    if (sink_)
        sink_(messages);
    else
        std::fputs(messages.c_str(), stderr);
}

namespace {

// Evaluates each request at `at` into out: final outcomes, or held ones (a metric
// still unfinished at `at` when the evaluation instant is not yet known).
void evaluate_all(const event_names& names, const std::string& shown, std::vector<request_events>& done, instant at,
                  bool final, bool want_rows, fast_report& into, breach_list& breaches, auto& out) {
    fast_timeline t;
    const auto& policy = names.contract().policy;
    for (auto& r : done) {
        ++out.requests;
        names.timeline_of(r, t);
        try {
            auto o = slakit::evaluate(policy, t, at);
            if (!final && std::any_of(o.events.begin(), o.events.end(), [](const auto& e) { return !e.end; })) {
                --out.requests;
                out.held.push_back(std::move(r));
                continue;
            }
            if (want_rows) append_sla_events(out.rows, r.id, o, policy.warning_levels());
            into.add(o, r.dimensions);
            offer_breaches(breaches, r.id, o, into.by(), r.dimensions);
        } catch (const slakit::invalid_timeline& e) {
            ++out.invalid;
            const std::uint64_t line = e.index() < r.events.size() ? r.line_of(e.index()) : r.first_line;
            out.messages += fmt::format("{}:{}: request \"{}\": {}\n", shown, line, r.id, e.what());
        } catch (const slakit::invalid_request&) {
            // Only an --as-of before the submission gets here.
            ++out.invalid;
            out.messages += fmt::format("{}:{}: request \"{}\": submitted after --as-of\n", shown, r.first_line, r.id);
        }
    }
}

}  // namespace

fast_report event_report_reader::read(const std::string& path, unsigned threads) {
    line_runs source{path};
    return read(source, threads);
}

fast_report event_report_reader::read(line_runs& source, unsigned threads) {
    try {
        return read_all(source, threads);
    } catch (const slakit::dimension_limit& e) {
        throw fatal_error(too_many_values(e.limit(), dimensions_, limit_why_));
    }
}

fast_report event_report_reader::read_all(line_runs& source, unsigned threads) {
    event_rows rows{names_};
    rows.set_dimensions(dimensions_);
    rows.start(source);
    event_table table{names_, settle_, finished_window_};
    const std::string& shown = source.path();
    const auto& policy = names_.contract().policy;
    const bool want_rows = static_cast<bool>(sla_events_);

    std::vector<fast_report> shards;
    std::vector<breach_list> breaches;
    for (unsigned i = 0; i < std::max(threads, 1U); ++i) {
        shards.emplace_back(policy, by_);
        if (limit_) shards.back().limit_dimensions(*limit_);
        breaches.emplace_back(keep_breaches_);
    }
    std::vector<request_events> held;  // in the order they finished
    progress_bar bar{progress_};
    std::mutex reading;
    turnstile gather, write;
    std::exception_ptr failure;
    std::mutex failure_mutex;

    const auto work = [&](fast_report& mine, breach_list& my_breaches) {
        try {
            std::string text;
            line_runs::run r;
            std::vector<event_line> lines;
            std::vector<rejection> rejected;
            std::vector<request_events> done;
            for (;;) {
                {
                    const std::lock_guard lock{reading};
                    if (!source.next(text, r)) break;
                }
                rows.parse_run(shown, text, r, lines, rejected);
                if (!gather.wait(r.sequence)) return;
                done.clear();
                const std::size_t bad = rejected.size();
                table.take(lines, rejected, done);
                counts_.rejected += rejected.size();
                counts_.accepted += lines.size() - (rejected.size() - bad);
                for (const auto& x : rejected)
                    if (x.reason.starts_with("late line")) ++counts_.late;
                std::string messages;
                for (const auto& x : rejected) messages += fmt::format("{}:{}: {}\n", shown, x.line, x.reason);
                const instant at = as_of_ ? *as_of_ : table.clock().value_or(instant{});
                bar.update(r.bytes_done, source.size(), counts_.read());
                gather.pass();

                evaluated out;
                evaluate_all(names_, shown, done, at, as_of_.has_value(), want_rows, mine, my_breaches, out);

                if (!write.wait(r.sequence)) return;
                sink(messages);
                sink(out.messages);
                if (want_rows && !out.rows.empty()) sla_events_(out.rows);
                counts_.requests += out.requests;
                counts_.invalid += out.invalid;
                for (auto& h : out.held) held.push_back(std::move(h));
                write.pass();
            }
        } catch (...) {
            {
                const std::lock_guard lock{failure_mutex};
                if (!failure) failure = std::current_exception();
            }
            gather.abort();
            write.abort();
        }
    };
    {
        std::vector<std::jthread> workers;
        for (std::size_t i = 1; i < shards.size(); ++i)
            workers.emplace_back(work, std::ref(shards[i]), std::ref(breaches[i]));
        work(shards[0], breaches[0]);
    }
    bar.finish();
    if (failure) std::rethrow_exception(failure);

    for (std::size_t i = 1; i < shards.size(); ++i) {
        shards[0].merge(shards[i]);
        breaches[0].merge(std::move(breaches[i]));
    }
    clock_ = table.clock();
    peak_open_ = table.peak_open();
    // The end of the input: the held requests, then those still open, at the final instant.
    table.finish_all(held);
    evaluated out;
    evaluate_all(names_, shown, held, as_of(), true, want_rows, shards[0], breaches[0], out);
    breaches_ = std::move(breaches[0]);
    sink(out.messages);
    if (want_rows && !out.rows.empty()) sla_events_(out.rows);
    counts_.requests += out.requests;
    counts_.invalid += out.invalid;
    return std::move(shards[0]);
}

}  // namespace slakit::examples
