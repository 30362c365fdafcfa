// examples/sla_monitor.cpp: replays a CSV of requests (sla_simulate's columns) as if it
// were live, through slakit's rolling windows and burn-rate alerts, and prints each
// alert as it fires and resolves.
//
//   sla_simulate --seed 42 --requests 20000 --month 2026-03 > march.csv
//   sla_monitor --requests march.csv --incident 2026-03-10T10:00:00+08:00,1h,drop
//
// Run with --help for the options, the replay rules and the output formats.
#include "support/columns.hpp"
#include "support/contract.hpp"
#include "support/fatal_error.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"
#include "support/program.hpp"
#include "support/request_rows.hpp"

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/exposition.hpp>
#include <slakit/monitor.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/reminders.hpp>
#include <slakit/report.hpp>
#include <slakit/rolling.hpp>
#include <slakit/time.hpp>

#include <CLI/CLI.hpp>
#ifdef SLAKIT_HAVE_HTTPLIB
#include <httplib.h>
#endif
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::instant;
using std::chrono::milliseconds;
using string_policy = slakit::examples::string_policy;
using string_request = slakit::basic_request<std::string, std::string>;
using string_monitor = slakit::basic_monitor<std::string, std::string>;
using string_alert = string_monitor::alert_type;

constexpr std::string_view description =
    R"(Replays a CSV of customer-service requests as if it were live: each submission,
first response and hand-off result reaches slakit's monitor at its own instant,
and the alert rules are checked every minute of the replayed time. Prints each
alert as it fires and as it resolves, with the figures of both its windows.

  sla_monitor --requests FILE.csv [--contract FILE] [--incident START,LENGTH[,EFFECT]]
              [--incident-channel NAME]... [--severity page|ticket|all]
              [--keep-firing DURATION] [--short-minimum N] [--json]
              [--metrics FILE [--metrics-every DURATION]] [--listen HOST:PORT]
              [--linger DURATION] [--speed FACTOR] [--openmetrics] [--sloth SERVICE]
              [--reminders [--reminders-anytime]]

For example
  sla_simulate --seed 42 --requests 20000 --month 2026-03 > march.csv
  sla_monitor --requests march.csv --incident 2026-03-10T10:00:00+08:00,1h
drops every answer submitted in that hour and shows the fast-burn page firing,
then resolving once answers come back.
)";

constexpr std::string_view footer = R"(Input: the columns of sla_simulate, a header line first:
  id, channel, priority, submitted_at, first_response_at, handoff_decided_at,
  handoff_completed_at, human_contact_at, excluded_reason
Instants are ISO 8601 with an offset; an empty field is an event that did not
happen. A row that cannot be used (bad field count or instant, unknown channel
or priority, events out of order, a repeated id) is reported on standard error
as FILE:LINE: reason and left out; the replay goes on.

Incident: --incident START,LENGTH[,EFFECT] changes the requests submitted in
[START, START + LENGTH) before the replay, on every channel or on those named
by --incident-channel. EFFECT is drop (the default: no first response at all)
or xFACTOR (first-response times multiplied, e.g. x20).

Replay: requests are watched from their submission; a request still unanswered
when its threshold passes is recorded as breached at that instant, and its
answer, if it comes, adds only its response time. Out-of-hours and excluded
requests are counted apart and never burn budget (clause 2.3, 4.1(5)). A
hand-off result is recorded when it completes, or when its threshold passes.

Objectives, per channel and target: the contract's aggregate targets (mean,
percentile, compliance), and for per-request thresholds without a compliance
target the shares given by --first-response-share and --handoff-share. Rules:
the SRE workbook's, over windows of 1-minute buckets kept for 3 days:
  fast burn    page    1h and 5min both burn >= 14.4 (at least 10 and 5 requests)
  slow burn    page    6h and 30min both burn >= 6   (at least 30 and 20 requests)
  budget burn  ticket  3d and 6h both burn >= 1      (at least 100 and 30 requests)
A short window holding fewer requests than its minimum reaches back for them, at
most half its long window; --short-minimum sets every rule's minimum.
A burn rate is the observed breach rate over the allowed one (1 - share); for
a mean target, the window's mean over the limit. --severity runs the pages or
the ticket alone; --keep-firing holds a fired alert until its rule has not held
for that long (default: half its short window; a rule hovering at its threshold
otherwise fires and resolves again and again).

