// slakit/credit.hpp: service credit bands, the share of the fee a period's
// first-response compliance earns back.
#pragma once

#include <slakit/text.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// "At least `compliance` of the requests met: `credit` of the monthly fee." Fractions.
struct credit_band {
    double compliance = 0.0;
    double credit = 0.0;

    friend bool operator==(const credit_band&, const credit_band&) = default;
};

// Bands listed from the highest compliance down, e.g.
//   {{0.99, 0.0}, {0.95, 0.05}, {0.90, 0.10}, {0.0, 0.25}}
// for ">= 99 %: none, >= 95 %: 5 %, >= 90 %: 10 %, else 25 %". Each bound is
// inclusive, as every limit in slakit. The compliance they read is the period's
// first-response compliance over all in-scope requests with a per-request threshold:
// met / (met + breached), pending requests left out.
class credit_bands {
public:
    credit_bands() = default;  // no bands: no credit is computed

    // Throws std::invalid_argument unless: at least one band; every value a fraction
    // in [0, 1]; compliance strictly decreasing; credit never decreasing as
    // compliance falls; the last band starting at 0 so that every rate has a credit.
    explicit credit_bands(std::vector<credit_band> bands) : bands_(std::move(bands)) {
        const auto band = [](std::size_t i, const credit_band& b) {
            return "credit_bands: band " + std::to_string(i + 1) + " (>= " + percent_setting(b.compliance) + ": " +
                   percent_setting(b.credit) + ")";
        };
        if (bands_.empty()) throw std::invalid_argument("credit_bands: no bands; the last one must start at 0 %");
        for (std::size_t i = 0; i < bands_.size(); ++i) {
            const auto& b = bands_[i];
            if (!(b.compliance >= 0.0 && b.compliance <= 1.0) || !(b.credit >= 0.0 && b.credit <= 1.0))
                throw std::invalid_argument(band(i, b) + ": compliance and credit must be fractions in [0, 1]");
            if (i == 0) continue;
            const auto& above = bands_[i - 1];
            if (!(b.compliance < above.compliance))
                throw std::invalid_argument(band(i, b) + " must start below band " + std::to_string(i) +
                                            " (>= " + percent_setting(above.compliance) +
                                            "): list bands from the highest compliance down");
            if (b.credit < above.credit)
                throw std::invalid_argument(band(i, b) + " credits less than band " + std::to_string(i) +
                                            " above it (" + percent_setting(above.credit) +
                                            "): a lower compliance cannot earn a smaller credit");
        }
        if (bands_.back().compliance != 0.0)
            throw std::invalid_argument(
                band(bands_.size() - 1, bands_.back()) +
                " is the last band and must start at 0 %, so that every compliance has a credit");
    }

    [[nodiscard]] bool empty() const noexcept { return bands_.empty(); }
    [[nodiscard]] const std::vector<credit_band>& bands() const noexcept { return bands_; }

    // The credit of the first band whose bound the compliance reaches. Throws
    // std::domain_error for a compliance outside [0, 1] (or NaN), std::logic_error
    // without bands.
    [[nodiscard]] double credit_for(double compliance) const {
        if (bands_.empty()) throw std::logic_error("credit_for: no credit bands are set");
        if (!(compliance >= 0.0 && compliance <= 1.0))
            throw std::domain_error("credit_for: compliance must be a fraction in [0, 1]");
        for (const auto& b : bands_)
            if (compliance >= b.compliance) return b.credit;
        return bands_.back().credit;  // unreachable: the last band starts at 0
    }

    friend bool operator==(const credit_bands&, const credit_bands&) = default;

private:
    std::vector<credit_band> bands_;
};

}  // namespace slakit::inline v0
