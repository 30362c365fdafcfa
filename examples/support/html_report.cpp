// examples/support/html_report.cpp: the HTML report, from the JSON document.
#include "html_report.hpp"

#include <slakit/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace slakit::examples {

using json = nlohmann::ordered_json;

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

namespace {

// Print on A4: 180 mm of text width; each period starts a page; a figure or table
// is not split where it can be avoided. No web font: the reader's sans-serif.
constexpr std::string_view style = R"(
:root { --met: #1a7f37; --breached: #c62828; --undecided: #6b6b6b; --bar: #3b6ea8; --ink: #1f2328; }
* { box-sizing: border-box; }
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 190mm; padding: 8mm 5mm; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 14pt 0 6pt; border-bottom: 2px solid #ccc; }
h3 { font-size: 11.5pt; margin: 10pt 0 4pt; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 10pt; margin: 0; }
dl.run dt { font-weight: 600; } dl.run dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(52mm, 1fr)); gap: 6pt; }
.card { border: 1px solid #ccc; border-left: 6px solid var(--undecided); padding: 5pt 7pt; break-inside: avoid; }
.card.met { border-left-color: var(--met); } .card.breached { border-left-color: var(--breached); }
.card h3 { margin: 0 0 3pt; font-size: 10pt; } .card .value { font-size: 15pt; font-weight: 700; margin: 0; }
.card p { margin: 1pt 0; } .verdict { font-weight: 700; }
.met .verdict { color: var(--met); } .breached .verdict { color: var(--breached); }
.chart { margin: 4pt 0 10pt; }
.chart svg { display: block; width: 100%; max-width: 160mm; height: auto; margin-bottom: 4pt; break-inside: avoid; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 8pt; align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; break-inside: auto; }
th, td { border-bottom: 1px solid #ddd; padding: 2pt 4pt; text-align: right; vertical-align: top; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td { white-space: nowrap; } td.text { white-space: normal; overflow-wrap: anywhere; }
thead th { border-bottom: 2px solid #999; } tr { break-inside: avoid; }
td.id { overflow-wrap: anywhere; max-width: 40mm; }
.wide { overflow-x: auto; }
.note { color: #555; font-size: 9pt; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  section.period ~ section.period { break-before: page; }
  .wide { overflow: visible; }
}
@media (max-width: 700px) { .side { grid-template-columns: 1fr; } }
)";

// --- figures, formatted once ----------------------------------------------------

// Rounded down, as the table's: a rate never shows as reaching a band it misses.
std::string percent_text(double share) { return slakit::percent_floor(share); }

std::string seconds_text(double s) {
    const double a = std::abs(s);
    if (a < 60.0) return fmt::format("{:.1f} s", s);
    if (a < 3600.0) return fmt::format("{:.1f} min", s / 60.0);
    if (a < 172800.0) return fmt::format("{:.2f} h", s / 3600.0);
    return fmt::format("{:.2f} d", s / 86400.0);
}

enum class kind { count, share, seconds, text };

std::string value_text(const json& v, kind k) {
    if (v.is_null()) return "–";
    switch (k) {
    case kind::share: return percent_text(v.get<double>());
    case kind::seconds: return seconds_text(v.get<double>());
    case kind::count: return v.dump();
    case kind::text: break;
    }
    return html_escape(v.is_string() ? v.get<std::string>() : v.dump());
}

// A table cell holding the JSON value at `path`, with the value and the path on it.
std::string cell(const json& v, const std::string& path, kind k, const char* tag = "td") {
    const std::string raw = v.is_string() ? v.get<std::string>() : v.dump();
    return fmt::format("<{} data-json=\"{}\" data-value=\"{}\"{}>{}</{}>", tag, html_escape(path), html_escape(raw),
                       k == kind::text ? " class=\"text\"" : "", value_text(v, k), tag);
}

const json& at(const json& j, const char* key) {
    static const json null_value;
    const auto it = j.find(key);
    return it == j.end() ? null_value : *it;
}

// "billing / ann": a group's or a value's dimensions ("(empty)" for an empty value).
std::string dimension_label(const json& dims) {
    std::string out;
    for (const auto& [name, value] : dims.items()) {
        const auto text = value.get<std::string>();
        out += (out.empty() ? "" : " / ") + (text.empty() ? std::string{"(empty)"} : text);
    }
    return out;
}

std::string group_name(const json& g) {
    const std::string name = at(g, "channel").get<std::string>() + " / " + at(g, "priority").get<std::string>();
    return g.contains("dimensions") ? dimension_label(at(g, "dimensions")) + ": " + name : name;
}

// The --by column names of the report ("team / agent"), or empty.
std::vector<std::string> dimension_names(const json& doc) {
    std::vector<std::string> out;
    for (const auto& d : at(doc, "dimensions")) out.push_back(d.get<std::string>());
    return out;
}

// Header cells and row cells of the dimension columns.
std::string dimension_heads(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += "<th class=\"text\">" + html_escape(n) + "</th>";
    return s;
}
std::string dimension_cells(const json& item, const std::string& path, const std::vector<std::string>& names) {
    std::string s;
    const auto& dims = at(item, "dimensions");
    for (const auto& n : names) s += cell(at(dims, n.c_str()), path + ".dimensions." + n, kind::text);
    return s;
}

// Charted at most: more bars would not fit a page.
constexpr std::size_t most_bars = 30;

// The share a compliance target asks for: the line drawn on compliance charts.
std::optional<double> compliance_goal(const json& period) {
    for (const auto& t : at(period, "targets"))
        if (at(t, "statistic") == "compliance" && at(t, "limit").is_number()) return at(t, "limit").get<double>();
    return std::nullopt;
}

// --- SVG ------------------------------------------------------------------------

// Horizontal bars of shares (0..1), with the goal as a dashed line.
std::string bar_chart(const std::string& title, const std::vector<std::pair<std::string, json>>& bars,
                      std::optional<double> goal) {
    const int label_w = 170, plot_w = 330, bar_h = 16, gap = 6, top = 8;
    const int height = top + static_cast<int>(bars.size()) * (bar_h + gap) + 24;
    std::string s = fmt::format(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" "
        "font-size=\"11\">\n<title>{}</title>\n",
        label_w + plot_w + 60, height, html_escape(title), html_escape(title));
    int y = top;
    for (const auto& [label, value] : bars) {
        s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 6, y + bar_h - 4,
                         html_escape(label));
        s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eee\"/>", label_w, y, plot_w,
                         bar_h);
        if (value.is_number()) {
            const double share = std::clamp(value.get<double>(), 0.0, 1.0);
            const bool below = goal && value.get<double>() < *goal;
            s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>", label_w, y,
                             share * plot_w, bar_h, below ? "#c62828" : "#3b6ea8");
        }
        s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", label_w + plot_w + 4, y + bar_h - 4,
                         value_text(value, kind::share));
        y += bar_h + gap;
    }
    for (const int tick : {0, 50, 100})
        s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{} %</text>",
                         label_w + plot_w * tick / 100.0, y + 12, tick);
    if (goal) {
        const double x = label_w + plot_w * std::clamp(*goal, 0.0, 1.0);
        s += fmt::format(
            "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#000\" stroke-width=\"1.5\" "
            "stroke-dasharray=\"4 3\"/><text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" font-weight=\"bold\">"
            "target {4}</text>\n",
            x, top - 4, y, y + 22, percent_text(*goal));
    }
    return s + "</svg>\n";
}

