// slakit/period.hpp: reporting periods (day, ISO week, month) on the local date line,
// and their labels: "2026-03-31", "2026-W14", "2026-03".
#pragma once

#include <slakit/enums.hpp>
#include <slakit/text.hpp>

#include <date/date.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace slakit::inline v0 {

enum class reporting_period : unsigned char { day, week, month };

[[nodiscard]] constexpr std::string_view to_string(reporting_period p) noexcept {
    switch (p) {
    case reporting_period::day: return "day";
    case reporting_period::week: return "week";
    case reporting_period::month: return "month";
    }
    return "period?";
}

template <>
struct enum_values<reporting_period> {
    static constexpr std::string_view name = "reporting period";
    static constexpr std::array values{reporting_period::day, reporting_period::week, reporting_period::month};
};

// The first local date of the period holding day: itself, the Monday of its ISO
// week, or the first of its month.
[[nodiscard]] constexpr date::local_days period_start(date::local_days day, reporting_period by) noexcept {
    switch (by) {
    case reporting_period::day: break;
    case reporting_period::week: return day - date::days{static_cast<int>(date::weekday{day}.iso_encoding()) - 1};
    case reporting_period::month: {
        const date::year_month_day ymd{day};
        return date::local_days{ymd.year() / ymd.month() / date::day{1}};
    }
    }
    return day;
}

// The first local date after the period that starts at start.
[[nodiscard]] constexpr date::local_days period_end(date::local_days start, reporting_period by) noexcept {
    switch (by) {
    case reporting_period::day: break;
    case reporting_period::week: return start + date::days{7};
    case reporting_period::month: {
        const date::year_month_day ymd{start};
        return date::local_days{(ymd.year() / ymd.month() + date::months{1}) / date::day{1}};
    }
    }
    return start + date::days{1};
}

// "2026-03-31", "2026-W14" (ISO week-numbering year and week), or "2026-03".
[[nodiscard]] inline std::string period_label(date::local_days day, reporting_period by) {
    const auto start = period_start(day, by);
    if (by == reporting_period::week) {
        // The ISO year of a week is the year of its Thursday.
        const auto thursday = start + date::days{3};
        const date::year iso_year = date::year_month_day{thursday}.year();
        const auto first = date::local_days{iso_year / date::January / date::day{1}};
        const int week = (thursday - first).count() / 7 + 1;
        return detail::zero_padded(static_cast<int>(iso_year), 4) + "-W" + detail::zero_padded(week, 2);
    }
    const date::year_month_day ymd{start};
    std::string label = detail::zero_padded(static_cast<int>(ymd.year()), 4) + '-' +
                        detail::zero_padded(static_cast<unsigned>(ymd.month()), 2);
    if (by == reporting_period::day) label += '-' + detail::zero_padded(static_cast<unsigned>(ymd.day()), 2);
    return label;
}

}  // namespace slakit::inline v0
