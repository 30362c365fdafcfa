// slakit/report.hpp: the periodic report of clause 3.3, built one outcome at a time.
//
//   slakit::basic_report<slakit::channel, slakit::priority> report{policy, slakit::reporting_period::month};
//   report.add(slakit::evaluate(policy, request, as_of));   // per request
//   report.add_outage(down_from, down_until);                 // system outages, may overlap
//   other_shard.merge(report);                                // exact, in any order
//   auto blob = report.to_bytes();                            // store, ship, merge later
//   for (const auto& v : report.verdicts(march)) use(v.text());  // "real-time mean 48.2 s <= 60 s: met"
//
// Groups: one cell per (period, channel, priority), the period being the day, ISO
// week (Monday first) or month of the outcome's submitted_local, which is the local
// time in the channel calendar's zone (the contract's rule: a request belongs to the
// period of its submission, in the calendar's own zone). Channel and Priority need ==
// and < (a strict weak order, consistent with ==): enums and std::string qualify.
// Each group's report_cell (cell.hpp) takes an outcome's status as evaluate() gave it
// at its as_of: outcomes evaluated after a request's threshold has passed count it
// as breached.
//
// Availability uses the policy's default calendar: period bounds are its local
// midnights; working time is its elapsed() over the period.
#pragma once

#include <slakit/availability.hpp>
#include <slakit/budget.hpp>
#include <slakit/calendar.hpp>
#include <slakit/cell.hpp>
#include <slakit/credit.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/detail/report_bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/group.hpp>
#include <slakit/key_codec.hpp>
#include <slakit/period.hpp>
#include <slakit/policy.hpp>
#include <slakit/time.hpp>
#include <slakit/timeline_outcome.hpp>
#include <slakit/verdict.hpp>
#include <slakit/zone.hpp>

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

template <class Channel, class Priority, class Duration = std::chrono::milliseconds,
          class Accuracy = std::ratio<1, 100>, zone_pointer ZonePtr = zone_handle, class Dimensions = no_dimensions>
class basic_report {
    static_assert(report_key<Channel> && report_key<Priority> && report_key<Dimensions>,
                  "basic_report: Channel, Priority and Dimensions need == and < (a strict weak order), as enums and "
                  "std::string have");
    static_assert(std::is_default_constructible_v<Dimensions>,
                  "basic_report: Dimensions must be default-constructible (add(outcome) adds with Dimensions{})");
    static_assert(std::is_convertible_v<std::chrono::milliseconds, Duration>,
                  "basic_report: Duration must hold milliseconds exactly, as outcomes do");

public:
    using channel_type = Channel;
    using priority_type = Priority;
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;
    using policy_type = basic_policy<Channel, Priority, ZonePtr>;
    using cell_type = report_cell<Duration, Accuracy>;
    using stats_type = typename cell_type::stats_type;
    using dimensions_type = Dimensions;
    using key_type = group_key<Channel, Priority, Dimensions>;
    using order_type = group_order<Channel, Priority, Dimensions>;
    using group_map = std::map<key_type, cell_type, order_type>;
    using outage_type = outage<Duration>;
    using availability_type = period_availability<Duration>;
    using verdict_type = aggregate_verdict<Duration>;

    // Totals over every group of a period.
    struct totals {
        compliance_counters first_response;
        std::uint64_t no_threshold = 0;
        compliance_counters handoff;
        // Answered in-scope requests, each on its group's clock (cell.clock()): with
        // targets on both clocks, a mix of wall and business times.
        stats_type response_times;
        stats_type out_of_hours_times;
        typename cell_type::metric_cells_type metrics;  // the timeline metrics of every group, merged

        [[nodiscard]] const typename cell_type::metric_cell_type* metric(slakit::metric m) const noexcept {
            return metrics.find(m);
        }
        [[nodiscard]] std::uint64_t requests() const noexcept { return first_response.total() + no_threshold; }
        // Submitted in working hours and not excluded: met + breached + pending + no threshold.
        [[nodiscard]] std::uint64_t in_scope() const noexcept {
            return first_response.met() + first_response.breached() + first_response.pending() + no_threshold;
        }