// A line through (label, share) points over the periods, with the goal.
std::string trend_chart(const std::string& title, const std::vector<std::pair<std::string, json>>& points,
                        std::optional<double> goal) {
    const int left = 44, plot_w = 440, plot_h = 170, top = 10;
    const double step = points.size() > 1 ? plot_w / static_cast<double>(points.size() - 1) : 0.0;
    const auto y_of = [&](double share) { return top + plot_h * (1.0 - std::clamp(share, 0.0, 1.0)); };
    std::string s = fmt::format(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" "
        "font-size=\"11\">\n<title>{}</title>\n",
        left + plot_w + 30, top + plot_h + 34, html_escape(title), html_escape(title));
    for (const int tick : {0, 25, 50, 75, 100})
        s += fmt::format(
            "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/><text x=\"{3}\" y=\"{4:.1f}\" "
            "text-anchor=\"end\" fill=\"#555\">{5} %</text>\n",
            left, left + plot_w, y_of(tick / 100.0), left - 4, y_of(tick / 100.0) + 4, tick);
    if (goal)
        s += fmt::format(
            "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#000\" stroke-width=\"1.5\" "
            "stroke-dasharray=\"4 3\"/><text x=\"{1}\" y=\"{3:.1f}\" text-anchor=\"end\" font-weight=\"bold\">target "
            "{4}</text>\n",
            left, left + plot_w, y_of(*goal), y_of(*goal) - 4, percent_text(*goal));
    std::string line;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double x = left + step * static_cast<double>(i) + (points.size() == 1 ? plot_w / 2.0 : 0.0);
        s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>", x,
                         top + plot_h + 16, html_escape(points[i].first));
        if (!points[i].second.is_number()) continue;
        const double y = y_of(points[i].second.get<double>());
        line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x, y);
        s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"#3b6ea8\"/>", x, y);
    }
    if (!line.empty())
        s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#3b6ea8\" stroke-width=\"2\"/>\n", line);
    return s + "</svg>\n";
}

