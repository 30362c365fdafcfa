// slakit/metric_cell.hpp: one metric's SLA events in one group of a period report
// (docs/reports.md, "Timeline metrics"): counts by scope and status, compliance,
// running and paused times, reopens. Cells merge exactly and serialize.
//
//   slakit::metric_cell<> resolution{slakit::metric::resolution};
//   for (const auto& e : o.events)                        // o = evaluate(policy, timeline, as_of)
//       if (e.metric == slakit::metric::resolution) resolution.add(e, o.record.scope, o.reopens);
//   resolution.compliance();                              // met / (met + breached)
//   resolution.running_times().quantile(0.9);             // fulfilled in-scope events
//
// A cell counts, per SLA event (one per request, or per cycle for next_reply and
// periodic_update), by the request's scope as report_cell does:
//   events   = in scope + out of hours + excluded
//   in scope = met + breached + pending,   paused <= pending
// Running and paused times are kept for the fulfilled in-scope events (met, or
// fulfilled late), on the clock of the limit that applied; unfulfilled breaches
// count in the compliance but feed no time, as in report_cell.
#pragma once

#include <slakit/detail/arithmetic.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/target.hpp>

#include <algorithm>
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
class metric_cell {
public:
    using duration = Duration;
    using stats_type = response_stats<Duration, Accuracy>;

    explicit metric_cell(slakit::metric m = metric::first_response) noexcept : metric_(m) {}

