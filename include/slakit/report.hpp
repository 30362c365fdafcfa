// slakit/report.hpp: the periodic report of clause 3.3, built one outcome at a time.
//
//   slakit::period_report<slakit::channel, slakit::priority> report{policy, slakit::reporting_period::month};
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
//
// A cell counts, for its first-response target (README "Period reports"):
//   requests   = in scope + out of hours + excluded
//   in scope   = met + breached + pending + no threshold
// where "no threshold" counts in-scope requests whose target sets no per-request
// first-response threshold (their times still feed the averages). Pending requests
// are counted apart and feed no average: the report takes each outcome's status as
// evaluate() gave it at its as_of, so outcomes evaluated after a request's threshold
// has passed count it as breached. It also keeps the response times of answered
// in-scope requests (on the target's clock, and on the other clock too when an
// aggregate target of that target asks for it), hand-off statuses, and the wall-clock
// response times of out-of-hours requests (clause 2.3: reported apart).
//
// Availability uses the policy's default calendar: period bounds are its local
// midnights; working time is its elapsed() over the period.
#pragma once

#include <slakit/burn_rate.hpp>
#include <slakit/calendar.hpp>
#include <slakit/detail/arithmetic.hpp>
#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit {

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

enum class reporting_period : unsigned char { day, week, month };

[[nodiscard]] constexpr std::string_view to_string(reporting_period p) noexcept {
    switch (p) {
    case reporting_period::day: return "day";
    case reporting_period::week: return "week";
    case reporting_period::month: return "month";
    }
    return "period?";
}

// The first local date of the period holding day: itself, the Monday of its ISO
// week, or the first of its month.
[[nodiscard]] constexpr date::local_days period_start(date::local_days day, reporting_period by) noexcept {
    switch (by) {
    case reporting_period::day: break;
    case reporting_period::week:
        return day - date::days{static_cast<int>(date::weekday{day}.iso_encoding()) - 1};
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

namespace detail {

inline std::string zero_padded(std::int64_t value, int width) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    if (static_cast<int>(digits.size()) < width)
        digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return value < 0 ? "-" + digits : digits;
}

}  // namespace detail

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

// ---------------------------------------------------------------------------
// Text (no I/O, no fmt: fmt.hpp and verdict texts share these)
// ---------------------------------------------------------------------------

namespace detail {

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
    const std::uint64_t ticks = magnitude(d) * static_cast<std::uint64_t>(ratio::num) / static_cast<std::uint64_t>(ratio::den);
    const auto unit = static_cast<std::uint64_t>(std::chrono::duration_cast<common>(Unit{1}).count());
    return (ticks + unit / 2) / unit;
}

}  // namespace detail

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
        return sign + std::to_string(s / 60) + " min " + detail::zero_padded(static_cast<std::int64_t>(s % 60), 2) + " s";
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
        const std::uint64_t ticks = detail::magnitude(d) * static_cast<std::uint64_t>(ratio::num) / static_cast<std::uint64_t>(ratio::den);
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