// The quantile function of the first-response times (percent of requests answered
// within y), each group limit as a horizontal line, p50/p90/p99 marked.
std::string distribution_chart(const std::string& title, const json& d) {
    const int left = 56, plot_w = 420, plot_h = 180, top = 14;
    const auto& q = at(d, "quantiles");
    double top_s = at(d, "p99_s").is_number() ? at(d, "p99_s").get<double>() * 1.15 : 1.0;
    for (const auto& l : at(d, "limits_s")) top_s = std::max(top_s, l.get<double>() * 1.15);
    if (top_s <= 0) top_s = 1.0;
    const auto x_of = [&](double percent) { return left + plot_w * percent / 100.0; };
    const auto y_of = [&](double s) { return top + plot_h * (1.0 - std::clamp(s / top_s, 0.0, 1.0)); };
    std::string s = fmt::format(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" "
        "font-size=\"11\">\n<title>{}</title>\n",
        left + plot_w + 20, top + plot_h + 36, html_escape(title), html_escape(title));
    for (const int tick : {0, 25, 50, 75, 100})
        s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{} %</text>", x_of(tick),
                         top + plot_h + 14, tick);
    s += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">share of answered requests</text>", x_of(50),
        top + plot_h + 30);
    for (const double f : {0.0, 0.5, 1.0})
        s += fmt::format(
            "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/><text x=\"{3}\" y=\"{4:.1f}\" "
            "text-anchor=\"end\" fill=\"#555\">{5}</text>\n",
            left, left + plot_w, y_of(top_s * f), left - 4, y_of(top_s * f) + 4, seconds_text(top_s * f));
    std::string line;
    for (const auto& p : q)
        line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x_of(at(p, "percent").get<double>()),
                            y_of(at(p, "time_s").get<double>()));
    if (!line.empty())
        s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#3b6ea8\" stroke-width=\"2\"/>\n", line);
    for (const auto& l : at(d, "limits_s"))
        s += fmt::format(
            "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#c62828\" stroke-width=\"1.5\" "
            "stroke-dasharray=\"5 3\"/><text x=\"{3}\" y=\"{4:.1f}\" fill=\"#c62828\">threshold {5}</text>\n",
            left, left + plot_w, y_of(l.get<double>()), left + 4, y_of(l.get<double>()) - 4,
            seconds_text(l.get<double>()));
    // Labels stacked upwards, so that close percentiles do not overlap.
    for (const auto& [key, percent, rise] :
         {std::tuple{"p50_s", 50, 0}, std::tuple{"p90_s", 90, 14}, std::tuple{"p99_s", 99, 28}}) {
        const auto& v = at(d, key);
        if (!v.is_number()) continue;
        const double x = x_of(percent), y = y_of(v.get<double>());
        s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#999\"/>", x, y,
                         std::max(y - 6.0 - rise, 10.0));
        s += fmt::format(
            "<circle cx=\"{0:.1f}\" cy=\"{1:.1f}\" r=\"3.5\" fill=\"#000\"/><text x=\"{2:.1f}\" y=\"{3:.1f}\" "
            "text-anchor=\"end\" font-weight=\"bold\">p{4} {5}</text>\n",
            x, y, x - 5, std::max(y - 6.0 - rise, 10.0), percent, seconds_text(v.get<double>()));
    }
    return s + "</svg>\n";
}

// --- sections -------------------------------------------------------------------

