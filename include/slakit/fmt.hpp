// slakit/fmt.hpp: {fmt} formatters for reports. The only slakit header that includes fmt.
//
//   fmt::format("{}", slakit::human(65s))   // "1 min 05 s"
//   fmt::format("{}", stats)                // "n=1234 mean 48.2 s p50 45.1 s p90 1 min 10 s p99 2 min 03 s max 4 min 12 s"
//   fmt::format("{}", verdict)              // "real-time mean 48.2 s <= 60 s: met"
//   fmt::format("{}", report)               // an aligned table, one row per group, then per period
//                                           // its verdicts, hand-offs, out-of-hours answers,
//                                           // availability and service credit
//
// Durations go through the human() wrapper: fmt/chrono.h already formats
// std::chrono::duration, and a second formatter for it would change what "{}"
// means for every duration in a program that includes this header.
//
// Channel and priority names: fmt's own formatting when the type has a formatter,
// else a to_string() found by ADL (as for slakit::channel), else "?".
// Widths are counted in terminal columns: East Asian wide characters take two.
// None of these formatters takes a format spec.
#pragma once

#include <slakit/report.hpp>
#include <slakit/text.hpp>
#include <slakit/utf8.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace slakit::inline v0 {

template <class Rep, class Period>
struct human_duration {
    std::chrono::duration<Rep, Period> value;
};

// Formats as duration_text(d): "350 ms", "48.2 s", "1 min 05 s", "2 h 03 min".
template <class Rep, class Period>
[[nodiscard]] constexpr human_duration<Rep, Period> human(std::chrono::duration<Rep, Period> d) noexcept {
    return {d};
}

namespace detail {

struct no_spec_formatter {
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) {
        const auto it = ctx.begin();
        if (it != ctx.end() && *it != '}') throw fmt::format_error("slakit formatters take no format spec");
        return it;
    }
};

template <class T>
[[nodiscard]] std::string display_name(const T& value) {
    if constexpr (fmt::is_formattable<T>::value) {
        return fmt::format("{}", value);
    } else {
        return name_or(value, "?");
    }
}

// A report's dimension values: a list of strings joined by " / " (billing / ann),
// anything else as display_name shows it.
template <class T>
[[nodiscard]] std::string dimensions_name(const T& value) {
    if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        std::string out;
        for (const auto& v : value) {
            if (!out.empty()) out += " / ";
            out += v;
        }
        return out;
    } else {
        return display_name(value);
    }
}

