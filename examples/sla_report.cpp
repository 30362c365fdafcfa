// examples/sla_report.cpp: the periodic report of clause 3.3 from a CSV of requests.
//
//   sla_report --contract examples/contracts/response_time_agreement.toml --requests requests.csv
//
// Streams the file in constant memory, whatever its size. Run with --help for the
// formats, the memory use, --as-of and the exit statuses.
#include "support/columns.hpp"
#include "support/contract.hpp"
#include "support/event_report.hpp"
#include "support/event_rows.hpp"
#include "support/fatal_error.hpp"
#include "support/html_report.hpp"
#include "support/interned.hpp"
#include "support/outages.hpp"
#include "support/program.hpp"
#include "support/report_output.hpp"
#include "support/report_reader.hpp"

#include <slakit/enums.hpp>
#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <malloc.h>
#include <memory>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace slakit::examples;
using slakit::instant;

constexpr std::string_view description =
    R"(Reads requests from a CSV file, evaluates each against a contract, and prints
the periodic report of clause 3.3: per period, channel and priority the
requests, their scope, first-response statistics and compliance; per period
the contract's aggregate targets, hand-offs, availability and service credit.

  sla_report --contract FILE --requests FILE.csv [--outages FILE.csv]
             [--period month|week|day] [--as-of T] [--format table|json|csv|html]
             [--output FILE] [--breaches N] [--strict] [--map NAME=COLUMN ...]
             [--by COLUMN,... [--max-groups N] [--fold]] [--threads N] [--stats]
  sla_report --contract FILE --events FILE.csv [--sla-events OUT.csv]
             [--settle DURATION] [the options above but --map]

With --events, the file holds requests' timelines, one event a line, and the
report adds per metric (first response, next reply, periodic update,
resolution, hand-off, human response) its SLA events: met, breached, pending,
paused, compliance, running times, paused time and reopens.
)";

constexpr std::string_view footer = R"(Requests CSV: a header line names the columns, in any order; other columns are
ignored. Fields may be quoted ("a, b"); spaces around fields are trimmed; blank
lines are skipped; an empty field is an event that did not happen.
  id                    optional; used to detect duplicates (below)
  channel, priority     required; names of the contract
  submitted_at          required, an ISO 8601 instant with Z or an offset
  first_response_at, handoff_decided_at, handoff_completed_at,
  human_contact_at      optional instants
  excluded_reason       optional; a non-empty reason excludes the request (4.1(5))
--map NAME=COLUMN reads column COLUMN of the file as NAME, e.g.
  --map submitted_at=created --map first_response_at=answered

A row that cannot be used is rejected: "file:line: reason" on standard error,
and counted (rows read = accepted + rejected). Reasons: too few or too many
fields, bytes that are not UTF-8, a NUL byte, an unknown channel or priority, a bad
instant (e.g. one without an offset), events out of order (a response before
the submission), a blank exclusion reason, a duplicate id, a submission after
--as-of.

Duplicate ids are looked for among the last 262,144 accepted rows (a fixed
8 MiB window of hashes of the ids): a file that repeats a batch of rows is
caught, an id repeated further apart is not.

--as-of: the evaluation instant. Unanswered requests are pending while their
threshold has not passed at it, breached after. By default it is the latest
instant found in the file (the moment the export was taken, as far as the data
tells), never the current time: the same file always gives the same report.
Requests still pending at the latest instant read so far are held until the
end of the file or until they breach: in a file in time order, the requests of
the last threshold's length.

Events CSV (--events): a header line names the columns, in any order; other
columns are ignored. One event a line; a request's lines may come in any order
and requests may interleave.
  request_id, at, event  required; event is submitted, customer_message, reply,
                         status, priority, handoff_decided, handoff_completed,
                         human_contact or excluded
  channel, priority      on submitted (names of the contract); priority on a
                         priority event: the new one
  status                 on status: a name of the contract's [statuses]
  author                 on reply: bot or human (empty: human)
  reason                 on excluded: required
A request is finished once its latest status resolves it and the file's clock
(the latest instant read) has moved --settle (default 1d) past both its latest
event and the clock when its last line was read; or at the end of the input.
A line for a finished request is rejected as late. Memory grows with the
requests still open, not with the file. A request whose timeline is invalid
(no submission, an unknown status, a priority no target matches...) is
rejected with its first bad line. --sla-events writes one CSV row per request,
metric and cycle: request_id, metric, cycle, priority, limit_s, clock, start,
applied_from, due, end, breached_at, running_s, paused_s, status, paused_now,
warning.

