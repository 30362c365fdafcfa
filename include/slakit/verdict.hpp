// slakit/verdict.hpp: verdicts on aggregate targets (mean, quantile, compliance), as
// a period report gives them, with their text: "real-time mean 48.2 s <= 60 s: met".
#pragma once

#include <slakit/budget.hpp>
#include <slakit/cell.hpp>
#include <slakit/detail/arithmetic.hpp>
#include <slakit/policy.hpp>
#include <slakit/text.hpp>

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace slakit::inline v0 {

namespace detail {

// A host value's name, or fallback when it has none (detail::name_of in error.hpp).
template <class T>
[[nodiscard]] std::string name_or(const T& value, const char* fallback) {
    std::string name = name_of(value);
    return name.empty() ? std::string{fallback} : name;
}

}  // namespace detail

// A target key in words: "real-time", "email", "all channels high and above".
template <class Channel, class Priority>
[[nodiscard]] std::string target_label(const target_key<Channel, Priority>& key) {
    std::string text;
    switch (key.channel.by()) {
    case match_by::exact: text = detail::name_or(*key.channel.channel(), "channel"); break;
    case match_by::kind: text = key.channel.kind() == channel_kind::real_time ? "real-time" : "asynchronous"; break;
    default: text = "all channels"; break;
    }
    switch (key.priority.by()) {
    case match_by::exact: text += ' ' + detail::name_or(*key.priority.priority(), "priority"); break;
    case match_by::at_least: text += ' ' + detail::name_or(*key.priority.priority(), "priority") + " and above"; break;
    default: break;
    }
    return text;
}

template <class Duration = std::chrono::milliseconds>
struct aggregate_verdict {
    date::local_days period{};  // its first local date
    std::string label;  // the target's key in words: "real-time", "email urgent"
    aggregate_target target;  // what was asked
    // Answered in-scope requests (mean, quantile) or decided ones (compliance).
    std::uint64_t count = 0;
    std::optional<Duration> value{};  // the mean (rounded to the tick) or the quantile
    std::optional<double> share{};  // the compliance reached
    std::optional<bool> met{};  // absent: no data in the period
    std::optional<Duration> time_left{};  // mean: limit * count - sum
    std::optional<compliance_budget> budget{};  // compliance: breaches left and burn rate

    // "real-time mean 48.2 s <= 60 s: met", "email compliance 93.10 % < 95 %: not
    // met", "real-time mean: no data"; prefixed by the target's name when it has one.
    [[nodiscard]] std::string text() const {
        std::string s = target.name.empty() ? std::string{} : target.name + ": ";
        s += label + ' ' + measure();
        if (!met) return s + ": no data";
        if (target.measure == statistic::compliance) {
            s += ' ' + percent_floor(share.value_or(0.0)) + (*met ? " >= " : " < ") + percent_setting(target.share);
        } else {
            s += ' ' + duration_text(value.value_or(Duration{})) + (*met ? " <= " : " > ") +
                 exact_duration_text(target.limit);
        }
        return s + (*met ? ": met" : ": not met");
    }

    friend bool operator==(const aggregate_verdict&, const aggregate_verdict&) = default;

private:
    [[nodiscard]] std::string measure() const {
        switch (target.measure) {
        case statistic::mean: return "mean";
        case statistic::compliance: return "compliance";
        case statistic::quantile: break;
        }
        std::string p = percent_setting(target.quantile);
        return 'p' + p.substr(0, p.size() - 2);  // "p95", "p99.9"
    }
};

namespace detail {

// The verdict of one target on the merged cell of the groups it applies to, or
// "no data" without a cell.
template <class Duration, class Accuracy>
[[nodiscard]] aggregate_verdict<Duration> judge(date::local_days period, std::string label, const aggregate_target& a,
                                                const report_cell<Duration, Accuracy>* cell) {
    aggregate_verdict<Duration> v{period, std::move(label), a};
    if (cell == nullptr) return v;
    const Duration limit{a.limit};
    if (a.measure == statistic::compliance) {
        const auto& c = cell->first_response();
        v.count = c.met() + c.breached();
        v.budget = breach_budget(c, a.share);
        if (v.count == 0) return v;
        v.share = c.rate();
        v.met = a.is_met_by(*v.share);
        return v;
    }
    const auto* times = cell->response_times(a.clock);
    if (times == nullptr || times->empty()) {
        v.count = 0;
        return v;
    }
    v.count = times->count();
    if (a.measure == statistic::mean) {
        // Exactly: sum <= limit * count, not the rounded mean against the limit.
        const auto left = static_cast<int128>(limit.count()) * static_cast<int128>(times->count()) - exact_sum(*times);
        v.value = times->mean();
        v.time_left = saturated<Duration>(left);
        v.met = left >= 0;
    } else {
        v.value = times->quantile(a.quantile);
        v.met = a.is_met_by(*v.value);
    }
    return v;
}

}  // namespace detail

}  // namespace slakit::inline v0