// East Asian wide and full-width characters: two terminal columns.
[[nodiscard]] constexpr bool is_wide(char32_t c) noexcept {
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
           (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
           (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
           (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
}

// Terminal columns of UTF-8 text; a byte that starts no well-formed sequence takes one.
[[nodiscard]] inline std::size_t display_width(std::string_view text) noexcept {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto s = decode_utf8(text, i);
        width += s.valid && is_wide(s.code) ? 2U : 1U;
        i += s.length;
    }
    return width;
}

template <class Duration, class Accuracy>
[[nodiscard]] std::string stats_text(const response_stats<Duration, Accuracy>& s) {
    if (s.empty()) return "n=0";
    return fmt::format("n={} mean {} p50 {} p90 {} p99 {} max {}", s.count(), duration_text(s.mean()),
                       duration_text(s.quantile(0.50)), duration_text(s.quantile(0.90)),
                       duration_text(s.quantile(0.99)), duration_text(s.max()));
}

template <class Duration>
[[nodiscard]] std::string availability_text(const period_availability<Duration>& a) {
    const auto part = [](double uptime, Duration down) {
        return down > Duration::zero() ? fmt::format("{} (down {})", percent_floor(uptime), duration_text(down))
                                       : percent_floor(uptime);
    };
    std::string text = "uptime " + part(a.uptime(), a.down);
    if (const auto working = a.working_uptime()) return text + ", in working hours " + part(*working, a.working_down);
    return text + ", no working hours";
}

// A verdict with its error budget: "...: met; 7 more breaches allowed, burn rate 0.65".
template <class Duration>
[[nodiscard]] std::string verdict_line(const aggregate_verdict<Duration>& v) {
    std::string line = v.text();
    if (v.time_left) {
        line += *v.time_left >= Duration::zero() ? "; " + duration_text(*v.time_left) + " of response time left"
                                                 : "; " + duration_text(-*v.time_left) + " of response time over";
    }
    if (v.budget && v.budget->burn_rate) {
        if (const auto left = v.budget->breaches_left)
            line += *left >= 0 ? fmt::format("; {} more breach{} allowed", *left, *left == 1 ? "" : "es")
                               : fmt::format("; {} breach{} over budget", -*left, *left == -1 ? "" : "es");
        line += fmt::format(", burn rate {:.2f}", *v.budget->burn_rate);
    }
    return line;
}

template <class Report>
[[nodiscard]] std::string report_table(const Report& report, std::string_view dimensions_title = "dimensions") {
    if (report.empty()) return "no requests\n";

    bool any_no_threshold = false, any_business = false;
    for (const auto& [key, cell] : report.groups()) {
        any_no_threshold = any_no_threshold || cell.no_threshold() > 0;
        any_business = any_business || cell.clock() == clock_kind::business;
    }
    struct column {
        std::string_view title;
        bool right;  // numbers align right
        bool shown;
    };
    const std::vector<column> columns{
        {"period", false, true},
        {dimensions_title, false, !std::is_same_v<typename Report::dimensions_type, no_dimensions>},
        {"channel", false, true},
        {"priority", false, true},
        {"requests", true, true},
        {"in scope", true, true},
        {"no threshold", true, any_no_threshold},
        {"out of hours", true, true},
        {"excluded", true, true},
        {"met", true, true},
        {"breached", true, true},
        {"pending", true, true},
        {"compliance", true, true},
        {"clock", false, any_business},
        {"mean", true, true},
        {"p50", true, true},
        {"p90", true, true},
        {"p99", true, true},
    };

    std::vector<std::vector<std::string>> rows;
    std::vector<date::local_days> row_period;
    const auto text_or_dash = [](const auto& stats, double q) {
        return stats.empty() ? std::string{"-"} : duration_text(stats.quantile(q));
    };
    for (const auto& [key, cell] : report.groups()) {
        const auto& times = cell.response_times();
        std::vector<std::string> all{
            period_label(key.period, report.by()),
            dimensions_name(key.dimensions),
            display_name(key.channel),
            display_name(key.priority),
            std::to_string(cell.requests()),
            std::to_string(cell.in_scope()),
            std::to_string(cell.no_threshold()),
            std::to_string(cell.out_of_hours()),
            std::to_string(cell.excluded()),
            std::to_string(cell.met()),
            std::to_string(cell.breached()),
            std::to_string(cell.pending()),
            cell.compliance() ? percent_floor(*cell.compliance()) : std::string{"-"},
            std::string{to_string(cell.clock())},
            times.empty() ? std::string{"-"} : duration_text(times.mean()),
            text_or_dash(times, 0.50),
            text_or_dash(times, 0.90),
            text_or_dash(times, 0.99),
        };
        std::vector<std::string> row;
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].shown) row.push_back(std::move(all[i]));
        rows.push_back(std::move(row));
        row_period.push_back(key.period);
    }

    std::vector<column> shown;
    for (const auto& c : columns)
        if (c.shown) shown.push_back(c);
    std::vector<std::size_t> widths(shown.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        widths[i] = display_width(shown[i].title);
        for (const auto& row : rows) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    const auto line = [&](const auto& cell_text) {
        std::string out;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const std::string_view text = cell_text(i);
            const std::string pad(widths[i] - display_width(text), ' ');
            if (i > 0) out += "  ";
            out += shown[i].right ? pad + std::string{text} : std::string{text} + pad;
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + '\n';
    };

    std::string out = line([&](std::size_t i) { return shown[i].title; });
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out += line([&](std::size_t i) -> std::string_view { return rows[r][i]; });
        if (r + 1 < rows.size() && row_period[r + 1] == row_period[r]) continue;

        // The period's footer.
        const auto day = row_period[r];
        for (const auto& v : report.verdicts(day)) out += "  " + verdict_line(v) + '\n';
        const auto total = report.total(day);
        if (const auto& h = total.handoff; h.met() + h.breached() + h.pending() > 0) {
            out += fmt::format("  hand-offs: {} met, {} breached, {} pending", h.met(), h.breached(), h.pending());
            out += h.rate() ? " (" + percent_floor(*h.rate()) + ")\n" : std::string{"\n"};
        }
        if (const auto n = total.first_response.out_of_hours(); n > 0)
            out += fmt::format("  out of hours: {} request{}, answers {}\n", n, n == 1 ? "" : "s",
                               stats_text(total.out_of_hours_times));
        out += "  availability: " + availability_text(report.availability(day)) + '\n';
        if (!report.credits().empty()) {
            const auto rate = report.compliance(day);
            out += rate ? fmt::format("  service credit: {} of the fee at {} compliance\n",
                                      percent_setting(report.credits().credit_for(*rate)), percent_floor(*rate))
                        : std::string{"  service credit: none, no request decided\n"};
        }
        if (r + 1 < rows.size()) out += '\n';
    }
    return out;
}

}  // namespace detail