--by team,agent: breaks each period down by these columns of the requests CSV
(or, with --events, of the events CSV: a request's values are those on its
submitted line) as well as by channel and priority. Any text is a value, the
empty field too. The JSON gives each group its "dimensions" and each period a
"by_dimension" list (each value's totals); the CSV has the columns right after
the period; the table adds each value's totals; breach rows carry the values.
--max-groups N (default 10000): more distinct values (of the columns together,
over the whole file) is an error (exit 2), or with --fold the report keeps the
N-1 busiest and folds the rest into "other" (one "other" per column), exactly;
--fold reads at most 100 x N values. Memory: one cell per value, channel,
priority and period.

Outages CSV: columns begin,end (instants), one outage a line; they give the
availability of each period.

Formats: table (aligned text), json, csv (one row per group), html (one
self-contained page: no script, font or other file to fetch, inline SVG
charts each with its numbers in a table, printable on A4; built from the JSON
document, so its numbers are the JSON's). Seconds are decimal numbers with
milliseconds. --output FILE writes the report there instead of standard output.

--breaches N: the N worst breaches of each period, by time over target: request
id, channel, priority, metric, limit, measured time, breach instant. From a
requests CSV: first response, hand-off and human response; from --events:
every breached SLA event. In the table and JSON per period; in CSV as a second
table after a blank line. Memory: N per period and worker.

Speed and memory: the file is read in 256 KiB runs of lines, parsed and evaluated
by --threads workers (default: the processor count, at most 4), each adding to
its own report; the reports merge exactly at the end, so the output does not
depend on the thread count. Memory stays constant in the file's size (about
16 MiB resident for any number of rows). A progress bar is drawn on standard
error when it is a terminal. --stats prints rows per second and the peak
resident memory on standard error.

Exit status:
  0  the report was printed
  1  --strict and at least one row (line, request) was rejected (the report is
     still printed)
  2  a bad command line, contract file (file:line:column: message), CSV header
     or outages file, or a file that cannot be read)";

// --- the command line -----------------------------------------------------------

std::array<std::string, column_count> mapped_names(const std::vector<std::string>& maps) {
    std::array<std::string, column_count> names;
    for (std::size_t i = 0; i < column_count; ++i) names[i] = std::string{column_names[i]};
    std::array<bool, column_count> mapped{};
    for (const auto& m : maps) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
            throw fatal_error("--map: expected NAME=COLUMN, not \"" + m + '"');
        const std::string name = m.substr(0, eq);
        const auto it = std::find(column_names.begin(), column_names.end(), name);
        if (it == column_names.end()) {
            std::string known;
            for (const auto n : column_names) known += (known.empty() ? "" : ", ") + std::string{n};
            throw fatal_error("--map: unknown name \"" + name + "\" (expected one of " + known + ')');
        }
        const auto index = static_cast<std::size_t>(it - column_names.begin());
        if (mapped[index]) throw fatal_error("--map: " + name + " is mapped twice");
        mapped[index] = true;
        names[index] = m.substr(eq + 1);
    }
    for (std::size_t i = 0; i < column_count; ++i)
        for (std::size_t j = i + 1; j < column_count; ++j)
            if (names[i] == names[j])
                throw fatal_error("--map: column \"" + names[i] + "\" would be read as both " +
                                  std::string{column_names[i]} + " and " + std::string{column_names[j]});
    return names;
}

// --by team,agent: the columns, checked.
std::vector<std::string> by_columns(const std::string& text, bool events,
                                    const std::array<std::string, column_count>& columns) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t from = 0;
    for (;;) {
        const auto comma = text.find(',', from);
        std::string name = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
        if (name.empty()) throw fatal_error("--by: an empty column name in \"" + text + '"');
        if (std::find(out.begin(), out.end(), name) != out.end())
            throw fatal_error("--by: column \"" + name + "\" is named twice");
        const bool taken =
            events ? std::find(event_column_names.begin(), event_column_names.end(), name) != event_column_names.end()
                   : std::find(columns.begin(), columns.end(), name) != columns.end();
        if (taken)
            throw fatal_error("--by: column \"" + name +
                              "\" is read as a field of the request (channel and priority are always in the "
                              "breakdown); name other columns");
        out.push_back(std::move(name));
        if (comma == std::string::npos) break;
        from = comma + 1;
    }
    return out;
}