    // Counts one SLA event of this cell's metric (std::invalid_argument for another
    // metric). where is the request's scope (its outcome's record.scope). reopens
    // is the request's count of reopens: pass it with one event per request (the
    // report passes it with the resolution event) so that each request counts once.
    template <class Channel, class Priority, class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_sla_event<Channel, Priority, D>& e, scope where, std::size_t reopens = 0) {
        if (e.metric != metric_)
            throw std::invalid_argument(std::string{"metric_cell::add: a "} + std::string{to_string(e.metric)} +
                                        " event into the " + std::string{to_string(metric_)} + " cell");
        statuses_.add(where, e.status);
        if (where != scope::in_hours) return;
        if (e.status == status::pending && e.paused_now) ++paused_;
        if (reopens > 0) {
            ++reopened_;
            reopens_ += reopens;
        }
        if (!e.fulfilled()) return;
        const auto i = index(e.limit.clock);
        times_[i].add(Duration{e.running});
        paused_time_[i] += static_cast<std::uint64_t>(std::max<typename Duration::rep>(Duration{e.paused}.count(), 0));
    }

    // Exact. Throws std::invalid_argument for a cell of another metric.
    void merge(const metric_cell& other) {
        if (other.metric_ != metric_)
            throw std::invalid_argument(std::string{"metric_cell::merge: a "} + std::string{to_string(other.metric_)} +
                                        " cell into the " + std::string{to_string(metric_)} + " cell");
        statuses_.merge(other.statuses_);
        paused_ += other.paused_;
        reopened_ += other.reopened_;
        reopens_ += other.reopens_;
        for (std::size_t i = 0; i < times_.size(); ++i) {
            times_[i].merge(other.times_[i]);
            paused_time_[i] += other.paused_time_[i];
        }
    }

    [[nodiscard]] slakit::metric metric() const noexcept { return metric_; }

    // --- counts -----------------------------------------------------------
    // Every event added, whatever its request's scope.
    [[nodiscard]] std::uint64_t events() const noexcept { return statuses_.total(); }
    [[nodiscard]] std::uint64_t in_scope() const noexcept { return met() + breached() + pending(); }
    [[nodiscard]] std::uint64_t out_of_hours() const noexcept { return statuses_.out_of_hours(); }
    [[nodiscard]] std::uint64_t excluded() const noexcept { return statuses_.excluded(); }
    [[nodiscard]] std::uint64_t met() const noexcept { return statuses_.met(); }
    [[nodiscard]] std::uint64_t breached() const noexcept { return statuses_.breached(); }
    [[nodiscard]] std::uint64_t pending() const noexcept { return statuses_.pending(); }
    // Pending and paused at the evaluation time (waiting on the customer, on hold).
    [[nodiscard]] std::uint64_t paused() const noexcept { return paused_; }
    // Statuses by scope (in hours: met, breached, pending).
    [[nodiscard]] const compliance_counters& statuses() const noexcept { return statuses_; }
    // met / (met + breached); absent while nothing is decided.
    [[nodiscard]] std::optional<double> compliance() const noexcept { return statuses_.rate(); }
    // In-scope requests reopened at least once, and their reopens in all.
    [[nodiscard]] std::uint64_t reopened() const noexcept { return reopened_; }
    [[nodiscard]] std::uint64_t reopens() const noexcept { return reopens_; }

    // --- times (fulfilled in-scope events) ---------------------------------
    // The clock most running times are on (the wall clock on a tie): one clock
    // unless a priority change moved requests to a target on the other clock.
    [[nodiscard]] clock_kind clock() const noexcept {
        return times_[1].count() > times_[0].count() ? clock_kind::business : clock_kind::wall;
    }
    [[nodiscard]] const stats_type& running_times() const noexcept { return running_times(clock()); }
    [[nodiscard]] const stats_type& running_times(clock_kind c) const noexcept { return times_[index(c)]; }
    // Time the status withheld from them, in all; absent when it does not fit Duration.
    [[nodiscard]] std::optional<Duration> paused_time() const noexcept { return paused_time(clock()); }
    [[nodiscard]] std::optional<Duration> paused_time(clock_kind c) const noexcept {
        const auto sum = paused_time_[index(c)];
        if (sum > static_cast<detail::uint128>(std::numeric_limits<typename Duration::rep>::max())) return std::nullopt;
        return Duration{static_cast<typename Duration::rep>(sum)};
    }

    // Memory held: the object and its sketches' heaps.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes = sizeof(*this);
        for (const auto& s : times_) bytes += s.memory_bytes() - sizeof(s);
        return bytes;
    }

    friend bool operator==(const metric_cell&, const metric_cell&) = default;

    // Layout, little-endian: "slmc", u8 version, u8 metric, the compliance_counters
    // (u32 length, bytes), u64 paused, u64 reopened, u64 reopens, then per clock
    // (wall, business) its response_stats (u32 length, bytes) and its paused time
    // as u64 high and low words.
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        std::vector<std::byte> out;
        detail::put_header(out, magic, version);
        detail::put_le(out, static_cast<std::uint64_t>(metric_), 1);
        detail::put_blob(out, statuses_.to_bytes());
        for (const auto field : {paused_, reopened_, reopens_}) detail::put_le(out, field, 8);
        for (std::size_t i = 0; i < times_.size(); ++i) {
            detail::put_blob(out, times_[i].to_bytes());
            detail::put_le(out, static_cast<std::uint64_t>(paused_time_[i] >> 64), 8);
            detail::put_le(out, static_cast<std::uint64_t>(paused_time_[i]), 8);
        }
        return out;
    }

    // Throws corrupt_state on anything to_bytes() cannot have written.
    [[nodiscard]] static metric_cell from_bytes(std::span<const std::byte> bytes) {
        detail::byte_reader in(bytes, "metric_cell");
        in.expect_header(magic, version);
        const auto m = in.unsigned_le(1, "metric");
        if (m >= metric_count) in.fail("unknown metric " + std::to_string(m));
        metric_cell c{static_cast<slakit::metric>(m)};
        c.statuses_ = compliance_counters::from_bytes(in.blob("statuses"));
        c.paused_ = in.unsigned_le(8, "paused");
        c.reopened_ = in.unsigned_le(8, "reopened");
        c.reopens_ = in.unsigned_le(8, "reopens");
        for (std::size_t i = 0; i < c.times_.size(); ++i) {
            c.times_[i] = stats_type::from_bytes(in.blob("running times"));
            const auto high = in.unsigned_le(8, "paused time high word");
            c.paused_time_[i] = static_cast<detail::uint128>(high) << 64 | in.unsigned_le(8, "paused time low word");
        }
        in.expect_end();

        const auto& s = c.statuses_;
        if (static_cast<detail::uint128>(s.met()) + s.breached() + s.pending() + s.excluded() + s.out_of_hours() >
            std::numeric_limits<std::uint64_t>::max())
            in.fail("counts add up past 2^64");
        if (c.paused_ > s.pending()) in.fail("more paused events than pending ones");
        if (c.reopened_ > c.in_scope()) in.fail("more reopened requests than in-scope events");
        if (c.reopens_ < c.reopened_ || (c.reopened_ == 0 && c.reopens_ != 0))
            in.fail("fewer reopens than reopened requests");
        const auto timed = static_cast<detail::uint128>(c.times_[0].count()) + c.times_[1].count();
        if (timed > static_cast<detail::uint128>(s.met()) + s.breached())
            in.fail("more running times than met and breached events");
        for (std::size_t i = 0; i < c.times_.size(); ++i)
            if (c.times_[i].empty() && c.paused_time_[i] != 0) in.fail("paused time without a running time");
        return c;
    }