namespace detail {

// fraction * 100 with the given decimals, rounded down (a rate never shows as
// reaching a band it misses: 98.996 % reads 98.99 %). The 1e-9 absorbs the binary
// representation of exact decimals such as 0.29.
inline std::string percent_floor(double fraction, int decimals = 2) {
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
inline std::string percent_setting(double fraction) {
    if (!std::isfinite(fraction)) return fraction > 0 ? "inf %" : "nan %";
    const double scaled = std::round(std::abs(fraction) * 1e6);
    std::string text = std::to_string(static_cast<std::uint64_t>(std::min(scaled, 9e18)));
    if (text.size() <= 4) text.insert(0, 5 - text.size(), '0');
    text.insert(text.size() - 4, 1, '.');
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return (fraction < 0 ? "-" : "") + text + " %";
}

// A host value's name, or fallback when it has none (detail::name_of in policy.hpp).
template <class T>
[[nodiscard]] std::string name_or(const T& value, const char* fallback) {
    std::string name = name_of(value);
    return name.empty() ? std::string{fallback} : name;
}

}  // namespace detail

// A target key in words: "real-time", "email", "all channels high and above".
template <class Channel, class Priority>
[[nodiscard]] std::string target_label(const target_key<Channel, Priority>& key) {
    std::string text;
    switch (key.channel.by()) {
    case match_by::exact: text = detail::name_or(*key.channel.channel(), "channel"); break;
    case match_by::kind: text = key.channel.kind() == channel_kind::real_time ? "real-time" : "asynchronous"; break;
    default: text = "all channels"; break;
    }
    switch (key.priority.by()) {
    case match_by::exact: text += ' ' + detail::name_or(*key.priority.priority(), "priority"); break;
    case match_by::at_least: text += ' ' + detail::name_or(*key.priority.priority(), "priority") + " and above"; break;
    default: break;
    }
    return text;
}

// ---------------------------------------------------------------------------
// Serializing keys
// ---------------------------------------------------------------------------

// Customization point: specialise with
//   static std::string encode(const T&);
//   static T decode(std::string_view);   // throws on a text encode never gives
// to serialize reports keyed by T. Provided for std::string, channel and priority.
template <class T>
struct key_codec {};

template <class T>
concept serializable_key = requires(const T& value, std::string_view text) {
    { key_codec<T>::encode(value) } -> std::convertible_to<std::string>;
    { key_codec<T>::decode(text) } -> std::convertible_to<T>;
};

template <>
struct key_codec<std::string> {
    static std::string encode(const std::string& s) { return s; }
    static std::string decode(std::string_view s) { return std::string{s}; }
};

namespace detail {

template <class Enum, std::size_t N>
Enum decode_enum(std::string_view text, const std::array<Enum, N>& values, const char* what) {
    for (const Enum v : values)
        if (to_string(v) == text) return v;
    throw std::invalid_argument(std::string{"unknown "} + what + " \"" + std::string{text} + '"');
}

}  // namespace detail

template <>
struct key_codec<channel> {
    static std::string encode(channel c) { return std::string{to_string(c)}; }
    static channel decode(std::string_view s) {
        return detail::decode_enum(
            s, std::array{channel::web_chat, channel::in_app_chat, channel::social, channel::email}, "channel");
    }
};

template <>
struct key_codec<priority> {
    static std::string encode(priority p) { return std::string{to_string(p)}; }
    static priority decode(std::string_view s) {
        return detail::decode_enum(s, std::array{priority::normal, priority::high, priority::urgent}, "priority");
    }
};

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

// ---------------------------------------------------------------------------
// Error budgets
// ---------------------------------------------------------------------------

// Where a compliance target (at least `required` of the decided requests met) stands.
struct compliance_budget {
    std::uint64_t met = 0;
    std::uint64_t breached = 0;
    double required = 0.0;
    std::optional<std::uint64_t> expected{};  // decided requests expected over the whole period
    // How many more breaches the period absorbs and still meets the target: with the
    // expected volume, among the requests still to come; without it, at the current
    // count of met requests. Negative: that many breaches too many already.
    // Absent: no limit (required is 0).
    std::optional<std::int64_t> breaches_left{};
    // Observed breach rate / allowed breach rate (1 - required): 1 spends the budget
    // exactly by the period's end, above 1 faster. +inf when required is 1 and a
    // request breached. Absent until a request is decided.
    std::optional<double> burn_rate{};

