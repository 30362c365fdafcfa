// examples/sla_calendar.cpp: business-hours questions about a calendar file, one at a
// time from the command line or many at a time from standard input (batch).
//
//   sla_calendar --calendar examples/calendars/china_2026.toml deadline 2026-09-30T17:00:00+08:00 2h
//   2026-10-08T02:00:00Z
//
// Run with --help for the formats, the batch rules and the exit statuses.
#include "support/config.hpp"
#include "support/fast_instant.hpp"
#include "support/program.hpp"

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/open_spans.hpp>
#include <slakit/time.hpp>

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using slakit::instant;
using std::chrono::milliseconds;

constexpr std::string_view description = R"(Answers business-hours questions about a calendar: the open time between two
instants, when an amount of open time runs out, whether and when it is open.

  sla_calendar --calendar FILE elapsed FROM TO
  sla_calendar --calendar FILE deadline FROM DURATION
  sla_calendar --calendar FILE is-open|next-open|next-close TIME
  sla_calendar --calendar FILE spans FROM TO      (CSV of the open spans)
  sla_calendar --calendar FILE batch < queries

For example
  sla_calendar --calendar examples/calendars/china_2026.toml deadline 2026-09-30T17:00:00+08:00 2h
prints 2026-10-08T02:00:00Z: one hour on 30 September, the National Day
holidays, one more hour on 8 October.
)";

constexpr std::string_view footer = R"(Formats:
  instants   ISO 8601 with Z or a UTC offset: 2026-09-30T17:00:00+08:00,
             2026-09-30T09:00:00.250Z (fractions beyond milliseconds are dropped)
  durations  parts with units d, h, min, s, ms, larger first: 30min, 1h30min,
             2d, 250ms; a bare number is seconds (90)

Answers, one line each:
  elapsed                          signed whole seconds of open time; a fraction
                                   of a second is truncated toward zero, so that
                                   swapping FROM and TO only flips the sign
  deadline, next-open, next-close  a UTC instant YYYY-MM-DDTHH:MM:SSZ, with
                                   .mmm added only when it has milliseconds
  is-open                          true or false
Working hours are half-open: with hours 09:00-18:00 a calendar is open at
09:00:00 and closed at 18:00:00. A deadline that runs out exactly at a closing
time is that closing time, not the next opening.

batch reads one query a line from standard input: the same verbs and arguments,
separated by whitespace, e.g. "deadline 2026-09-30T17:00:00+08:00 2h". Every
input line gets exactly one output line, so answers stay aligned with queries:
  the answer            for a good query
  error: <why>          for a bad one (bad verb, argument count or format,
                        or no answer, e.g. next-close when the calendar never
                        closes); the run goes on
  an empty line         for a blank line or a comment; a word starting with '#'
                        begins a comment that runs to the end of the line
Answers are written in blocks, and always before batch waits for more input, so
a program that writes one query and waits for its answer gets it at once.

Exit status:
  0  the answer was printed; for batch, all of standard input was read, even if
     some lines answered "error: ..."
  2  a bad command line, a calendar file that cannot be read or is invalid
     (reported as file:line:column: message), a single query that has no
     answer (reported as error: ...), or standard input/output failing in batch

Calendar file (TOML; the same keys may sit under a [calendar] table instead,
so that a contract file can be passed):
  zone = "Asia/Shanghai"
  hours = "Mon-Fri 09:00-18:00"
  closed = ["2026-10-01..2026-10-07", "2026-05-01"]
  [hours_on]
  "2026-09-20" = "09:00-18:00"   # a make-up working Sunday
  "2026-12-31" = "09:00-12:00"   # a half day
See examples/calendars/ for complete files.)";

// A query that has no answer; the message says why.
class query_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

instant instant_argument(std::string_view name, std::string_view text) {
    try {
        return slakit::examples::read_instant(text);
    } catch (const slakit::parse_error& e) {
        throw query_error(std::string{name} + ": " + e.what());
    }
}

milliseconds duration_argument(std::string_view name, std::string_view text) {
    try {
        return slakit::parse_duration(text);
    } catch (const slakit::parse_error& e) {
        throw query_error(std::string{name} + ": " + e.what());
    }
}

void instant_answer(std::chrono::sys_time<milliseconds> t, std::string& out) {
    // Four-digit years only: a wider one would not read back as ISO 8601.
    constexpr date::sys_days first{date::year{0} / date::January / 1};
    constexpr date::sys_days last{date::year{10000} / date::January / 1};
    if (t < first || t >= last) throw query_error("the answer lies outside the years 0000..9999");
    out += slakit::format_instant(t);
}

