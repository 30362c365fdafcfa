// examples/support/openslo.cpp: OpenSLO v1 export and import of a contract (see openslo.hpp).
#include "openslo.hpp"

#include "config.hpp"
#include "contract.hpp"

#include <slakit/burn.hpp>
#include <slakit/enums.hpp>
#include <slakit/interval.hpp>
#include <slakit/target.hpp>
#include <slakit/time.hpp>

#include <date/date.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

namespace {

using std::chrono::milliseconds;

constexpr std::string_view api_version = "openslo/v1";
constexpr std::string_view prefix = "slakit.dev/";

// The per-request thresholds of a target, in the contract file's order.
struct threshold_field {
    std::string_view key;
    std::optional<slakit::threshold> slakit::target::*member;
};
constexpr threshold_field threshold_fields[] = {
    {"first_response", &slakit::target::first_response}, {"handoff", &slakit::target::handoff},
    {"human_response", &slakit::target::human_response}, {"resolution", &slakit::target::resolution},
    {"next_reply", &slakit::target::next_reply},         {"periodic_update", &slakit::target::periodic_update},
};

// A duration as the contract reader writes it: the largest unit that divides it.
std::string duration_setting(milliseconds d) {
    struct unit {
        const char* name;
        std::int64_t ms;
    };
    static constexpr unit units[] = {{"d", 86'400'000}, {"h", 3'600'000}, {"min", 60'000}, {"s", 1'000}, {"ms", 1}};
    for (const auto& u : units)
        if (d.count() % u.ms == 0) return std::to_string(d.count() / u.ms) + u.name;
    return std::to_string(d.count()) + "ms";
}

// OpenSLO's duration shorthand (m, h, d): the largest unit that divides d.
std::string openslo_duration(milliseconds d) {
    if (d.count() % 86'400'000 == 0) return std::to_string(d.count() / 86'400'000) + 'd';
    if (d.count() % 3'600'000 == 0) return std::to_string(d.count() / 3'600'000) + 'h';
    if (d.count() % 60'000 == 0) return std::to_string(d.count() / 60'000) + 'm';
    throw std::invalid_argument("an alert window of " + duration_setting(d) +
                                " is not whole minutes, which OpenSLO durations cannot state");
}

// The shortest text that reads back as the same double.
std::string number_text(double value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, end);
}

std::string percent_text(double fraction) {
    // Exact for the shares the reader makes (n / 10^k): the digits of fraction * 100.
    return number_text(std::round(fraction * 1e10) / 1e8) + '%';
}

std::string seconds_text(milliseconds d) { return number_text(static_cast<double>(d.count()) / 1000.0); }

// A lowercase DNS label: [a-z0-9-], no leading, trailing or doubled '-'.
std::string label(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += c;
        } else if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (u >= 0x80) {  // a byte of a UTF-8 name: its hex keeps names apart
            static constexpr char hex[] = "0123456789abcdef";
            out += 'x';
            out += hex[u >> 4];
            out += hex[u & 15];
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? std::string{"x"} : out;
}

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            static constexpr char hex[] = "0123456789ABCDEF";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out + '"';
}

// A calendar as the keys of a TOML calendar table, one per line; hours_on inline.
std::string calendar_text(const slakit::calendar& cal) {
    std::string closed, hours_on;
    cal.exceptions().for_each([&](date::local_days day, std::span<const slakit::time_interval> hours) {
        const std::string text = toml_string(slakit::format_date(date::year_month_day{day}));
        if (hours.empty()) {
            closed += (closed.empty() ? "" : ", ") + text;
            return;
        }
        std::string intervals;
        for (const auto& iv : hours) intervals += (intervals.empty() ? "" : ",") + slakit::to_string(iv);
        hours_on += (hours_on.empty() ? "" : ", ") + text + " = " + toml_string(intervals);
    });
    std::string out =
        "zone = " + toml_string(cal.zone().name()) + "\nhours = " + toml_string(cal.week().to_string()) + '\n';
    if (!closed.empty()) out += "closed = [" + closed + "]\n";
    if (!hours_on.empty()) out += "hours_on = { " + hours_on + " }\n";
    return out;
}

template <class List, class Text>
std::string joined(const List& list, Text text) {
    std::string out;
    for (const auto& item : list) out += (out.empty() ? "" : ", ") + text(item);
    return out;
}

std::string channel_part(const string_policy::key_type& key) {
    switch (key.channel.by()) {
    case slakit::match_by::exact: return "channel:" + *key.channel.channel();
    case slakit::match_by::kind:
        return key.channel.kind() == slakit::channel_kind::asynchronous ? "kind:async" : "kind:real-time";
    default: return "any";
    }
}