    friend bool operator==(const compliance_budget&, const compliance_budget&) = default;
};

// The budget by the very test a verdict applies: met / decided >= required, in double.
// Throws std::invalid_argument when required is not a fraction in [0, 1].
[[nodiscard]] inline compliance_budget breach_budget(std::uint64_t met, std::uint64_t breached, double required,
                                                     std::optional<std::uint64_t> expected = std::nullopt) {
    if (!(required >= 0.0 && required <= 1.0))
        throw std::invalid_argument("breach_budget: required share must be a fraction in [0, 1]");
    compliance_budget b{met, breached, required, expected};
    const std::uint64_t decided = met + breached;
    b.burn_rate = compliance_burn(met, breached, required);
    const auto meets = [&](std::uint64_t bad, std::uint64_t total) {
        return total == 0 || static_cast<double>(total - bad) / static_cast<double>(total) >= required;
    };
    constexpr auto cap = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    const auto signed_difference = [cap](std::uint64_t a, std::uint64_t c) {
        return a >= c ? static_cast<std::int64_t>(std::min(a - c, cap)) : -static_cast<std::int64_t>(std::min(c - a, cap));
    };
    if (expected) {
        // The most breaches out of the period's volume that still meet: monotone in bad.
        const std::uint64_t total = std::max(*expected, decided);
        std::uint64_t lo = 0, hi = total;  // meets(lo) always holds: a rate of 1 meets any share
        while (lo < hi) {
            const std::uint64_t mid = lo + (hi - lo + 1) / 2;
            if (meets(mid, total)) lo = mid; else hi = mid - 1;
        }
        b.breaches_left = signed_difference(lo, breached);
        return b;
    }
    if (required == 0.0) return b;  // no limit
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
            if (fits(mid)) lo = mid; else hi = mid;
        }
    }
    b.breaches_left = signed_difference(lo, breached);
    return b;
}