std::string run_section(const json& doc) {
    std::string s = "<header>\n<h1>Service report</h1>\n<dl class=\"run\">\n";
    const auto row = [&](const char* label, const json& v, const char* key, kind k) {
        s += fmt::format("<dt>{}</dt>{}\n", label, cell(v, key, k, "dd"));
    };
    row("Contract", at(doc, "contract"), "contract", kind::text);
    row(doc.contains("requests_evaluated") ? "Events" : "Requests", at(doc, "requests"), "requests", kind::text);
    row("Period", at(doc, "period"), "period", kind::text);
    if (doc.contains("dimensions")) {
        std::string names;
        for (const auto& d : at(doc, "dimensions"))
            names += (names.empty() ? "" : ", ") + html_escape(d.get<std::string>());
        s += "<dt>Broken down by</dt><dd>" + names + ", channel and priority</dd>\n";
    }
    std::string periods;
    for (const auto& p : at(doc, "periods"))
        periods += (periods.empty() ? "" : ", ") + html_escape(at(p, "period").get<std::string>());
    s += fmt::format("<dt>Periods</dt><dd>{}</dd>\n", periods.empty() ? "none" : periods);
    row("Evaluated at", at(doc, "as_of"), "as_of", kind::text);
    row("Evaluation instant from", at(doc, "as_of_from"), "as_of_from", kind::text);
    row("Rows read", at(doc, "rows_read"), "rows_read", kind::count);
    row("Rows accepted", at(doc, "rows_accepted"), "rows_accepted", kind::count);
    row("Rows rejected", at(doc, "rejected_rows"), "rejected_rows", kind::count);
    if (doc.contains("requests_evaluated")) {
        row("Requests evaluated", at(doc, "requests_evaluated"), "requests_evaluated", kind::count);
        row("Requests rejected", at(doc, "rejected_requests"), "rejected_requests", kind::count);
    }
    return s + "</dl>\n</header>\n";
}

std::string target_cards(const json& p, const std::string& path) {
    std::string s = "<div class=\"cards\">\n";
    std::size_t i = 0;
    for (const auto& t : at(p, "targets")) {
        const std::string tp = fmt::format("{}.targets.{}", path, i++);
        const auto& met = at(t, "met");
        const char* state = met.is_null() ? "undecided" : met.get<bool>() ? "met" : "breached";
        const bool share = at(t, "statistic") == "compliance";
        s +=
            fmt::format("<div class=\"card {}\">\n<h3>{}</h3>\n", state, html_escape(at(t, "name").get<std::string>()));
        s += fmt::format("<p class=\"value\">{}</p>\n",
                         share ? cell(at(t, "value"), tp + ".value", kind::share, "span")
                               : cell(at(t, "value_s"), tp + ".value_s", kind::seconds, "span"));
        s += fmt::format("<p>{} {} ({} clock), {} requests</p>\n", html_escape(at(t, "statistic").get<std::string>()),
                         share ? "≥ " + cell(at(t, "limit"), tp + ".limit", kind::share, "span")
                               : "≤ " + cell(at(t, "limit_s"), tp + ".limit_s", kind::seconds, "span"),
                         html_escape(at(t, "clock").get<std::string>()),
                         cell(at(t, "count"), tp + ".count", kind::count, "span"));
        s += fmt::format("<p class=\"verdict\">{}</p>\n", state);
        if (t.contains("time_left_s"))
            s += "<p>budget left: " + cell(at(t, "time_left_s"), tp + ".time_left_s", kind::seconds, "span") +
                 " of response time</p>\n";
        if (t.contains("breaches_left"))
            s += "<p>budget left: " + cell(at(t, "breaches_left"), tp + ".breaches_left", kind::count, "span") +
                 " breaches</p>\n";
        s += "</div>\n";
    }
    const auto& credit = at(p, "credit");
    s += "<div class=\"card\">\n<h3>Service credit</h3>\n<p class=\"value\">" +
         cell(at(credit, "credit"), path + ".credit.credit", kind::share, "span") +
         "</p>\n<p>first-response compliance " +
         cell(at(credit, "compliance"), path + ".credit.compliance", kind::share, "span") + "</p>\n</div>\n";
    return s + "</div>\n";
}

