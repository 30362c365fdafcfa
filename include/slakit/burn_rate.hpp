// Burn rates: how fast a group spends its error budget. 1.0 spends exactly the
// budget over the period; the report's budgets and the monitor's alerts both ask here.
#pragma once

#include <slakit/detail/arithmetic.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace slakit::inline v0 {

// Observed bad rate / allowed bad rate (1 - share); nullopt when good + bad is 0.
// The allowed rate is taken in parts per billion, so that decimal shares give exact
// ratios: 5 breaches in 100 at 95 % burn exactly 1.0, 72 in 100 exactly 14.4 (1 - 0.95
// in binary floating point is 0.050000000000000044, which would make both fall just
// short of their thresholds). A share of 1 allows nothing: +inf after a bad event, else 0.
[[nodiscard]] inline std::optional<double> compliance_burn(std::uint64_t good, std::uint64_t bad,
                                                           double share) noexcept {
    const auto total = static_cast<detail::uint128>(good) + bad;
    if (total == 0) return std::nullopt;
    const double allowed_ppb = share >= 0.0 ? std::round((1.0 - std::min(share, 1.0)) * 1e9) : 1e9;
    if (allowed_ppb <= 0.0) return bad > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return static_cast<double>(bad) * 1e9 / (static_cast<double>(total) * allowed_ppb);
}

// Sum of times / (count x limit), all in the same ticks; nullopt when count is 0.
[[nodiscard]] inline std::optional<double> mean_burn(std::uint64_t sum_ticks, std::uint64_t count,
                                                     std::int64_t limit_ticks) noexcept {
    if (count == 0 || limit_ticks <= 0) return std::nullopt;
    const auto budget = static_cast<detail::uint128>(count) * static_cast<std::uint64_t>(limit_ticks);
    if (budget == sum_ticks) return 1.0;
    return static_cast<double>(sum_ticks) / static_cast<double>(budget);
}

}  // namespace slakit::inline v0
