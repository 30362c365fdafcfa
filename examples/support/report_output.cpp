// examples/support/report_output.cpp: a period report as sla_report prints it.
#include "report_output.hpp"

#include <slakit/fmt.hpp>
#include <slakit/report.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/text.hpp>
#include <slakit/time.hpp>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

namespace {

double seconds_of(milliseconds d) { return static_cast<double>(d.count()) / 1000.0; }

// The groups of a period, in the contract's order (channels as listed, priorities
// least important first): the interned names sort so.
std::vector<std::pair<const fast_report::key_type*, const fast_report::cell_type*>> groups_of(const fast_report& report,
                                                                                              date::local_days period) {
    std::vector<std::pair<const fast_report::key_type*, const fast_report::cell_type*>> out;
    for (const auto& [key, cell] : report.groups())
        if (key.period == period) out.emplace_back(&key, &cell);
    return out;
}

// The name of dimension column i: the --by name, or "dimension_i" past them.
std::string dimension_name(const std::vector<std::string>& names, std::size_t i) {
    return i < names.size() ? names[i] : "dimension_" + std::to_string(i + 1);
}

// {"team": "billing", "agent": "ann"}
nlohmann::ordered_json dimensions_json(const std::vector<std::string>& names, const dimension_values& values) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < values.size(); ++i) j[dimension_name(names, i)] = values[i];
    return j;
}

std::string csv_field(std::string_view s);

// Whether the report is broken down by dimensions: --by names, or values in its keys.
bool broken_down(const fast_report& report, const std::vector<std::string>& names) {
    return !names.empty() || (!report.empty() && !report.groups().begin()->first.dimensions.empty());
}

// The CSV header's dimension columns (",team,agent") and a row's values.
std::string dimension_header(const fast_report& report, const std::vector<std::string>& names) {
    if (!broken_down(report, names)) return {};
    std::size_t n = names.size();
    if (!report.empty()) n = std::max(n, report.groups().begin()->first.dimensions.size());
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += ',' + csv_field(dimension_name(names, i));
    return out;
}
std::string dimension_fields(const dimension_values& values) {
    std::string out;
    for (const auto& v : values) out += ',' + csv_field(v);
    return out;
}

// "billing / ann"
std::string value_name(const dimension_values& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : " / ") + v;
    return out;
}

nlohmann::ordered_json stats_json(const fast_report::stats_type& s) {
    nlohmann::ordered_json j;
    j["count"] = s.count();
    if (s.empty()) {
        for (const char* k : {"mean_s", "p50_s", "p90_s", "p99_s", "min_s", "max_s"}) j[k] = nullptr;
        return j;
    }
    j["mean_s"] = seconds_of(s.mean());
    j["p50_s"] = seconds_of(s.quantile(0.50));
    j["p90_s"] = seconds_of(s.quantile(0.90));
    j["p99_s"] = seconds_of(s.quantile(0.99));
    j["min_s"] = seconds_of(s.min());
    j["max_s"] = seconds_of(s.max());
    return j;
}

nlohmann::ordered_json optional_json(const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json counters_json(const slakit::compliance_counters& c) {
    nlohmann::ordered_json j;
    j["met"] = c.met();
    j["breached"] = c.breached();
    j["pending"] = c.pending();
    j["compliance"] = optional_json(c.rate());
    return j;
}

// The library's statistic name, except that the report has always said
// "percentile" where the library says "quantile".
std::string statistic_name(const slakit::aggregate_target& t) {
    if (t.measure == slakit::statistic::quantile) return "percentile";
    return std::string{to_string(t.measure)};
}

// RFC 4180 quoting for the few fields that may need it.
std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string{s};
    std::string out = "\"";
    for (const char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + '"';
}

using metric_cell_type = fast_report::cell_type::metric_cell_type;

nlohmann::ordered_json metric_json(const metric_cell_type& m) {
    nlohmann::ordered_json j;
    j["metric"] = std::string{to_string(m.metric())};
    j["events"] = m.events();
    j["in_scope"] = m.in_scope();
    j["out_of_hours"] = m.out_of_hours();
    j["excluded"] = m.excluded();
    j["met"] = m.met();
    j["breached"] = m.breached();
    j["pending"] = m.pending();
    j["paused"] = m.paused();
    j["compliance"] = optional_json(m.compliance());
    j["clock"] = std::string{slakit::to_string(m.clock())};
    j["running"] = stats_json(m.running_times());
    const auto paused = m.paused_time();
    j["paused_s"] = paused ? nlohmann::ordered_json(seconds_of(*paused)) : nlohmann::ordered_json(nullptr);
    if (m.metric() == slakit::metric::resolution) {
        j["reopened"] = m.reopened();
        j["reopens"] = m.reopens();
    }
    return j;
}

template <class Cells>
nlohmann::ordered_json metrics_json(const Cells& cells) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& m : cells) list.push_back(metric_json(m));
    return list;
}

