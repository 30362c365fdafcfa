// slakit/exposition.hpp: a monitor's and a report's state as Prometheus metrics, in
// the text format 0.0.4 or in OpenMetrics 1.0. Text only: the host serves or writes it.
//
//   slakit::exposition out{{.format = slakit::exposition_format::openmetrics}};
//   slakit::expose_monitor(out, live);      // gauges: windows, burn rates, pending
//   slakit::expose_report(out, month);      // counters and first-response histograms
//   std::string body = out.text();          // with "# EOF" in OpenMetrics
//
// Names follow Prometheus conventions: prefix slakit_, base units (seconds, ratios),
// counters end in _total, no label carries a request id. Labels: channel, priority
// (a monitor stream's priorities read as priorities_name: "any", "high+"), objective
// (kind_name, quantiles with their level and limit), window ("5m", "1h", "3d") and
// clock ("wall", "business": business windows count the calendar's open time).
//
// What is exact: a report's counters and its histogram. A cell keeps exact counts
// and an exact sum of response times, but only a sketch of their distribution; its
// "met" count is exactly the in-scope answers within the target's threshold (on the
// threshold's clock), so the histogram has one bucket at the threshold, plus +Inf,
// and _bucket{le="T"} / _count is exact. Buckets read off a sketch would not be.
//
// A monitor's windows are trailing, so they are gauges; a report's counts only grow
// while requests are added (pending ones are not counted: a pending count falls).
#pragma once

#include <slakit/burn.hpp>
#include <slakit/monitor.hpp>
#include <slakit/report.hpp>
#include <slakit/status.hpp>
#include <slakit/target.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

enum class exposition_format : unsigned char { prometheus, openmetrics };
enum class metric_type : unsigned char { counter, gauge, histogram };

struct exposition_options {
    exposition_format format = exposition_format::prometheus;
    // Also the recording names of Sloth (slo:sli_error:ratio_rate5m ...), labelled
    // sloth_service, sloth_slo and sloth_id, so Sloth's dashboards read slakit's windows.
    bool sloth = false;
    std::string sloth_service = "slakit";
};

using metric_label = std::pair<std::string_view, std::string_view>;

namespace detail::exposition {

// Shortest text that reads back as the same double; Go's spelling of the infinities.
inline std::string number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    return {buffer, end};
}

inline std::string number(std::uint64_t v) { return std::to_string(v); }

// Label values: backslash, double quote and newline escaped (both formats).
inline void append_escaped(std::string& out, std::string_view text, bool quote) {
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quote)
            out += "\\\"";
        else
            out += c;
    }
}

// A window's span the way PromQL writes it: 5m, 1h, 3d, 90s.
inline std::string span_name(std::chrono::milliseconds span) {
    using namespace std::chrono;
    const auto ms = span.count();
    if (ms % 86'400'000 == 0) return std::to_string(ms / 86'400'000) + "d";
    if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

inline double seconds(std::chrono::milliseconds d) { return static_cast<double>(d.count()) / 1000.0; }

}  // namespace detail::exposition

// Metric families and their samples, rendered as one text. Families come out in the
// order they were first declared, each with its samples together, as both formats ask.
class exposition {
public:
    explicit exposition(exposition_options options = {}) : options_(std::move(options)) {}

    [[nodiscard]] const exposition_options& options() const noexcept { return options_; }

    // Declares a family (its name without _total or histogram suffixes). Declaring it
    // again changes nothing. unit: the base unit its name ends with ("seconds"), or empty.
    void family(std::string_view name, metric_type type, std::string_view help, std::string_view unit = {}) {
        const std::string key{name};
        if (index_.find(key) != index_.end()) return;
        index_.emplace(key, families_.size());
        families_.push_back(family_text{key, type, std::string{help}, std::string{unit}, {}});
    }

    // One sample of a declared family; suffix: "_total" (counters), "_bucket",
    // "_count", "_sum" (histograms), or empty. Throws std::invalid_argument for an
    // undeclared family.
    template <class Value>
    void sample(std::string_view name, std::string_view suffix, std::span<const metric_label> labels, Value v) {
        const auto it = index_.find(name);
        if (it == index_.end())
            throw std::invalid_argument("exposition: no family " + std::string{name} + " was declared");
        auto& out = families_[it->second].samples;
        out.append(name).append(suffix);
        if (!labels.empty()) {
            out += '{';
            for (std::size_t i = 0; i < labels.size(); ++i) {
                if (i != 0) out += ',';
                out.append(labels[i].first).append("=\"");
                detail::exposition::append_escaped(out, labels[i].second, true);
                out += '"';
            }
            out += '}';
        }
        out += ' ';
        out += detail::exposition::number(v);
        out += '\n';
    }