double peak_rss_mib() {
    struct rusage usage {};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0.0;
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_report"};
    std::string contract_path, requests_path, events_path, sla_events_path,
        settle_text = "1d", outages_path, period = "month", as_of_text, format = "table", output_path;
    std::size_t keep_breaches = 0;
    std::vector<std::string> maps;
    std::string by_text;
    std::size_t max_groups = 10000;
    bool strict = false, stats = false, fold = false;
    unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
    app.add_option("-c,--contract", contract_path, "Contract file (TOML)")->required()->type_name("FILE");
    auto* requests_option =
        app.add_option("-r,--requests", requests_path, "Requests CSV (- for standard input)")->type_name("FILE.csv");
    auto* events_option =
        app.add_option("-e,--events", events_path, "Events CSV: requests' timelines (- for standard input)")
            ->type_name("FILE.csv")
            ->excludes(requests_option);
    app.add_option("--sla-events", sla_events_path,
                   "With --events: write each request's SLA events to this CSV (- for standard output, before the "
                   "report)")
        ->type_name("OUT.csv")
        ->needs(events_option);
    app.add_option("--settle", settle_text,
                   "With --events: how far the file's clock moves past a resolved request before it is finished "
                   "(default 1d)")
        ->type_name("DURATION")
        ->needs(events_option);
    app.add_option("--outages", outages_path, "Outages CSV: begin,end")->type_name("FILE.csv");
    app.add_option("--period", period, "Reporting period (default month)")
        ->check(CLI::IsMember({"month", "week", "day"}));
    app.add_option("--as-of", as_of_text, "Evaluation instant (default: the latest instant in the file)")
        ->type_name("INSTANT");
    app.add_option("--format", format, "Output format (default table)")
        ->check(CLI::IsMember({"table", "json", "csv", "html"}));
    app.add_option("-o,--output", output_path, "Write the report to this file (default: standard output)")
        ->type_name("FILE");
    app.add_option("--breaches", keep_breaches, "List the N worst breaches of each period")
        ->type_name("N")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
    auto* by_option =
        app.add_option("--by", by_text, "Break the report down by these columns of the CSV too (comma-separated)")
            ->type_name("COLUMN,...");
    app.add_option("--max-groups", max_groups,
                   "With --by: at most N distinct values (default 10000); past it an error, or see --fold")
        ->type_name("N")
        ->needs(by_option);
    app.add_flag("--fold", fold, "With --by: keep the --max-groups - 1 busiest values, fold the rest into \"other\"")
        ->needs(by_option);
    app.add_flag("--strict", strict, "Exit with status 1 when a row is rejected");
    app.add_option("--map", maps, "Read column COLUMN of the file as NAME (repeatable)")->type_name("NAME=COLUMN");
    app.add_option("--threads", threads, "Worker threads (default: the processor count, at most 4)")
        ->check(CLI::Range(1U, 64U));
    app.add_flag("--stats", stats, "Print rows per second and peak memory on standard error");
    app.footer(std::string{footer});
    try {
        app.parse(argc, argv);
        if (requests_path.empty() && events_path.empty()) throw CLI::RequiredError("--requests or --events");
        if (!events_path.empty() && !maps.empty()) throw CLI::ExcludesError("--map", "--events");
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }
    const bool events = !events_path.empty();
    if (events) requests_path = events_path;

    const auto started = std::chrono::steady_clock::now();
    std::optional<slakit::examples::contract> contract;
    try {
        contract.emplace(slakit::examples::load_contract(contract_path));
    } catch (const slakit::examples::config_error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }

    run_info info{contract_path, requests_path == "-" ? std::string{"<stdin>"} : requests_path, {}, false, false, {}};
    std::optional<instant> as_of;
    std::string output;
    std::size_t peak_open = 0;
    std::optional<event_counts> event_info;
    try {
        const auto columns = mapped_names(maps);
        const auto dimensions = by_columns(by_text, events, columns);
        if (!dimensions.empty() && max_groups == 0) throw fatal_error("--max-groups: expected at least 1");
        info.dimensions = dimensions;
        // --fold reads up to 100 x N values, then folds them to N.
        const std::size_t read_limit =
            fold ? std::min(max_groups, std::numeric_limits<std::size_t>::max() / 100) * 100 : max_groups;
        const std::string limit_why = fold ? fmt::format("--fold reads at most 100 x --max-groups {}", max_groups)
                                           : fmt::format(
                                                 "--max-groups {}; --fold keeps the {} busiest and folds the "
                                                 "rest into \"other\"",
                                                 max_groups, max_groups - 1);
        if (!as_of_text.empty()) {
            try {
                as_of = slakit::parse_instant(as_of_text);
            } catch (const slakit::parse_error& e) {
                throw fatal_error(std::string{"--as-of: "} + e.what());
            }
        }
        const auto by = slakit::parse<slakit::reporting_period>(period);
        const interned_contract names = intern(*contract);
        const auto outages = outages_path.empty() ? std::vector<slakit::outage<>>{} : read_outages(outages_path);
        std::optional<fast_report> read;
        breach_list breaches;
        if (events) {
            std::chrono::milliseconds settle{};
            try {
                settle = slakit::parse_duration(settle_text);
            } catch (const slakit::parse_error& e) {
                throw fatal_error(std::string{"--settle: "} + e.what());
            }
            const event_names event_words{names, contract->statuses};
            event_report_reader reader{event_words, by, as_of, settle};
            reader.keep_breaches(keep_breaches);
            if (!dimensions.empty()) {
                reader.set_dimensions(dimensions);
                reader.limit_dimensions(read_limit);
                reader.explain_limit(limit_why);
            }
            std::unique_ptr<std::FILE, int (*)(std::FILE*)> sla_file{nullptr, &std::fclose};
            if (!sla_events_path.empty()) {
                if (sla_events_path != "-") {
                    sla_file.reset(std::fopen(sla_events_path.c_str(), "wb"));
                    if (!sla_file) throw fatal_error(sla_events_path + ": cannot write");
                }
                std::FILE* to = sla_file ? sla_file.get() : stdout;
                std::fputs(std::string{sla_events_header}.c_str(), to);
                reader.on_sla_events([&, to](const std::string& rows) {
                    if (std::fwrite(rows.data(), 1, rows.size(), to) != rows.size())
                        throw fatal_error(sla_events_path + ": cannot write");
                });
            }
            read.emplace(reader.read(events_path, threads));
            breaches = reader.breaches();
            if (!sla_events_path.empty() && std::fflush(sla_file ? sla_file.get() : stdout) != 0)
                throw fatal_error(sla_events_path + ": cannot write");
            info.as_of = reader.as_of();
            info.has_as_of = reader.has_as_of();
            info.as_of_given = reader.as_of_given();
            const auto& c = reader.counts();
            info.rows = row_counts{c.accepted, c.rejected};
            event_info = c;
            peak_open = reader.peak_open();
        } else {
            report_reader reader{names, by, as_of};
            reader.keep_breaches(keep_breaches);
            if (!dimensions.empty()) {
                reader.set_dimensions(dimensions);
                reader.limit_dimensions(read_limit);
                reader.explain_limit(limit_why);
            }
            read.emplace(reader.read(requests_path, columns, threads));
            breaches = reader.breaches();
            info.as_of = reader.as_of();
            info.has_as_of = reader.has_as_of();
            info.as_of_given = reader.as_of_given();
            info.rows = reader.counts();
        }
        if (fold && read->dimensions().size() > max_groups)
            read.emplace(read->folded(max_groups - 1, dimension_values(dimensions.size(), "other")));
        fast_report& report = *read;
        for (const auto& o : outages) report.add_outage(o.begin, o.end);
        if (!contract->credit_bands.empty()) report.set_credit_bands(slakit::credit_bands{contract->credit_bands});
        const event_counts* counts = event_info ? &*event_info : nullptr;
        const breach_list* kept = keep_breaches > 0 ? &breaches : nullptr;
        if (format == "json")
            output = json_text(report, info, counts, kept);
        else if (format == "html")
            output = html_text(json_text(report, info, counts, kept));
        else if (format == "csv")
            output = events ? metrics_csv_text(report, kept, dimensions) : csv_text(report, kept, dimensions);
        else
            output = table_text(report, info, counts, kept);
        if (!output_path.empty()) {
            std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::fopen(output_path.c_str(), "wb"), &std::fclose};
            if (!file || std::fwrite(output.data(), 1, output.size(), file.get()) != output.size() ||
                std::fclose(file.release()) != 0)
                throw fatal_error(output_path + ": cannot write");
            output.clear();
        }
    } catch (const fatal_error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }

    std::cout << output;
    if (!slakit::examples::flush_stdout()) return 2;
    const std::uint64_t invalid = event_info ? event_info->invalid : 0;
    if (event_info && (info.rows.rejected > 0 || invalid > 0)) {
        std::cerr << "sla_report: " << info.rows.read() << " lines read, " << info.rows.accepted << " accepted, "
                  << info.rows.rejected << " rejected (" << event_info->late << " late); " << event_info->requests
                  << " requests, " << invalid << " rejected\n";
    } else if (info.rows.rejected > 0) {
        std::cerr << "sla_report: " << info.rows.read() << " rows read, " << info.rows.accepted << " accepted, "
                  << info.rows.rejected << " rejected\n";
    }
    if (stats) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const char* what = events ? "events" : "rows";
        std::cerr << fmt::format("sla_report: {} {} in {:.2f} s: {:.2f} M {}/s, peak RSS {:.1f} MiB", info.rows.read(),
                                 what, seconds, static_cast<double>(info.rows.read()) / seconds / 1e6, what,
                                 peak_rss_mib());
        if (events) std::cerr << fmt::format(", at most {} requests open", peak_open);
        std::cerr << '\n';
    }
    return strict && (info.rows.rejected > 0 || invalid > 0) ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Every run of lines is a 256 KiB buffer, above glibc's mmap threshold: served from
    // the heap and kept there, the same pages serve the next run instead of fresh
    // mappings that fault in page by page.
    ::mallopt(M_MMAP_MAX, 0);
    ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
    ::mallopt(M_ARENA_MAX, 1);
    return slakit::examples::run_program(run, argc, argv);
}