// "resolution: 120 events, 100 met, 15 breached, 5 pending (2 paused), 86.96 %; running n=... ;
// paused 3 h 00 min; 4 reopens in 3 requests"
std::string metric_line(const metric_cell_type& m) {
    std::string out = fmt::format("{}: {} events, {} met, {} breached, {} pending ({} paused)", to_string(m.metric()),
                                  m.in_scope(), m.met(), m.breached(), m.pending(), m.paused());
    if (const auto c = m.compliance()) out += fmt::format(", {:.2f} %", *c * 100.0);
    if (m.out_of_hours() + m.excluded() > 0)
        out += fmt::format("; {} out of hours, {} excluded", m.out_of_hours(), m.excluded());
    const auto& t = m.running_times();
    if (!t.empty())
        out += fmt::format("; running ({}) n={} mean {} p90 {} max {}", slakit::to_string(m.clock()), t.count(),
                           slakit::duration_text(t.mean()), slakit::duration_text(t.quantile(0.9)),
                           slakit::duration_text(t.max()));
    if (const auto p = m.paused_time(); p && p->count() > 0) out += "; paused " + slakit::duration_text(*p);
    if (m.metric() == slakit::metric::resolution && m.reopens() > 0)
        out += fmt::format("; {} reopens in {} requests", m.reopens(), m.reopened());
    return out;
}

std::string instant_text(instant t) { return slakit::format_instant(t, slakit::fraction::always); }