    template <class Value>
    void sample(std::string_view name, std::string_view suffix, std::initializer_list<metric_label> labels, Value v) {
        sample(name, suffix, std::span<const metric_label>{labels.begin(), labels.size()}, v);
    }

    // The text: HELP and TYPE (and UNIT in OpenMetrics) before each family's samples;
    // families without samples are left out; OpenMetrics ends with "# EOF".
    [[nodiscard]] std::string text() const {
        const bool om = options_.format == exposition_format::openmetrics;
        std::string out;
        for (const auto& f : families_) {
            if (f.samples.empty()) continue;
            // 0.0.4 names a counter by its sample name; OpenMetrics by the family's.
            const std::string name = !om && f.type == metric_type::counter ? f.name + "_total" : f.name;
            out.append("# HELP ").append(name).append(" ");
            detail::exposition::append_escaped(out, f.help, om);
            out.append("\n# TYPE ").append(name).append(" ").append(type_name(f.type)).append("\n");
            if (om && !f.unit.empty()) out.append("# UNIT ").append(name).append(" ").append(f.unit).append("\n");
            out += f.samples;
        }
        if (om) out += "# EOF\n";
        return out;
    }

    // The Content-Type header a server sends with text().
    [[nodiscard]] std::string_view content_type() const noexcept {
        return options_.format == exposition_format::openmetrics
                   ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                   : "text/plain; version=0.0.4; charset=utf-8";
    }

    // An upper bound as an le label: "60" in 0.0.4, "60.0" in OpenMetrics (its
    // canonical float), "+Inf" for the last bucket.
    [[nodiscard]] std::string le(double bound) const {
        auto text = detail::exposition::number(bound);
        if (options_.format == exposition_format::openmetrics && std::isfinite(bound) &&
            text.find_first_of(".e") == std::string::npos)
            text += ".0";
        return text;
    }

private:
    struct family_text {
        std::string name;
        metric_type type;
        std::string help;
        std::string unit;
        std::string samples;
    };

    static std::string_view type_name(metric_type t) noexcept {
        switch (t) {
        case metric_type::counter: return "counter";
        case metric_type::gauge: return "gauge";
        case metric_type::histogram: return "histogram";
        }
        return "untyped";
    }

    exposition_options options_;
    std::vector<family_text> families_;
    std::map<std::string, std::size_t, std::less<>> index_;
};

// The objective label: kind_name, with a quantile's level and limit ("quantile_0.95_le_60").
[[nodiscard]] inline std::string objective_label(const objective& goal) {
    if (goal.measure != statistic::quantile) return std::string{kind_name(goal)};
    return "quantile_" + detail::exposition::number(goal.quantile) + "_le_" +
           detail::exposition::number(detail::exposition::seconds(goal.limit));
}

// The Sloth suffix of a window ("5m" gives ratio_rate5m), or empty when Sloth has no
// recording rule for that span.
[[nodiscard]] inline std::string_view sloth_window(std::chrono::milliseconds span) noexcept {
    using namespace std::chrono;
    constexpr std::array<std::pair<std::int64_t, std::string_view>, 8> known{{{5, "ratio_rate5m"},
                                                                              {30, "ratio_rate30m"},
                                                                              {60, "ratio_rate1h"},
                                                                              {120, "ratio_rate2h"},
                                                                              {360, "ratio_rate6h"},
                                                                              {1440, "ratio_rate1d"},
                                                                              {4320, "ratio_rate3d"},
                                                                              {43200, "ratio_rate30d"}}};
    if (span % minutes{1} != milliseconds::zero()) return {};
    const auto m = duration_cast<minutes>(span).count();
    for (const auto& [length, name] : known)
        if (length == m) return name;
    return {};
}