// With --by: the compliance of each dimension value (the busiest charted, all in the
// table), then the groups with their dimension columns: all of them, or with more
// values than the chart holds only the charted values' groups (500 agents would
// otherwise print some 80 pages; the JSON and CSV reports keep every group).
std::string dimension_figure(const json& p, const std::string& path, const std::vector<std::string>& names) {
    const auto& values = at(p, "by_dimension");
    std::vector<std::size_t> busiest(values.size());
    for (std::size_t i = 0; i < busiest.size(); ++i) busiest[i] = i;
    std::stable_sort(busiest.begin(), busiest.end(), [&](std::size_t a, std::size_t b) {
        return at(values[a], "requests").get<std::uint64_t>() > at(values[b], "requests").get<std::uint64_t>();
    });
    const bool every_value = busiest.size() <= most_bars;
    if (!every_value) busiest.resize(most_bars);
    std::vector<json> shown;  // the dimensions of the values whose groups are listed
    for (const auto i : busiest) shown.push_back(at(values[i], "dimensions"));
    std::vector<std::pair<std::string, json>> bars;
    for (const auto i : busiest)
        bars.emplace_back(dimension_label(at(values[i], "dimensions")), at(values[i], "compliance"));
    std::string columns;
    for (std::size_t i = 0; i < names.size(); ++i) columns += (i == 0 ? "" : " / ") + names[i];
    const std::string title = "First-response compliance per " + columns;
    const std::string note =
        values.size() > most_bars
            ? fmt::format(
                  "<p class=\"note\">The chart shows the {} busiest of {} values; the table lists them all.</p>\n",
                  most_bars, values.size())
            : std::string{};
    std::string rows;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string vp = fmt::format("{}.by_dimension.{}", path, i);
        const auto& v = values[i];
        rows += "<tr>" + dimension_cells(v, vp, names) + cell(at(v, "requests"), vp + ".requests", kind::count) +
                cell(at(v, "met"), vp + ".met", kind::count) + cell(at(v, "breached"), vp + ".breached", kind::count) +
                cell(at(v, "pending"), vp + ".pending", kind::count) +
                cell(at(v, "compliance"), vp + ".compliance", kind::share) +
                cell(at(at(v, "first_response"), "mean_s"), vp + ".first_response.mean_s", kind::seconds) +
                cell(at(at(v, "first_response"), "p90_s"), vp + ".first_response.p90_s", kind::seconds) + "</tr>\n";
    }
    std::string groups;
    std::size_t i = 0, left_out = 0;
    for (const auto& g : at(p, "groups")) {
        const std::string gp = fmt::format("{}.groups.{}", path, i++);
        if (!every_value && std::find(shown.begin(), shown.end(), at(g, "dimensions")) == shown.end()) {
            ++left_out;
            continue;
        }
        groups += "<tr>" + dimension_cells(g, gp, names) + cell(at(g, "channel"), gp + ".channel", kind::text) +
                  cell(at(g, "priority"), gp + ".priority", kind::text) +
                  cell(at(g, "requests"), gp + ".requests", kind::count) +
                  cell(at(g, "met"), gp + ".met", kind::count) +
                  cell(at(g, "breached"), gp + ".breached", kind::count) +
                  cell(at(g, "pending"), gp + ".pending", kind::count) +
                  cell(at(g, "compliance"), gp + ".compliance", kind::share) +
                  cell(at(at(g, "first_response"), "mean_s"), gp + ".first_response.mean_s", kind::seconds) + "</tr>\n";
    }
    return "<h3>" + html_escape(title) + "</h3>\n<div class=\"chart\">\n" + bar_chart(title, bars, compliance_goal(p)) +
           note + "<div class=\"wide\"><table class=\"compliance by-dimension\"><thead><tr>" + dimension_heads(names) +
           "<th>requests</th><th>met</th><th>breached</th><th>pending</th><th>compliance</th><th>mean</th>"
           "<th>p90</th></tr></thead>\n<tbody>\n" +
           rows + "</tbody></table></div>\n</div>\n<h3>Groups: " + html_escape(columns) +
           ", channel and priority</h3>\n" +
           (every_value ? std::string{}
                        : fmt::format("<p class=\"note\">The groups of the {} busiest values; the {} groups of the "
                                      "other {} values are in the JSON and CSV reports.</p>\n",
                                      most_bars, left_out, values.size() - most_bars)) +
           "<div class=\"wide\"><table class=\"groups\"><thead><tr>" + dimension_heads(names) +
           "<th class=\"text\">channel</th><th class=\"text\">priority</th><th>requests</th><th>met</th>"
           "<th>breached</th><th>pending</th><th>compliance</th><th>mean</th></tr></thead>\n<tbody>\n" +
           groups + "</tbody></table></div>\n";
}