nlohmann::ordered_json optional_instant_json(const std::optional<instant>& t) {
    return t ? nlohmann::ordered_json(instant_text(*t)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json breach_json(const breach& b, std::size_t rank, const std::vector<std::string>& names) {
    nlohmann::ordered_json j;
    const auto& e = b.event;
    j["rank"] = rank;
    j["request_id"] = b.id;
    if (!b.dimensions.empty()) j["dimensions"] = dimensions_json(names, b.dimensions);
    j["channel"] = to_string(b.channel);
    j["priority"] = to_string(e.priority);
    j["metric"] = std::string{to_string(e.metric)};
    j["cycle"] = e.cycle;
    j["limit_s"] = seconds_of(e.limit.limit);
    j["measured_s"] = seconds_of(e.running);
    j["over_s"] = seconds_of(b.over());
    j["clock"] = std::string{slakit::to_string(e.limit.clock)};
    j["start"] = instant_text(e.start);
    j["breached_at"] = optional_instant_json(e.breached_at);
    j["end"] = optional_instant_json(e.end);
    return j;
}

// The first-response times of every group of a period, merged: the sketch's
// quantiles as the distribution, with each group's per-request limit.
nlohmann::ordered_json distribution_json(const fast_report& report, date::local_days day) {
    fast_report::stats_type all;
    std::vector<double> limits;
    for (const auto& [key, cell] : groups_of(report, day)) {
        all.merge(cell->response_times());
        if (const auto& th = report.policy().at(key->channel, key->priority).target.first_response) {
            const double limit = seconds_of(th->limit);
            if (std::find(limits.begin(), limits.end(), limit) == limits.end()) limits.push_back(limit);
        }
    }
    std::sort(limits.begin(), limits.end());
    nlohmann::ordered_json j = stats_json(all);
    j["limits_s"] = limits;
    auto& points = j["quantiles"] = nlohmann::ordered_json::array();
    if (all.empty()) return j;
    for (int percent = 0; percent <= 100; percent += 5) {
        nlohmann::ordered_json p;
        p["percent"] = percent;
        p["time_s"] = seconds_of(percent == 0 ? all.min() : percent == 100 ? all.max() : all.quantile(percent / 100.0));
        points.push_back(std::move(p));
    }
    return j;
}

nlohmann::ordered_json targets_json(const std::vector<fast_report::verdict_type>& verdicts) {
    auto targets = nlohmann::ordered_json::array();
    for (const auto& v : verdicts) {
        nlohmann::ordered_json t;
        t["name"] = v.target.name.empty() ? v.label + ' ' + statistic_name(v.target) : v.target.name;
        t["applies_to"] = v.label;
        t["statistic"] = statistic_name(v.target);
        if (v.target.measure == slakit::statistic::quantile) t["percentile"] = v.target.quantile * 100.0;
        t["clock"] = std::string{slakit::to_string(v.target.clock)};
        t["count"] = v.count;
        if (v.target.measure == slakit::statistic::compliance) {
            t["value"] = optional_json(v.share);
            t["limit"] = v.target.share;
            if (v.budget) {
                t["breaches_left"] = v.budget->breaches_left ? nlohmann::ordered_json(*v.budget->breaches_left)
                                                             : nlohmann::ordered_json(nullptr);
                t["burn_rate"] = optional_json(v.budget->burn_rate);
            }
        } else {
            t["value_s"] = v.value ? nlohmann::ordered_json(seconds_of(*v.value)) : nlohmann::ordered_json(nullptr);
            t["limit_s"] = seconds_of(v.target.limit);
            if (v.time_left) t["time_left_s"] = seconds_of(*v.time_left);
        }
        t["met"] = v.met ? nlohmann::ordered_json(*v.met) : nlohmann::ordered_json(nullptr);
        targets.push_back(std::move(t));
    }
    return targets;
}

}  // namespace

std::string json_text(const fast_report& report, const run_info& info, const event_counts* events,
                      const breach_list* breaches) {
    nlohmann::ordered_json root;
    root["contract"] = info.contract;
    root["requests"] = info.requests;
    root["period"] = std::string{slakit::to_string(report.by())};
    const bool by_dimension = broken_down(report, info.dimensions);
    if (!info.dimensions.empty()) root["dimensions"] = info.dimensions;
    root["as_of"] = info.has_as_of
                        ? nlohmann::ordered_json(slakit::format_instant(info.as_of, slakit::fraction::always))
                        : nlohmann::ordered_json(nullptr);
    root["as_of_from"] = info.as_of_given ? "option" : "latest instant in the file";
    root["rows_read"] = info.rows.read();
    root["rows_accepted"] = info.rows.accepted;
    root["rejected_rows"] = info.rows.rejected;
    if (events != nullptr) {
        root["late_lines"] = events->late;
        root["requests_evaluated"] = events->requests - events->invalid;
        root["rejected_requests"] = events->invalid;
    }
    if (breaches != nullptr) root["breaches_kept"] = breaches->size_limit();
    auto& periods = root["periods"] = nlohmann::ordered_json::array();
    for (const auto day : report.periods()) {
        nlohmann::ordered_json p;
        p["period"] = slakit::period_label(day, report.by());
        auto& groups = p["groups"] = nlohmann::ordered_json::array();
        for (const auto& [key, cell] : groups_of(report, day)) {
            nlohmann::ordered_json g;
            if (!key->dimensions.empty()) g["dimensions"] = dimensions_json(info.dimensions, key->dimensions);
            g["channel"] = to_string(key->channel);
            g["priority"] = to_string(key->priority);
            const auto& entry = report.policy().at(key->channel, key->priority);
            g["target"] = slakit::target_label(entry.key);
            g["first_response_limit_s"] = entry.target.first_response
                                              ? nlohmann::ordered_json(seconds_of(entry.target.first_response->limit))
                                              : nlohmann::ordered_json(nullptr);
            g["requests"] = cell->requests();
            g["in_scope"] = cell->in_scope();
            g["out_of_hours"] = cell->out_of_hours();
            g["excluded"] = cell->excluded();
            g["met"] = cell->met();
            g["breached"] = cell->breached();
            g["pending"] = cell->pending();
            g["no_threshold"] = cell->no_threshold();
            g["compliance"] = optional_json(cell->compliance());
            g["clock"] = std::string{slakit::to_string(cell->clock())};
            g["first_response"] = stats_json(cell->response_times());
            g["handoff"] = counters_json(cell->handoff());
            g["out_of_hours_response"] = stats_json(cell->out_of_hours_times());
            if (events != nullptr) g["metrics"] = metrics_json(cell->metrics());
            groups.push_back(std::move(g));
        }
        if (by_dimension) {
            auto& values = p["by_dimension"] = nlohmann::ordered_json::array();
            for (const auto& [value, v] : report.breakdown(day)) {
                nlohmann::ordered_json d;
                d["dimensions"] = dimensions_json(info.dimensions, value);
                d["requests"] = v.requests();
                d["in_scope"] = v.in_scope();
                d["out_of_hours"] = v.first_response.out_of_hours();
                d["excluded"] = v.first_response.excluded();
                d["met"] = v.first_response.met();
                d["breached"] = v.first_response.breached();
                d["pending"] = v.first_response.pending();
                d["no_threshold"] = v.no_threshold;
                d["compliance"] = optional_json(v.first_response.rate());
                d["first_response"] = stats_json(v.response_times);
                d["handoff"] = counters_json(v.handoff);
                d["targets"] = targets_json(report.verdicts(day, value));  // the value's requests alone
                values.push_back(std::move(d));
            }
        }
        p["targets"] = targets_json(report.verdicts(day));
        const auto total = report.total(day);
        p["handoff"] = counters_json(total.handoff);
        if (events != nullptr) p["metrics"] = metrics_json(total.metrics);
        const auto a = report.availability(day);
        nlohmann::ordered_json availability;
        availability["uptime"] = a.uptime();
        availability["working_uptime"] = optional_json(a.working_uptime());
        availability["down_s"] = seconds_of(a.down);
        availability["working_s"] = seconds_of(a.working);
        availability["working_down_s"] = seconds_of(a.working_down);
        p["availability"] = std::move(availability);
        nlohmann::ordered_json credit;
        credit["compliance"] = optional_json(report.compliance(day));
        credit["credit"] = optional_json(report.credit(day));
        p["credit"] = std::move(credit);
        p["first_response_distribution"] = distribution_json(report, day);
        if (breaches != nullptr) {
            auto& list = p["breaches"] = nlohmann::ordered_json::array();
            std::size_t rank = 0;
            for (const auto& b : breaches->worst(day)) list.push_back(breach_json(b, ++rank, info.dimensions));
        }
        periods.push_back(std::move(p));
    }
    return root.dump(2) + '\n';
}

std::string breaches_csv_text(const fast_report& report, const breach_list& breaches,
                              const std::vector<std::string>& dimensions) {
    std::string out = "period,rank,request_id" + dimension_header(report, dimensions) +
                      ",channel,priority,metric,cycle,limit_s,measured_s,over_s,clock,start,breached_at,end\n";
    const auto number = [](double v) { return fmt::format("{}", v); };
    const auto when = [](const std::optional<instant>& t) { return t ? instant_text(*t) : std::string{}; };
    for (const auto day : report.periods()) {
        std::size_t rank = 0;
        for (const auto& b : breaches.worst(day)) {
            const auto& e = b.event;
            out += fmt::format("{},{},{}{},{},{},{},{},{},{},{},{},{},{},{}\n", slakit::period_label(day, report.by()),
                               ++rank, csv_field(b.id), dimension_fields(b.dimensions), csv_field(to_string(b.channel)),
                               csv_field(to_string(e.priority)), to_string(e.metric), e.cycle,
                               number(seconds_of(e.limit.limit)), number(seconds_of(e.running)),
                               number(seconds_of(b.over())), slakit::to_string(e.limit.clock), instant_text(e.start),
                               when(e.breached_at), when(e.end));
        }
    }
    return out;
}

std::string csv_text(const fast_report& report, const breach_list* breaches,
                     const std::vector<std::string>& dimensions) {
    std::string out = "period" + dimension_header(report, dimensions) +
                      ",channel,priority,requests,in_scope,out_of_hours,excluded,met,breached,pending,no_threshold,"
                      "compliance,mean_s,min_s,max_s,p50_s,p90_s,p99_s\n";
    const auto number = [](double v) { return fmt::format("{}", v); };
    for (const auto day : report.periods()) {
        for (const auto& [key, cell] : groups_of(report, day)) {
            const auto& t = cell->response_times();
            out += fmt::format("{}{},{},{},{},{},{},{},{},{},{},{},{}", slakit::period_label(day, report.by()),
                               dimension_fields(key->dimensions), csv_field(to_string(key->channel)),
                               csv_field(to_string(key->priority)), cell->requests(), cell->in_scope(),
                               cell->out_of_hours(), cell->excluded(), cell->met(), cell->breached(), cell->pending(),
                               cell->no_threshold(), cell->compliance() ? number(*cell->compliance()) : std::string{});
            if (t.empty()) {
                out += ",,,,,,\n";
                continue;
            }
            out += fmt::format(",{},{},{},{},{},{}\n", number(seconds_of(t.mean())), number(seconds_of(t.min())),
                               number(seconds_of(t.max())), number(seconds_of(t.quantile(0.5))),
                               number(seconds_of(t.quantile(0.9))), number(seconds_of(t.quantile(0.99))));
        }
    }
    if (breaches != nullptr) out += '\n' + breaches_csv_text(report, *breaches, dimensions);
    return out;
}

std::string metrics_csv_text(const fast_report& report, const breach_list* breaches,
                             const std::vector<std::string>& dimensions) {
    std::string out =
        "period" + dimension_header(report, dimensions) +
        ",channel,priority,requests,metric,events,in_scope,out_of_hours,excluded,met,breached,pending,paused,"
        "compliance,clock,mean_s,p50_s,p90_s,p99_s,max_s,paused_s,reopened,reopens\n";
    const auto number = [](double v) { return fmt::format("{}", v); };
    for (const auto day : report.periods()) {
        for (const auto& [key, cell] : groups_of(report, day)) {
            for (const auto& m : cell->metrics()) {
                const auto& t = m.running_times();
                const auto paused = m.paused_time();
                out += fmt::format(
                    "{}{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},", slakit::period_label(day, report.by()),
                    dimension_fields(key->dimensions), csv_field(to_string(key->channel)),
                    csv_field(to_string(key->priority)), cell->requests(), to_string(m.metric()), m.events(),
                    m.in_scope(), m.out_of_hours(), m.excluded(), m.met(), m.breached(), m.pending(), m.paused(),
                    m.compliance() ? number(*m.compliance()) : std::string{}, slakit::to_string(m.clock()));
                if (t.empty())
                    out += ",,,,,";
                else
                    out += fmt::format("{},{},{},{},{},", number(seconds_of(t.mean())),
                                       number(seconds_of(t.quantile(0.5))), number(seconds_of(t.quantile(0.9))),
                                       number(seconds_of(t.quantile(0.99))), number(seconds_of(t.max())));
                out += fmt::format("{},{},{}\n", paused ? number(seconds_of(*paused)) : std::string{}, m.reopened(),
                                   m.reopens());
            }
        }
    }
    if (breaches != nullptr) out += '\n' + breaches_csv_text(report, *breaches, dimensions);
    return out;
}

// With more than one period: each group's first-response compliance per period as a
// series, under the periods' totals ("trend" block of the table).
std::string trend_table(const fast_report& report) {
    const auto periods = report.periods();
    if (periods.size() < 2) return {};
    std::vector<std::string> labels;
    std::size_t width = 8;
    for (const auto day : periods) {
        labels.push_back(slakit::period_label(day, report.by()));
        width = std::max(width, labels.back().size());
    }
    const auto share = [&](const std::optional<double>& v) {
        return fmt::format(" {:>{}}", v ? slakit::percent_floor(*v) : "-", width);
    };
    // One series per group (channel and priority), or per dimension value (--by).
    std::vector<std::string> names;
    std::vector<std::vector<std::optional<std::optional<double>>>> series;  // absent: no group that period
    std::map<std::string, std::size_t, std::less<>> index;
    const auto series_of = [&](const std::string& name) -> auto& {
        const auto [it, fresh] = index.try_emplace(name, names.size());
        if (!fresh) return series[it->second];
        names.push_back(name);
        return series.emplace_back(periods.size());
    };
    if (broken_down(report, {})) {
        for (std::size_t i = 0; i < periods.size(); ++i)
            for (const auto& [value, v] : report.breakdown(periods[i]))
                series_of(value_name(value))[i] = v.first_response.rate();
    } else {
        // The groups in the report's order (channel, then priority), each once.
        std::vector<fast_report::key_type> keys;
        for (const auto& [key, cell] : report.groups()) {
            const bool seen = std::any_of(keys.begin(), keys.end(), [&](const auto& k) {
                return k.channel == key.channel && k.priority == key.priority;
            });
            if (!seen) keys.push_back(key);
        }
        std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
            return a.channel == b.channel ? a.priority < b.priority : a.channel < b.channel;
        });
        for (const auto& k : keys) series_of(to_string(k.channel) + ' ' + to_string(k.priority));
        for (std::size_t i = 0; i < periods.size(); ++i)
            for (const auto& [key, cell] : groups_of(report, periods[i]))
                series_of(to_string(key->channel) + ' ' + to_string(key->priority))[i] = cell->compliance();
    }
    std::size_t name_width = std::string_view{"all groups"}.size();
    for (const auto& n : names) name_width = std::max(name_width, slakit::detail::display_width(n));
    std::string out = fmt::format("\ntrend: first-response compliance per {}\n{:<{}}", slakit::to_string(report.by()),
                                  "", name_width);
    for (const auto& l : labels) out += fmt::format(" {:>{}}", l, width);
    out += fmt::format("\n{:<{}}", "all groups", name_width);
    for (const auto day : periods) out += share(report.compliance(day));
    out += '\n';
    for (std::size_t n = 0; n < names.size(); ++n) {
        std::string line = names[n] + std::string(name_width - slakit::detail::display_width(names[n]), ' ');
        for (const auto& v : series[n]) line += v ? share(*v) : fmt::format(" {:>{}}", "", width);
        line.erase(line.find_last_not_of(' ') + 1);  // a group absent from the last periods
        out += line + '\n';
    }
    return out;
}