Output, one line per transition (text), or one JSON object per line (--json):
  TIME  FIRED|RESOLVED  SEVERITY  RULE  CHANNEL/PRIORITIES  OBJECTIVE
        LONG: burn B (BAD/TOTAL breached | mean M over N)  SHORT: ...
then a summary (text), or a last object with "event": "summary" (--json).
Times are local to the contract's calendar.

Metrics (Prometheus text format 0.0.4, or OpenMetrics 1.0 with --openmetrics;
docs/monitoring.md lists the names): --metrics FILE writes a snapshot at the end
of the replay, and every DURATION of replayed time with --metrics-every (the
file is replaced whole each time). --listen HOST:PORT serves /metrics and
/healthz while the replay runs (PORT 0: any free port; the address is printed
on standard error), refreshed at most once a second of real time, and goes on
serving the last snapshot for --linger (default: until interrupted). A scraper
asking for application/openmetrics-text gets OpenMetrics. --speed replays
FACTOR times faster than real time (3600: an hour a second) instead of as fast
as it can. The snapshot: the monitor's windows, burn rates and pending counts
at the replay's now, and the counters and first-response histograms of the
requests submitted so far, evaluated at that instant. --sloth adds Sloth's
recording names (slo:sli_error:ratio_rate5m ...) with sloth_service SERVICE.

Reminders (--reminders): each request's 50 % and 75 % warnings, its due instant
and its breach, one JSON object a line ("event": "reminder"), unless it was
answered first. One that falls outside the calendar's working hours is told
at its next opening ("moved": true, "at" keeps when it fell), so nobody is
reminded at 2 a.m. or on a holiday; --reminders-anytime tells each when it falls.

Exit status:
  0  the file was replayed, whatever fired (rows left out are reported)
  2  a bad command line, a contract or requests file that cannot be read, or
     standard output failing)";

class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// --- the seed contract as string names ------------------------------------------

// The policy of slakit::presets::response_time_agreement(), with its channels and
// priorities named as sla_simulate writes them.
string_policy seed_policy() {
    const auto name = [](auto key) { return std::string{slakit::to_string(key)}; };
    // The seed enums get their kinds and order from their traits: name all their values.
    const std::span<const slakit::channel> channels{slakit::enum_values<slakit::channel>::values};
    const std::span<const slakit::priority> priorities{slakit::enum_values<slakit::priority>::values};
    return slakit::rekey<std::string, std::string>(slakit::presets::response_time_agreement(), name, name, channels,
                                                   priorities);
}

// --- command-line values ----------------------------------------------------------

struct incident {
    instant start{};
    milliseconds length{};
    std::optional<double> factor;  // none: answers dropped
};

incident parse_incident(const std::string& text) {
    const auto first = text.find(',');
    if (first == std::string::npos)
        throw usage_error("--incident: expected START,LENGTH[,EFFECT], not \"" + text + '"');
    const auto second = text.find(',', first + 1);
    incident i;
    try {
        i.start = slakit::parse_instant(text.substr(0, first));
        i.length = slakit::parse_duration(
            text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1));
    } catch (const slakit::parse_error& e) {
        throw usage_error(std::string{"--incident: "} + e.what());
    }
    if (i.length <= 0ms) throw usage_error("--incident: the length must be positive");
    if (second != std::string::npos) {
        const std::string effect = text.substr(second + 1);
        if (effect == "drop") {
            i.factor.reset();
        } else if (effect.size() > 1 && effect[0] == 'x') {
            std::size_t used = 0;
            double f = 0.0;
            try {
                f = std::stod(effect.substr(1), &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != effect.size() - 1 || !(f > 0.0 && f <= 1000.0))
                throw usage_error("--incident: a factor is x followed by a number in (0, 1000], e.g. x20, not \"" +
                                  effect + '"');
            i.factor = f;
        } else {
            throw usage_error("--incident: the effect is drop or xFACTOR (e.g. x20), not \"" + effect + '"');
        }
    }
    return i;
}