// A monitor at its now: per stream, pending / at-risk / overdue counts; per stream and
// window of its rules, compliance; per objective and window, the burn rate; per
// objective, the budget left over the monitor's span. Reads the monitor only.
template <class Channel, class Priority, class Id, class Duration, zone_pointer ZonePtr>
void expose_monitor(exposition& out, const basic_monitor<Channel, Priority, Id, Duration, ZonePtr>& source) {
    namespace x = detail::exposition;
    out.family("slakit_pending_requests", metric_type::gauge,
               "Requests waiting for their first response, not yet due.");
    out.family("slakit_at_risk_requests", metric_type::gauge,
               "Pending requests past the warning level of their threshold, not yet due.");
    out.family("slakit_overdue_requests", metric_type::gauge,
               "Requests past due without a first response (their breach is recorded).");
    out.family("slakit_window_compliance_ratio", metric_type::gauge,
               "First responses within their threshold over decided ones, in a trailing window.");
    out.family("slakit_window_decided_requests", metric_type::gauge,
               "First responses decided (met or breached) in a trailing window.");
    out.family("slakit_burn_rate_ratio", metric_type::gauge,
               "Error-budget burn rate of an objective over a trailing window (1: spends the budget exactly); "
               "clock business: the window holds that much of the calendar's open time.");
    out.family("slakit_error_budget_remaining_ratio", metric_type::gauge,
               "Share of the error budget left over the monitor's span (negative: overspent).");
    out.family("slakit_objective_ratio", metric_type::gauge, "Share of requests an objective requires.");
    const auto& rules = source.options().rules;
    std::set<std::chrono::milliseconds> spans;
    for (const auto& r : rules) spans.insert({r.long_window, r.short_window});

    for (const auto& g : source.streams()) {
        const std::string ch = detail::name_of(g.channel);
        const std::string prs = priorities_name(g.priorities);
        const auto& open_hours = source.policy().calendar_for(g.channel);
        const std::string stream_clock{to_string(g.clock)};
        // Each (span, clock) window summed once: objectives share them.
        std::map<std::pair<std::chrono::milliseconds, clock_kind>, window_totals<Duration>> windows;
        const auto last = [&](std::chrono::milliseconds span, clock_kind c) -> const window_totals<Duration>& {
            const auto [it, fresh] = windows.try_emplace({span, c});
            if (fresh) it->second = g.ring.last(Duration{span}, c, open_hours);
            return it->second;
        };
        out.sample("slakit_pending_requests", "", {{"channel", ch}, {"priority", prs}},
                   std::uint64_t{g.watch.pending()});
        out.sample("slakit_at_risk_requests", "", {{"channel", ch}, {"priority", prs}},
                   std::uint64_t{g.watch.at_risk()});
        out.sample("slakit_overdue_requests", "", {{"channel", ch}, {"priority", prs}},
                   std::uint64_t{g.watch.overdue()});
        for (const auto span : spans) {
            const auto w = last(span, g.clock);
            const std::string window_name = x::span_name(span);
            const std::array<metric_label, 4> labels{
                {{"channel", ch}, {"priority", prs}, {"window", window_name}, {"clock", stream_clock}}};
            out.sample("slakit_window_decided_requests", "", labels, w.decided());
            if (const auto c = w.compliance()) out.sample("slakit_window_compliance_ratio", "", labels, *c);
        }
        for (const auto& goal : g.objectives) {
            const std::string goal_name = objective_label(goal);
            const std::string clock_name{to_string(goal.clock)};
            const std::string slo = ch + "-" + prs + "-" + goal_name;
            const std::string sloth_id = out.options().sloth_service + "-" + slo;
            const std::array<metric_label, 4> own{
                {{"channel", ch}, {"priority", prs}, {"objective", goal_name}, {"clock", clock_name}}};
            const std::array<metric_label, 3> sloth{
                {{"sloth_id", sloth_id}, {"sloth_service", out.options().sloth_service}, {"sloth_slo", slo}}};
            const bool is_compliance = goal.measure == statistic::compliance;
            const double share = is_compliance ? goal.share : goal.quantile;
            if (goal.measure != statistic::mean) out.sample("slakit_objective_ratio", "", own, share);
            const auto whole = detail::figures(goal, source.options().span, last(source.options().span, goal.clock));
            if (whole.burn) out.sample("slakit_error_budget_remaining_ratio", "", own, 1.0 - *whole.burn);
            if (out.options().sloth && goal.measure != statistic::mean) {
                out.family("slo:objective:ratio", metric_type::gauge, "Sloth: the SLO's objective, as a ratio.");
                out.family("slo:error_budget:ratio", metric_type::gauge, "Sloth: the error budget, as a ratio.");
                out.sample("slo:objective:ratio", "", sloth, share);
                out.sample("slo:error_budget:ratio", "", sloth, 1.0 - share);
            }
            for (const auto span : spans) {
                const std::string window_name = x::span_name(span);
                // Both clocks: the objective's own (its rules use it) and the other one.
                for (const auto other : {clock_kind::wall, clock_kind::business}) {
                    if (other == goal.clock) continue;
                    const auto f = detail::figures(goal, span, last(span, other));
                    if (f.burn)
                        out.sample("slakit_burn_rate_ratio", "",
                                   {own[0], own[1], own[2], {"window", window_name}, {"clock", to_string(other)}},
                                   *f.burn);
                }
                const auto f = detail::figures(goal, span, last(span, goal.clock));
                const std::array<metric_label, 5> labels{{own[0], own[1], own[2], {"window", window_name}, own[3]}};
                if (f.burn) out.sample("slakit_burn_rate_ratio", "", labels, *f.burn);
                const auto rate = sloth_window(span);
                if (out.options().sloth && !rate.empty() && f.total != 0 && goal.measure != statistic::mean) {
                    const std::string name = "slo:sli_error:" + std::string{rate};
                    out.family(name, metric_type::gauge, "Sloth: the SLI's error ratio over the window.");
                    out.sample(name, "", sloth,
                               static_cast<double>(std::min(f.bad, f.total)) / static_cast<double>(f.total));
                }
            }
        }
    }
}