// "2026-03 worst breaches (3 kept at most)", then one aligned line each.
std::string breaches_table(const fast_report& report, const breach_list& breaches) {
    std::string out;
    for (const auto day : report.periods()) {
        const auto list = breaches.worst(day);
        out += fmt::format("\n{} worst breaches ({} at most): {}\n", slakit::period_label(day, report.by()),
                           breaches.size_limit(), list.empty() ? "none" : "time over target");
        std::size_t rank = 0;
        for (const auto& b : list) {
            const auto& e = b.event;
            std::string metric{to_string(e.metric)};
            if (e.metric == slakit::metric::next_reply || e.metric == slakit::metric::periodic_update)
                metric += fmt::format(" #{}", e.cycle);
            out += fmt::format("  {:>3}. {:>12} over  {}{}  {} {}  {}: {} of {} ({}), breached {}{}\n", ++rank,
                               slakit::duration_text(b.over()), b.id,
                               b.dimensions.empty() ? std::string{} : " (" + value_name(b.dimensions) + ')',
                               to_string(b.channel), to_string(e.priority), metric, slakit::duration_text(e.running),
                               slakit::duration_text(e.limit.limit), slakit::to_string(e.limit.clock),
                               e.breached_at ? instant_text(*e.breached_at) : std::string{"-"},
                               e.end ? "" : ", still open");
        }
    }
    return out;
}

