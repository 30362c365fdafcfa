// slakit/cell.hpp: one group's cell of a period report: counts by scope and status,
// the response times on the clocks its target asks for, hand-offs, and out-of-hours
// answers. Cells merge exactly and serialize.
//
// A cell counts, for its first-response target (docs/reports.md, "What a row counts"):
//   requests   = in scope + out of hours + excluded
//   in scope   = met + breached + pending + no threshold
// where "no threshold" counts in-scope requests whose target sets no per-request
// first-response threshold (their times still feed the averages). Pending requests
// are counted apart and feed no average. It also keeps the response times of
// answered in-scope requests (on the target's clock, and on the other clock too when
// an aggregate target of that target asks for it), hand-off statuses, and the
// wall-clock response times of out-of-hours requests (clause 2.3: reported apart).
// Added as timelines, it also keeps a metric_cell per metric of their SLA events
// (metric_cell.hpp).
#pragma once

#include <slakit/detail/arithmetic.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/metric_cell.hpp>
#include <slakit/policy.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/timeline_outcome.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace slakit::inline v0 {

template <class Duration = std::chrono::milliseconds, class Accuracy = std::ratio<1, 100>>
class report_cell {
public:
    using duration = Duration;
    using stats_type = response_stats<Duration, Accuracy>;
    using metric_cell_type = metric_cell<Duration, Accuracy>;
    using metric_cells_type = metric_cells<Duration, Accuracy>;

    // Response times on the wall clock only.
    report_cell() = default;

    // Response times on the clock of t's first-response threshold (else of its first
    // aggregate, else the wall clock), and on every clock its aggregates ask for.
    explicit report_cell(const target& t) noexcept {
        clock_ = clock_of(t);
        tracked_ = bit(clock_);
        for (const auto& a : t.aggregates) tracked_ = static_cast<std::uint8_t>(tracked_ | bit(a.clock));
    }

