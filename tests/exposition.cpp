#include <slakit/exposition.hpp>
// Tests for slakit/exposition.hpp: the text is read back by a strict parser written
// here (both formats), its figures are checked against the monitor's and the report's
// own, and `promtool check metrics` (Debian's prometheus package) must accept it.

#include <slakit/evaluate.hpp>
#include <slakit/monitor.hpp>
#include <slakit/presets.hpp>
#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <vector>

namespace {

using namespace std::chrono_literals;
using slakit::channel;
using slakit::instant;
using slakit::priority;

instant at(const char* text) { return slakit::parse_instant(text); }

struct sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct scrape {
    std::map<std::string, std::string> types;  // family -> type
    std::vector<sample> samples;

    // The one sample of that name whose labels include these; throws when not exactly one.
    [[nodiscard]] double value(const std::string& name, const std::map<std::string, std::string>& want) const {
        std::optional<double> found;
        for (const auto& s : samples) {
            if (s.name != name) continue;
            bool match = true;
            for (const auto& [k, v] : want) match = match && s.labels.count(k) != 0 && s.labels.at(k) == v;
            if (!match) continue;
            if (found) throw std::runtime_error("two samples match " + name);
            found = s.value;
        }
        if (!found) throw std::runtime_error("no sample matches " + name);
        return *found;
    }
    [[nodiscard]] std::size_t count(const std::string& name) const {
        std::size_t n = 0;
        for (const auto& s : samples)
            if (s.name == name) ++n;
        return n;
    }
};

bool name_char(char c, bool first, bool colon) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
    return alpha || (!first && c >= '0' && c <= '9');
}

std::string read_name(std::string_view& line, bool colon) {
    std::size_t n = 0;
    while (n < line.size() && name_char(line[n], n == 0, colon)) ++n;
    if (n == 0) throw std::runtime_error("expected a name: " + std::string{line});
    std::string name{line.substr(0, n)};
    line.remove_prefix(n);
    return name;
}

// The family a sample belongs to, given its type's suffixes.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types, bool om) {
    for (const std::string_view suffix : {"_total", "_bucket", "_count", "_sum", ""}) {
        if (name.size() < suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string base = name.substr(0, name.size() - suffix.size());
        const auto it = types.find(suffix == "_total" && !om ? name : base);
        if (it == types.end()) continue;
        const auto& t = it->second;
        if (suffix == "_total" && t == "counter") return it->first;
        if ((suffix == "_bucket" || suffix == "_count" || suffix == "_sum") && t == "histogram") return base;
        if (suffix.empty() && t != "histogram" && (t != "counter" || !om)) return base;
    }
    throw std::runtime_error("sample of no declared family: " + name);
}

// Strict: HELP and TYPE (UNIT in OpenMetrics) before a family's samples, each family's
// samples together, names and labels as the formats spell them, escapes undone,
// no series twice, "# EOF" last in OpenMetrics and nowhere in 0.0.4.
scrape parse(const std::string& text, bool om) {
    scrape out;
    std::set<std::string> closed;
    std::string current;
    std::set<std::string> series;
    std::size_t pos = 0;
    bool eof = false;
    while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        if (end == std::string::npos) throw std::runtime_error("last line without a newline");
        std::string_view line{text.data() + pos, end - pos};
        pos = end + 1;
        if (eof) throw std::runtime_error("text after # EOF");
        if (line == "# EOF") {
            if (!om) throw std::runtime_error("# EOF in 0.0.4");
            eof = true;
            continue;
        }
        if (line.starts_with("# ")) {
            line.remove_prefix(2);
            const auto space = line.find(' ');
            const std::string keyword{line.substr(0, space)};
            line.remove_prefix(space + 1);
            const std::string name = read_name(line, true);
            if (line.empty() || line[0] != ' ') throw std::runtime_error("no text after " + name);
            line.remove_prefix(1);
            if (keyword == "TYPE") {
                if (out.types.count(name) != 0) throw std::runtime_error("TYPE twice for " + name);
                if (line != "counter" && line != "gauge" && line != "histogram")
                    throw std::runtime_error("unknown type " + std::string{line});
                if (line == "counter" && !om && !name.ends_with("_total"))
                    throw std::runtime_error("0.0.4 counter without _total: " + name);
                if (line == "counter" && om && name.ends_with("_total"))
                    throw std::runtime_error("OpenMetrics counter family named with _total: " + name);
                out.types[name] = std::string{line};
                if (!current.empty()) closed.insert(current);
                current = name;
            } else if (keyword == "UNIT") {
                if (!om) throw std::runtime_error("UNIT in 0.0.4");
                if (!name.ends_with("_" + std::string{line})) throw std::runtime_error("name lacks its unit: " + name);
            } else if (keyword != "HELP") {
                throw std::runtime_error("unknown keyword " + keyword);
            }
            continue;
        }
        sample s;
        s.name = read_name(line, true);
        if (!line.empty() && line[0] == '{') {
            line.remove_prefix(1);
            while (line[0] != '}') {
                const std::string label = read_name(line, false);
                if (!line.starts_with("=\"")) throw std::runtime_error("bad label " + label);
                line.remove_prefix(2);
                std::string value;
                while (line[0] != '"') {
                    if (line[0] == '\\') {
                        if (line[1] == 'n')
                            value += '\n';
                        else if (line[1] == '\\' || line[1] == '"')
                            value += line[1];
                        else
                            throw std::runtime_error("bad escape in " + label);
                        line.remove_prefix(2);
                    } else {
                        value += line[0];
                        line.remove_prefix(1);
                    }
                }
                line.remove_prefix(1);
                if (!s.labels.emplace(label, value).second) throw std::runtime_error("label twice: " + label);
                if (line[0] == ',') line.remove_prefix(1);
            }
            line.remove_prefix(1);
        }
        if (line.empty() || line[0] != ' ') throw std::runtime_error("no value for " + s.name);
        line.remove_prefix(1);
        const std::string value{line};
        s.value = value == "+Inf" ? HUGE_VAL : value == "-Inf" ? -HUGE_VAL : std::stod(value);
        if (value.find_first_not_of("0123456789.e+-InfNa") != std::string::npos)
            throw std::runtime_error("bad value " + value);
        const auto family = family_of(s.name, out.types, om);
        if (family != current || closed.count(family) != 0) throw std::runtime_error("family split: " + s.name);
        std::string key = s.name;
        for (const auto& [k, v] : s.labels) key += "|" + k + "=" + v;
        if (!series.insert(key).second) throw std::runtime_error("series twice: " + key);
        out.samples.push_back(std::move(s));
    }
    if (om && !eof) throw std::runtime_error("OpenMetrics without # EOF");
    return out;
}