// Per period, each dimension value's totals over its channels and priorities, aligned.
std::string dimension_table(const fast_report& report, const std::vector<std::string>& names) {
    std::string title;
    for (std::size_t i = 0; i < names.size(); ++i) title += (i == 0 ? "" : " / ") + names[i];
    if (title.empty()) title = "dimensions";
    std::string out;
    for (const auto day : report.periods()) {
        std::vector<std::vector<std::string>> rows{
            {title, "requests", "in scope", "met", "breached", "pending", "compliance", "mean", "p90"}};
        for (const auto& [value, v] : report.breakdown(day)) {
            const auto& t = v.response_times;
            const auto& c = v.first_response;
            rows.push_back({value_name(value), std::to_string(v.requests()), std::to_string(v.in_scope()),
                            std::to_string(c.met()), std::to_string(c.breached()), std::to_string(c.pending()),
                            c.rate() ? slakit::percent_floor(*c.rate()) : std::string{"-"},
                            t.empty() ? std::string{"-"} : slakit::duration_text(t.mean()),
                            t.empty() ? std::string{"-"} : slakit::duration_text(t.quantile(0.9))});
        }
        std::vector<std::size_t> widths(rows[0].size());
        for (const auto& r : rows)
            for (std::size_t i = 0; i < r.size(); ++i)
                widths[i] = std::max(widths[i], slakit::detail::display_width(r[i]));
        out += fmt::format("\n{} by {}\n", slakit::period_label(day, report.by()), title);
        for (const auto& r : rows) {
            std::string line;
            for (std::size_t i = 0; i < r.size(); ++i) {
                const std::string pad(widths[i] - slakit::detail::display_width(r[i]), ' ');
                line += i == 0 ? r[i] + pad : "  " + pad + r[i];
            }
            line.erase(line.find_last_not_of(' ') + 1);
            out += line + '\n';
        }
    }
    return out;
}