std::string compliance_figure(const json& p, const std::string& path) {
    std::vector<std::pair<std::string, json>> bars;
    std::string rows;
    std::size_t i = 0;
    for (const auto& g : at(p, "groups")) {
        const std::string gp = fmt::format("{}.groups.{}", path, i++);
        bars.emplace_back(group_name(g), at(g, "compliance"));
        rows += fmt::format("<tr><td class=\"text\">{}</td>{}{}{}{}{}{}</tr>\n", html_escape(group_name(g)),
                            cell(at(g, "requests"), gp + ".requests", kind::count),
                            cell(at(g, "met"), gp + ".met", kind::count),
                            cell(at(g, "breached"), gp + ".breached", kind::count),
                            cell(at(g, "pending"), gp + ".pending", kind::count),
                            cell(at(g, "compliance"), gp + ".compliance", kind::share),
                            cell(at(at(g, "first_response"), "mean_s"), gp + ".first_response.mean_s", kind::seconds));
    }
    const auto goal = compliance_goal(p);
    return "<h3>First-response compliance per channel and priority</h3>\n<div class=\"chart\">\n" +
           bar_chart("First-response compliance per channel and priority", bars, goal) +
           "<table class=\"compliance\"><thead><tr><th>group</th><th>requests</th><th>met</th><th>breached</th>"
           "<th>pending</th><th>compliance</th><th>mean</th></tr></thead>\n<tbody>\n" +
           rows + "</tbody></table>\n</div>\n";
}

std::string distribution_figure(const json& p, const std::string& path) {
    const auto& d = at(p, "first_response_distribution");
    if (at(d, "quantiles").empty()) return "<p class=\"note\">No first response in this period.</p>\n";
    const std::string dp = path + ".first_response_distribution";
    std::string rows;
    std::size_t i = 0;
    for (const auto& q : at(d, "quantiles")) {
        const int percent = at(q, "percent").get<int>();
        const std::string qp = fmt::format("{}.quantiles.{}", dp, i++);
        if (percent % 10 != 0 && percent != 5 && percent != 95) continue;
        rows +=
            fmt::format("<tr><td>{} %</td>{}</tr>\n", percent, cell(at(q, "time_s"), qp + ".time_s", kind::seconds));
    }
    std::string marks;
    for (const char* k : {"p50_s", "p90_s", "p99_s", "mean_s", "count"})
        marks += fmt::format("<tr><th class=\"text\">{}</th>{}</tr>\n", k,
                             cell(at(d, k), dp + '.' + k, k[0] == 'c' ? kind::count : kind::seconds));
    return "<h3>First-response time distribution</h3>\n<div class=\"chart\">\n" +
           distribution_chart("First-response times: the share of requests answered within each time", d) +
           "<div class=\"side\"><table class=\"distribution-marks\"><tbody>\n" + marks +
           "</tbody></table>\n<table class=\"distribution\"><thead><tr><th>share answered</th><th>within</th></tr>"
           "</thead>\n<tbody>\n" +
           rows + "</tbody></table></div>\n</div>\n";
}