// A small day: web chats (60 s each) answered in 20 s, 50 s, 60 s (met, the limit
// included) and 90 s (breached); e-mails in 10 min and one left unanswered.
struct day {
    slakit::policy contract = slakit::presets::response_time_agreement();
    slakit::basic_report<channel, priority> month{contract, slakit::reporting_period::month};
    slakit::monitor live;
    instant end = at("2026-03-03T11:00:00+08:00");

    day() : live(contract, monitor_options(), at("2026-03-03T10:00:00+08:00")) {
        const instant start = at("2026-03-03T10:00:00+08:00");
        int n = 0;
        for (const auto took : {20s, 50s, 60s, 90s}) {
            slakit::request r{channel::web_chat, priority::normal, start + n * 1min};
            r.first_response = r.submitted_at + took;
            add(r, "c" + std::to_string(n++));
        }
        slakit::request mail{channel::email, priority::normal, start};
        mail.first_response = start + 10min;
        add(mail, "m1");
        slakit::request lost{channel::email, priority::normal, start + 5min};
        add(lost, "m2");
        live.advance(end);
    }
    static slakit::monitor_options monitor_options() {
        slakit::monitor_options o;
        o.first_response_share = 0.95;
        return o;
    }
    void add(const slakit::request& r, const std::string& id) {
        live.advance(r.submitted_at);
        live.watch(id, slakit::evaluate(contract, r, r.submitted_at));
        if (r.first_response) {
            live.advance(*r.first_response);
            live.respond(id, slakit::evaluate(contract, r, *r.first_response), *r.first_response);
        }
        month.add(slakit::evaluate(contract, r, end));
    }
};

std::string render(day& d, slakit::exposition_options o) {
    slakit::exposition out{std::move(o)};
    slakit::expose_monitor(out, d.live);
    slakit::expose_report(out, d.month);
    return out.text();
}

}  // namespace

TEST_CASE("escapes and numbers follow the formats") {
    slakit::exposition out;
    out.family("slakit_x", slakit::metric_type::gauge, "a \\ help\nline");
    out.sample("slakit_x", "", {{"channel", "a\"b\\c\nd"}}, 0.1);
    out.sample("slakit_x", "", {{"channel", "inf"}}, HUGE_VAL);
    const auto text = out.text();
    CHECK(text ==
          "# HELP slakit_x a \\\\ help\\nline\n# TYPE slakit_x gauge\n"
          "slakit_x{channel=\"a\\\"b\\\\c\\nd\"} 0.1\nslakit_x{channel=\"inf\"} +Inf\n");
    const auto back = parse(text, false);
    CHECK(back.samples.at(0).labels.at("channel") == "a\"b\\c\nd");
    CHECK_THROWS_AS(out.sample("slakit_y", "", {}, 1.0), std::invalid_argument);
    slakit::exposition om{{slakit::exposition_format::openmetrics}};
    CHECK(om.le(60.0) == "60.0");
    CHECK(om.le(0.5) == "0.5");
    CHECK(out.le(60.0) == "60");
    CHECK(slakit::sloth_window(5min) == "ratio_rate5m");
    CHECK(slakit::sloth_window(7min).empty());
}