// A report's groups, every period together: counters of requests by channel, priority,
// scope and status (pending ones left out), and first-response histograms with the
// exact bucket at the group's threshold.
template <class Channel, class Priority, class Duration, class Accuracy, zone_pointer ZonePtr>
void expose_report(exposition& out, const basic_report<Channel, Priority, Duration, Accuracy, ZonePtr>& source) {
    namespace x = detail::exposition;
    using cell_type = typename basic_report<Channel, Priority, Duration, Accuracy, ZonePtr>::cell_type;
    std::map<std::pair<Channel, Priority>, cell_type> sums;
    for (const auto& [key, cell] : source.groups()) {
        const auto [it, fresh] = sums.try_emplace({key.channel, key.priority}, cell);
        if (!fresh) it->second.merge(cell);
    }
    out.family("slakit_requests", metric_type::counter,
               "Requests by scope and first-response status (in hours: met, breached, no_threshold; "
               "out of hours and excluded: none).");
    out.family("slakit_handoffs", metric_type::counter, "Hand-offs decided, by status.");
    out.family("slakit_compliance_ratio", metric_type::gauge,
               "First responses within their threshold over decided ones, since the report began.");
    out.family("slakit_first_response_seconds", metric_type::histogram,
               "First-response time of answered in-scope requests, on the threshold's clock.", "seconds");
    for (const auto& [key, cell] : sums) {
        const std::string ch = detail::name_of(key.first);
        const std::string pr = detail::name_of(key.second);
        const auto put = [&](std::string_view where, std::string_view what, std::uint64_t n) {
            out.sample("slakit_requests", "_total",
                       {{"channel", ch}, {"priority", pr}, {"scope", where}, {"status", what}}, n);
        };
        put("in_hours", "met", cell.met());
        put("in_hours", "breached", cell.breached());
        put("in_hours", "no_threshold", cell.no_threshold());
        put("out_of_hours", "none", cell.out_of_hours());
        put("excluded", "none", cell.excluded());
        for (const auto s : {status::met, status::breached}) {
            const auto n = s == status::met ? cell.handoff().met() : cell.handoff().breached();
            out.sample("slakit_handoffs", "_total", {{"channel", ch}, {"priority", pr}, {"status", to_string(s)}}, n);
        }
        if (const auto c = cell.compliance())
            out.sample("slakit_compliance_ratio", "", {{"channel", ch}, {"priority", pr}}, *c);

        const auto& times = cell.response_times();
        const std::string clock_name{to_string(cell.clock())};
        const auto& t = source.policy().at(key.first, key.second).target;
        if (t.first_response && cell.no_threshold() == 0) {
            const std::string bound = out.le(x::seconds(t.first_response->limit));
            out.sample("slakit_first_response_seconds", "_bucket",
                       {{"channel", ch}, {"priority", pr}, {"clock", clock_name}, {"le", bound}},
                       std::min(cell.met(), times.count()));
        }
        out.sample("slakit_first_response_seconds", "_bucket",
                   {{"channel", ch}, {"priority", pr}, {"clock", clock_name}, {"le", "+Inf"}}, times.count());
        out.sample("slakit_first_response_seconds", "_count",
                   {{"channel", ch}, {"priority", pr}, {"clock", clock_name}}, times.count());
        const double ticks = times.exact_sum().to_double();
        out.sample("slakit_first_response_seconds", "_sum", {{"channel", ch}, {"priority", pr}, {"clock", clock_name}},
                   ticks * static_cast<double>(Duration::period::num) / static_cast<double>(Duration::period::den));
    }
}

}  // namespace slakit::inline v0