void expect_arguments(std::string_view verb, std::span<const std::string_view> arguments, std::size_t count,
                      std::string_view names) {
    if (arguments.size() == count) return;
    throw query_error(std::string{verb} + " takes " + std::to_string(count) +
                      (count == 1 ? " argument" : " arguments") + " (" + std::string{names} + "), not " +
                      std::to_string(arguments.size()));
}

// Appends the answer to out.
void answer_unchecked(const slakit::calendar& calendar, std::string_view verb,
                      std::span<const std::string_view> arguments, std::string& out) {
    if (verb == "elapsed") {
        expect_arguments(verb, arguments, 2, "FROM TO");
        const auto from = instant_argument("FROM", arguments[0]);
        const auto to = instant_argument("TO", arguments[1]);
        // Integer division truncates toward zero.
        out += std::to_string(milliseconds{calendar.elapsed(from, to)}.count() / 1000);
        return;
    }
    if (verb == "deadline") {
        expect_arguments(verb, arguments, 2, "FROM DURATION");
        const auto from = instant_argument("FROM", arguments[0]);
        const auto duration = duration_argument("DURATION", arguments[1]);
        return instant_answer(calendar.deadline(from, duration), out);
    }
    if (verb == "is-open") {
        expect_arguments(verb, arguments, 1, "TIME");
        out += calendar.is_open(instant_argument("TIME", arguments[0])) ? "true" : "false";
        return;
    }
    if (verb == "next-open") {
        expect_arguments(verb, arguments, 1, "TIME");
        return instant_answer(calendar.next_open(instant_argument("TIME", arguments[0])), out);
    }
    if (verb == "next-close") {
        expect_arguments(verb, arguments, 1, "TIME");
        return instant_answer(calendar.next_close(instant_argument("TIME", arguments[0])), out);
    }
    if (verb == "spans") throw query_error("spans writes many lines: run it on its own, not in batch");
    throw query_error("unknown query \"" + std::string{verb} +
                      "\" (expected elapsed, deadline, is-open, next-open or next-close)");
}

// Appends the answer of one query to out, or throws query_error and leaves out as it was.
void answer(const slakit::calendar& calendar, std::string_view verb, std::span<const std::string_view> arguments,
            std::string& out) {
    const std::size_t size = out.size();
    try {
        answer_unchecked(calendar, verb, arguments, out);
        return;
    } catch (const query_error&) {
        out.resize(size);
        throw;
    } catch (const slakit::no_open_time& e) {
        out.resize(size);
        throw query_error(e.what());
    } catch (const std::domain_error&) {  // next_close's only complaint
        out.resize(size);
        throw query_error("the calendar never closes after this instant");
    } catch (const std::exception& e) {
        out.resize(size);
        throw query_error(e.what());
    }
}

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The words of a line, up to a word that starts a comment, into words.
void words_of(std::string_view line, std::vector<std::string_view>& words) {
    words.clear();
    std::size_t pos = 0;
    for (;;) {
        while (pos < line.size() && is_space(line[pos])) ++pos;
        if (pos == line.size() || line[pos] == '#') return;
        const std::size_t start = pos;
        while (pos < line.size() && !is_space(line[pos])) ++pos;
        words.push_back(line.substr(start, pos - start));
    }
}

// Writes all of out to standard output; false (with a message) if that fails.
bool write_out(std::string& out) {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::cerr << "error: cannot write standard output\n";
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    out.clear();
    return true;
}

// Reads standard input in blocks and writes the answers of each block at once, just
// before it blocks to read the next: a co-process that writes one query and waits gets
// its answer straight away, while a file of queries costs two system calls a block,
// not one a line.
int run_batch(const slakit::calendar& calendar) {
    std::vector<char> in(std::size_t{1} << 16);
    std::size_t have = 0;  // bytes of in not yet answered: at most one partial line
    std::string out;
    out.reserve(in.size() * 2);
    std::vector<std::string_view> words;
    const auto answer_line = [&](std::string_view line) {
        words_of(line, words);
        if (!words.empty()) {
            try {
                answer(calendar, words.front(), std::span{words}.subspan(1), out);
            } catch (const query_error& e) {
                out += "error: ";
                out += e.what();
            }
        }
        out += '\n';
    };
    for (;;) {
        if (!write_out(out)) return 2;
        if (have == in.size()) in.resize(in.size() * 2);  // a line longer than the buffer
        const ssize_t n = ::read(STDIN_FILENO, in.data() + have, in.size() - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::cerr << "error: cannot read standard input\n";
            return 2;
        }
        if (n == 0) break;
        const std::size_t end = have + static_cast<std::size_t>(n);
        std::size_t begin = 0;
        for (std::size_t nl;
             (nl = std::string_view{in.data() + begin, end - begin}.find('\n')) != std::string_view::npos;) {
            answer_line(std::string_view{in.data() + begin, nl});
            begin += nl + 1;
        }
        std::copy(in.begin() + static_cast<std::ptrdiff_t>(begin), in.begin() + static_cast<std::ptrdiff_t>(end),
                  in.begin());
        have = end - begin;
    }
    if (have > 0) answer_line(std::string_view{in.data(), have});  // a last line without a line break
    return write_out(out) ? 0 : 2;
}