// "95%" -> 0.95; "off" -> nothing.
std::optional<double> parse_share(const std::string& option, const std::string& text) {
    if (text == "off") return std::nullopt;
    std::size_t used = 0;
    double p = -1.0;
    try {
        p = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used + 1 != text.size() || text.back() != '%' || !(p >= 0.0 && p <= 100.0))
        throw usage_error(option + ": expected a percentage such as 95% (or off), not \"" + text + '"');
    return p / 100.0;
}

// --- reading the CSV ----------------------------------------------------------------

struct replayed_request {
    std::string id;
    string_request request;
};

struct input {
    std::vector<replayed_request> requests;
    std::uint64_t rows = 0, rejected = 0;
};

// The seed contract's channels and priorities, as sla_simulate names them.
slakit::examples::contract seed_contract(const string_policy& policy) {
    slakit::examples::contract c{"", policy, {}, {"normal", "high", "urgent"}, {}, {}};
    for (const auto channel :
         {slakit::channel::web_chat, slakit::channel::in_app_chat, slakit::channel::social, slakit::channel::email})
        c.channels.emplace_back(slakit::to_string(channel));
    return c;
}

// The rows are read as sla_report reads them (examples/support/request_rows.hpp): the
// same columns, checks and rejection reasons. Throws fatal_error.
input read_requests(const std::string& path, const slakit::examples::contract& c) {
    namespace ex = slakit::examples;
    const ex::interned_contract names = ex::intern(c);  // points into c
    ex::line_runs source{path};
    ex::request_rows rows{names, std::nullopt};
    rows.suggest_map(false);
    std::array<std::string, ex::column_count> columns;
    for (std::size_t i = 0; i < ex::column_count; ++i) columns[i] = std::string{ex::column_names[i]};
    input out;
    rows.read_all(source, columns, [&](ex::parsed_row& row) {
        auto& q = row.request;
        // Rows without an id are distinct requests, as in sla_report: each is watched
        // under its line, behind a NUL that no accepted id holds.
        if (!row.has_id) row.id_text = std::string(1, '\0') + std::to_string(row.line);
        out.requests.push_back(
            {std::move(row.id_text),
             string_request{to_string(q.channel), to_string(q.priority), q.submitted_at, q.first_response,
                            q.handoff_decided, q.handoff_completed, q.human_contact, std::move(q.exclusion_reason)}});
    });
    out.rows = rows.counts().read();
    out.rejected = rows.counts().rejected;
    return out;
}

// --- output -----------------------------------------------------------------------

// "1h", "5min", "3d", "90s": the duration syntax the options take.
std::string span_text(milliseconds d) {
    std::string out;
    const auto part = [&](std::int64_t v, const char* unit) {
        if (v != 0) out += std::to_string(v) + unit;
    };
    part(d / std::chrono::days{1}, "d");
    part(d % std::chrono::days{1} / 1h, "h");
    part(d % 1h / 1min, "min");
    part(d % 1min / 1s, "s");
    part(d % 1s / 1ms, "ms");
    return out.empty() ? "0s" : out;
}

std::string fixed(double v, int digits) {
    if (std::isinf(v)) return "inf";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    return buffer;
}

std::string seconds_text(milliseconds d) { return fixed(static_cast<double>(d.count()) / 1000.0, 1) + " s"; }

std::string group_text(const string_alert& a) { return a.channel + '/' + slakit::priorities_name(a.priorities); }

std::string window_text(const string_alert& a, const slakit::window_figures<>& w) {
    std::string text = span_text(w.window) + " burn " + (w.burn ? fixed(*w.burn, 1) : std::string{"-"});
    if (a.objective.measure == slakit::statistic::mean) {
        text +=
            " (mean " + (w.mean ? seconds_text(*w.mean) : std::string{"-"}) + " over " + std::to_string(w.total) + ')';
    } else {
        const char* bad = a.objective.measure == slakit::statistic::quantile ? " over the limit)" : " breached)";
        text += " (" + std::to_string(w.bad) + '/' + std::to_string(w.total) + bad;
    }
    if (!w.totals.complete) text += " partial";
    return text;
}