[[nodiscard]] inline compliance_budget breach_budget(const compliance_counters& counts, double required,
                                                     std::optional<std::uint64_t> expected = std::nullopt) {
    return breach_budget(counts.met(), counts.breached(), required, expected);
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

// ---------------------------------------------------------------------------
// Service credits
// ---------------------------------------------------------------------------

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
            return "credit_bands: band " + std::to_string(i + 1) + " (>= " + detail::percent_setting(b.compliance) + ": " +
                   detail::percent_setting(b.credit) + ")";
        };
        if (bands_.empty()) throw std::invalid_argument("credit_bands: no bands; the last one must start at 0 %");
        for (std::size_t i = 0; i < bands_.size(); ++i) {
            const auto& b = bands_[i];
            if (!(b.compliance >= 0.0 && b.compliance <= 1.0) || !(b.credit >= 0.0 && b.credit <= 1.0))
                throw std::invalid_argument(band(i, b) + ": compliance and credit must be fractions in [0, 1]");
            if (i == 0) continue;
            const auto& above = bands_[i - 1];
            if (!(b.compliance < above.compliance))
                throw std::invalid_argument(band(i, b) + " must start below band " + std::to_string(i) + " (>= " +
                                            detail::percent_setting(above.compliance) +
                                            "): list bands from the highest compliance down");
            if (b.credit < above.credit)
                throw std::invalid_argument(band(i, b) + " credits less than band " + std::to_string(i) + " above it (" +
                                            detail::percent_setting(above.credit) +
                                            "): a lower compliance cannot earn a smaller credit");
        }
        if (bands_.back().compliance != 0.0)
            throw std::invalid_argument(band(bands_.size() - 1, bands_.back()) +
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

// ---------------------------------------------------------------------------
// Availability
// ---------------------------------------------------------------------------

// An interval [begin, end) during which the system was down.
template <class Duration = std::chrono::milliseconds>
struct outage {
    std::chrono::sys_time<Duration> begin;
    std::chrono::sys_time<Duration> end;

    friend bool operator==(const outage&, const outage&) = default;
};

template <class Duration = std::chrono::milliseconds>
struct period_availability {
    date::local_days period{};                   // its first local date
    std::chrono::sys_time<Duration> begin{};     // local midnight starting the period
    std::chrono::sys_time<Duration> end{};       // local midnight ending it
    Duration down{};                             // outage time within [begin, end)
    Duration working{};                          // working time within [begin, end)
    Duration working_down{};                     // outage time within working hours

    [[nodiscard]] Duration length() const noexcept { return end - begin; }

    // 1 - down / length.
    [[nodiscard]] double uptime() const noexcept {
        return 1.0 - static_cast<double>(down.count()) / static_cast<double>(length().count());
    }

    // 1 - working_down / working; absent for a period without working time.
    [[nodiscard]] std::optional<double> working_uptime() const noexcept {
        if (working <= Duration::zero()) return std::nullopt;
        return 1.0 - static_cast<double>(working_down.count()) / static_cast<double>(working.count());
    }

    friend bool operator==(const period_availability&, const period_availability&) = default;
};

// ---------------------------------------------------------------------------
// One group's cell
// ---------------------------------------------------------------------------

template <class Duration = std::chrono::milliseconds, class Accuracy = std::ratio<1, 100>>
class report_cell {
public:
    using duration = Duration;
    using stats_type = response_stats<Duration, Accuracy>;

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
            if (o.first_response.status) first_response_.add(scope::in_hours, *o.first_response.status);
            else ++no_threshold_;
            for (const auto c : {clock_kind::wall, clock_kind::business})
                if (tracks(c))
                    if (const auto t = o.response_time(c)) times_[index(c)].add(Duration{*t});
            break;
        case scope::out_of_hours:
            first_response_.add(scope::out_of_hours, status::met);
            if (o.wall_response) out_of_hours_times_.add(Duration{*o.wall_response});
            break;
        case scope::excluded:
            first_response_.add(scope::excluded, status::met);
            break;
        }
        // Clause 2.4 binds hand-offs decided in working hours (evaluate decides that),
        // whatever the request's own scope; an exclusion covers the whole request.
        if (o.scope != scope::excluded && o.handoff.status) handoff_.add(scope::in_hours, *o.handoff.status);
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

    // Memory held: the object and its sketches' heaps.
    [[nodiscard]] std::size_t bytes() const noexcept {
        return sizeof(*this) + times_[0].heap_bytes() + times_[1].heap_bytes() + out_of_hours_times_.heap_bytes();
    }

    friend bool operator==(const report_cell&, const report_cell&) = default;

    // Layout, little-endian: "slrc", u8 version, u8 clock, u8 clocks kept (bit 0
    // wall, bit 1 business), the first-response compliance_counters, u64 no
    // threshold, the hand-off compliance_counters, the response_stats of each clock
    // kept (wall first), then the out-of-hours response_stats; each nested blob is
    // preceded by its u32 length.
    [[nodiscard]] std::vector<std::byte> to_bytes() const {
        std::vector<std::byte> out;
        detail::put_magic(out, magic);
        detail::put_le(out, version, 1);
        detail::put_le(out, static_cast<std::uint64_t>(clock_), 1);
        detail::put_le(out, tracked_, 1);
        detail::put_blob(out, first_response_.to_bytes());
        detail::put_le(out, no_threshold_, 8);
        detail::put_blob(out, handoff_.to_bytes());
        for (const auto c : {clock_kind::wall, clock_kind::business})
            if (tracks(c)) detail::put_blob(out, times_[index(c)].to_bytes());
        detail::put_blob(out, out_of_hours_times_.to_bytes());
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
    static constexpr std::uint64_t version = 1;

    static constexpr std::uint8_t bit(clock_kind c) noexcept { return c == clock_kind::wall ? 1 : 2; }
    static constexpr std::size_t index(clock_kind c) noexcept { return c == clock_kind::wall ? 0 : 1; }

    clock_kind clock_ = clock_kind::wall;
    std::uint8_t tracked_ = 1;
    compliance_counters first_response_;
    std::uint64_t no_threshold_ = 0;
    compliance_counters handoff_;
    std::array<stats_type, 2> times_{};  // wall, business
    stats_type out_of_hours_times_;
};

// ---------------------------------------------------------------------------
// Verdicts on aggregate targets
// ---------------------------------------------------------------------------

template <class Duration = std::chrono::milliseconds>
struct aggregate_verdict {
    date::local_days period{};  // its first local date
    std::string label;          // the target's key in words: "real-time", "email urgent"
    aggregate_target target;    // what was asked
    // Answered in-scope requests (mean, quantile) or decided ones (compliance).
    std::uint64_t count = 0;
    std::optional<Duration> value{};  // the mean (rounded to the tick) or the quantile
    std::optional<double> share{};    // the compliance reached
    std::optional<bool> met{};        // absent: no data in the period
    std::optional<Duration> time_left{};          // mean: limit * count - sum
    std::optional<compliance_budget> budget{};    // compliance: breaches left and burn rate

    // "real-time mean 48.2 s <= 60 s: met", "email compliance 93.10 % < 95 %: not
    // met", "real-time mean: no data"; prefixed by the target's name when it has one.
    [[nodiscard]] std::string text() const {
        std::string s = target.name.empty() ? std::string{} : target.name + ": ";
        s += label + ' ' + measure();
        if (!met) return s + ": no data";
        if (target.measure == statistic::compliance) {
            s += ' ' + detail::percent_floor(share.value_or(0.0)) + (*met ? " >= " : " < ") +
                 detail::percent_setting(target.share);
        } else {
            s += ' ' + duration_text(value.value_or(Duration{})) + (*met ? " <= " : " > ") +
                 exact_duration_text(target.limit);
        }
        return s + (*met ? ": met" : ": not met");
    }

    friend bool operator==(const aggregate_verdict&, const aggregate_verdict&) = default;

private:
    [[nodiscard]] std::string measure() const {
        switch (target.measure) {
        case statistic::mean: return "mean";
        case statistic::compliance: return "compliance";
        case statistic::quantile: break;
        }
        std::string p = detail::percent_setting(target.quantile);
        return 'p' + p.substr(0, p.size() - 2);  // "p95", "p99.9"
    }
};

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

// A group: the period's first local date, the channel and the priority.
template <class Channel, class Priority>
struct group_key {
    date::local_days period;
    Channel channel;
    Priority priority;

    friend bool operator==(const group_key&, const group_key&) = default;
};

// Orders group keys by period, channel, priority; looks up without copying a key.
template <class Channel, class Priority>
struct group_order {
    using is_transparent = void;

    struct probe {  // a key's parts by reference
        date::local_days period;
        const Channel& channel;
        const Priority& priority;
    };
    struct period_probe {  // sorts before every key of its period
        date::local_days period;
    };

    static probe view(const group_key<Channel, Priority>& k) noexcept { return {k.period, k.channel, k.priority}; }
    static const probe& view(const probe& p) noexcept { return p; }

    template <class A, class B>
        requires(!std::same_as<A, period_probe> && !std::same_as<B, period_probe>)
    bool operator()(const A& a, const B& b) const {
        const probe x = view(a), y = view(b);
        if (x.period != y.period) return x.period < y.period;
        if (x.channel < y.channel) return true;
        if (y.channel < x.channel) return false;
        return x.priority < y.priority;
    }
    bool operator()(const group_key<Channel, Priority>& k, const period_probe& p) const { return k.period < p.period; }
    bool operator()(const period_probe& p, const group_key<Channel, Priority>& k) const { return p.period < k.period; }
};

template <class T>
concept report_key = std::copy_constructible<T> && requires(const T& a, const T& b) {
    { a == b } -> std::convertible_to<bool>;
    { a < b } -> std::convertible_to<bool>;
};

template <class Channel, class Priority, class Duration = std::chrono::milliseconds,
          class Accuracy = std::ratio<1, 100>, zone_pointer ZonePtr = const date::time_zone*>
class period_report {
    static_assert(report_key<Channel> && report_key<Priority>,
                  "period_report: Channel and Priority need == and < (a strict weak order), as enums and std::string have");
    static_assert(std::is_convertible_v<std::chrono::milliseconds, Duration>,
                  "period_report: Duration must hold milliseconds exactly, as outcomes do");

public:
    using channel_type = Channel;
    using priority_type = Priority;
    using duration = Duration;
    using time_point = std::chrono::sys_time<Duration>;
    using policy_type = basic_policy<Channel, Priority, ZonePtr>;
    using cell_type = report_cell<Duration, Accuracy>;
    using stats_type = typename cell_type::stats_type;
    using key_type = group_key<Channel, Priority>;
    using group_map = std::map<key_type, cell_type, group_order<Channel, Priority>>;
    using outage_type = outage<Duration>;
    using availability_type = period_availability<Duration>;
    using verdict_type = aggregate_verdict<Duration>;

    // Totals over every group of a period.
    struct totals {
        compliance_counters first_response;
        std::uint64_t no_threshold = 0;
        compliance_counters handoff;
        stats_type out_of_hours_times;

        [[nodiscard]] std::uint64_t requests() const noexcept { return first_response.total() + no_threshold; }
    };

    // The report keeps a copy of the policy: its targets, matching and calendar.
    period_report(policy_type policy, reporting_period by) : policy_(std::move(policy)), by_(by) {}

    [[nodiscard]] const policy_type& policy() const noexcept { return policy_; }
    [[nodiscard]] reporting_period by() const noexcept { return by_; }

    // Counts one evaluated request in the group of its period, channel and priority.
    // The outcome must come from evaluate() with this report's policy: the first
    // outcome of a group is checked (std::invalid_argument when the policy's target
    // for its channel and priority is not the one it was evaluated against).
    template <class D>
        requires std::is_convertible_v<D, Duration>
    void add(const basic_outcome<Channel, Priority, D>& o) {
        // Calendar arithmetic costs more than the rest of add(): skip it while the
        // stream stays in one period.
        const date::local_time<Duration> local{o.submitted_local};
        if (!(period_from_ <= local && local < period_until_)) {
            period_ = period_start(date::floor<date::days>(local), by_);
            period_from_ = date::local_time<Duration>{period_};
            period_until_ = date::local_time<Duration>{period_end(period_, by_)};
        }
        const date::local_days start = period_;
        auto it = groups_.find(typename group_order<Channel, Priority>::probe{start, o.channel, o.priority});
        if (it == groups_.end()) {
            const auto* e = policy_.find(o.channel, o.priority);
            if (e == nullptr || !(e->key == o.matched))
                throw std::invalid_argument(
                    "period_report::add: the outcome was evaluated against another policy (its target is not this report's)");
            it = groups_.emplace(key_type{start, o.channel, o.priority}, cell_type{e->target}).first;
        }
        it->second.add(o);
    }

    // Records an outage [begin, end); overlapping and touching outages merge.
    // Throws std::invalid_argument when end < begin or either lies outside the
    // supported range [1900-01-01, 2200-01-01].
    template <class D1, class D2>
        requires std::is_convertible_v<D1, Duration> && std::is_convertible_v<D2, Duration>
    void add_outage(std::chrono::sys_time<D1> begin, std::chrono::sys_time<D2> end) {
        if (end < begin) throw std::invalid_argument("add_outage: the outage ends before it begins");
        if (begin < earliest_instant || end > latest_instant)
            throw std::invalid_argument("add_outage: the outage lies outside the supported range [1900-01-01, 2200-01-01]");
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
    void merge(const period_report& other) {
        if (&other == this) {
            const period_report copy = other;
            merge(copy);
            return;
        }
        if (other.by_ != by_)
            throw std::invalid_argument(std::string{"period_report::merge: a report by "} + std::string{to_string(other.by_)} +
                                        " into one by " + std::string{to_string(by_)});
        for (const auto& [key, cell] : other.groups_) {
            const auto it = groups_.find(key);
            if (it != groups_.end() && !it->second.same_layout(cell))
                throw std::invalid_argument("period_report::merge: the reports were built on different policies");
        }
        for (const auto& [key, cell] : other.groups_) {
            const auto [it, inserted] = groups_.try_emplace(key, cell);
            if (!inserted) it->second.merge(cell);
        }
        for (const auto& o : other.outages_) insert_outage(o);
    }

    // --- reading ----------------------------------------------------------

    [[nodiscard]] const group_map& groups() const noexcept { return groups_; }
    [[nodiscard]] bool empty() const noexcept { return groups_.empty(); }

    // The cell of a group, or nullptr. day may be any date of the period.
    [[nodiscard]] const cell_type* find(date::local_days day, const Channel& c, const Priority& p) const {
        const auto it = groups_.find(typename group_order<Channel, Priority>::probe{period_start(day, by_), c, p});
        return it == groups_.end() ? nullptr : &it->second;
    }

    // The first dates of the periods holding a group, ascending.
    [[nodiscard]] std::vector<date::local_days> periods() const {
        std::vector<date::local_days> out;
        for (const auto& entry : groups_)
            if (out.empty() || out.back() != entry.first.period) out.push_back(entry.first.period);
        return out;
    }

    [[nodiscard]] totals total(date::local_days day) const {
        totals t;
        for_period(day, [&](const key_type&, const cell_type& c) {
            t.first_response.merge(c.first_response());
            t.no_threshold += c.no_threshold();
            t.handoff.merge(c.handoff());
            t.out_of_hours_times.merge(c.out_of_hours_times());
        });
        return t;
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
        const auto& entries = policy_.targets();
        std::vector<std::optional<cell_type>> merged(entries.size());
        for_period(day, [&](const key_type& key, const cell_type& cell) {
            const auto* e = policy_.find(key.channel, key.priority);
            if (e == nullptr) return;  // add() never lets one in
            auto& m = merged[static_cast<std::size_t>(e - entries.data())];
            if (m) m->merge(cell); else m = cell;
        });
        std::vector<verdict_type> out;
        for (std::size_t i = 0; i < entries.size(); ++i)
            for (const auto& a : entries[i].target.aggregates)
                out.push_back(judge(period_start(day, by_), target_label(entries[i].key), a, merged[i] ? &*merged[i] : nullptr));
        return out;
    }

    // --- serialization ----------------------------------------------------

    // Layout, little-endian: "slpr", u8 version, u8 period (0 day, 1 week, 2 month),
    // u64 tick numerator and denominator, u64 group count, per group (ascending):
    // i32 first day of the period (days since 1970-01-01), the channel's and the
    // priority's key_codec text (u32 length, bytes), the report_cell (u32 length,
    // bytes); then u64 outage count and per outage i64 begin and end ticks.
    // The policy and the credit bands are configuration: not stored.
    [[nodiscard]] std::vector<std::byte> to_bytes() const
        requires serializable_key<Channel> && serializable_key<Priority>
    {
        std::vector<std::byte> out;
        detail::put_magic(out, magic);
        detail::put_le(out, version, 1);
        detail::put_le(out, static_cast<std::uint64_t>(by_), 1);
        detail::put_le(out, static_cast<std::uint64_t>(Duration::period::num), 8);
        detail::put_le(out, static_cast<std::uint64_t>(Duration::period::den), 8);
        detail::put_le(out, groups_.size(), 8);
        for (const auto& [key, cell] : groups_) {
            detail::put_le(out, static_cast<std::uint32_t>(key.period.time_since_epoch().count()), 4);
            detail::put_text(out, std::string{key_codec<Channel>::encode(key.channel)});
            detail::put_text(out, std::string{key_codec<Priority>::encode(key.priority)});
            detail::put_blob(out, cell.to_bytes());
        }
        detail::put_le(out, outages_.size(), 8);
        for (const auto& o : outages_) {
            detail::put_le(out, static_cast<std::uint64_t>(o.begin.time_since_epoch().count()), 8);
            detail::put_le(out, static_cast<std::uint64_t>(o.end.time_since_epoch().count()), 8);
        }
        return out;
    }

    // Throws corrupt_state on anything to_bytes() cannot have written with this
    // policy: bad framing, keys out of order or not a period start, a key the
    // codec refuses or the policy has no target for, a cell laid out for another
    // target, outages out of order or overlapping.
    [[nodiscard]] static period_report from_bytes(std::span<const std::byte> bytes, policy_type policy)
        requires serializable_key<Channel> && serializable_key<Priority>
    {
        detail::byte_reader in(bytes, "period_report");
        in.expect_header(magic, version);
        const auto by = in.unsigned_le(1, "period");
        if (by > 2) in.fail("unknown period " + std::to_string(by));
        period_report r{std::move(policy), static_cast<reporting_period>(by)};
        const auto num = in.unsigned_le(8, "tick numerator"), den = in.unsigned_le(8, "tick denominator");
        if (num != static_cast<std::uint64_t>(Duration::period::num) || den != static_cast<std::uint64_t>(Duration::period::den))
            in.fail("tick period " + std::to_string(num) + "/" + std::to_string(den) + " s does not match this report's");
        const auto groups = in.unsigned_le(8, "group count");
        // Local dates of supported instants, in any zone, and the month or week starting before them.
        const auto earliest = date::floor<date::days>(date::local_seconds{earliest_instant.time_since_epoch()}) - date::days{40};
        const auto latest = date::floor<date::days>(date::local_seconds{latest_instant.time_since_epoch()}) + date::days{1};
        for (std::uint64_t g = 0; g < groups; ++g) {
            const date::local_days day{date::days{static_cast<std::int32_t>(static_cast<std::uint32_t>(in.unsigned_le(4, "period")))}};
            if (day < earliest || day > latest || period_start(day, r.by_) != day)
                in.fail("group " + std::to_string(g) + ": " + std::to_string(day.time_since_epoch().count()) +
                        " is not the first day of a " + std::string{to_string(r.by_)} + " in the supported range");
            key_type key{day, decode<Channel>(in, "channel"), decode<Priority>(in, "priority")};
            const auto* e = r.policy_.find(key.channel, key.priority);
            if (e == nullptr) in.fail("group " + std::to_string(g) + ": the policy has no target for its channel and priority");
            const auto cell = cell_type::from_bytes(in.blob("cell"));
            if (!cell.same_layout(cell_type{e->target}))
                in.fail("group " + std::to_string(g) + ": its cell keeps other clocks than this policy's target asks for");
            if (!r.groups_.empty() && !r.groups_.key_comp()(r.groups_.rbegin()->first, key))
                in.fail("group " + std::to_string(g) + " is out of order or repeated");
            r.groups_.emplace_hint(r.groups_.end(), std::move(key), cell);
        }
        const auto count = in.unsigned_le(8, "outage count");
        for (std::uint64_t i = 0; i < count; ++i) {
            const auto begin = tick(in.unsigned_le(8, "outage begin")), end = tick(in.unsigned_le(8, "outage end"));
            if (!(begin < end) || begin < earliest_instant || end > latest_instant)
                in.fail("outage " + std::to_string(i) + " is empty, reversed or outside the supported range");
            if (!r.outages_.empty() && !(r.outages_.back().end < begin))
                in.fail("outage " + std::to_string(i) + " overlaps, touches or precedes the one before");
            r.outages_.push_back(outage_type{begin, end});
        }
        in.expect_end();
        return r;
    }

private:
    static constexpr char magic[5] = "slpr";
    static constexpr std::uint64_t version = 1;

    template <class T>
    static T decode(detail::byte_reader& in, const char* what) {
        const auto raw = in.blob(what);
        const std::string text(reinterpret_cast<const char*>(raw.data()), raw.size());
        try {
            return key_codec<T>::decode(text);
        } catch (const std::exception& e) {
            in.fail(std::string{what} + " key refused: " + e.what());
        }
    }

    static time_point tick(std::uint64_t raw) noexcept {
        return time_point{Duration{static_cast<typename Duration::rep>(static_cast<std::int64_t>(raw))}};
    }

    template <class F>
    void for_period(date::local_days day, F&& f) const {
        const auto start = period_start(day, by_);
        for (auto it = groups_.lower_bound(typename group_order<Channel, Priority>::period_probe{start});
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

    static verdict_type judge(date::local_days period, std::string label, const aggregate_target& a, const cell_type* cell) {
        verdict_type v{period, std::move(label), a};
        if (cell == nullptr) return v;
        const Duration limit{a.limit};
        if (a.measure == statistic::compliance) {
            const auto& c = cell->first_response();
            v.count = c.met() + c.breached();
            v.budget = breach_budget(c, a.share);
            if (v.count == 0) return v;
            v.share = c.rate();
            v.met = a.is_met_by(*v.share);
            return v;
        }
        const stats_type* times = cell->response_times(a.clock);
        if (times == nullptr || times->empty()) {
            v.count = 0;
            return v;
        }
        v.count = times->count();
        if (a.measure == statistic::mean) {
            // Exactly: sum <= limit * count, not the rounded mean against the limit.
            const auto left = static_cast<detail::int128>(limit.count()) * static_cast<detail::int128>(times->count()) -
                              detail::exact_sum(*times);
            v.value = times->mean();
            v.time_left = detail::saturated<Duration>(left);
            v.met = left >= 0;
        } else {
            v.value = times->quantile(a.quantile);
            v.met = a.is_met_by(*v.value);
        }
        return v;
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
};

}  // namespace slakit