std::string operations_table(const json& p, const std::string& path) {
    std::uint64_t out_of_hours = 0;
    for (const auto& g : at(p, "groups")) out_of_hours += at(g, "out_of_hours").get<std::uint64_t>();
    const auto& h = at(p, "handoff");
    const auto& a = at(p, "availability");
    std::string s = "<h3>Out of hours, hand-offs and availability</h3>\n<table class=\"operations\"><tbody>\n";
    s += fmt::format("<tr><th class=\"text\">requests submitted out of hours</th><td>{}</td></tr>\n", out_of_hours);
    s += "<tr><th class=\"text\">hand-offs met</th>" + cell(at(h, "met"), path + ".handoff.met", kind::count) +
         "</tr>\n";
    s += "<tr><th class=\"text\">hand-offs breached</th>" +
         cell(at(h, "breached"), path + ".handoff.breached", kind::count) + "</tr>\n";
    s += "<tr><th class=\"text\">hand-offs pending</th>" +
         cell(at(h, "pending"), path + ".handoff.pending", kind::count) + "</tr>\n";
    s += "<tr><th class=\"text\">hand-off compliance</th>" +
         cell(at(h, "compliance"), path + ".handoff.compliance", kind::share) + "</tr>\n";
    s += "<tr><th class=\"text\">uptime</th>" + cell(at(a, "uptime"), path + ".availability.uptime", kind::share) +
         "</tr>\n";
    s += "<tr><th class=\"text\">uptime in working hours</th>" +
         cell(at(a, "working_uptime"), path + ".availability.working_uptime", kind::share) + "</tr>\n";
    s += "<tr><th class=\"text\">down</th>" + cell(at(a, "down_s"), path + ".availability.down_s", kind::seconds) +
         "</tr>\n";
    s += "<tr><th class=\"text\">down in working hours</th>" +
         cell(at(a, "working_down_s"), path + ".availability.working_down_s", kind::seconds) + "</tr>\n";
    return s + "</tbody></table>\n";
}

std::string breach_table(const json& p, const std::string& path, const std::vector<std::string>& names) {
    if (!p.contains("breaches")) return {};
    const auto& list = at(p, "breaches");
    if (list.empty()) return "<h3>Worst breaches</h3>\n<p class=\"note\">No breach in this period.</p>\n";
    std::string s =
        "<h3>Worst breaches</h3>\n<div class=\"wide\"><table class=\"breaches\"><thead><tr><th>#</th>"
        "<th class=\"text\">request</th>" +
        dimension_heads(names) +
        "<th class=\"text\">channel</th><th class=\"text\">priority</th>"
        "<th class=\"text\">metric</th><th>limit</th><th>measured</th><th>over target</th>"
        "<th class=\"text\">breached at</th></tr></thead>\n<tbody>\n";
    std::size_t i = 0;
    for (const auto& b : list) {
        const std::string bp = fmt::format("{}.breaches.{}", path, i++);
        s += "<tr>" + cell(at(b, "rank"), bp + ".rank", kind::count) +
             cell(at(b, "request_id"), bp + ".request_id", kind::text) + dimension_cells(b, bp, names) +
             cell(at(b, "channel"), bp + ".channel", kind::text) +
             cell(at(b, "priority"), bp + ".priority", kind::text) + cell(at(b, "metric"), bp + ".metric", kind::text) +
             cell(at(b, "limit_s"), bp + ".limit_s", kind::seconds) +
             cell(at(b, "measured_s"), bp + ".measured_s", kind::seconds) +
             cell(at(b, "over_s"), bp + ".over_s", kind::seconds) +
             cell(at(b, "breached_at"), bp + ".breached_at", kind::text) + "</tr>\n";
    }
    return s + "</tbody></table></div>\n";
}

std::string metrics_table(const json& p, const std::string& path) {
    if (!p.contains("metrics")) return {};
    std::string s =
        "<h3>Timeline metrics</h3>\n<div class=\"wide\"><table class=\"metrics\"><thead><tr>"
        "<th class=\"text\">metric</th><th>in scope</th><th>met</th><th>breached</th><th>pending</th>"
        "<th>paused</th><th>compliance</th><th>mean</th><th>p90</th><th>paused time</th></tr></thead>\n<tbody>\n";
    std::size_t i = 0;
    for (const auto& m : at(p, "metrics")) {
        const std::string mp = fmt::format("{}.metrics.{}", path, i++);
        s += "<tr>" + cell(at(m, "metric"), mp + ".metric", kind::text) +
             cell(at(m, "in_scope"), mp + ".in_scope", kind::count) + cell(at(m, "met"), mp + ".met", kind::count) +
             cell(at(m, "breached"), mp + ".breached", kind::count) +
             cell(at(m, "pending"), mp + ".pending", kind::count) + cell(at(m, "paused"), mp + ".paused", kind::count) +
             cell(at(m, "compliance"), mp + ".compliance", kind::share) +
             cell(at(at(m, "running"), "mean_s"), mp + ".running.mean_s", kind::seconds) +
             cell(at(at(m, "running"), "p90_s"), mp + ".running.p90_s", kind::seconds) +
             cell(at(m, "paused_s"), mp + ".paused_s", kind::seconds) + "</tr>\n";
    }
    return s + "</tbody></table></div>\n";
}