nlohmann::json window_json(const slakit::calendar& cal, const string_alert& a, const slakit::window_figures<>& w) {
    nlohmann::json j;
    j["window"] = span_text(w.window);
    j["from"] = slakit::format_instant(w.totals.from, cal.zone());
    j["complete"] = w.totals.complete;
    j["burn"] = w.burn && std::isfinite(*w.burn) ? nlohmann::json(*w.burn) : nlohmann::json(nullptr);
    j["total"] = w.total;
    if (a.objective.measure == slakit::statistic::mean)
        j["mean_seconds"] =
            w.mean ? nlohmann::json(static_cast<double>(w.mean->count()) / 1000.0) : nlohmann::json(nullptr);
    else
        j["bad"] = w.bad;
    return j;
}

class printer {
public:
    printer(const slakit::calendar& cal, bool json) : calendar_(cal), json_(json) {}

    void transition(instant when, const slakit::alert_transition<std::string, std::string>& t) {
        const auto& a = t.alert;
        const std::string time = slakit::format_instant(when, calendar_.zone());
        if (json_) {
            nlohmann::json j;
            j["time"] = time;
            j["event"] = std::string{slakit::to_string(t.change)};
            j["severity"] = std::string{slakit::to_string(a.rule.level)};
            j["rule"] = a.rule.name;
            j["threshold"] = a.rule.threshold;
            j["channel"] = a.channel;
            j["priorities"] = slakit::priorities_name(a.priorities);
            j["objective"] = a.objective.name;
            j["kind"] = std::string{slakit::kind_name(a.objective)};
            j["long"] = window_json(calendar_, a, a.long_window);
            j["short"] = window_json(calendar_, a, a.short_window);
            std::cout << j.dump() << '\n';
            return;
        }
        std::cout << time << "  " << (t.change == slakit::alert_change::fired ? "FIRED   " : "RESOLVED") << "  "
                  << slakit::to_string(a.rule.level) << "  " << a.rule.name << "  " << group_text(a) << "  "
                  << a.objective.name << "\n      " << window_text(a, a.long_window) << "  |  "
                  << window_text(a, a.short_window) << '\n';
    }

private:
    const slakit::calendar& calendar_;
    bool json_;
};

// --- the replay ----------------------------------------------------------------------

// --- metrics --------------------------------------------------------------------------

struct metrics_options {
    std::string file;
    std::optional<milliseconds> every;
    std::string listen;
    std::optional<milliseconds> linger;
    std::optional<double> speed;
    bool openmetrics = false;
    std::string sloth;
};

// The exposition at the replay's now, in each format asked for: the monitor as it
// stands, and a report of the requests submitted so far, each evaluated at now
// (events after now unseen). The report is built once for every format.
std::vector<std::string> render_metrics(const string_policy& policy, const input& data, const string_monitor& live,
                                        std::initializer_list<slakit::exposition_format> formats,
                                        const std::string& sloth) {
    slakit::basic_report<std::string, std::string> so_far{policy, slakit::reporting_period::month};
    for (const auto& [id, r] : data.requests)
        if (r.submitted_at <= live.now()) so_far.add(slakit::evaluate(policy, r, live.now()));
    std::vector<std::string> texts;
    for (const auto format : formats) {
        slakit::exposition out{{format, !sloth.empty(), sloth.empty() ? std::string{"slakit"} : sloth}};
        slakit::expose_monitor(out, live);
        slakit::expose_report(out, so_far);
        texts.push_back(out.text());
    }
    return texts;
}

// Writes FILE through a temporary next to it, so a reader never sees half a snapshot.
void write_snapshot(const std::string& path, const std::string& text) {
    const std::string partial = path + ".partial";
    {
        std::ofstream file{partial, std::ios::binary | std::ios::trunc};
        file << text;
        if (!file.flush()) throw slakit::examples::fatal_error{path + ": cannot write the metrics snapshot"};
    }
    std::error_code failed;
    std::filesystem::rename(partial, path, failed);
    if (failed) throw slakit::examples::fatal_error{path + ": cannot write the metrics snapshot: " + failed.message()};
}