private:
    static constexpr char magic[5] = "slmc";
    static constexpr std::uint64_t version = 1;

    static constexpr std::size_t index(clock_kind c) noexcept { return c == clock_kind::wall ? 0 : 1; }

    slakit::metric metric_;
    compliance_counters statuses_;
    std::uint64_t paused_ = 0;
    std::uint64_t reopened_ = 0;
    std::uint64_t reopens_ = 0;
    std::array<stats_type, 2> times_{};  // wall, business
    std::array<detail::uint128, 2> paused_time_{};
};

// The metric cells of one group, one per metric that occurred, in the enum's order:
// what report_cell keeps for timelines, and what a period's totals merge.
template <class Duration = std::chrono::milliseconds, class Accuracy = std::ratio<1, 100>>
class metric_cells {
public:
    using cell_type = metric_cell<Duration, Accuracy>;
    using const_iterator = typename std::vector<cell_type>::const_iterator;

    // Counts one SLA event in its metric's cell, made on first use.
    template <class Channel, class Priority, class D>
    requires std::is_convertible_v<D, Duration>
    void add(const basic_sla_event<Channel, Priority, D>& e, scope where, std::size_t reopens = 0) {
        slot(e.metric).add(e, where, reopens);
    }

    void merge(const metric_cells& other) {
        for (const auto& c : other.cells_) slot(c.metric()).merge(c);
    }

    // The cell of metric m, or nullptr when no event of it was added.
    [[nodiscard]] const cell_type* find(slakit::metric m) const noexcept {
        const auto it = position(m);
        return it != cells_.end() && it->metric() == m ? &*it : nullptr;
    }

    [[nodiscard]] const_iterator begin() const noexcept { return cells_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return cells_.end(); }
    [[nodiscard]] std::size_t size() const noexcept { return cells_.size(); }
    [[nodiscard]] bool empty() const noexcept { return cells_.empty(); }

    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes = sizeof(*this) + (cells_.capacity() - cells_.size()) * sizeof(cell_type);
        for (const auto& c : cells_) bytes += c.memory_bytes();
        return bytes;
    }

    friend bool operator==(const metric_cells&, const metric_cells&) = default;

    // Layout: u8 count, then each cell (u32 length, bytes), metrics ascending.
    void write(std::vector<std::byte>& out) const {
        detail::put_le(out, cells_.size(), 1);
        for (const auto& c : cells_) detail::put_blob(out, c.to_bytes());
    }

    // Reads what write() wrote; corrupt_state (through in) when the cells repeat a
    // metric or are out of order.
    [[nodiscard]] static metric_cells read(detail::byte_reader& in) {
        metric_cells m;
        const auto count = in.unsigned_le(1, "metric cell count");
        if (count > metric_count) in.fail("more metric cells than metrics: " + std::to_string(count));
        for (std::uint64_t i = 0; i < count; ++i) {
            auto c = cell_type::from_bytes(in.blob("metric cell"));
            if (!m.cells_.empty() && !(m.cells_.back().metric() < c.metric()))
                in.fail("metric cells out of order or repeated at " + std::string{to_string(c.metric())});
            m.cells_.push_back(std::move(c));
        }
        return m;
    }

private:
    [[nodiscard]] const_iterator position(slakit::metric m) const noexcept {
        return std::lower_bound(cells_.begin(), cells_.end(), m,
                                [](const cell_type& c, slakit::metric x) { return c.metric() < x; });
    }

    cell_type& slot(slakit::metric m) {
        const auto it = position(m);
        if (it != cells_.end() && it->metric() == m) return cells_[static_cast<std::size_t>(it - cells_.begin())];
        return *cells_.insert(it, cell_type{m});
    }

    std::vector<cell_type> cells_;
};

}  // namespace slakit::inline v0
