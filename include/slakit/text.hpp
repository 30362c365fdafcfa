// slakit/text.hpp: durations and percentages as text, each style written once
// (no I/O, no fmt: verdicts, objective names and fmt.hpp all ask here).
//
//   durations  duration_text        for people, rounded:   "48.2 s", "1 min 05 s", "2 h 03 min"
//              exact_duration_text  as a contract states:  "60 s", "90 min", "24 h", "1500 ms"
//              duration_words       every unit spelled:    "1 h 30 min", "2 d 3 h", "90 s"
//   shares     percent_floor        a measured rate, rounded down:  "98.99 %"
//              percent_setting      a configured share, as written: "99.95 %", "2.5 %"
//              percent_words        a share in an objective's name: "97.5 %", "99.999 %"
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ratio>
#include <string>
#include <type_traits>

namespace slakit::inline v0 {

namespace detail {

inline std::string zero_padded(std::int64_t value, int width) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return value < 0 ? "-" + digits : digits;
}

template <class Rep, class Period>
[[nodiscard]] std::uint64_t magnitude(std::chrono::duration<Rep, Period> d) noexcept {
    const auto c = static_cast<std::int64_t>(d.count());
    return c < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
}

// |d| in units of Unit, rounded half up. Ticks are converted exactly when Unit is a
// whole number of them; finer ticks than milliseconds are welcome, coarser ones too.
template <class Unit, class Rep, class Period>
[[nodiscard]] std::uint64_t rounded_units(std::chrono::duration<Rep, Period> d) noexcept {
    using common = std::common_type_t<std::chrono::duration<std::int64_t, Period>, Unit>;
    using ratio = std::ratio_divide<Period, typename common::period>;  // ticks of d per common tick
    const std::uint64_t ticks =
        magnitude(d) * static_cast<std::uint64_t>(ratio::num) / static_cast<std::uint64_t>(ratio::den);
    const auto unit = static_cast<std::uint64_t>(std::chrono::duration_cast<common>(Unit{1}).count());
    return (ticks + unit / 2) / unit;
}

}  // namespace detail

// --- durations ---------------------------------------------------------------

// A duration for people, rounded half up: "350 ms", "48.2 s", "1 min 05 s",
// "2 h 03 min" (no days: "74 h 10 min"); negative values get a leading '-'.
template <class Rep, class Period>
[[nodiscard]] std::string duration_text(std::chrono::duration<Rep, Period> d) {
    using namespace std::chrono;
    using deciseconds = duration<std::int64_t, std::deci>;
    const std::string sign = d < d.zero() ? "-" : "";
    if (const auto ms = detail::rounded_units<milliseconds>(d); ms < 1000) return sign + std::to_string(ms) + " ms";
    if (const auto tenths = detail::rounded_units<deciseconds>(d); tenths < 600)
        return sign + std::to_string(tenths / 10) + '.' + std::to_string(tenths % 10) + " s";
    if (const auto s = detail::rounded_units<seconds>(d); s < 3600)
        return sign + std::to_string(s / 60) + " min " + detail::zero_padded(static_cast<std::int64_t>(s % 60), 2) +
               " s";
    const auto m = detail::rounded_units<minutes>(d);
    return sign + std::to_string(m / 60) + " h " + detail::zero_padded(static_cast<std::int64_t>(m % 60), 2) + " min";
}