        void add(const cell_type& c) {
            first_response.merge(c.first_response());
            no_threshold += c.no_threshold();
            handoff.merge(c.handoff());
            response_times.merge(c.response_times());
            out_of_hours_times.merge(c.out_of_hours_times());
            metrics.merge(c.metrics());
        }
    };

    // The report keeps a copy of the policy: its targets, matching and calendar.
    basic_report(policy_type policy, reporting_period by) : policy_(std::move(policy)), by_(by) {}

    [[nodiscard]] const policy_type& policy() const noexcept { return policy_; }
    [[nodiscard]] reporting_period by() const noexcept { return by_; }

    // Counts one evaluated request in the group of its period, channel and priority.
    // The outcome must come from evaluate() with this report's policy: the first
    // outcome of a group is checked (std::invalid_argument when the policy's target
    // for its channel and priority is not the one it was evaluated against).
    template <class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_outcome<Channel, Priority, D>& o) { cell_for(o, Dimensions{}).add(o); }

    // The same in the group of the host's dimension values `d` (team, agent, ...):
    // throws dimension_limit, and adds nothing, when d would be one distinct value
    // more than limit_dimensions allows.
    template <class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_outcome<Channel, Priority, D>& o, const Dimensions& d) { cell_for(o, d).add(o); }

    // Counts a timeline's request as add(o.record) does, in the group of its
    // submission, and its SLA events in that group's metric cells (cell.metric(m)).
    template <class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_timeline_outcome<Channel, Priority, D>& o) { cell_for(o.record, Dimensions{}).add(o); }
    template <class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_timeline_outcome<Channel, Priority, D>& o, const Dimensions& d) {
        cell_for(o.record, d).add(o);
    }

    // Bounds memory: at most n distinct dimension values over the report's periods
    // (Dimensions{} counts as one; each value holds at most one cell per period,
    // channel and priority). add() and merge() throw dimension_limit, and change
    // nothing, past it. Unlimited by default; throws dimension_limit when the report
    // already holds more than n. Configuration: not serialized.
    void limit_dimensions(std::size_t n) {
        if (values_.size() > n) throw dimension_limit{n, values_.size()};
        limit_ = n;
    }
    [[nodiscard]] std::optional<std::size_t> dimensions_limit() const noexcept {
        if (limit_ == unlimited) return std::nullopt;
        return limit_;
    }

    // Records an outage [begin, end); overlapping and touching outages merge.
    // Throws std::invalid_argument when end < begin or either lies outside the
    // supported range [1900-01-01, 2200-01-01].
    template <class D1, class D2>
    requires std::is_convertible_v<D1, Duration> && std::is_convertible_v<D2, Duration>
    void add_outage(std::chrono::sys_time<D1> begin, std::chrono::sys_time<D2> end) {
        if (end < begin) throw std::invalid_argument("add_outage: the outage ends before it begins");
        if (begin < earliest_instant || end > latest_instant)
            throw std::invalid_argument(
                "add_outage: the outage lies outside the supported range [1900-01-01, 2200-01-01]");
        if (begin == end) return;
        insert_outage(outage_type{time_point{begin}, time_point{end}});
    }

    // Sorted, disjoint and not touching.
    [[nodiscard]] const std::vector<outage_type>& outages() const noexcept { return outages_; }

    void set_credit_bands(credit_bands bands) { credits_ = std::move(bands); }
    [[nodiscard]] const credit_bands& credits() const noexcept { return credits_; }

    // Exact: counts and sums add, sketches merge, outages unite, so shards merged in
    // any order equal the single stream. Both reports must be built on the same
    // policy (only the cells' layouts are checked) and period; otherwise
    // std::invalid_argument, and this report is left as it was. The credit bands
    // stay this report's.
    void merge(const basic_report& other) {
        if (&other == this) {
            const basic_report copy = other;
            merge(copy);
            return;
        }
        if (other.by_ != by_)
            throw std::invalid_argument(std::string{"basic_report::merge: a report by "} +
                                        std::string{to_string(other.by_)} + " into one by " +
                                        std::string{to_string(by_)});
        for (const auto& [key, cell] : other.groups_) {
            const auto it = groups_.find(key);
            if (it != groups_.end() && !it->second.same_layout(cell))
                throw std::invalid_argument("basic_report::merge: the reports were built on different policies");
        }
        if (limit_ != unlimited) {
            std::size_t fresh = 0;
            for (const auto& entry : other.values_) fresh += values_.count(entry.first) == 0 ? 1U : 0U;
            if (values_.size() + fresh > limit_) throw dimension_limit{limit_, values_.size() + fresh};
        }
        for (const auto& [key, cell] : other.groups_) {
            const auto [it, inserted] = groups_.try_emplace(key, cell);
            if (inserted)
                ++values_[key.dimensions];
            else
                it->second.merge(cell);
        }
        for (const auto& o : other.outages_) insert_outage(o);
    }

    // --- reading ----------------------------------------------------------

    [[nodiscard]] const group_map& groups() const noexcept { return groups_; }
    [[nodiscard]] bool empty() const noexcept { return groups_.empty(); }

    // The cell of a group, or nullptr. day may be any date of the period.
    [[nodiscard]] const cell_type* find(date::local_days day, const Channel& c, const Priority& p,
                                        const Dimensions& d = Dimensions{}) const {
        const auto it = groups_.find(typename order_type::probe{period_start(day, by_), c, p, d});
        return it == groups_.end() ? nullptr : &it->second;
    }

    // The distinct dimension values of the report, ascending, or of one period.
    [[nodiscard]] std::vector<Dimensions> dimensions() const {
        std::vector<Dimensions> out;
        out.reserve(values_.size());
        for (const auto& entry : values_) out.push_back(entry.first);
        return out;
    }
    [[nodiscard]] std::vector<Dimensions> dimensions(date::local_days day) const {
        std::vector<Dimensions> out;
        for_period(day, [&](const key_type& key, const cell_type&) {
            if (out.empty() || !(out.back() == key.dimensions)) out.push_back(key.dimensions);
        });
        return out;
    }

    // The first dates of the periods holding a group, ascending.
    [[nodiscard]] std::vector<date::local_days> periods() const {
        std::vector<date::local_days> out;
        for (const auto& entry : groups_)
            if (out.empty() || out.back() != entry.first.period) out.push_back(entry.first.period);
        return out;
    }

    [[nodiscard]] totals total(date::local_days day) const {
        return total_if(day, [](const key_type&) { return true; });
    }

    // Totals over one dimension value's groups of a period: the breakdown by the
    // host's dimensions instead of channel and priority.
    [[nodiscard]] totals total(date::local_days day, const Dimensions& d) const {
        return total_if(day, [&](const key_type& key) { return key.dimensions == d; });
    }

    // The breakdown of a period by dimension value, ascending: total(day, d) for each
    // of dimensions(day), in one pass over the period's groups.
    [[nodiscard]] std::vector<std::pair<Dimensions, totals>> breakdown(date::local_days day) const {
        std::vector<std::pair<Dimensions, totals>> out;
        for_period(day, [&](const key_type& key, const cell_type& c) {
            if (out.empty() || !(out.back().first == key.dimensions)) out.emplace_back(key.dimensions, totals{});
            out.back().second.add(c);
        });
        return out;
    }

    // Folded: the `keep` dimension values with the most requests over the whole
    // report keep their groups (ties: the smaller value); every other value's groups
    // merge into `other`'s (and into a kept value's, when other is one). Exact: the
    // cells merge. keep = 0 folds everything into other. The limit is not carried.
    [[nodiscard]] basic_report folded(std::size_t keep, const Dimensions& other) const {
        std::map<Dimensions, std::uint64_t, std::less<>> requests;  // ascending values
        for (const auto& [key, cell] : groups_) requests[key.dimensions] += cell.requests();
        std::vector<std::pair<std::uint64_t, const Dimensions*>> volume;
        for (const auto& [value, n] : requests) volume.emplace_back(n, &value);
        std::stable_sort(volume.begin(), volume.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        std::map<Dimensions, bool, std::less<>> kept;
        for (std::size_t i = 0; i < volume.size(); ++i) kept.emplace(*volume[i].second, i < keep);
        basic_report out{policy_, by_};
        out.outages_ = outages_;
        out.credits_ = credits_;
        for (const auto& [key, cell] : groups_) {
            key_type k = key;
            if (!kept.find(key.dimensions)->second) k.dimensions = other;
            const auto [it, inserted] = out.groups_.try_emplace(std::move(k), cell);
            if (inserted)
                ++out.values_[it->first.dimensions];
            else
                it->second.merge(cell);
        }
        return out;
    }

    // The period's first-response compliance: met / (met + breached) over every
    // in-scope request with a per-request threshold; absent when none is decided.
    [[nodiscard]] std::optional<double> compliance(date::local_days day) const {
        return total(day).first_response.rate();
    }

    // The service credit of the period's compliance; absent without bands or
    // without a decided request.
    [[nodiscard]] std::optional<double> credit(date::local_days day) const {
        if (credits_.empty()) return std::nullopt;
        const auto rate = compliance(day);
        if (!rate) return std::nullopt;
        return credits_.credit_for(*rate);
    }

    // The period's bounds: the first instants its first and next local dates begin
    // in the default calendar's zone (a midnight a DST gap skips starts when the gap ends).
    [[nodiscard]] std::pair<time_point, time_point> bounds(date::local_days day) const {
        const auto start = period_start(day, by_);
        const auto& zone = policy_.calendar().zone();
        return {time_point{first_instant_showing(zone, date::local_seconds{start})},
                time_point{first_instant_showing(zone, date::local_seconds{period_end(start, by_)})}};
    }

    // Outage time in the period, over all hours and within the default calendar's
    // working hours.
    [[nodiscard]] availability_type availability(date::local_days day) const {
        const auto& cal = policy_.calendar();
        availability_type a;
        a.period = period_start(day, by_);
        std::tie(a.begin, a.end) = bounds(day);
        a.working = Duration{cal.elapsed(a.begin, a.end)};
        auto it = std::lower_bound(outages_.begin(), outages_.end(), a.begin,
                                   [](const outage_type& o, time_point t) { return o.end <= t; });
        for (; it != outages_.end() && it->begin < a.end; ++it) {
            const auto from = std::max(it->begin, a.begin), to = std::min(it->end, a.end);
            a.down += to - from;
            a.working_down += Duration{cal.elapsed(from, to)};
        }
        return a;
    }

    // One verdict per aggregate target of the policy, in the policy's order: each on
    // the groups of the period whose applicable target (the policy's own matching,
    // the most specific key) holds it, merged.
    [[nodiscard]] std::vector<verdict_type> verdicts(date::local_days day) const {
        return verdicts_if(day, [](const key_type&) { return true; });
    }
    // The same on one dimension value's groups (a team's own verdicts).
    [[nodiscard]] std::vector<verdict_type> verdicts(date::local_days day, const Dimensions& d) const {
        return verdicts_if(day, [&](const key_type& key) { return key.dimensions == d; });
    }

    // --- serialization ----------------------------------------------------

    // Layout, little-endian: "slpr", u8 version, u8 period (0 day, 1 week, 2 month),
    // u64 tick numerator and denominator, u64 group count, per group (ascending):
    // i32 first day of the period (days since 1970-01-01), the dimensions', the
    // channel's and the priority's key_codec text (u32 length, bytes; empty for
    // no_dimensions), the report_cell (u32 length, bytes); then u64 outage count and
    // per outage i64 begin and end ticks.
    // The policy and the credit bands are configuration: not stored.
    [[nodiscard]] std::vector<std::byte> to_bytes() const requires serializable_key<Channel> &&
        serializable_key<Priority> && serializable_key<Dimensions> {
        return detail::report_bytes<basic_report>::write(*this);
    }

    // Throws corrupt_state on anything to_bytes() cannot have written with this
    // policy: bad framing, keys out of order or not a period start, a key the
    // codec refuses or the policy has no target for, a cell laid out for another
    // target, outages out of order or overlapping.
    [[nodiscard]] static basic_report from_bytes(std::span<const std::byte> bytes, policy_type rules) requires
        serializable_key<Channel> && serializable_key<Priority> && serializable_key<Dimensions> {
        return detail::report_bytes<basic_report>::read(bytes, std::move(rules));
    }

private:
    friend struct detail::report_bytes<basic_report>;  // the encoding, apart

    template <class D>
    cell_type& cell_for(const basic_outcome<Channel, Priority, D>& o, const Dimensions& d) {
        // Calendar arithmetic costs more than the rest of add(): skip it while the
        // stream stays in one period.
        const date::local_time<Duration> local{o.submitted_local};
        if (!(period_from_ <= local && local < period_until_)) {
            period_ = period_start(date::floor<date::days>(local), by_);
            period_from_ = date::local_time<Duration>{period_};
            period_until_ = date::local_time<Duration>{period_end(period_, by_)};
        }
        auto it = groups_.find(typename order_type::probe{period_, o.channel, o.priority, d});
        if (it == groups_.end()) {
            const auto* e = policy_.find(o.channel, o.priority);
            if (e == nullptr || !(e->key == o.matched))
                throw std::invalid_argument(
                    "basic_report::add: the outcome was evaluated against another policy (its target is not this "
                    "report's)");
            const auto value = values_.find(d);
            if (value == values_.end() && values_.size() >= limit_) throw dimension_limit{limit_, values_.size() + 1};
            it = groups_.emplace(key_type{period_, o.channel, o.priority, d}, cell_type{e->target}).first;
            if (value == values_.end())
                values_.emplace(d, 1);
            else
                ++value->second;
        }
        return it->second;
    }

    template <class Keep>
    [[nodiscard]] std::vector<verdict_type> verdicts_if(date::local_days day, Keep&& keep) const {
        const auto& entries = policy_.targets();
        std::vector<std::optional<cell_type>> merged(entries.size());
        for_period(day, [&](const key_type& key, const cell_type& cell) {
            if (!keep(key)) return;
            const auto* e = policy_.find(key.channel, key.priority);
            if (e == nullptr) return;  // add() never lets one in
            auto& m = merged[static_cast<std::size_t>(e - entries.data())];
            if (m)
                m->merge(cell);
            else
                m = cell;
        });
        std::vector<verdict_type> out;
        for (std::size_t i = 0; i < entries.size(); ++i)
            for (const auto& a : entries[i].target.aggregates)
                out.push_back(detail::judge(period_start(day, by_), target_label(entries[i].key), a,
                                            merged[i] ? &*merged[i] : nullptr));
        return out;
    }

    template <class Keep>
    [[nodiscard]] totals total_if(date::local_days day, Keep&& keep) const {
        totals t;
        for_period(day, [&](const key_type& key, const cell_type& c) {
            if (keep(key)) t.add(c);
        });
        return t;
    }

    template <class F>
    void for_period(date::local_days day, F&& f) const {
        const auto start = period_start(day, by_);
        for (auto it = groups_.lower_bound(typename order_type::period_probe{start});
             it != groups_.end() && it->first.period == start; ++it)
            f(it->first, it->second);
    }

    void insert_outage(outage_type o) {
        // The first outage that ends at or after o begins: it and the following ones
        // that start by o's end merge into o.
        auto first = std::lower_bound(outages_.begin(), outages_.end(), o.begin,
                                      [](const outage_type& x, time_point t) { return x.end < t; });
        auto last = first;
        for (; last != outages_.end() && last->begin <= o.end; ++last) {
            o.begin = std::min(o.begin, last->begin);
            o.end = std::max(o.end, last->end);
        }
        outages_.insert(outages_.erase(first, last), o);
    }

    policy_type policy_;
    reporting_period by_;
    group_map groups_;
    // The period of the last add(), [from, until) on the local time line.
    date::local_days period_{};
    date::local_time<Duration> period_from_{Duration::max()};
    date::local_time<Duration> period_until_{Duration::min()};
    std::vector<outage_type> outages_;
    credit_bands credits_;
    // The distinct dimension values and how many groups each has.
    std::map<Dimensions, std::size_t, std::less<>> values_;
    static constexpr std::size_t unlimited = static_cast<std::size_t>(-1);
    std::size_t limit_ = unlimited;
};

// The seed contract's report: the seed channels and priorities, milliseconds.
using report = basic_report<channel, priority>;

}  // namespace slakit::inline v0