// Serves the latest snapshot on /metrics (both formats kept) and "ok" on /healthz,
// from a thread of its own; the replay publishes, the server only copies strings.
class metrics_server {
public:
#ifdef SLAKIT_HAVE_HTTPLIB
    explicit metrics_server(const std::string& address) {
        const auto colon = address.rfind(':');
        int port = -1;
        if (colon != std::string::npos && colon + 1 < address.size()) {
            std::size_t used = 0;
            try {
                port = std::stoi(address.substr(colon + 1), &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != address.size() - colon - 1) port = -1;
        }
        if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535)
            throw usage_error("--listen: expected HOST:PORT, not \"" + address + '"');
        host_ = address.substr(0, colon);
        server_.Get("/metrics", [this](const httplib::Request& asked, httplib::Response& answer) {
            const bool om = asked.get_header_value("Accept").find("application/openmetrics-text") != std::string::npos;
            const std::lock_guard lock{mutex_};
            if (om)
                answer.set_content(openmetrics_, "application/openmetrics-text; version=1.0.0; charset=utf-8");
            else
                answer.set_content(prometheus_, "text/plain; version=0.0.4; charset=utf-8");
        });
        server_.Get("/healthz", [](const httplib::Request&, httplib::Response& answer) {
            answer.set_content("ok\n", "text/plain");
        });
        port_ = port == 0 ? server_.bind_to_any_port(host_) : (server_.bind_to_port(host_, port) ? port : -1);
        if (port_ <= 0) throw usage_error("--listen: cannot listen on " + address);
        thread_ = std::thread{[this] { server_.listen_after_bind(); }};
    }
    ~metrics_server() {
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }
#else
    explicit metrics_server(const std::string&) {
        throw usage_error("--listen: this sla_monitor was built without cpp-httplib (Debian: libcpp-httplib-dev)");
    }
#endif
    metrics_server(const metrics_server&) = delete;
    metrics_server& operator=(const metrics_server&) = delete;

    [[nodiscard]] std::string where() const { return "http://" + host_ + ':' + std::to_string(port_) + "/metrics"; }

    void publish(std::string prometheus, std::string openmetrics) {
        const std::lock_guard lock{mutex_};
        prometheus_ = std::move(prometheus);
        openmetrics_ = std::move(openmetrics);
    }

private:
    std::string host_;
    int port_ = 0;
    std::mutex mutex_;
    std::string prometheus_ = "# no snapshot yet\n", openmetrics_ = "# EOF\n";
#ifdef SLAKIT_HAVE_HTTPLIB
    httplib::Server server_;
    std::thread thread_;
#endif
};

struct totals {
    std::uint64_t fired = 0, resolved = 0, affected = 0, watched = 0, reminders = 0;
};