// A duration as a contract states it, never rounded: the largest unit (h, min, s,
// ms) that divides it, except that 1 of a unit reads as 60 of the next smaller one:
// "60 s", "30 min", "5 min", "90 min", "24 h", "1500 ms", "1 s". Finer ticks than
// milliseconds that do not divide into them are shown rounded, by duration_text.
template <class Rep, class Period>
[[nodiscard]] std::string exact_duration_text(std::chrono::duration<Rep, Period> d) {
    using namespace std::chrono;
    const std::string sign = d < d.zero() ? "-" : "";
    const auto in = [&](auto unit) -> std::optional<std::uint64_t> {
        using common = std::common_type_t<std::chrono::duration<std::int64_t, Period>, decltype(unit)>;
        using ratio = std::ratio_divide<Period, typename common::period>;
        const std::uint64_t ticks =
            detail::magnitude(d) * static_cast<std::uint64_t>(ratio::num) / static_cast<std::uint64_t>(ratio::den);
        const auto per = static_cast<std::uint64_t>(duration_cast<common>(unit).count());
        if (ticks % per != 0) return std::nullopt;
        return ticks / per;
    };
    const auto h = in(hours{1}), m = in(minutes{1}), s = in(seconds{1}), ms = in(milliseconds{1});
    if (!ms) return duration_text(d);
    if (*ms == 0) return "0 s";
    if (h && *h != 1) return sign + std::to_string(*h) + " h";
    if (m && *m != 1) return sign + std::to_string(*m) + " min";
    if (s) return sign + std::to_string(*s) + " s";  // 1 min is 60 s; 1 s has no whole minutes
    return sign + std::to_string(*ms) + " ms";
}

// A duration with each unit spelled out, largest first, zero parts left out: "30 min",
// "1 h 30 min", "2 d 3 h", "250 ms"; under two minutes in seconds ("90 s"), and in
// milliseconds when not a whole number of seconds. Names what a monitor watches.
[[nodiscard]] inline std::string duration_words(std::chrono::milliseconds d) {
    using namespace std::chrono;
    std::string out;
    const auto part = [&](long long value, const char* unit) {
        if (value == 0) return;
        if (!out.empty()) out += ' ';
        out += std::to_string(value);
        out += ' ';
        out += unit;
    };
    if (d < 1s || d % 1s != 0ms) {
        part(d.count(), "ms");
        return out.empty() ? "0 ms" : out;
    }
    if (d < 2min) {
        part(duration_cast<seconds>(d).count(), "s");
        return out;
    }
    part(d / days{1}, "d");
    part(d % days{1} / 1h, "h");
    part(d % 1h / 1min, "min");
    part(d % 1min / 1s, "s");
    return out;
}

// --- percentages -------------------------------------------------------------

// fraction * 100 with the given decimals, rounded down (a rate never shows as
// reaching a band it misses: 98.996 % reads 98.99 %). The 1e-9 absorbs the binary
// representation of exact decimals such as 0.29.
[[nodiscard]] inline std::string percent_floor(double fraction, int decimals = 2) {
    if (!std::isfinite(fraction)) return fraction > 0 ? "inf %" : "- %";
    double scale = 100.0;
    for (int i = 0; i < decimals; ++i) scale *= 10.0;
    const double scaled = std::floor(std::abs(fraction) * scale + 1e-9);
    const auto units = static_cast<std::uint64_t>(std::min(scaled, 9e18));
    std::string text = std::to_string(units);
    if (decimals > 0) {
        const auto d = static_cast<std::size_t>(decimals);
        if (text.size() <= d) text.insert(0, d + 1 - text.size(), '0');
        text.insert(text.size() - d, 1, '.');
    }
    return (fraction < 0 ? "-" : "") + text + " %";
}

// A configured share as written: "99 %", "2.5 %", "99.95 %" (up to four decimals).
[[nodiscard]] inline std::string percent_setting(double fraction) {
    if (!std::isfinite(fraction)) return fraction > 0 ? "inf %" : "nan %";
    const double scaled = std::round(std::abs(fraction) * 1e6);
    std::string text = std::to_string(static_cast<std::uint64_t>(std::min(scaled, 9e18)));
    if (text.size() <= 4) text.insert(0, 5 - text.size(), '0');
    text.insert(text.size() - 4, 1, '.');
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return (fraction < 0 ? "-" : "") + text + " %";
}

// A share in an objective's name: whole percentages without decimals ("95 %"),
// others with up to six ("97.5 %", "99.999 %").
[[nodiscard]] inline std::string percent_words(double share) {
    const double p = share * 100.0;
    const double whole = std::round(p);
    if (std::abs(p - whole) < 1e-9) return std::to_string(static_cast<long long>(whole)) + " %";
    std::string s = std::to_string(p);  // six decimals: trim the zeros
    while (!s.empty() && s.back() == '0') s.pop_back();
    return s + " %";
}

}  // namespace slakit::inline v0