std::string priority_part(const string_policy::key_type& key) {
    switch (key.priority.by()) {
    case slakit::match_by::exact: return "priority:" + *key.priority.priority();
    case slakit::match_by::at_least: return "at_least:" + *key.priority.priority();
    default: return "any";
    }
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

class exporter {
public:
    exporter(const contract& terms, std::span<const slakit::alert_rule> rules, std::string service,
             const export_options& options)
            : terms_(terms), rules_(rules), service_(std::move(service)), options_(options) {
        out_.SetIndent(2);
    }

    std::string run() {
        service_document();
        std::vector<std::string> policies;
        for (const auto& r : rules_) policies.push_back(alert_documents(r));
        const auto& entries = terms_.policy.targets();
        for (const auto& channel : terms_.channels) {
            for (const auto& priority : terms_.priorities) {
                const auto* entry = terms_.policy.find(channel, priority);
                if (entry == nullptr) continue;
                const auto index = static_cast<std::size_t>(entry - entries.data());
                group_documents(channel, priority, index, entry->target, policies);
            }
        }
        return std::string{out_.c_str()} + '\n';
    }

private:
    const contract& terms_;
    std::span<const slakit::alert_rule> rules_;
    std::string service_;
    export_options options_;
    YAML::Emitter out_;
    std::set<std::string> names_;

    std::string unique(std::string name) {
        std::string candidate = name;
        for (int n = 2; !names_.insert(candidate).second; ++n) candidate = name + '-' + std::to_string(n);
        return candidate;
    }

    void begin(std::string_view kind, const std::string& name, const std::string& display = {}) {
        out_ << YAML::BeginDoc << YAML::BeginMap;
        out_ << YAML::Key << "apiVersion" << YAML::Value << std::string{api_version};
        out_ << YAML::Key << "kind" << YAML::Value << std::string{kind};
        out_ << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "name" << YAML::Value << name;
        if (!display.empty()) out_ << YAML::Key << "displayName" << YAML::Value << YAML::DoubleQuoted << display;
    }

    void annotations(const std::vector<std::pair<std::string, std::string>>& items) {
        out_ << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
        for (const auto& [key, value] : items) {
            out_ << YAML::Key << std::string{prefix} + key << YAML::Value;
            if (value.find('\n') != std::string::npos)
                out_ << YAML::Literal << value.substr(0, value.find_last_not_of('\n') + 1);
            else
                out_ << YAML::DoubleQuoted << value;
        }
        out_ << YAML::EndMap;
    }

    void service_document() {
        begin("Service", service_);
        std::vector<std::pair<std::string, std::string>> items;
        const auto& p = terms_.policy;
        items.emplace_back("calendar", calendar_text(p.calendar()));
        items.emplace_back("channels", joined(terms_.channels, [&](const std::string& c) {
                               return c + '=' +
                                      (p.kind_of(c) == slakit::channel_kind::asynchronous ? "async" : "real-time");
                           }));
        items.emplace_back("priorities", joined(terms_.priorities, [](const std::string& s) { return s; }));
        items.emplace_back("warning-levels", joined(p.warning_levels(), [](double x) { return percent_text(x); }));
        items.emplace_back("on-priority-change", std::string{slakit::to_string(p.lifecycle().on_priority_change())});
        if (!terms_.statuses.empty())
            items.emplace_back("statuses", joined(terms_.statuses, [&](const std::string& s) {
                                   return s + '=' + std::string{slakit::to_string(*p.lifecycle().find(s))};
                               }));
        std::string calendars;
        for (const auto& [channel, cal] : p.channel_calendars()) {
            calendars += "[" + toml_string(channel) + "]\n" + calendar_text(cal);
        }
        if (!calendars.empty()) items.emplace_back("channel-calendars", calendars);
        if (!terms_.credit_bands.empty())
            items.emplace_back("credit-bands", joined(terms_.credit_bands, [](const slakit::credit_band& b) {
                                   return percent_text(b.compliance) + '=' + percent_text(b.credit);
                               }));
        std::string targets;
        for (const auto& e : p.targets())
            targets += channel_part(e.key) + ", " + priority_part(e.key) +
                       ", next_reply_by:" + std::string{slakit::to_string(e.target.next_reply_by)} + '\n';
        items.emplace_back("targets", targets);
        annotations(items);
        out_ << YAML::EndMap;  // metadata
        out_ << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "description" << YAML::Value
             << "SLA contract: every channel x priority target, on the slakit business calendar";
        out_ << YAML::EndMap << YAML::EndMap;
    }

    std::string alert_documents(const slakit::alert_rule& r) {
        const std::string name = unique(label(r.name));
        const std::string condition = unique(name + "-condition");
        begin("AlertCondition", condition, r.name);
        std::vector<std::pair<std::string, std::string>> items{
            {"short-window", duration_setting(r.short_window)},
            {"minimum-events", std::to_string(r.minimum_events)},
            {"short-minimum-events", std::to_string(r.short_minimum_events)}};
        if (r.keep_firing) items.emplace_back("keep-firing", duration_setting(*r.keep_firing));
        annotations(items);
        out_ << YAML::EndMap << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "severity" << YAML::Value << std::string{slakit::to_string(r.level)};
        out_ << YAML::Key << "condition" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "kind" << YAML::Value << "burnrate";
        out_ << YAML::Key << "op" << YAML::Value << "gte";
        out_ << YAML::Key << "threshold" << YAML::Value << number_text(r.threshold);
        out_ << YAML::Key << "lookbackWindow" << YAML::Value << openslo_duration(r.long_window);
        out_ << YAML::Key << "alertAfter" << YAML::Value << openslo_duration(r.short_window);
        out_ << YAML::EndMap << YAML::EndMap << YAML::EndMap;

        begin("AlertPolicy", name, r.name);
        out_ << YAML::EndMap << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "alertWhenNoData" << YAML::Value << false;
        out_ << YAML::Key << "alertWhenResolved" << YAML::Value << true;
        out_ << YAML::Key << "alertWhenBreaching" << YAML::Value << true;
        out_ << YAML::Key << "conditions" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
        out_ << YAML::Key << "conditionRef" << YAML::Value << condition;
        out_ << YAML::EndMap << YAML::EndSeq;
        out_ << YAML::Key << "notificationTargets" << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        out_ << YAML::EndMap << YAML::EndMap;
        return name;
    }

    void source(const std::vector<std::pair<std::string, std::string>>& spec) {
        out_ << YAML::BeginMap << YAML::Key << "metricSource" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "type" << YAML::Value << "slakit";
        out_ << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
        for (const auto& [k, v] : spec) out_ << YAML::Key << k << YAML::Value << YAML::DoubleQuoted << v;
        out_ << YAML::EndMap << YAML::EndMap << YAML::EndMap;
    }

    void group_documents(const std::string& channel, const std::string& priority, std::size_t index,
                         const slakit::target& t, const std::vector<std::string>& policies) {
        const std::string group = label(channel) + '-' + label(priority);
        const std::string where = channel + ' ' + priority;
        const std::vector<std::pair<std::string, std::string>> keys{
            {"target", std::to_string(index)}, {"channel", channel}, {"priority", priority}};
        std::string first_response_sli, handoff_sli;
        for (const auto& field : threshold_fields) {
            const auto& limit = t.*(field.member);
            if (!limit) continue;
            const std::string event{field.key};
            const std::string within = duration_setting(limit->limit);
            const std::string clock{slakit::to_string(limit->clock)};
            const std::string name = unique(group + '-' + label(event));
            if (field.key == "first_response") first_response_sli = name;
            if (field.key == "handoff") handoff_sli = name;
            begin("SLI", name, where + ": " + event + " within " + within + " (" + clock + " clock)");
            auto items = keys;
            items.emplace_back("threshold", event);
            annotations(items);
            out_ << YAML::EndMap << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
            out_ << YAML::Key << "ratioMetric" << YAML::Value << YAML::BeginMap;
            out_ << YAML::Key << "counter" << YAML::Value << true;
            out_ << YAML::Key << "good" << YAML::Value;
            source({{"channel", channel},
                    {"priority", priority},
                    {"event", event},
                    {"within", within},
                    {"clock", clock},
                    {"count", "met"}});
            out_ << YAML::Key << "total" << YAML::Value;
            source({{"channel", channel}, {"priority", priority}, {"event", event}, {"count", "decided"}});
            out_ << YAML::EndMap << YAML::EndMap << YAML::EndMap;
        }
        std::map<std::string, std::string> time_slis;  // statistic + clock -> SLI name
        const auto time_sli = [&](std::string_view statistic, slakit::clock_kind kind) {
            const std::string clock{slakit::to_string(kind)};
            const std::string key = std::string{statistic} + ' ' + clock;
            if (const auto it = time_slis.find(key); it != time_slis.end()) return it->second;
            const std::string name =
                unique(group + (statistic == "mean" ? "-mean" : "") + "-first-response-time-" + clock);
            begin("SLI", name,
                  where + ": " + (statistic == "mean" ? "mean first-response time" : "first-response time") +
                      " in seconds (" + clock + " clock)");
            out_ << YAML::EndMap << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
            out_ << YAML::Key << "thresholdMetric" << YAML::Value;
            source({{"channel", channel},
                    {"priority", priority},
                    {"event", "first_response"},
                    {"statistic", std::string{statistic}},
                    {"clock", clock},
                    {"unit", "seconds"}});
            out_ << YAML::EndMap << YAML::EndMap;
            time_slis.emplace(key, name);
            return name;
        };
        for (std::size_t k = 0; k < t.aggregates.size(); ++k) {
            const auto& a = t.aggregates[k];
            std::string indicator;
            if (a.measure == slakit::statistic::compliance) {
                if (first_response_sli.empty())
                    throw std::invalid_argument("target for " + where +
                                                ": a compliance aggregate needs a first_response threshold for "
                                                "its OpenSLO ratio");
                indicator = first_response_sli;
            } else {
                indicator = time_sli(a.measure == slakit::statistic::mean ? "mean" : "per-request", a.clock);
            }
            begin("SLO", unique(group + "-aggregate-" + std::to_string(k + 1)), a.name);
            auto items = keys;
            items.emplace_back("aggregate", std::to_string(k + 1));
            items.emplace_back("statistic", std::string{slakit::to_string(a.measure)});
            items.emplace_back("clock", std::string{slakit::to_string(a.clock)});
            slo_head(items, indicator, channel);
            if (!a.name.empty()) out_ << YAML::Key << "displayName" << YAML::Value << YAML::DoubleQuoted << a.name;
            switch (a.measure) {
            case slakit::statistic::compliance:
                out_ << YAML::Key << "target" << YAML::Value << number_text(a.share);
                break;
            case slakit::statistic::quantile:
                out_ << YAML::Key << "op" << YAML::Value << "lte";
                out_ << YAML::Key << "value" << YAML::Value << seconds_text(a.limit);
                out_ << YAML::Key << "target" << YAML::Value << number_text(a.quantile);
                break;
            case slakit::statistic::mean:
                out_ << YAML::Key << "op" << YAML::Value << "lte";
                out_ << YAML::Key << "value" << YAML::Value << seconds_text(a.limit);
                out_ << YAML::Key << "target" << YAML::Value << 1;
                break;
            }
            slo_tail(policies);
        }
        // The monitor's shares for per-request thresholds (monitor_options): SLOs of
        // the export, not of the contract, which the import reads back as shares.
        const bool has_compliance = std::any_of(t.aggregates.begin(), t.aggregates.end(), [](const auto& a) {
            return a.measure == slakit::statistic::compliance;
        });
        const auto share_slo = [&](const std::string& event, const std::string& indicator, double share) {
            begin("SLO", unique(group + '-' + label(event) + "-share"),
                  event + " within its threshold for " + percent_text(share) + " of requests");
            auto items = keys;
            items.emplace_back("share-of", event);
            slo_head(items, indicator, channel);
            out_ << YAML::Key << "target" << YAML::Value << number_text(share);
            slo_tail(policies);
        };
        if (t.first_response && !has_compliance && options_.first_response_share)
            share_slo("first_response", first_response_sli, *options_.first_response_share);
        if (t.handoff && options_.handoff_share) share_slo("handoff", handoff_sli, *options_.handoff_share);
    }

    // An SLO's annotations and spec, up to its objective's map.
    void slo_head(const std::vector<std::pair<std::string, std::string>>& items, const std::string& indicator,
                  const std::string& channel) {
        annotations(items);
        out_ << YAML::EndMap << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "service" << YAML::Value << service_;
        out_ << YAML::Key << "indicatorRef" << YAML::Value << indicator;
        out_ << YAML::Key << "timeWindow" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
        out_ << YAML::Key << "duration" << YAML::Value << "1M";
        out_ << YAML::Key << "isRolling" << YAML::Value << false;
        out_ << YAML::Key << "calendar" << YAML::Value << YAML::BeginMap;
        out_ << YAML::Key << "startTime" << YAML::Value << YAML::DoubleQuoted << "2026-01-01 00:00:00";
        out_ << YAML::Key << "timeZone" << YAML::Value << terms_.policy.calendar_for(channel).zone().name();
        out_ << YAML::EndMap << YAML::EndMap << YAML::EndSeq;
        out_ << YAML::Key << "budgetingMethod" << YAML::Value << "Occurrences";
        out_ << YAML::Key << "objectives" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
    }

    void slo_tail(const std::vector<std::string>& policies) {
        out_ << YAML::EndMap << YAML::EndSeq;
        out_ << YAML::Key << "alertPolicies" << YAML::Value << YAML::BeginSeq;
        for (const auto& p : policies) out_ << p;
        out_ << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    }
};

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

// What the YAML says, written as a contract file, each line remembering the YAML line
// it came from so that the contract reader's errors point into the YAML.
class toml_writer {
public:
    void line(std::string text, int yaml_line) {
        text_ += text + '\n';
        from_.push_back(yaml_line);
    }
    // Several lines of an annotation, the first of which is at yaml_line.
    void block(std::string_view text, int yaml_line) {
        std::size_t start = 0;
        for (int n = 0; start < text.size(); ++n) {
            auto end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            line(std::string{text.substr(start, end - start)}, yaml_line + n);
            start = end + 1;
        }
    }
    [[nodiscard]] const std::string& text() const noexcept { return text_; }
    [[nodiscard]] int yaml_line(std::size_t toml_line) const {
        return toml_line >= 1 && toml_line <= from_.size() ? from_[toml_line - 1] : 0;
    }

private:
    std::string text_;
    std::vector<int> from_;
};

class importer {
public:
    importer(const std::string& yaml, std::string name) : yaml_(yaml), name_(std::move(name)) {}

    openslo_import run() {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(yaml_);
        } catch (const YAML::ParserException& e) {
            throw openslo_error(name_ + ':' + std::to_string(e.mark.line + 1) + ": " + e.msg);
        }
        for (const auto& doc : documents) read_document(doc);
        if (!service_) throw openslo_error(name_ + ": no Service document (the contract's calendar and channels)");
        write_contract();
        try {
            openslo_import result{parse_contract(toml_.text(), name_), std::move(rules_), service_name_, toml_.text(),
                                  shares_};
            result.terms.path = name_;
            return result;
        } catch (const config_error& e) {
            // "name:line:column: message": the line is one of the TOML written above.
            const std::string what = e.what();
            std::size_t line = 0;
            const auto after = what.substr(std::min(what.size(), name_.size() + 1));
            std::from_chars(after.data(), after.data() + after.size(), line);
            const auto colon = after.find(": ");
            throw openslo_error(name_ + ':' + std::to_string(toml_.yaml_line(line)) + ": " +
                                (colon == std::string::npos ? what : after.substr(colon + 2)));
        }
    }

private:
    struct located {
        std::string text;
        int line = 0;
    };
    struct rule {
        located channel, priority, next_reply_by;
        std::optional<std::pair<std::string, std::string>> group;  // the first seen
        std::map<std::string, located> thresholds;  // event -> TOML inline table
        std::map<int, std::vector<located>> aggregates;  // ordinal -> TOML lines
    };

    const std::string& yaml_;
    std::string name_;
    std::optional<YAML::Node> service_;
    std::string service_name_;
    std::vector<rule> targets_;
    std::vector<slakit::alert_rule> rules_;
    export_options shares_;
    std::map<std::string, YAML::Node> conditions_;
    toml_writer toml_;

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
        throw openslo_error(name_ + ':' + std::to_string(node.Mark().line + 1) + ": " + message);
    }

    static int line_of(const YAML::Node& node) { return node.Mark().line + 1; }

    YAML::Node need(const YAML::Node& node, const std::string& key, std::string_view what) const {
        if (!node.IsMap()) fail(node, std::string{what} + " must be a mapping");
        const YAML::Node child = node[key];
        if (!child) fail(node, std::string{what} + " has no " + key);
        return child;
    }

    std::string text(const YAML::Node& node, const std::string& key, std::string_view what) const {
        const YAML::Node child = need(node, key, what);
        if (!child.IsScalar()) fail(child, std::string{what} + ": " + key + " must be a string");
        return child.Scalar();
    }

    std::string annotation(const YAML::Node& doc, std::string_view key, std::string_view what) const {
        const YAML::Node all = need(need(doc, "metadata", what), "annotations", what);
        return text(all, std::string{prefix} + std::string{key}, what);
    }

    // The annotation, or an undefined node.
    static YAML::Node annotation_node(const YAML::Node& doc, std::string_view key) {
        const YAML::Node none{YAML::NodeType::Undefined};
        if (!doc.IsMap()) return none;
        const YAML::Node meta = doc["metadata"];
        if (!meta || !meta.IsMap()) return none;
        const YAML::Node all = meta["annotations"];
        if (!all || !all.IsMap()) return none;
        return all[std::string{prefix} + std::string{key}];
    }

    double number(const YAML::Node& node, const std::string& key, std::string_view what) const {
        const YAML::Node child = need(node, key, what);
        double value = 0;
        const std::string& s = child.IsScalar() ? child.Scalar() : std::string{};
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value))
            fail(child, std::string{what} + ": " + key + " must be a number, not \"" + s + '"');
        return value;
    }

    void read_document(const YAML::Node& doc) {
        if (!doc.IsMap()) fail(doc, "an OpenSLO document must be a mapping with apiVersion and kind");
        if (text(doc, "apiVersion", "a document") != api_version)
            fail(doc["apiVersion"], "apiVersion must be " + std::string{api_version});
        const std::string kind = text(doc, "kind", "a document");
        if (kind == "Service") {
            if (service_)
                fail(doc, "a second Service (the first is at line " + std::to_string(line_of(*service_)) + ')');
            service_ = doc;
            service_name_ = text(need(doc, "metadata", "a Service"), "name", "a Service");
            read_targets(doc);
        } else if (kind == "AlertCondition") {
            conditions_[text(need(doc, "metadata", "an AlertCondition"), "name", "an AlertCondition")] = doc;
        } else if (kind == "AlertPolicy") {
            read_alert_policy(doc);
        } else if (kind == "SLI") {
            if (annotation_node(doc, "threshold")) read_threshold(doc);
        } else if (kind == "SLO") {
            read_aggregate(doc);
        } else {
            fail(doc["kind"],
                 "unknown kind \"" + kind + "\" (expected Service, SLI, SLO, AlertPolicy, AlertCondition)");
        }
    }

    void read_targets(const YAML::Node& doc) {
        const std::string all = annotation(doc, "targets", "the Service");
        const int first = line_of(annotation_node(doc, "targets")) + 1;
        std::istringstream lines{all};
        std::string line;
        for (int n = 0; std::getline(lines, line); ++n) {
            std::vector<std::string> parts;
            std::size_t start = 0;
            while (start <= line.size()) {
                auto end = line.find(", ", start);
                if (end == std::string::npos) end = line.size();
                parts.push_back(line.substr(start, end - start));
                start = end + 2;
            }
            if (parts.size() != 3 || !parts[2].starts_with("next_reply_by:"))
                throw openslo_error(name_ + ':' + std::to_string(first + n) +
                                    ": slakit.dev/targets: expected \"<channel part>, <priority part>, "
                                    "next_reply_by:<any|human>\", not \"" +
                                    line + '"');
            targets_.push_back(
                rule{{parts[0], first + n}, {parts[1], first + n}, {parts[2].substr(14), first + n}, {}, {}, {}});
        }
    }

    rule& target_of(const YAML::Node& doc, std::string_view what) {
        const std::string index = annotation(doc, "target", what);
        std::size_t i = 0;
        const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), i);
        if (!service_) fail(doc, std::string{what} + " comes before the Service document");
        if (ec != std::errc{} || end != index.data() + index.size() || i >= targets_.size())
            fail(annotation_node(doc, "target"), std::string{what} + ": slakit.dev/target \"" + index +
                                                     "\" is not the index of a slakit.dev/targets line");
        return targets_[i];
    }

    // True when doc belongs to the first channel x priority seen for its target (the
    // others repeat the same target).
    bool first_group(rule& r, const YAML::Node& doc, std::string_view what) {
        std::pair<std::string, std::string> group{annotation(doc, "channel", what), annotation(doc, "priority", what)};
        if (!r.group) r.group = group;
        return *r.group == group;
    }

    void read_threshold(const YAML::Node& doc) {
        auto& r = target_of(doc, "an SLI");
        if (!first_group(r, doc, "an SLI")) return;
        const std::string event = annotation(doc, "threshold", "an SLI");
        if (std::none_of(std::begin(threshold_fields), std::end(threshold_fields),
                         [&](const threshold_field& f) { return f.key == event; }))
            fail(annotation_node(doc, "threshold"), "unknown threshold \"" + event + '"');
        const YAML::Node good = need(need(need(need(doc, "spec", "an SLI"), "ratioMetric", "an SLI"), "good", "an SLI"),
                                     "metricSource", "an SLI");
        const YAML::Node spec = need(good, "spec", "a metricSource");
        r.thresholds[event] = {event + " = { within = " + toml_string(text(spec, "within", "a metricSource")) +
                                   ", clock = " + toml_string(text(spec, "clock", "a metricSource")) + " }",
                               line_of(spec["within"])};
    }

    void read_aggregate(const YAML::Node& doc) {
        if (const YAML::Node of = annotation_node(doc, "share-of")) return read_share(doc, of);
        auto& r = target_of(doc, "an SLO");
        if (!first_group(r, doc, "an SLO")) return;
        const YAML::Node ordinal_node = annotation_node(doc, "aggregate");
        const std::string ordinal = annotation(doc, "aggregate", "an SLO");
        int k = 0;
        const auto [end, ec] = std::from_chars(ordinal.data(), ordinal.data() + ordinal.size(), k);
        if (ec != std::errc{} || end != ordinal.data() + ordinal.size() || k < 1)
            fail(ordinal_node, "slakit.dev/aggregate must be a positive number, not \"" + ordinal + '"');
        if (r.aggregates.count(k) != 0) fail(ordinal_node, "a second aggregate " + ordinal + " for this target");
        const std::string statistic = annotation(doc, "statistic", "an SLO");
        const YAML::Node objectives = need(need(doc, "spec", "an SLO"), "objectives", "an SLO");
        if (!objectives.IsSequence() || objectives.size() != 1)
            fail(objectives, "an SLO of a slakit contract has exactly one objective");
        const YAML::Node objective = objectives[0];
        std::vector<located> lines;
        if (const YAML::Node display = objective["displayName"])
            lines.push_back({"name = " + toml_string(display.Scalar()), line_of(display)});
        const auto seconds = [&] {
            const double v = number(objective, "value", "an objective");
            if (!(v > 0)) fail(objective["value"], "an objective's value must be a positive number of seconds");
            return duration_setting(milliseconds{std::llround(v * 1000.0)});
        };
        if (statistic == "compliance") {
            lines.push_back({"compliance = " + toml_string(percent_text(number(objective, "target", "an objective"))),
                             line_of(objective["target"])});
        } else if (statistic == "mean") {
            lines.push_back({"mean = " + toml_string(seconds()), line_of(objective["value"])});
        } else if (statistic == "quantile") {
            lines.push_back(
                {"percentile = " + number_text(std::round(number(objective, "target", "an objective") * 1e10) / 1e8),
                 line_of(objective["target"])});
            lines.push_back({"within = " + toml_string(seconds()), line_of(objective["value"])});
        } else {
            fail(annotation_node(doc, "statistic"),
                 "slakit.dev/statistic must be compliance, mean or quantile, not \"" + statistic + '"');
        }
        lines.push_back(
            {"clock = " + toml_string(annotation(doc, "clock", "an SLO")), line_of(annotation_node(doc, "clock"))});
        r.aggregates[k] = std::move(lines);
    }

    // An SLO of a monitor share: the same share on every SLO of its event.
    void read_share(const YAML::Node& doc, const YAML::Node& of) {
        const std::string event = of.IsScalar() ? of.Scalar() : std::string{};
        auto* share = event == "first_response" ? &shares_.first_response_share
                      : event == "handoff"      ? &shares_.handoff_share
                                                : nullptr;
        if (share == nullptr) fail(of, "slakit.dev/share-of must be first_response or handoff, not \"" + event + '"');
        const YAML::Node objectives = need(need(doc, "spec", "an SLO"), "objectives", "an SLO");
        if (!objectives.IsSequence() || objectives.size() != 1)
            fail(objectives, "an SLO of a slakit contract has exactly one objective");
        const double value = number(objectives[0], "target", "an objective");
        if (!(value > 0.0 && value <= 1.0)) fail(objectives[0]["target"], "a share must be above 0 and at most 1");
        if (*share && **share != value)
            fail(objectives[0]["target"], "a second share of " + event + " (" + percent_text(value) +
                                              ", the first is " + percent_text(**share) + ')');
        *share = value;
    }

    milliseconds openslo_window(const YAML::Node& node, const std::string& key, std::string_view what) const {
        const std::string s = text(node, key, what);
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        const std::string_view unit{end, static_cast<std::size_t>(s.data() + s.size() - end)};
        const std::int64_t ms = unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : unit == "d" ? 86'400'000 : 0;
        if (ec != std::errc{} || n <= 0 || ms == 0 || n > slakit::longest_limit.count() / ms)
            fail(node[key],
                 std::string{what} + ": " + key + " must be a duration such as 5m, 1h or 3d, not \"" + s + '"');
        return milliseconds{n * ms};
    }

    void read_alert_policy(const YAML::Node& doc) {
        const YAML::Node conditions = need(need(doc, "spec", "an AlertPolicy"), "conditions", "an AlertPolicy");
        if (!conditions.IsSequence() || conditions.size() != 1)
            fail(conditions, "an AlertPolicy of slakit has exactly one condition");
        const std::string ref = text(conditions[0], "conditionRef", "a condition");
        const auto it = conditions_.find(ref);
        if (it == conditions_.end())
            fail(conditions[0], "no AlertCondition named \"" + ref + "\" before this AlertPolicy");
        const YAML::Node& c = it->second;
        slakit::alert_rule r;
        if (const YAML::Node display = need(doc, "metadata", "an AlertPolicy")["displayName"])
            r.name = display.Scalar();  // absent: a rule without a name
        const YAML::Node spec = need(c, "spec", "an AlertCondition");
        const std::string level = text(spec, "severity", "an AlertCondition");
        const auto parsed = slakit::try_parse<slakit::severity>(level);
        if (!parsed) fail(spec["severity"], "severity must be page or ticket, not \"" + level + '"');
        r.level = *parsed;
        const YAML::Node condition = need(spec, "condition", "an AlertCondition");
        if (text(condition, "kind", "a condition") != "burnrate")
            fail(condition["kind"], "slakit reads burnrate conditions only");
        if (text(condition, "op", "a condition") != "gte")
            fail(condition["op"], "a burnrate condition's op must be gte");
        r.threshold = number(condition, "threshold", "a condition");
        r.long_window = openslo_window(condition, "lookbackWindow", "a condition");
        r.short_window = openslo_window(condition, "alertAfter", "a condition");
        const auto count = [&](std::string_view key) {
            const std::string s = annotation(c, key, "an AlertCondition");
            std::uint64_t n = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec != std::errc{} || end != s.data() + s.size())
                fail(annotation_node(c, key), std::string{prefix} + std::string{key} + " must be a whole number");
            return n;
        };
        r.minimum_events = count("minimum-events");
        r.short_minimum_events = count("short-minimum-events");
        const auto window = [&](std::string_view key) {
            const std::string s = annotation(c, key, "an AlertCondition");
            try {
                return slakit::parse_duration(s);
            } catch (const slakit::parse_error& e) {
                fail(annotation_node(c, key), std::string{prefix} + std::string{key} + ": " + e.problem());
            }
        };
        if (window("short-window") != r.short_window)
            fail(annotation_node(c, "short-window"), "slakit.dev/short-window differs from alertAfter");
        if (annotation_node(c, "keep-firing")) r.keep_firing = window("keep-firing");
        try {
            slakit::check_rule(r);
        } catch (const std::invalid_argument& e) {
            fail(c, e.what());
        }
        rules_.push_back(std::move(r));
    }

    // A comma-separated annotation of the Service, as TOML lines "key = value".
    void pairs(std::string_view key, bool required) {
        const YAML::Node node = annotation_node(*service_, key);
        if (!node) {
            if (required)
                fail(*service_, "the Service has no " + std::string{prefix} + std::string{key} + " annotation");
            return;
        }
        const std::string all = node.IsScalar() ? node.Scalar() : std::string{};
        std::size_t start = 0;
        while (start <= all.size() && !all.empty()) {
            auto end = all.find(", ", start);
            if (end == std::string::npos) end = all.size();
            const std::string item = all.substr(start, end - start);
            const auto eq = item.rfind('=');
            if (eq == std::string::npos)
                fail(node, std::string{prefix} + std::string{key} + ": expected name=value, not \"" + item + '"');
            toml_.line(toml_string(item.substr(0, eq)) + " = " + toml_string(item.substr(eq + 1)), line_of(node));
            start = end + 2;
        }
    }

    // A list annotation as a TOML array of strings.
    std::string list(const YAML::Node& node) const {
        std::string out;
        const std::string all = node.IsScalar() ? node.Scalar() : std::string{};
        std::size_t start = 0;
        while (start < all.size()) {
            auto end = all.find(", ", start);
            if (end == std::string::npos) end = all.size();
            out += (out.empty() ? "" : ", ") + toml_string(all.substr(start, end - start));
            start = end + 2;
        }
        return '[' + out + ']';
    }

    // A calendar annotation, checked to hold calendar keys only (no [table] of its own).
    void calendar_block(const YAML::Node& node, std::string_view what) {
        const std::string all = node.IsScalar() ? node.Scalar() : std::string{};
        std::istringstream lines{all};
        std::string line;
        for (int n = 0; std::getline(lines, line); ++n) {
            if (line.starts_with('['))
                throw openslo_error(name_ + ':' + std::to_string(line_of(node) + 1 + n) + ": " + std::string{what} +
                                    ": a calendar holds keys (zone, hours, closed, hours_on), not a [table]");
            toml_.line(line, line_of(node) + 1 + n);
        }
    }

    void write_contract() {
        const YAML::Node& s = *service_;
        const auto required = [&](std::string_view key) {
            const YAML::Node node = annotation_node(s, key);
            if (!node) fail(s, "the Service has no " + std::string{prefix} + std::string{key} + " annotation");
            return node;
        };
        const YAML::Node priorities = required("priorities");
        toml_.line("priorities = " + list(priorities), line_of(priorities));
        if (const YAML::Node levels = annotation_node(s, "warning-levels"))
            toml_.line("warning_levels = " + list(levels), line_of(levels));
        if (const YAML::Node mode = annotation_node(s, "on-priority-change"))
            toml_.line("on_priority_change = " + toml_string(mode.Scalar()), line_of(mode));
        toml_.line("[calendar]", line_of(s));
        calendar_block(required("calendar"), "slakit.dev/calendar");
        toml_.line("[channels]", line_of(s));
        pairs("channels", true);
        if (const YAML::Node calendars = annotation_node(s, "channel-calendars")) {
            const std::string all = calendars.Scalar();
            std::istringstream lines{all};
            std::string line;
            for (int n = 0; std::getline(lines, line); ++n) {
                const int at = line_of(calendars) + 1 + n;
                if (line.starts_with('['))
                    line = "[channel_calendars." + line.substr(1);
                else if (n == 0)
                    throw openslo_error(name_ + ':' + std::to_string(at) +
                                        ": slakit.dev/channel-calendars: a calendar comes after its [\"channel\"]");
                toml_.line(line, at);
            }
        }
        if (annotation_node(s, "statuses")) {
            toml_.line("[statuses]", line_of(annotation_node(s, "statuses")));
            pairs("statuses", false);
        }
        for (const auto& r : targets_) {
            toml_.line("[[targets]]", r.channel.line);
            const auto part = [&](const located& p, std::string_view kind, std::string_view exact) {
                if (p.text == "any") return;
                const auto colon = p.text.find(':');
                const std::string head = p.text.substr(0, std::min(colon, p.text.size()));
                if (colon == std::string::npos || (head != kind && head != exact))
                    throw openslo_error(name_ + ':' + std::to_string(p.line) + ": slakit.dev/targets: \"" + p.text +
                                        "\" must be any, " + std::string{kind} + ":<name> or " + std::string{exact} +
                                        ":<name>");
                toml_.line(head + " = " + toml_string(p.text.substr(colon + 1)), p.line);
            };
            part(r.channel, "kind", "channel");
            part(r.priority, "at_least", "priority");
            toml_.line("next_reply_by = " + toml_string(r.next_reply_by.text), r.next_reply_by.line);
            for (const auto& field : threshold_fields) {
                const auto it = r.thresholds.find(std::string{field.key});
                if (it != r.thresholds.end()) toml_.line(it->second.text, it->second.line);
            }
            for (const auto& [k, lines] : r.aggregates) {
                toml_.line("[[targets.aggregates]]", lines.front().line);
                for (const auto& l : lines) toml_.line(l.text, l.line);
            }
        }
        if (const YAML::Node bands = annotation_node(s, "credit-bands")) {
            const std::string all = bands.Scalar();
            std::size_t start = 0;
            while (start < all.size()) {
                auto end = all.find(", ", start);
                if (end == std::string::npos) end = all.size();
                const std::string item = all.substr(start, end - start);
                const auto eq = item.find('=');
                if (eq == std::string::npos)
                    fail(bands, "slakit.dev/credit-bands: expected compliance=credit, not \"" + item + '"');
                toml_.line("[[credit_bands]]", line_of(bands));
                toml_.line("compliance = " + toml_string(item.substr(0, eq)), line_of(bands));
                toml_.line("credit = " + toml_string(item.substr(eq + 1)), line_of(bands));
                start = end + 2;
            }
        }
    }
};

}  // namespace

std::string export_openslo(const contract& terms, std::span<const slakit::alert_rule> rules, const std::string& service,
                           const export_options& options) {
    return exporter{terms, rules, service, options}.run();
}

std::string service_name_for(const std::string& path) {
    auto stem = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0) stem.resize(dot);
    return label(stem);
}

openslo_import import_openslo(const std::string& yaml, const std::string& name) { return importer{yaml, name}.run(); }

openslo_import load_openslo(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    if (!in) throw openslo_error(path + ": cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    return import_openslo(text.str(), path);
}

}  // namespace slakit::examples