// The open spans as CSV, one a line, each [begin, end) in UTC.
int write_spans(const slakit::calendar& calendar, std::span<const std::string_view> arguments) {
    std::string out = "begin,end\n";
    try {
        const auto from = instant_argument("FROM", arguments[0]);
        const auto to = instant_argument("TO", arguments[1]);
        if (to < from) throw query_error("TO precedes FROM");
        for (const auto& [begin, end] : slakit::open_spans(calendar, from, to)) {
            instant_answer(begin, out);
            out += ',';
            instant_answer(end, out);
            out += '\n';
            if (out.size() > (std::size_t{1} << 16) && !write_out(out)) return 2;
        }
    } catch (const query_error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    return write_out(out) ? 0 : 2;
}

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_calendar"};
    app.require_subcommand(1);
    app.fallthrough();  // --calendar may also follow the query

    std::string calendar_path;
    app.add_option("-c,--calendar", calendar_path, "Calendar or contract file (TOML)")->required()->type_name("FILE");

    // The arguments of each query, in order; sized before CLI11 holds references into them.
    std::map<std::string, std::vector<std::string>, std::less<>> arguments;
    const auto add_query = [&](const char* verb, const char* what,
                               std::initializer_list<std::pair<const char*, const char*>> positionals) {
        CLI::App* query = app.add_subcommand(verb, what);
        auto& values = arguments[verb];
        values.resize(positionals.size());
        std::size_t i = 0;
        for (const auto& [name, help] : positionals) {
            query->add_option(name, values[i++], help)
                ->required()
                ->type_name(std::string{name} == "DURATION" ? "DURATION" : "INSTANT");
        }
        query->footer("Needs --calendar FILE. Formats, answers and exit statuses: sla_calendar --help");
    };
    add_query("elapsed", "Open time in [FROM, TO): signed whole seconds",
              {{"FROM", "Start instant"}, {"TO", "End instant (before FROM gives a negative answer)"}});
    add_query("deadline", "The instant at which DURATION of open time has passed since FROM",
              {{"FROM", "Start instant"}, {"DURATION", "Open time to spend, e.g. 30min, 1h30min, 2d, 90"}});
    add_query("is-open", "Whether the calendar is open at TIME: true or false", {{"TIME", "Instant"}});
    add_query("next-open", "The first open instant at or after TIME", {{"TIME", "Instant"}});
    add_query("next-close", "The end of the open span holding TIME, or of the next one", {{"TIME", "Instant"}});
    add_query("spans", "The open spans within [FROM, TO) as CSV (begin,end) in UTC, for joins in SQL",
              {{"FROM", "Start instant"}, {"TO", "End instant"}});
    app.add_subcommand("batch", "Queries from standard input, one a line; one answer line each")
        ->footer("Needs --calendar FILE. The line rules and exit statuses: sla_calendar --help");
    app.footer(std::string{footer});  // after the subcommands, which would inherit it

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help
        std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }

    std::optional<slakit::calendar> calendar;
    try {
        calendar.emplace(slakit::examples::load_calendar(calendar_path));
    } catch (const slakit::examples::config_error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }

    const CLI::App* query = app.get_subcommands().front();
    if (query->get_name() == "batch") return run_batch(*calendar);

    const auto& values = arguments.at(query->get_name());
    const std::vector<std::string_view> views(values.begin(), values.end());
    if (query->get_name() == "spans") return write_spans(*calendar, views);
    try {
        std::string line;
        answer(*calendar, query->get_name(), views, line);
        std::cout << line << '\n';
    } catch (const query_error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    if (!slakit::examples::flush_stdout()) return 2;
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return slakit::examples::run_program(run, argc, argv); }