// What fmt::format("{}", report) prints, with the dimensions' column titled as the
// host names them ("team / agent") rather than "dimensions".
template <class Channel, class Priority, class Duration, class Accuracy, class ZonePtr, class Dimensions>
[[nodiscard]] std::string report_table(
    const basic_report<Channel, Priority, Duration, Accuracy, ZonePtr, Dimensions>& r,
    std::string_view dimensions_title) {
    return detail::report_table(r, dimensions_title);
}
}  // namespace slakit::inline v0

template <class Rep, class Period>
struct fmt::formatter<slakit::human_duration<Rep, Period>> : slakit::detail::no_spec_formatter {
    template <class FormatContext>
    auto format(const slakit::human_duration<Rep, Period>& d, FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::format_to(ctx.out(), "{}", slakit::duration_text(d.value));
    }
};

// "n=1234 mean 48.2 s p50 .. p90 .. p99 .. max ..", or "n=0".
template <class Duration, class Accuracy>
struct fmt::formatter<slakit::response_stats<Duration, Accuracy>> : slakit::detail::no_spec_formatter {
    template <class FormatContext>
    auto format(const slakit::response_stats<Duration, Accuracy>& s, FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::format_to(ctx.out(), "{}", slakit::detail::stats_text(s));
    }
};

// verdict.text().
template <class Duration>
struct fmt::formatter<slakit::aggregate_verdict<Duration>> : slakit::detail::no_spec_formatter {
    template <class FormatContext>
    auto format(const slakit::aggregate_verdict<Duration>& v, FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::format_to(ctx.out(), "{}", v.text());
    }
};

// "uptime 99.89 % (down 45 min 00 s), in working hours 99.38 % (down 45 min 00 s)".
template <class Duration>
struct fmt::formatter<slakit::period_availability<Duration>> : slakit::detail::no_spec_formatter {
    template <class FormatContext>
    auto format(const slakit::period_availability<Duration>& a, FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::format_to(ctx.out(), "{}", slakit::detail::availability_text(a));
    }
};

template <class Channel, class Priority, class Duration, class Accuracy, class ZonePtr, class Dimensions>
struct fmt::formatter<slakit::basic_report<Channel, Priority, Duration, Accuracy, ZonePtr, Dimensions>>
        : slakit::detail::no_spec_formatter {
    template <class FormatContext>
    auto format(const slakit::basic_report<Channel, Priority, Duration, Accuracy, ZonePtr, Dimensions>& r,
                FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::format_to(ctx.out(), "{}", slakit::detail::report_table(r));
    }
};
