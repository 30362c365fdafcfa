// slakit/budget.hpp: error budgets, where a period stands against its target: the
// breaches a compliance target still absorbs, and the response time a mean target
// can still spend.
#pragma once

#include <slakit/burn_rate.hpp>
#include <slakit/detail/arithmetic.hpp>
#include <slakit/stats.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>

namespace slakit::inline v0 {

namespace detail {

template <class Duration>
[[nodiscard]] Duration saturated(int128 ticks) noexcept {
    using rep = typename Duration::rep;
    const auto most = static_cast<int128>(std::numeric_limits<rep>::max());
    const auto least = static_cast<int128>(std::numeric_limits<rep>::min());
    return Duration{static_cast<rep>(std::clamp(ticks, least, most))};
}

template <class Stats>
[[nodiscard]] int128 exact_sum(const Stats& s) noexcept {
    const auto sum = s.exact_sum();
    return static_cast<int128>(static_cast<uint128>(sum.high) << 64 | sum.low);
}

}  // namespace detail

// Where a compliance target (at least `share` of the decided requests met) stands.
struct compliance_budget {
    std::uint64_t met = 0;
    std::uint64_t breached = 0;
    double share = 0.0;
    std::optional<std::uint64_t> expected{};  // decided requests expected over the whole period
    // How many more breaches the period absorbs and still meets the target: with the
    // expected volume, among the requests still to come; without it, at the current
    // count of met requests. Negative: that many breaches too many already.
    // Absent: no limit (share is 0).
    std::optional<std::int64_t> breaches_left{};
    // compliance_burn: the observed breach rate / the allowed one (1 - share); 1
    // spends the budget exactly by the period's end, above 1 faster. +inf when share
    // is 1 and a request breached. Absent until a request is decided.
    std::optional<double> burn_rate{};

    friend bool operator==(const compliance_budget&, const compliance_budget&) = default;
};

// The budget by the very test a verdict applies: met / decided >= share, in double.
// Throws std::invalid_argument when share is not a fraction in [0, 1].
[[nodiscard]] inline compliance_budget breach_budget(std::uint64_t met, std::uint64_t breached, double share,
                                                     std::optional<std::uint64_t> expected = std::nullopt) {
    if (!(share >= 0.0 && share <= 1.0))
        throw std::invalid_argument("breach_budget: required share must be a fraction in [0, 1]");
    compliance_budget b{met, breached, share, expected};
    const std::uint64_t decided = met + breached;
    b.burn_rate = compliance_burn(met, breached, share);
    const auto meets = [&](std::uint64_t bad, std::uint64_t total) {
        return total == 0 || static_cast<double>(total - bad) / static_cast<double>(total) >= share;
    };
    constexpr auto cap = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    const auto signed_difference = [cap](std::uint64_t a, std::uint64_t c) {
        return a >= c ? static_cast<std::int64_t>(std::min(a - c, cap))
                      : -static_cast<std::int64_t>(std::min(c - a, cap));
    };
    if (expected) {
        // The most breaches out of the period's volume that still meet: monotone in bad.
        const std::uint64_t total = std::max(*expected, decided);
        std::uint64_t lo = 0, hi = total;  // meets(lo) always holds: a rate of 1 meets any share
        while (lo < hi) {
            const std::uint64_t mid = lo + (hi - lo + 1) / 2;
            if (meets(mid, total))
                lo = mid;
            else
                hi = mid - 1;
        }
        b.breaches_left = signed_difference(lo, breached);
        return b;
    }
    if (share == 0.0) return b;  // no limit
    // The most breaches alongside the current met requests: monotone in bad as well.
    const auto fits = [&](std::uint64_t bad) { return meets(bad, met + bad); };
    const std::uint64_t most = std::min(cap, std::numeric_limits<std::uint64_t>::max() - met);
    std::uint64_t lo = 0, hi = std::min<std::uint64_t>(1, most);
    while (hi < most && fits(hi)) {
        lo = hi;
        hi = std::min(hi * 2, most);
    }
    if (fits(hi)) {
        lo = hi;
    } else {
        while (hi - lo > 1) {
            const std::uint64_t mid = lo + (hi - lo) / 2;
            if (fits(mid))
                lo = mid;
            else
                hi = mid;
        }
    }
    b.breaches_left = signed_difference(lo, breached);
    return b;
}

[[nodiscard]] inline compliance_budget breach_budget(const compliance_counters& counts, double share,
                                                     std::optional<std::uint64_t> expected = std::nullopt) {
    return breach_budget(counts.met(), counts.breached(), share, expected);
}

// For a mean target: the total response time the period can still spend before its
// mean exceeds limit, limit * count - sum (negative once it does), saturated at the
// Duration's range.
template <class Duration, class Accuracy>
[[nodiscard]] Duration time_budget(const response_stats<Duration, Accuracy>& s,
                                   std::type_identity_t<Duration> limit) noexcept {
    const auto allowed = static_cast<detail::int128>(limit.count()) * static_cast<detail::int128>(s.count());
    return detail::saturated<Duration>(allowed - detail::exact_sum(s));
}

}  // namespace slakit::inline v0