// The compliance of every period, and of each group per period, as series.
std::string trend_section(const json& doc) {
    const auto& periods = at(doc, "periods");
    if (periods.size() < 2) return {};
    std::vector<std::pair<std::string, json>> points;
    std::optional<double> goal;
    // Rows: each group (channel and priority), or with --by each dimension value.
    const bool by_value = doc.contains("dimensions");
    const char* list_key = by_value ? "by_dimension" : "groups";
    const auto name_of = [&](const json& item) {
        return by_value ? dimension_label(at(item, "dimensions")) : group_name(item);
    };
    std::vector<std::string> groups;
    std::map<std::string, std::vector<std::size_t>> where;  // name -> index in each period's list, or npos
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const auto& p = periods[i];
        points.emplace_back(at(p, "period").get<std::string>(), at(at(p, "credit"), "compliance"));
        if (!goal) goal = compliance_goal(p);
        std::size_t j = 0;
        for (const auto& g : at(p, list_key)) {
            const auto name = name_of(g);
            auto [it, fresh] = where.try_emplace(name, periods.size(), std::string::npos);
            if (fresh) groups.push_back(name);
            it->second[i] = j++;
        }
    }
    std::string head = "<th class=\"text\">group</th>";
    for (const auto& p : periods) head += "<th>" + html_escape(at(p, "period").get<std::string>()) + "</th>";
    std::string rows = "<tr><th class=\"text\">all groups</th>";
    for (std::size_t i = 0; i < periods.size(); ++i)
        rows += cell(at(at(periods[i], "credit"), "compliance"), fmt::format("periods.{}.credit.compliance", i),
                     kind::share);
    rows += "</tr>\n";
    for (const auto& name : groups) {
        rows += "<tr><td class=\"text\">" + html_escape(name) + "</td>";
        const auto& index = where.at(name);
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const std::size_t j = index[i];
            rows += j != std::string::npos
                        ? cell(at(at(periods[i], list_key)[j], "compliance"),
                               fmt::format("periods.{}.{}.{}.compliance", i, list_key, j), kind::share)
                        : std::string{"<td>–</td>"};
        }
        rows += "</tr>\n";
    }
    return "<section class=\"trend\">\n<h2>Compliance over the periods</h2>\n<div class=\"chart\">\n" +
           trend_chart("First-response compliance per period against the target", points, goal) +
           "</div>\n<div class=\"wide\"><table class=\"trend\"><thead><tr>" + head + "</tr></thead>\n<tbody>\n" + rows +
           "</tbody></table></div>\n</section>\n";
}

}  // namespace

std::string html_text(const std::string& json_report) {
    json doc;
    try {
        doc = json::parse(json_report);
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string{"html_text: not a JSON report: "} + e.what());
    }
    if (!doc.is_object() || !at(doc, "periods").is_array())
        throw std::invalid_argument("html_text: not a JSON report (no periods)");
    std::string title = "Service report";
    if (at(doc, "contract").is_string()) title += ": " + at(doc, "contract").get<std::string>();
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>" +
        html_escape(title) + "</title>\n<style>" + std::string{style} + "</style>\n</head>\n<body>\n";
    out += run_section(doc);
    out += trend_section(doc);
    const auto names = dimension_names(doc);
    std::size_t i = 0;
    for (const auto& p : at(doc, "periods")) {
        const std::string path = fmt::format("periods.{}", i++);
        out += fmt::format("<section class=\"period\" id=\"period-{0}\">\n<h2>Period {0}</h2>\n",
                           html_escape(at(p, "period").get<std::string>()));
        out += "<h3>Aggregate targets</h3>\n" + target_cards(p, path);
        out += p.contains("by_dimension") ? dimension_figure(p, path, names) : compliance_figure(p, path);
        out += distribution_figure(p, path);
        out += operations_table(p, path);
        out += breach_table(p, path, names);
        out += metrics_table(p, path);
        out += "</section>\n";
    }
    return out +
           "<p class=\"note\">Made by slakit sla_report from its JSON report; every figure here is a value "
           "of that document.</p>\n</body>\n</html>\n";
}

}  // namespace slakit::examples