std::string table_text(const fast_report& report, const run_info& info, const event_counts* events,
                       const breach_list* breaches) {
    std::string out =
        fmt::format("contract: {}\n{}: {}: {} {} read, {} accepted, {} rejected\nas of: {} ({})\n\n", info.contract,
                    events != nullptr ? "events" : "requests", info.requests, info.rows.read(),
                    events != nullptr ? "lines" : "rows", info.rows.accepted, info.rows.rejected,
                    info.has_as_of ? slakit::format_instant(info.as_of, slakit::fraction::always) : std::string{"-"},
                    info.as_of_given ? "--as-of" : "the latest instant in the file");
    out += info.dimensions.empty() ? fmt::format("{}", report)
                                   : slakit::report_table(report, fmt::format("{}", fmt::join(info.dimensions, " / ")));
    if (broken_down(report, info.dimensions)) out += dimension_table(report, info.dimensions);
    out += trend_table(report);
    if (breaches != nullptr) out += breaches_table(report, *breaches);
    if (events == nullptr) return out;
    // The timeline metrics: per period, each metric over every group, then by group.
    for (const auto day : report.periods()) {
        const auto total = report.total(day);
        if (total.metrics.empty()) continue;
        out += fmt::format("\n{} timeline metrics\n", slakit::period_label(day, report.by()));
        for (const auto& m : total.metrics) out += "  " + metric_line(m) + '\n';
        for (const auto& [key, cell] : groups_of(report, day)) {
            out +=
                fmt::format("  {}{} {}\n", key->dimensions.empty() ? std::string{} : value_name(key->dimensions) + "  ",
                            to_string(key->channel), to_string(key->priority));
            for (const auto& m : cell->metrics()) out += "    " + metric_line(m) + '\n';
        }
    }
    return out;
}

}  // namespace slakit::examples