int run(int argc, char** argv) {
    CLI::App app{std::string{description}, "sla_monitor"};
    std::string requests_path, contract_path, incident_text, first_share_text = "95%", handoff_share_text = "95%";
    std::vector<std::string> incident_channels;
    std::string severity = "all", keep_firing_text, short_minimum_text;
    bool json = false;
    app.add_option("-r,--requests", requests_path, "Requests CSV (- for standard input)")
        ->required()
        ->type_name("FILE.csv");
    app.add_option("-c,--contract", contract_path, "Contract file (TOML; default: the seed contract)")
        ->type_name("FILE");
    app.add_option("--incident", incident_text, "Inject an incident: START,LENGTH[,drop|xFACTOR]")->type_name("SPEC");
    app.add_option("--incident-channel", incident_channels, "Limit the incident to this channel (repeatable)")
        ->type_name("NAME");
    app.add_option("--first-response-share", first_share_text,
                   "Share of first responses due within their threshold, for targets without a compliance target "
                   "(default 95%, or off)")
        ->type_name("PERCENT");
    app.add_option("--handoff-share", handoff_share_text,
                   "Share of hand-offs due within their threshold (default 95%, or off)")
        ->type_name("PERCENT");
    app.add_option("--severity", severity, "Rules to run: page, ticket or all (default all)")
        ->check(CLI::IsMember({"page", "ticket", "all"}));
    app.add_option("--keep-firing", keep_firing_text,
                   "Resolve an alert only once its rule has not held for this long (default: its short window)")
        ->type_name("DURATION");
    app.add_option("--short-minimum", short_minimum_text,
                   "Requests a short window reaches back for before its rule may fire (default: each rule's)")
        ->type_name("N");
    app.add_flag("--json", json, "One JSON object a line instead of text");
    metrics_options metrics;
    std::string every_text, linger_text;
    app.add_option("--metrics", metrics.file, "Write a metrics snapshot (Prometheus text) to FILE at the end")
        ->type_name("FILE");
    app.add_option("--metrics-every", every_text, "Also write it every DURATION of replayed time")
        ->type_name("DURATION");
    app.add_option("--listen", metrics.listen, "Serve /metrics and /healthz on HOST:PORT during the replay")
        ->type_name("HOST:PORT");
    app.add_option("--linger", linger_text,
                   "With --listen: serve this long after the replay (default: until interrupted)")
        ->type_name("DURATION");
    app.add_option("--speed", metrics.speed, "Replay FACTOR times faster than real time (default: as fast as it can)")
        ->type_name("FACTOR")
        ->check(CLI::PositiveNumber);
    app.add_flag("--openmetrics", metrics.openmetrics, "--metrics writes OpenMetrics 1.0 instead of Prometheus 0.0.4");
    bool reminders_wanted = false, reminders_anytime = false;
    app.add_flag("--reminders", reminders_wanted,
                 "Also print per-request reminders (50 %, 75 %, due, breached), one JSON object a line");
    app.add_flag("--reminders-anytime", reminders_anytime,
                 "Deliver reminders when they fall, not at the next opening of working hours");
    app.add_option("--sloth", metrics.sloth, "Add Sloth's recording names, with this sloth_service")
        ->type_name("SERVICE");
    app.footer(std::string{footer});
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }

    std::optional<slakit::examples::contract> contract;
    std::optional<incident> trouble;
    slakit::monitor_options options;
    try {
        if (!contract_path.empty()) contract.emplace(slakit::examples::load_contract(contract_path));
        if (!incident_text.empty()) trouble = parse_incident(incident_text);
        options.first_response_share = parse_share("--first-response-share", first_share_text);
        options.handoff_share = parse_share("--handoff-share", handoff_share_text);
        std::optional<milliseconds> keep_firing;
        try {
            if (!keep_firing_text.empty()) keep_firing = slakit::parse_duration(keep_firing_text);
        } catch (const slakit::parse_error& e) {
            throw usage_error(std::string{"--keep-firing: "} + e.what());
        }
        for (auto [text, into, what] : {std::tuple{&every_text, &metrics.every, "--metrics-every"},
                                        std::tuple{&linger_text, &metrics.linger, "--linger"}}) {
            if (text->empty()) continue;
            try {
                *into = slakit::parse_duration(*text);
            } catch (const slakit::parse_error& e) {
                throw usage_error(std::string{what} + ": " + e.what());
            }
            if (**into <= milliseconds::zero()) throw usage_error(std::string{what} + ": must be positive");
        }
        if (metrics.every && metrics.file.empty()) throw usage_error("--metrics-every needs --metrics FILE");
        if (metrics.every && *metrics.every % 1min != milliseconds::zero())
            throw usage_error("--metrics-every: must be whole minutes (the replay checks every minute)");
        std::optional<std::uint64_t> short_minimum;
        if (!short_minimum_text.empty()) {
            std::size_t used = 0;
            unsigned long long n = 0;
            try {
                n = std::stoull(short_minimum_text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != short_minimum_text.size() || short_minimum_text[0] == '-')
                throw usage_error("--short-minimum: expected a count of requests, not \"" + short_minimum_text + '"');
            short_minimum = n;
        }
        std::erase_if(options.rules, [&](const slakit::alert_rule& r) {
            return severity != "all" && slakit::to_string(r.level) != severity;
        });
        for (auto& r : options.rules) {
            if (keep_firing) r.keep_firing = keep_firing;
            if (short_minimum) r.short_minimum_events = *short_minimum;
        }
    } catch (const slakit::examples::config_error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    } catch (const usage_error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    const string_policy policy = contract ? contract->policy : seed_policy();
    for (const auto& name : incident_channels) {
        if (!(contract ? contract->has_channel(name) : policy.kind_of(name).has_value())) {
            std::cerr << "error: --incident-channel: unknown channel \"" << name << "\"\n";
            return 2;
        }
    }

    input data;
    try {
        data = read_requests(requests_path, contract ? *contract : seed_contract(policy));
    } catch (const slakit::examples::fatal_error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }

    totals tally;
    if (trouble) {
        for (auto& [id, r] : data.requests) {
            if (r.submitted_at < trouble->start || r.submitted_at >= trouble->start + trouble->length) continue;
            if (!incident_channels.empty() &&
                std::find(incident_channels.begin(), incident_channels.end(), r.channel) == incident_channels.end())
                continue;
            if (!r.first_response) continue;
            ++tally.affected;
            if (!trouble->factor) {
                r.first_response.reset();
            } else {
                const auto took = static_cast<double>((*r.first_response - r.submitted_at).count());
                r.first_response = r.submitted_at + milliseconds{std::llround(took * *trouble->factor)};
            }
        }
    }

    // Every event at its instant: submissions, first responses, hand-off results.
    enum kind : int { submit, answer, handoff };
    std::vector<std::tuple<instant, int, std::size_t>> events;
    events.reserve(data.requests.size() * 2);
    for (std::size_t i = 0; i < data.requests.size(); ++i) {
        const auto& r = data.requests[i].request;
        events.emplace_back(r.submitted_at, submit, i);
        if (r.first_response) events.emplace_back(*r.first_response, answer, i);
        if (r.handoff_decided && !r.exclusion_reason) {
            const auto o = slakit::evaluate(policy, r, *r.handoff_decided);
            if (o.handoff.due) {
                const instant late = *o.handoff.due + 1ms;
                events.emplace_back(r.handoff_completed ? std::min(*r.handoff_completed, late) : late, handoff, i);
            }
        }
    }
    std::sort(events.begin(), events.end());

    const auto& calendar = policy.calendar();
    printer out{calendar, json};
    std::optional<string_monitor> live;
    std::unique_ptr<metrics_server> server;
    try {
        if (!metrics.listen.empty()) {
            server = std::make_unique<metrics_server>(metrics.listen);
            std::cerr << "sla_monitor: serving " << server->where() << std::endl;
        }
    } catch (const usage_error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    using steady = std::chrono::steady_clock;
    auto published = steady::now() - 1h;
    const auto publish = [&] {
        auto texts = render_metrics(policy, data, *live,
                                    {slakit::exposition_format::prometheus, slakit::exposition_format::openmetrics},
                                    metrics.sloth);
        server->publish(std::move(texts[0]), std::move(texts[1]));
        published = steady::now();
    };
    const auto format =
        metrics.openmetrics ? slakit::exposition_format::openmetrics : slakit::exposition_format::prometheus;
    if (!events.empty()) {
        const instant first = std::chrono::floor<std::chrono::minutes>(std::get<0>(events.front()));
        const instant last = std::chrono::ceil<std::chrono::minutes>(std::get<0>(events.back())) + 1min;
        live.emplace(policy, options, first);
        slakit::reminder_options reminding;
        reminding.working_hours_only = !reminders_anytime;
        slakit::reminder_schedule<std::size_t> reminders{reminding};  // by row index
        std::size_t next = 0;
        const auto started = steady::now();
        for (instant tick = first + 1min; tick <= last; tick += 1min) {
            if (metrics.speed)
                std::this_thread::sleep_until(
                    started + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double, std::milli>(
                                  static_cast<double>((tick - first).count()) / *metrics.speed)));
            if (server && steady::now() - published >= 1s) publish();
            if (metrics.every && (tick - first) % *metrics.every == milliseconds::zero())
                write_snapshot(metrics.file, render_metrics(policy, data, *live, {format}, metrics.sloth)[0]);
            for (; next < events.size() && std::get<0>(events[next]) < tick; ++next) {
                const auto& [when, what, index] = events[next];
                const auto& [id, r] = data.requests[index];
                live->advance(when);
                const auto o = slakit::evaluate(policy, r, when);
                if (what == submit) {
                    if (!o.counts())
                        live->add(o, when, slakit::recorded::status);
                    else if (live->watch(id, o))
                        ++tally.watched;
                    if (reminders_wanted && o.counts())
                        if (const auto& limit = policy.at(r.channel, r.priority).target.first_response)
                            reminders.watch(index, o, *limit, policy.calendar_for(r.channel));
                } else if (what == answer) {
                    if (o.counts()) live->respond(id, o, when);
                    if (reminders_wanted) reminders.resolve(index, when);
                } else {
                    live->add(o, when, slakit::recorded::handoff);
                }
            }
            for (const auto& due : reminders.advance(tick)) {
                const auto& [reminded_id, request] = data.requests[due.id];
                nlohmann::json j;
                j["event"] = "reminder";
                j["time"] = slakit::format_instant(due.deliver, calendar.zone());
                j["kind"] = slakit::to_string(due.kind);
                j["level"] = due.level;
                j["id"] = reminded_id;
                j["channel"] = request.channel;
                j["priority"] = request.priority;
                j["at"] = slakit::format_instant(due.at, calendar.zone());
                j["due"] = slakit::format_instant(due.due, calendar.zone());
                j["moved"] = due.deliver != due.at;
                std::cout << j.dump() << '\n';
                ++tally.reminders;
            }
            for (const auto& t : live->transitions(tick)) {
                ++(t.change == slakit::alert_change::fired ? tally.fired : tally.resolved);
                out.transition(tick, t);
            }
        }
    }

    if (live && !metrics.file.empty())
        write_snapshot(metrics.file, render_metrics(policy, data, *live, {format}, metrics.sloth)[0]);
    if (server && live) publish();

    // The summary: what was replayed, and what still fires at the end.
    std::vector<string_alert> firing;
    if (live) firing = live->firing_alerts(live->now());
    if (json) {
        nlohmann::json j;
        j["event"] = "summary";
        j["rows"] = data.rows;
        j["rejected"] = data.rejected;
        j["replayed"] = data.requests.size();
        j["incident_affected"] = tally.affected;
        j["fired"] = tally.fired;
        j["resolved"] = tally.resolved;
        j["still_firing"] = firing.size();
        if (live) j["until"] = slakit::format_instant(live->now(), calendar.zone());
        std::cout << j.dump() << '\n';
    } else {
        std::cout << "replayed " << data.requests.size() << " of " << data.rows << " rows";
        if (data.rejected != 0) std::cout << " (" << data.rejected << " left out)";
        if (live) std::cout << " up to " << slakit::format_instant(live->now(), calendar.zone());
        if (trouble) std::cout << "; the incident changed " << tally.affected << " requests";
        std::cout << "\nalerts: " << tally.fired << " fired, " << tally.resolved << " resolved, " << firing.size()
                  << " still firing\n";
        // Each group over the last three days, on its own clock.
        for (const auto& g : live ? live->streams() : std::vector<string_monitor::stream>{}) {
            const auto w = g.ring.last(72h, g.clock, policy.calendar_for(g.channel));
            std::cout << "  " << g.channel << '/' << slakit::priorities_name(g.priorities) << ": last 3d "
                      << w.decided() << " decided";
            if (const auto rate = w.compliance()) std::cout << ", " << fixed(*rate * 100.0, 2) << " % in time";
            if (const auto mean = w.mean(g.clock)) std::cout << ", mean " << seconds_text(*mean);
            if (const auto rate = w.handoff_compliance())
                std::cout << ", hand-offs " << fixed(*rate * 100.0, 1) << " % in time";
            std::cout << ", " << w.out_of_hours << " out of hours";
            if (w.excluded != 0) std::cout << ", " << w.excluded << " excluded";
            if (g.watch.pending() != 0)
                std::cout << ", " << g.watch.pending() << " pending (" << g.watch.at_risk() << " at risk)";
            std::cout << '\n';
        }
    }
    if (!slakit::examples::flush_stdout()) return 2;
    if (server) {
        std::cerr << "sla_monitor: replay done; serving the last snapshot "
                  << (metrics.linger ? "for " + slakit::duration_words(*metrics.linger) : "until interrupted")
                  << std::endl;
        if (metrics.linger)
            std::this_thread::sleep_for(*metrics.linger);
        else
            for (;;) std::this_thread::sleep_for(1h);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return slakit::examples::run_program(run, argc, argv); }