TEST_CASE("a report's counters and histogram are its own counts, exactly") {
    day d;
    for (const auto format : {slakit::exposition_format::prometheus, slakit::exposition_format::openmetrics}) {
        const bool om = format == slakit::exposition_format::openmetrics;
        const auto back = parse(render(d, {format}), om);
        const std::map<std::string, std::string> chat{{"channel", "web_chat"}};
        CHECK(back.value("slakit_requests_total", {{"channel", "web_chat"}, {"status", "met"}}) == 3);
        CHECK(back.value("slakit_requests_total", {{"channel", "web_chat"}, {"status", "breached"}}) == 1);
        CHECK(back.value("slakit_requests_total", {{"channel", "email"}, {"status", "breached"}}) == 1);
        // The latency SLI: the bucket at the threshold over the count.
        const double within =
            back.value("slakit_first_response_seconds_bucket", {{"channel", "web_chat"}, {"le", om ? "60.0" : "60"}});
        const double all = back.value("slakit_first_response_seconds_count", chat);
        CHECK(within == 3);
        CHECK(all == 4);
        CHECK(back.value("slakit_first_response_seconds_bucket", {{"channel", "web_chat"}, {"le", "+Inf"}}) == all);
        CHECK(back.value("slakit_first_response_seconds_sum", chat) == doctest::Approx(220.0));
        CHECK(back.value("slakit_compliance_ratio", chat) == doctest::Approx(0.75));
        CHECK(back.value("slakit_first_response_seconds_bucket",
                         {{"channel", "email"}, {"le", om ? "1800.0" : "1800"}}) == 1);
        // The monitor: the unanswered e-mail is overdue by 11:00 (due 10:35), breach recorded.
        CHECK(back.value("slakit_overdue_requests", {{"channel", "email"}}) == 1);
        CHECK(back.value("slakit_pending_requests", {{"channel", "email"}}) == 0);
        CHECK(back.value("slakit_window_compliance_ratio", {{"channel", "web_chat"}, {"window", "1h"}}) ==
              doctest::Approx(0.75));
        // Burn rate over 1h: 1 breached in 4 at a 5 % budget.
        CHECK(back.value(
                  "slakit_burn_rate_ratio",
                  {{"channel", "web_chat"}, {"window", "1h"}, {"objective", "first_response"}, {"clock", "wall"}}) ==
              doctest::Approx(5.0));
        // The last hour of open time is the same hour (Tuesday 10:00-11:00, office hours).
        CHECK(back.value("slakit_burn_rate_ratio", {{"channel", "web_chat"},
                                                    {"window", "1h"},
                                                    {"objective", "first_response"},
                                                    {"clock", "business"}}) == doctest::Approx(5.0));
        CHECK(back.value("slakit_error_budget_remaining_ratio",
                         {{"channel", "web_chat"}, {"objective", "first_response"}}) == doctest::Approx(-4.0));
        CHECK(back.count("slo:sli_error:ratio_rate5m") == 0);
    }
}

TEST_CASE("Sloth's recording names, on request") {
    day d;
    const auto back = parse(render(d, {slakit::exposition_format::prometheus, true, "helpdesk"}), false);
    const std::map<std::string, std::string> chat{{"sloth_service", "helpdesk"},
                                                  {"sloth_slo", "web_chat-any-first_response"}};
    CHECK(back.value("slo:sli_error:ratio_rate1h", chat) == doctest::Approx(0.25));
    CHECK(back.value("slo:objective:ratio", chat) == doctest::Approx(0.95));
    CHECK(back.value("slo:error_budget:ratio", chat) == doctest::Approx(0.05));
}

TEST_CASE("promtool check metrics accepts the 0.0.4 text") {
    if (std::system("promtool --version > /dev/null 2>&1") != 0) {
        MESSAGE("skipped: promtool is not installed (Debian package prometheus; tests/run.sh installs it)");
        return;
    }
    day d;
    for (const bool sloth : {false, true}) {
        const std::string path = "exposition_promtool_sample.prom";
        std::ofstream{path} << render(d, {slakit::exposition_format::prometheus, sloth});
        const std::string command = "promtool check metrics < " + path + " > " + path + ".out 2>&1";
        const int rc = std::system(command.c_str());
        std::ifstream said{path + ".out"};
        const std::string complaint{std::istreambuf_iterator<char>{said}, {}};
        INFO(complaint);
        if (!sloth) {
            CHECK(rc == 0);
            CHECK(complaint.empty());
            continue;
        }
        // Sloth's names hold colons, the mark of recording rules, which the linter
        // flags (exit 3, lint problems); anything else (exit 1: unparsable) fails.
        CHECK(WEXITSTATUS(rc) == 3);
        std::size_t lines = 0, colons = 0;
        for (std::size_t from = 0; from < complaint.size();) {
            const auto end = complaint.find('\n', from);
            const auto line = complaint.substr(from, end - from);
            from = end == std::string::npos ? complaint.size() : end + 1;
            ++lines;
            if (line.starts_with("slo:") && line.ends_with("metric names should not contain ':'")) ++colons;
        }
        CHECK(lines == colons);
        CHECK(colons == 6);
    }
}
