// slakit/detail/day_table.hpp: a calendar's open time tabulated day by day over a
// horizon of real time, so that open time before t is one day index and a few
// branch-free steps, whatever the span. Internal to basic_calendar, which builds it
// from its own exact answers and falls back to them outside the horizon.
//
// Real time in the horizon is cut into days of 86,400 s (midnights at the zone's
// offset at the horizon's start, so a working day rarely straddles two). Each day
// keeps F at its start (the open time before it, on the calendar's own origin) and
// its open runs as offsets into the day, padded to the same count with empty runs.
#pragma once

#include <slakit/detail/local_line.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

namespace detail {

class day_table {
public:
    [[nodiscard]] bool empty() const noexcept { return days_ == 0; }
    [[nodiscard]] sec begin() const noexcept { return origin_; }
    [[nodiscard]] sec end() const noexcept { return origin_ + static_cast<sec>(days_) * day_s; }

    // Heap bytes held, for a host that budgets memory per calendar.
    [[nodiscard]] std::size_t bytes() const noexcept {
        return base_.capacity() * sizeof(sec) + runs_.capacity() * sizeof(std::int32_t) +
               first_day_.capacity() * sizeof(std::uint32_t);
    }

    [[nodiscard]] bool covers(sec t) const noexcept {
        return static_cast<std::uint64_t>(t - origin_) < static_cast<std::uint64_t>(days_) * day_s;
    }

    // Open time before t (covers(t)).
    [[nodiscard]] sec before(sec t) const noexcept {
        const auto x = static_cast<std::uint64_t>(t - origin_);
        const auto day = static_cast<std::size_t>(x / day_s);
        const auto pos = static_cast<std::int32_t>(x - day * static_cast<std::uint64_t>(day_s));
        const std::int32_t* r = &runs_[day * 2 * slots_];
        sec w = base_[day];
        for (std::size_t k = 0; k < slots_; ++k) w += std::min(std::max(pos, r[2 * k]), r[2 * k + 1]) - r[2 * k];
        return w;
    }

    // Whether t is open (covers(t)).
    [[nodiscard]] bool contains(sec t) const noexcept {
        const auto x = static_cast<std::uint64_t>(t - origin_);
        const auto day = static_cast<std::size_t>(x / day_s);
        const auto pos = static_cast<std::int32_t>(x - day * static_cast<std::uint64_t>(day_s));
        const std::int32_t* r = &runs_[day * 2 * slots_];
        bool open = false;
        for (std::size_t k = 0; k < slots_; ++k)
            open |= static_cast<std::uint32_t>(pos - r[2 * k]) < static_cast<std::uint32_t>(r[2 * k + 1] - r[2 * k]);
        return open;
    }

    // Whether the earliest instant with open time before it >= v lies in the horizon.
    [[nodiscard]] bool holds_value(sec v) const noexcept {
        return days_ != 0 && base_.front() < v && v <= base_.back();
    }

    // The earliest whole second t with before(t) >= v (holds_value(v)).
    [[nodiscard]] sec reach(sec v) const noexcept {
        std::size_t day = first_day_[static_cast<std::size_t>((v - 1 - base_.front()) >> quantum_shift_)];
        while (base_[day + 1] < v) ++day;  // stops by the last day, as v <= base_.back()
        sec rest = v - base_[day];
        const std::int32_t* r = &runs_[day * 2 * slots_];
        std::size_t k = 0;
        while (rest > r[2 * k + 1] - r[2 * k]) {
            rest -= r[2 * k + 1] - r[2 * k];
            ++k;
        }
        return origin_ + static_cast<sec>(day) * day_s + r[2 * k] + rest;
    }

    // Builds the table over [origin, origin + days * day_s). open_before(t) is the exact
    // F; runs(lo, hi) lists the open runs in [lo, hi), sorted, disjoint and not touching.
    // Returns false, leaving the table empty, if the runs do not account for F exactly.
    template <class OpenBefore, class Runs>
    bool build(sec origin, std::size_t days, OpenBefore&& open_before, Runs&& runs) {
        *this = day_table{};
        if (days == 0) return true;
        std::vector<std::vector<std::pair<sec, sec>>> per_day(days);
        std::vector<sec> base(days + 1);
        std::size_t slots = 1;
        for (std::size_t d = 0; d <= days; ++d) {
            const sec lo = origin + static_cast<sec>(d) * day_s;
            base[d] = open_before(lo);
            if (d == days) break;
            per_day[d] = runs(lo, lo + day_s);
            slots = std::max(slots, per_day[d].size());
        }
        std::vector<std::int32_t> cells(days * 2 * slots, 0);
        for (std::size_t d = 0; d < days; ++d) {
            const sec lo = origin + static_cast<sec>(d) * day_s;
            sec seen = 0;
            for (std::size_t k = 0; k < per_day[d].size(); ++k) {
                const auto [a, b] = per_day[d][k];
                // Each run must add exactly its length, and nothing else may add any.
                if (a < lo || b > lo + day_s || b <= a) return false;
                if (open_before(a) != base[d] + seen || open_before(b) != base[d] + seen + (b - a)) return false;
                seen += b - a;
                cells[(d * slots + k) * 2] = static_cast<std::int32_t>(a - lo);
                cells[(d * slots + k) * 2 + 1] = static_cast<std::int32_t>(b - lo);
            }
            if (base[d + 1] != base[d] + seen) return false;
        }
        // An index by open time: the day each multiple of the quantum falls in, so that
        // reach() walks from there rather than searching.
        const sec total = base.back() - base.front();
        const sec per_day_open = std::max<sec>(1, total / static_cast<sec>(days));
        quantum_shift_ = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(per_day_open))) - 1;
        const auto steps = static_cast<std::size_t>(total >> quantum_shift_) + 1;
        first_day_.reserve(steps);
        std::size_t day = 0;
        for (std::size_t j = 0; j < steps; ++j) {
            const sec v = base.front() + (static_cast<sec>(j) << quantum_shift_) + 1;
            while (day + 1 < days && base[day + 1] < v) ++day;
            first_day_.push_back(static_cast<std::uint32_t>(day));
        }
        origin_ = origin;
        days_ = days;
        slots_ = slots;
        base_ = std::move(base);
        runs_ = std::move(cells);
        return true;
    }

private:
    sec origin_ = 0;
    std::size_t days_ = 0;
    std::size_t slots_ = 1;
    int quantum_shift_ = 0;
    std::vector<sec> base_;  // F at the start of each day, and at the horizon's end
    std::vector<std::int32_t> runs_;  // [(day * slots_ + k) * 2]: start, end in the day
    std::vector<std::uint32_t> first_day_;  // [j]: the day holding open time base_[0] + j * quantum + 1
};

}  // namespace detail

}  // namespace slakit::inline v0