    template <class Channel, class Priority, class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_outcome<Channel, Priority, D>& o) noexcept {
        switch (o.scope) {
        case scope::in_hours:
            if (o.first_response.status)
                first_response_.add(scope::in_hours, *o.first_response.status);
            else
                ++no_threshold_;
            for (const auto c : {clock_kind::wall, clock_kind::business})
                if (tracks(c))
                    if (const auto t = o.response_time(c)) times_[index(c)].add(Duration{*t});
            break;
        case scope::out_of_hours:
            first_response_.add(scope::out_of_hours, status::met);
            if (o.wall_response) out_of_hours_times_.add(Duration{*o.wall_response});
            break;
        case scope::excluded: first_response_.add(scope::excluded, status::met); break;
        }
        // Clause 2.4 binds hand-offs decided in working hours (evaluate decides that),
        // whatever the request's own scope; an exclusion covers the whole request.
        if (o.scope != scope::excluded && o.handoff.status) handoff_.add(scope::in_hours, *o.handoff.status);
    }

    // A timeline's request as add(o.record) counts it, and each of its SLA events in
    // its metric's cell; the request's reopens go with its resolution event.
    template <class Channel, class Priority, class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_timeline_outcome<Channel, Priority, D>& o) {
        add(o.record);
        for (const auto& e : o.events)
            metrics_.add(e, o.record.scope, e.metric == slakit::metric::resolution ? o.reopens : 0);
    }

    // Exact. Throws std::invalid_argument for a cell that keeps other clocks
    // (built from another target).
    void merge(const report_cell& other) {
        if (!same_layout(other))
            throw std::invalid_argument("report_cell::merge: the cells keep response times on different clocks");
        first_response_.merge(other.first_response_);
        no_threshold_ += other.no_threshold_;
        handoff_.merge(other.handoff_);
        for (std::size_t i = 0; i < times_.size(); ++i) times_[i].merge(other.times_[i]);
        out_of_hours_times_.merge(other.out_of_hours_times_);
        metrics_.merge(other.metrics_);
    }

    [[nodiscard]] bool same_layout(const report_cell& other) const noexcept {
        return clock_ == other.clock_ && tracked_ == other.tracked_;
    }

    // --- counts -----------------------------------------------------------
    [[nodiscard]] std::uint64_t requests() const noexcept { return first_response_.total() + no_threshold_; }
    [[nodiscard]] std::uint64_t in_scope() const noexcept { return met() + breached() + pending() + no_threshold(); }
    [[nodiscard]] std::uint64_t out_of_hours() const noexcept { return first_response_.out_of_hours(); }
    [[nodiscard]] std::uint64_t excluded() const noexcept { return first_response_.excluded(); }
    [[nodiscard]] std::uint64_t met() const noexcept { return first_response_.met(); }
    [[nodiscard]] std::uint64_t breached() const noexcept { return first_response_.breached(); }
    [[nodiscard]] std::uint64_t pending() const noexcept { return first_response_.pending(); }
    // In scope, but the target sets no per-request first-response threshold.
    [[nodiscard]] std::uint64_t no_threshold() const noexcept { return no_threshold_; }

    // First-response statuses by scope (in hours: met, breached, pending).
    [[nodiscard]] const compliance_counters& first_response() const noexcept { return first_response_; }
    // met / (met + breached); absent while nothing is decided.
    [[nodiscard]] std::optional<double> compliance() const noexcept { return first_response_.rate(); }
    // Hand-off statuses (all counted as in hours: out_of_hours() and excluded() are 0).
    [[nodiscard]] const compliance_counters& handoff() const noexcept { return handoff_; }

    // --- times ------------------------------------------------------------
    // The clock of the first-response target.
    [[nodiscard]] clock_kind clock() const noexcept { return clock_; }
    [[nodiscard]] bool tracks(clock_kind c) const noexcept { return (tracked_ & bit(c)) != 0; }
    // Answered in-scope requests, on clock().
    [[nodiscard]] const stats_type& response_times() const noexcept { return times_[index(clock_)]; }
    // On clock c, or nullptr when the cell does not keep that clock.
    [[nodiscard]] const stats_type* response_times(clock_kind c) const noexcept {
        return tracks(c) ? &times_[index(c)] : nullptr;
    }
    // Answered out-of-hours requests, on the wall clock: how fast the automatic answer came.
    [[nodiscard]] const stats_type& out_of_hours_times() const noexcept { return out_of_hours_times_; }

    // --- timeline metrics ---------------------------------------------------
    // The cell of metric m's SLA events, or nullptr when none was added.
    [[nodiscard]] const metric_cell_type* metric(slakit::metric m) const noexcept { return metrics_.find(m); }
    // Every metric's cell that occurred, in the enum's order.
    [[nodiscard]] const metric_cells_type& metrics() const noexcept { return metrics_; }

    // Memory held: the object, its sketches' heaps and its metric cells.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes = sizeof(*this) - sizeof(metrics_) + metrics_.memory_bytes();
        for (const auto* s : {&times_[0], &times_[1], &out_of_hours_times_}) bytes += s->memory_bytes() - sizeof(*s);
        return bytes;
    }

    friend bool operator==(const report_cell&, const report_cell&) = default;

    // Layout, little-endian: "slrc", u8 version, u8 clock, u8 clocks kept (bit 0
    // wall, bit 1 business), the first-response compliance_counters, u64 no
    // threshold, the hand-off compliance_counters, the response_stats of each clock
    // kept (wall first), the out-of-hours response_stats, then the metric cells (u8
    // count, each metric_cell, metrics ascending); each nested blob is preceded by
    // its u32 length. Version 2 added the metric cells.
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        std::vector<std::byte> out;
        detail::put_header(out, magic, version);
        detail::put_le(out, static_cast<std::uint64_t>(clock_), 1);
        detail::put_le(out, tracked_, 1);
        detail::put_blob(out, first_response_.to_bytes());
        detail::put_le(out, no_threshold_, 8);
        detail::put_blob(out, handoff_.to_bytes());
        for (const auto c : {clock_kind::wall, clock_kind::business})
            if (tracks(c)) detail::put_blob(out, times_[index(c)].to_bytes());
        detail::put_blob(out, out_of_hours_times_.to_bytes());
        metrics_.write(out);
        return out;
    }

    // Throws corrupt_state on anything to_bytes() cannot have written.
    [[nodiscard]] static report_cell from_bytes(std::span<const std::byte> bytes) {
        detail::byte_reader in(bytes, "report_cell");
        in.expect_header(magic, version);
        report_cell c;
        const auto clock = in.unsigned_le(1, "clock");
        const auto tracked = in.unsigned_le(1, "clocks kept");
        if (clock > 1) in.fail("unknown clock " + std::to_string(clock));
        c.clock_ = static_cast<clock_kind>(clock);
        if (tracked == 0 || tracked > 3 || (tracked & bit(c.clock_)) == 0)
            in.fail("clocks kept " + std::to_string(tracked) + " do not include the cell's clock");
        c.tracked_ = static_cast<std::uint8_t>(tracked);
        c.first_response_ = compliance_counters::from_bytes(in.blob("first-response counters"));
        c.no_threshold_ = in.unsigned_le(8, "no threshold");
        c.handoff_ = compliance_counters::from_bytes(in.blob("hand-off counters"));
        for (const auto k : {clock_kind::wall, clock_kind::business})
            if (c.tracks(k)) c.times_[index(k)] = stats_type::from_bytes(in.blob("response times"));
        c.out_of_hours_times_ = stats_type::from_bytes(in.blob("out-of-hours response times"));
        c.metrics_ = metric_cells_type::read(in);
        in.expect_end();

        if (c.no_threshold_ > std::numeric_limits<std::uint64_t>::max() - c.first_response_.total())
            in.fail("counts add up past 2^64");
        if (c.handoff_.out_of_hours() != 0 || c.handoff_.excluded() != 0)
            in.fail("hand-offs counted out of hours or excluded");
        const auto answerable = static_cast<detail::uint128>(c.met()) + c.breached() + c.no_threshold_;
        for (const auto& t : c.times_)
            if (t.count() > answerable) in.fail("more response times than met, breached and unthresholded requests");
        if (c.out_of_hours_times_.count() > c.out_of_hours())
            in.fail("more out-of-hours response times than out-of-hours requests");
        return c;
    }

private:
    static constexpr char magic[5] = "slrc";
    static constexpr std::uint64_t version = 2;

    static constexpr std::uint8_t bit(clock_kind c) noexcept { return c == clock_kind::wall ? 1 : 2; }
    static constexpr std::size_t index(clock_kind c) noexcept { return c == clock_kind::wall ? 0 : 1; }

    clock_kind clock_ = clock_kind::wall;
    std::uint8_t tracked_ = 1;
    compliance_counters first_response_;
    std::uint64_t no_threshold_ = 0;
    compliance_counters handoff_;
    std::array<stats_type, 2> times_{};  // wall, business
    stats_type out_of_hours_times_;
    metric_cells_type metrics_;
};

}  // namespace slakit::inline v0
