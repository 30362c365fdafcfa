// examples/python/slakit_python.cpp: the Python module slakit._slakit (pybind11).
//
// A thin layer over the headers the example programs use: calendars and contracts
// load through support/config.hpp and contract.hpp, rows are checked by
// support/request_rows.hpp's make_request() and reports print through
// support/report_output.hpp (the library slakit_report_output), so that Python and
// sla_report give the same answers for the same rows. examples/python/slakit/
// __init__.py adds the pandas conveniences; examples/python/README.md is the guide.
#include "events.hpp"
#include "module.hpp"
#include "support/columns.hpp"
#include "support/config.hpp"
#include "support/contract.hpp"
#include "support/fast_instant.hpp"
#include "support/fatal_error.hpp"
#include "support/ics.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"
#include "support/report_output.hpp"
#include "support/report_reader.hpp"
#include "support/request_rows.hpp"
#include "support/tzif.hpp"

#include <slakit/calendar.hpp>
#include <slakit/enums.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/report.hpp>
#include <slakit/schedule.hpp>
#include <slakit/time.hpp>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace py = pybind11;
namespace ex = slakit::examples;

namespace {

using namespace slakit::python;

// --- calendars -----------------------------------------------------------------------

struct calendar_handle {
    slakit::calendar calendar;
};

calendar_handle make_calendar(const std::string& zone_name, const std::string& hours,
                              const std::vector<py::object>& closed, const std::map<std::string, std::string>& hours_on,
                              const py::object& holidays_ics) {
    // With the zone file's footer rule, so that answers past 2037 are right.
    const slakit::zone_handle zone = [&] {  // zone_handle has no empty state
        try {
            return ex::os_zone(zone_name);
        } catch (const ex::tzif_error& e) {
            throw py::value_error(std::string{"zone: "} + e.what());
        } catch (const std::runtime_error&) {
            throw py::value_error("zone: unknown time zone \"" + zone_name + '"');
        }
    }();
    slakit::weekly_schedule week;
    try {
        week = slakit::weekly_schedule::parse(hours);
    } catch (const slakit::parse_error& e) {
        throw py::value_error(std::string{"hours: "} + e.what());
    }
    slakit::date_exceptions exceptions;
    for (const auto& entry : closed) {
        slakit::date_range range{};
        if (py::isinstance<py::str>(entry)) {
            try {
                range = slakit::parse_date_range(entry.cast<std::string>());
            } catch (const slakit::parse_error& e) {
                throw py::value_error(std::string{"closed: "} + e.what());
            }
        } else if (py::isinstance(entry, datetime_module().attr("date")) &&
                   !py::isinstance(entry, datetime_module().attr("datetime"))) {
            const date::year_month_day d{date::year{entry.attr("year").cast<int>()},
                                         date::month{entry.attr("month").cast<unsigned>()},
                                         date::day{entry.attr("day").cast<unsigned>()}};
            range = {d, d};
        } else {
            throw py::type_error("closed: expected dates or strings such as \"2026-10-01..2026-10-07\", not " +
                                 python_repr(entry));
        }
        try {
            exceptions.close(range.first, range.last);
        } catch (const std::invalid_argument& e) {
            throw py::value_error(std::string{"closed: "} + e.what());
        }
    }
    for (const auto& [day_text, intervals_text] : hours_on) {
        try {
            exceptions.open(slakit::parse_date(day_text), slakit::parse_intervals(intervals_text));
        } catch (const std::invalid_argument& e) {  // parse_error too
            throw py::value_error("hours_on[\"" + day_text + "\"]: " + e.what());
        }
    }
    // After hours_on, which wins over a day the file closes, as in a TOML calendar.
    if (!holidays_ics.is_none()) {
        const auto path = py::module_::import("os").attr("fspath")(holidays_ics).cast<std::string>();
        try {
            ex::close_ics_days(exceptions, ex::load_ics_closed_days(path, date::year{1900}, date::year{2199}));
        } catch (const ex::ics_error& e) {
            throw py::value_error(std::string{"holidays_ics: "} + e.what());
        }
    }
    try {
        return {slakit::calendar{zone, std::move(week), std::move(exceptions)}};
    } catch (const std::exception& e) {
        throw py::value_error(std::string{"cannot build the calendar: "} + e.what());
    }
}

// --- calendars over columns --------------------------------------------------------
// Columns are int64 nanoseconds since the epoch in UTC, NaT (the lowest int64) where a
// value is missing: __init__.py converts numpy and pandas columns to these and back.
// The work runs in whole seconds, where the calendar's open runs begin and end, and
// adds the sub-second parts after, so that no open time in nanoseconds can overflow.

namespace columns {

using ns_array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using std::chrono::sys_seconds;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t giga = 1'000'000'000;
constexpr std::int64_t last_second = std::numeric_limits<std::int64_t>::max() / giga - 1;

struct split {  // t = whole seconds + part nanoseconds, 0 <= part < 1 s
    std::int64_t whole, part;
};
split split_ns(std::int64_t t) {
    const std::int64_t w = t / giga - (t % giga < 0 ? 1 : 0);
    return {w, t - w * giga};
}
sys_seconds at(std::int64_t whole) { return sys_seconds{std::chrono::seconds{whole}}; }

// The first error of a column, raised once the loop is over and the GIL is back.
struct column_error {
    std::size_t row = 0;
    std::string what;
    void set(std::size_t r, std::string w) {
        if (what.empty()) {
            row = r;
            what = std::move(w);
        }
    }
    void raise() const {
        if (!what.empty()) throw py::value_error(fmt::format("row {}: {}", row, what));
    }
};

std::int64_t to_ns(sys_seconds t, std::int64_t part, column_error& error, std::size_t row) {
    const auto s = t.time_since_epoch().count();
    if (s < -last_second || s > last_second) {
        error.set(row, "the answer lies past what datetime64[ns] holds (1678-2262)");
        return nat;
    }
    return s * giga + part;
}

// The calendar to ask: a copy tabulated over the years the columns span when there are
// enough rows to repay the table (about 0.1 ms a year), else the calendar itself.
const slakit::calendar& for_rows(const slakit::calendar& cal, std::span<const std::int64_t> a,
                                 std::span<const std::int64_t> b, std::optional<slakit::calendar>& copy) {
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = nat;
    for (const auto* column : {&a, &b}) {
        for (const auto v : *column) {
            if (v == nat) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (hi == nat) return cal;
    const auto year = [](std::int64_t v) {
        const auto days = std::chrono::floor<std::chrono::days>(sys_seconds{std::chrono::seconds{split_ns(v).whole}});
        return static_cast<int>(date::year_month_day{days}.year());
    };
    const int first = std::max(year(lo), slakit::calendar::first_tabulated_year);
    const int last = std::min(year(hi) + 1, slakit::calendar::last_tabulated_year);  // a year on, for deadlines
    if (first > last || a.size() < 4096 * static_cast<std::size_t>(last - first + 1)) return cal;
    try {
        copy.emplace(cal);
        copy->tabulate(first, last);
        return *copy;
    } catch (const std::exception&) {
        return cal;  // the plain calendar answers the same, only slower
    }
}

std::span<const std::int64_t> view(const ns_array& x) { return {x.data(), static_cast<std::size_t>(x.size())}; }

void same_length(const ns_array& a, const ns_array& b, const char* what) {
    if (a.ndim() != 1 || b.ndim() != 1 || a.size() != b.size())
        throw py::value_error(fmt::format("{}: the columns must be one-dimensional and of the same length", what));
}

ns_array elapsed(const slakit::calendar& cal, const ns_array& from, const ns_array& to) {
    same_length(from, to, "elapsed");
    ns_array out(from.size());
    const auto a = view(from), b = view(to);
    std::int64_t* o = out.mutable_data();
    column_error error;
    {
        const py::gil_scoped_release unlocked;
        std::optional<slakit::calendar> copy;
        const auto& c = for_rows(cal, a, b, copy);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i] == nat || b[i] == nat) {
                o[i] = nat;
                continue;
            }
            const auto x = split_ns(a[i]), y = split_ns(b[i]);
            std::int64_t e = c.elapsed(at(x.whole), at(y.whole)).count();
            if (e < -last_second || e > last_second) {
                error.set(i, "the answer lies past what timedelta64[ns] holds");
                o[i] = nat;
                continue;
            }
            e *= giga;
            if (y.part != 0 && c.is_open(at(y.whole))) e += y.part;
            if (x.part != 0 && c.is_open(at(x.whole))) e -= x.part;
            o[i] = e;
        }
    }
    error.raise();
    return out;
}

ns_array deadline(const slakit::calendar& cal, const ns_array& from, const ns_array& open) {
    same_length(from, open, "deadline");
    ns_array out(from.size());
    const auto a = view(from), d = view(open);
    std::int64_t* o = out.mutable_data();
    column_error error;
    {
        const py::gil_scoped_release unlocked;
        std::optional<slakit::calendar> copy;
        const auto& c = for_rows(cal, a, {}, copy);
        for (std::size_t i = 0; i < a.size(); ++i) {
            o[i] = nat;
            if (a[i] == nat || d[i] == nat) continue;
            if (d[i] < 0) {
                error.set(i, "deadline: negative open time");
                continue;
            }
            if (d[i] == 0) {
                o[i] = a[i];
                continue;
            }
            // deadline(from, d) is the earliest t with open_time(t) >= open_time(from) + d.
            const auto x = split_ns(a[i]);
            const auto dd = split_ns(d[i]);
            const std::int64_t carry = dd.part + (c.is_open(at(x.whole)) ? x.part : 0);
            const std::int64_t whole = c.open_time(at(x.whole)).count() + dd.whole + carry / giga;
            const std::int64_t part = carry % giga;
            try {
                if (part == 0) {
                    o[i] = to_ns(c.reaching(at(x.whole), std::chrono::seconds{whole}), 0, error, i);
                } else {
                    const auto t = c.reaching(at(x.whole), std::chrono::seconds{whole + 1}) - std::chrono::seconds{1};
                    o[i] = to_ns(t, part, error, i);
                }
            } catch (const std::exception& e) {  // no_open_time
                error.set(i, std::string{"deadline: "} + e.what());
            }
        }
    }
    error.raise();
    return out;
}

// is_open, next_open or next_close of each instant, in whole seconds.
template <class Ask>
ns_array each(const slakit::calendar& cal, const ns_array& t, const char* what, Ask&& ask) {
    if (t.ndim() != 1) throw py::value_error(fmt::format("{}: the column must be one-dimensional", what));
    ns_array out(t.size());
    const auto a = view(t);
    std::int64_t* o = out.mutable_data();
    column_error error;
    {
        const py::gil_scoped_release unlocked;
        std::optional<slakit::calendar> copy;
        const auto& c = for_rows(cal, a, {}, copy);
        for (std::size_t i = 0; i < a.size(); ++i) {
            o[i] = nat;
            if (a[i] == nat) continue;
            try {
                o[i] = ask(c, a[i], error, i);
            } catch (const std::domain_error& e) {  // no_open_time, never_closes
                error.set(i, fmt::format("{}: {}", what, e.what()));
            }
        }
    }
    error.raise();
    return out;
}

}  // namespace columns

std::string read_file(const std::string& path) {
    const py::object file = py::module_::import("io").attr("open")(path, "rb");
    const py::bytes bytes = file.attr("read")();
    file.attr("close")();
    return bytes.cast<std::string>();
}

py::object measurement_dict(const slakit::basic_measurement<milliseconds>& m, const std::vector<double>& levels) {
    py::dict d;
    d["status"] = m.status ? py::object(py::str(std::string{to_string(*m.status)})) : py::none();
    d["time"] = m.time ? to_timedelta(*m.time) : py::none();
    d["remaining"] = m.remaining ? to_timedelta(*m.remaining) : py::none();
    d["due"] = m.due ? to_datetime(*m.due) : py::none();
    d["used"] = m.used ? py::object(py::float_(*m.used)) : py::none();
    d["warning_level"] =
        m.warning && *m.warning < levels.size() ? py::object(py::float_(levels[*m.warning])) : py::none();
    return d;
}

// The columns of a batch of requests, as add_columns and latest_instant take them.
struct request_columns {
    request_columns(py::handle channel, py::handle priority, py::handle submitted_at, py::handle first_response_at,
                    py::handle handoff_decided_at, py::handle handoff_completed_at, py::handle human_contact_at,
                    py::handle excluded_reason)
            : rows(static_cast<std::size_t>(py::len(channel))),
              channels(channel, "channel", rows),
              priorities(priority, "priority", rows),
              reasons(excluded_reason, "excluded_reason", rows),
              times{instant_column{submitted_at, "submitted_at", rows},
                    instant_column{first_response_at, "first_response_at", rows},
                    instant_column{handoff_decided_at, "handoff_decided_at", rows},
                    instant_column{handoff_completed_at, "handoff_completed_at", rows},
                    instant_column{human_contact_at, "human_contact_at", rows}} {}

    std::size_t rows;
    text_column channels, priorities, reasons;
    std::array<instant_column, 5> times;
    // The report's dimension columns, in the order of its `by` (names must outlive this).
    std::vector<text_column> dimensions;

    void add_dimensions(const py::sequence& columns, const std::vector<std::string>& names) {
        if (columns.size() != names.size())
            throw py::value_error(fmt::format("dimensions: {} columns for {} names", columns.size(), names.size()));
        dimensions.reserve(names.size());
        for (std::size_t k = 0; k < names.size(); ++k) {
            if (columns[k].is_none()) throw py::value_error(fmt::format("dimensions: no column {}", names[k]));
            dimensions.emplace_back(columns[k], names[k], rows);
        }
    }
    // Row i's dimension values; None, NaN and missing values are "" (an empty CSV field).
    void dimension_values(std::size_t i, ex::dimension_values& out) const {
        out.resize(dimensions.size());
        for (std::size_t k = 0; k < dimensions.size(); ++k) out[k].assign(dimensions[k].at(i));
    }
};

// Row i as a request in `out`, or why it is rejected, checked in sla_report's
// order: channel and priority, then the instants, then the rest.
std::string check_row(const ex::interned_contract& names, const request_columns& c, std::size_t i,
                      std::optional<slakit::instant> as_of, ex::fast_request& out) {
    const std::string_view channel = c.channels.at(i), priority = c.priorities.at(i);
    if (ex::known(names.channels, channel) == nullptr || ex::known(names.priorities, priority) == nullptr)
        return ex::make_request(names, channel, priority, {}, {}, as_of, out);
    std::array<std::optional<slakit::instant>, 5> t;
    for (std::size_t k = 0; k < t.size(); ++k) {
        try {
            t[k] = c.times[k].at(i);
        } catch (const slakit::parse_error& e) {
            return std::string{c.times[k].name()} + ": " + e.what();
        }
    }
    return ex::make_request(names, channel, priority, t, c.reasons.at(i), as_of, out);
}

// --- reports -----------------------------------------------------------------------

// slakit.DimensionLimitError, a ValueError: set when the module loads.
py::handle dimension_limit_type;

// Sets it as the Python error: the message, the limit and how many values there
// would be (None when unknown).
void set_dimension_limit(const char* message, std::size_t limit, const py::object& values) {
    const py::object error = dimension_limit_type(message);
    error.attr("limit") = limit;
    error.attr("values") = values;
    PyErr_SetObject(dimension_limit_type.ptr(), error.ptr());
}

[[noreturn]] void throw_dimension_limit(const char* message, std::size_t limit) {
    set_dimension_limit(message, limit, py::none());
    throw py::error_already_set();
}

slakit::reporting_period period_from(const std::string& name) {
    if (const auto by = slakit::try_parse<slakit::reporting_period>(name)) return *by;
    throw py::value_error("period: expected \"month\", \"week\" or \"day\", not \"" + name + '"');
}

// Where a rejected row was (its index among the rows given as columns, or
// "file:line" for a CSV file read in C++) and why.
using rejection = std::pair<std::variant<std::uint64_t, std::string>, std::string>;

[[nodiscard]] std::array<std::string, ex::column_count> default_columns() {
    std::array<std::string, ex::column_count> names;
    for (std::size_t i = 0; i < ex::column_count; ++i) names[i] = std::string{ex::column_names[i]};
    return names;
}

// Columns for a pandas DataFrame, filled a row at a time and kept in the order
// they were first named: text, counts, and numbers (NaN when absent).
class frame_columns {
public:
    void text(const std::string& name, std::string value) { std::get<0>(column(name, 0)).push_back(std::move(value)); }
    void count(const std::string& name, std::uint64_t value) { std::get<1>(column(name, 1)).push_back(value); }
    void number(const std::string& name, std::optional<double> value) {
        std::get<2>(column(name, 2)).push_back(value.value_or(std::numeric_limits<double>::quiet_NaN()));
    }
    // First-response times in seconds: mean_s, min_s, max_s, p50_s, p90_s, p99_s.
    template <class Stats>
    void times(const Stats& t) {
        const auto of = [&](auto f) { return t.empty() ? std::nullopt : std::optional<double>{seconds(f())}; };
        number("mean_s", of([&] { return t.mean(); }));
        number("min_s", of([&] { return t.min(); }));
        number("max_s", of([&] { return t.max(); }));
        number("p50_s", of([&] { return t.quantile(0.50); }));
        number("p90_s", of([&] { return t.quantile(0.90); }));
        number("p99_s", of([&] { return t.quantile(0.99); }));
    }

    [[nodiscard]] py::dict dict() const {
        py::dict d;
        for (std::size_t i = 0; i < names_.size(); ++i)
            std::visit([&](const auto& column) { d[py::str(names_[i])] = column; }, columns_[i]);
        return d;
    }

private:
    using values = std::variant<std::vector<std::string>, std::vector<std::uint64_t>, std::vector<double>>;

    values& column(const std::string& name, std::size_t kind) {
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (names_[i] == name) return columns_[i];
        names_.push_back(name);
        switch (kind) {
        case 0: return columns_.emplace_back(std::vector<std::string>{});
        case 1: return columns_.emplace_back(std::vector<std::uint64_t>{});
        default: return columns_.emplace_back(std::vector<double>{});
        }
    }
    template <class D>
    static double seconds(D d) {
        return std::chrono::duration<double>(d).count();
    }

    std::vector<std::string> names_;
    std::vector<values> columns_;
};

class report_handle {
public:
    report_handle(std::shared_ptr<const contract_data> contract, slakit::reporting_period by, slakit::instant as_of,
                  bool as_of_is_latest, std::vector<std::string> dimension_names = {},
                  std::optional<std::size_t> max_groups = std::nullopt)
            : contract_(std::move(contract)),
              by_(by),
              as_of_(as_of),
              as_of_is_latest_(as_of_is_latest),
              dimension_names_(std::move(dimension_names)),
              max_groups_(max_groups),
              report_(contract_->names.policy, by) {
        check_dimension_names(dimension_names_);
        if (max_groups_ && *max_groups_ == 0) throw py::value_error("max_groups: at least 1");
        apply_credit_bands();
        apply_limit(report_);
    }

    // The vectorised path: every row is checked as sla_report checks a CSV row
    // (make_request), evaluated at as_of and added; a rejected row is counted and
    // its reason kept. Returns the number of rows accepted.
    // With max_groups, the rows go to a report of their own first, merged at the end:
    // a batch that would pass the limit raises DimensionLimitError and adds nothing.
    std::size_t add_columns(const request_columns& columns) {
        rows_are("requests");
        if (columns.dimensions.size() != dimension_names_.size())
            throw py::value_error(fmt::format("add_columns: the report is by {}, but {} dimension columns were given",
                                              names_text(dimension_names_), columns.dimensions.size()));
        std::optional<ex::fast_report> staged;
        if (max_groups_) {
            staged.emplace(contract_->names.policy, by_);
            apply_limit(*staged);
        }
        ex::fast_report& into = staged ? *staged : report_;
        std::size_t accepted = 0;
        std::vector<rejection> rejected;
        const auto commit = [&] {
            accepted_ += accepted;
            rejected_ += rejected.size();
            rejections_.insert(rejections_.end(), std::make_move_iterator(rejected.begin()),
                               std::make_move_iterator(rejected.end()));
        };
        const std::uint64_t base = accepted_ + rejected_;
        try {
            for (std::size_t i = 0; i < columns.rows; ++i) {
                std::string why = check_row(contract_->names, columns, i, as_of_, request_);
                if (why.empty()) {
                    columns.dimension_values(i, values_);
                    into.add(slakit::evaluate(contract_->names.policy, request_, as_of_), values_);
                    ++accepted;
                } else {
                    rejected.emplace_back(base + i, std::move(why));
                }
            }
            if (staged) report_.merge(*staged);
        } catch (...) {
            if (!staged) commit();  // the rows before the bad value are in the report: count them
            throw;
        }
        commit();
        return accepted;
    }

    // The CLI's path: sla_report's reader on a requests CSV (field counts, UTF-8 and
    // duplicate ids checked too), with threads workers and the GIL released.
    // Rejected rows are kept as ("file:line", reason).
    std::size_t add_csv(const std::string& path, unsigned threads) {
        rows_are("requests");
        ex::report_reader reader{contract_->names, by_, as_of_};
        reader.show_progress(false);
        reader.set_dimensions(dimension_names_);
        const std::string why = max_groups_ ? fmt::format("max_groups={}", *max_groups_) : std::string{};
        if (max_groups_) {
            reader.limit_dimensions(*max_groups_);
            reader.explain_limit(why);
        }
        std::string messages;
        reader.on_rejected([&](const std::string& m) { messages += m; });
        ex::fast_report part{contract_->names.policy, by_};
        try {
            const py::gil_scoped_release unlocked;
            part = reader.read(path, default_columns(), std::max(threads, 1U));
        } catch (const ex::fatal_error& e) {
            // The file alone passes max_groups: the reader stops there.
            if (max_groups_ && e.what() == ex::too_many_values(*max_groups_, dimension_names_, why))
                throw_dimension_limit(e.what(), *max_groups_);
            throw py::value_error(e.what());
        }
        report_.merge(part);  // with the report's own values, past max_groups: dimension_limit, nothing added
        accepted_ += reader.counts().accepted;
        rejected_ += reader.counts().rejected;
        for (std::size_t at = 0; at < messages.size();) {
            const std::size_t end = messages.find('\n', at);
            const std::string_view line = std::string_view{messages}.substr(at, end - at);
            // "file:line: reason", the file named as it was given.
            const std::size_t split = line.find(": ", path.size());
            if (split == std::string_view::npos)
                rejections_.emplace_back(std::string{line}, std::string{});
            else
                rejections_.emplace_back(std::string{line.substr(0, split)}, std::string{line.substr(split + 2)});
            at = end == std::string::npos ? messages.size() : end + 1;
        }
        return reader.counts().accepted;
    }

    // Timelines from an events table (events.hpp): each request evaluated at as_of
    // and added with its SLA events, with `threads` workers and the GIL released. As
    // sla_report --events: a row it cannot read is a rejected line, dropped from its
    // request; a request whose timeline is invalid, or submitted after as_of, is
    // rejected ("request id: why", at the row of the offending event). Returns the
    // number of requests added.
    std::size_t add_events(const event_columns& columns, unsigned threads) {
        rows_are("events");
        if (columns.dimensions.size() != dimension_names_.size())
            throw py::value_error(fmt::format("add_events: the report is by {}, but {} dimension columns were given",
                                              names_text(dimension_names_), columns.dimensions.size()));
        const event_table table{*contract_, columns};
        const std::uint64_t base = accepted_ + rejected_;
        std::vector<ex::fast_report> shards;
        for (unsigned w = 0; w < std::max(threads, 1U); ++w) {
            shards.emplace_back(contract_->names.policy, by_);
            apply_limit(shards.back());
        }
        std::pair<evaluation_counts, std::vector<event_problem>> done;
        {
            const py::gil_scoped_release unlocked;
            std::vector<ex::dimension_values> values(shards.size());
            done = evaluate_table(*contract_, table, as_of_, threads,
                                  [&](std::size_t w, std::size_t r, const fast_timeline_outcome& o) {
                                      table.dimension_values(r, values[w]);
                                      shards[w].add(o, values[w]);
                                  });
            // One merge into the report: past max_groups it raises and adds nothing.
            for (std::size_t w = 1; w < shards.size(); ++w) shards.front().merge(shards[w]);
            report_.merge(shards.front());
        }
        for (const auto& p : table.unreadable()) rejections_.emplace_back(base + p.row, p.reason);
        for (const auto& p : done.second)
            rejections_.emplace_back(base + p.row,
                                     fmt::format("request \"{}\": {}", table.id_text(p.request), p.reason));
        const std::uint64_t unreadable = table.unreadable().size();
        accepted_ += table.rows() - unreadable;
        rejected_ += unreadable;
        events_->accepted = accepted_;
        events_->rejected = rejected_;
        events_->requests += done.first.evaluated + done.second.size();
        events_->invalid += done.second.size();
        return done.first.evaluated;
    }

    void add_outage(py::handle begin, py::handle end) {
        const auto b = to_request_instant(begin, "begin"), e = to_request_instant(end, "end");
        try {
            report_.add_outage(b, e);
        } catch (const std::invalid_argument& x) {
            throw py::value_error(std::string{"add_outage: "} + x.what());
        }
    }

    // Adds other's groups, outages and counts: both must come from the same contract
    // text, period and as_of, or the sum would mean nothing.
    void merge(const report_handle& other) {
        if (other.contract_->text != contract_->text)
            throw py::value_error("merge: the reports come from different contracts");
        if (other.by_ != by_) throw py::value_error("merge: the reports have different periods");
        if (other.as_of_ != as_of_ || other.as_of_is_latest_ != as_of_is_latest_)
            throw py::value_error("merge: the reports were evaluated at different as_of instants");
        if (other.dimension_names_ != dimension_names_)
            throw py::value_error(fmt::format("merge: the reports are broken down by different dimensions ({} and {})",
                                              names_text(dimension_names_), names_text(other.dimension_names_)));
        if (other.events_) {
            rows_are("events");
        } else if (other.accepted_ + other.rejected_ > 0) {
            rows_are("requests");
        }
        // Through the serialized form, which names the channels and priorities:
        // other's keys point into its own contract, which may not outlive it.
        const auto bytes = other.report_.to_bytes();
        const ex::names_scope scope{contract_->names};
        report_.merge(ex::fast_report::from_bytes(bytes, contract_->names.policy));
        accepted_ += other.accepted_;
        rejected_ += other.rejected_;
        if (events_ && other.events_) {
            events_->accepted = accepted_;
            events_->rejected = rejected_;
            events_->late += other.events_->late;
            events_->requests += other.events_->requests;
            events_->invalid += other.events_->invalid;
        }
        rejections_.insert(rejections_.end(), other.rejections_.begin(), other.rejections_.end());
    }

    [[nodiscard]] std::string json(const std::string& requests) const {
        return ex::json_text(report_, run_info(requests), events_ ? &*events_ : nullptr);
    }
    [[nodiscard]] std::string csv() const { return ex::csv_text(report_, nullptr, dimension_names_); }
    [[nodiscard]] std::string table(const std::string& requests) const {
        return ex::table_text(report_, run_info(requests), events_ ? &*events_ : nullptr);
    }

    // Pickle state: the contract's text and name, the period, as_of, the counts, the
    // rejections, the dimension names and max_groups (version 3), and last the
    // report in the library's own serialization.
    [[nodiscard]] py::tuple state() const {
        const auto bytes = report_.to_bytes();
        py::list rejections;
        for (const auto& [where, why] : rejections_) rejections.append(py::make_tuple(py::cast(where), why));
        const py::object events =
            events_ ? py::object(py::make_tuple(events_->late, events_->requests, events_->invalid)) : py::none();
        return py::make_tuple(3, contract_->text, contract_->name, std::string{to_string(by_)},
                              as_of_.time_since_epoch().count(), as_of_is_latest_, accepted_, rejected_, rejections,
                              events, py::cast(dimension_names_), py::cast(max_groups_),
                              py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }

    // Reads version 3 and the version 2 states written before dimensions.
    static report_handle from_state(const py::tuple& t) {
        const int version = t.size() > 0 ? t[0].cast<int>() : 0;
        if (!((version == 2 && t.size() == 11) || (version == 3 && t.size() == 13)))
            throw py::value_error("Report state: not a state this version wrote");
        std::vector<std::string> names;
        std::optional<std::size_t> limit;
        if (version == 3) {
            names = t[10].cast<std::vector<std::string>>();
            limit = t[11].cast<std::optional<std::size_t>>();
        }
        report_handle r{load_contract_text(t[1].cast<std::string>(), t[2].cast<std::string>()),
                        period_from(t[3].cast<std::string>()),
                        slakit::instant{milliseconds{t[4].cast<std::int64_t>()}},
                        t[5].cast<bool>(),
                        std::move(names),
                        limit};
        r.accepted_ = t[6].cast<std::uint64_t>();
        r.rejected_ = t[7].cast<std::uint64_t>();
        if (!t[9].is_none()) {
            const auto e = t[9].cast<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>>();
            r.events_ = ex::event_counts{r.accepted_, r.rejected_, std::get<0>(e), std::get<1>(e), std::get<2>(e)};
        }
        for (const auto& item : t[8].cast<py::list>()) {
            const auto pair = item.cast<py::tuple>();
            r.rejections_.emplace_back(pair[0].cast<std::variant<std::uint64_t, std::string>>(),
                                       pair[1].cast<std::string>());
        }
        const std::string bytes = t[t.size() - 1].cast<py::bytes>();
        const ex::names_scope scope{r.contract_->names};
        try {
            r.report_ = ex::fast_report::from_bytes(std::as_bytes(std::span{bytes.data(), bytes.size()}),
                                                    r.contract_->names.policy);
        } catch (const slakit::corrupt_state& e) {
            throw py::value_error(std::string{"Report state: "} + e.what());
        }
        for (const auto& value : r.report_.dimensions())
            if (value.size() != r.dimension_names_.size())
                throw py::value_error(fmt::format("Report state: a group has {} dimension values for {}", value.size(),
                                                  names_text(r.dimension_names_)));
        r.apply_credit_bands();
        r.apply_limit(r.report_);
        return r;
    }

    // A new report: the `keep` dimension values with the most requests keep their
    // groups, the others' merge into `other` (library's folded()). Counts and
    // rejections are kept; max_groups is not carried.
    [[nodiscard]] report_handle folded(std::size_t keep, const std::vector<std::string>& other) const {
        if (dimension_names_.empty()) throw py::value_error("folded: the report has no dimensions (by=None)");
        if (other.size() != dimension_names_.size())
            throw py::value_error(
                fmt::format("folded: other has {} values for {}", other.size(), names_text(dimension_names_)));
        report_handle out{*this};
        out.max_groups_.reset();
        out.report_ = report_.folded(keep, other);
        return out;
    }

    // The distinct dimension values, ascending.
    [[nodiscard]] std::vector<ex::dimension_values> dimension_values() const { return report_.dimensions(); }

    // Per period and dimension value: the totals of the value's groups, the library's
    // breakdown (their first-response times merged, each on its group's clock). A
    // dict of columns for pandas.
    [[nodiscard]] py::dict by_dimension() const {
        frame_columns f;
        for (const auto day : report_.periods()) {
            for (const auto& [value, t] : report_.breakdown(day)) {
                f.text("period", slakit::period_label(day, by_));
                for (std::size_t k = 0; k < dimension_names_.size(); ++k) f.text(dimension_names_[k], value[k]);
                const auto& c = t.first_response;
                f.count("requests", t.requests());
                f.count("in_scope", t.in_scope());
                f.count("out_of_hours", c.out_of_hours());
                f.count("excluded", c.excluded());
                f.count("met", c.met());
                f.count("breached", c.breached());
                f.count("pending", c.pending());
                f.count("no_threshold", t.no_threshold);
                f.count("handoff_met", t.handoff.met());
                f.count("handoff_breached", t.handoff.breached());
                f.number("compliance", c.rate());
                f.times(t.response_times);
            }
        }
        return f.dict();
    }

    // One row per period, dimension value, channel and priority: the columns of
    // sla_report --format csv, with the dimensions after the period.
    [[nodiscard]] py::dict groups() const {
        frame_columns f;
        for (const auto& [key, cell] : report_.groups()) {
            f.text("period", slakit::period_label(key.period, by_));
            for (std::size_t k = 0; k < dimension_names_.size(); ++k) f.text(dimension_names_[k], key.dimensions[k]);
            f.text("channel", to_string(key.channel));
            f.text("priority", to_string(key.priority));
            f.count("requests", cell.requests());
            f.count("in_scope", cell.in_scope());
            f.count("out_of_hours", cell.out_of_hours());
            f.count("excluded", cell.excluded());
            f.count("met", cell.met());
            f.count("breached", cell.breached());
            f.count("pending", cell.pending());
            f.count("no_threshold", cell.no_threshold());
            f.number("compliance", cell.compliance());
            f.times(cell.response_times());
        }
        return f.dict();
    }

    [[nodiscard]] const std::optional<ex::event_counts>& events() const noexcept { return events_; }
    [[nodiscard]] std::uint64_t accepted() const noexcept { return accepted_; }
    [[nodiscard]] std::uint64_t rejected() const noexcept { return rejected_; }
    [[nodiscard]] const std::vector<rejection>& rejections() const noexcept { return rejections_; }
    [[nodiscard]] slakit::instant as_of() const noexcept { return as_of_; }
    [[nodiscard]] bool as_of_is_latest() const noexcept { return as_of_is_latest_; }
    [[nodiscard]] std::string_view period() const noexcept { return to_string(by_); }
    [[nodiscard]] const std::shared_ptr<const contract_data>& contract() const noexcept { return contract_; }
    [[nodiscard]] const std::vector<std::string>& dimension_names() const noexcept { return dimension_names_; }
    [[nodiscard]] std::optional<std::size_t> max_groups() const noexcept { return max_groups_; }

private:
    static std::string names_text(const std::vector<std::string>& names) {
        if (names.empty()) return "no dimensions";
        return fmt::format("[{}]", fmt::join(names, ", "));
    }

    static void check_dimension_names(const std::vector<std::string>& names) {
        for (std::size_t k = 0; k < names.size(); ++k) {
            if (names[k].empty()) throw py::value_error("by: a dimension needs a name (an empty one was given)");
            for (std::size_t j = 0; j < k; ++j)
                if (names[j] == names[k]) throw py::value_error(fmt::format("by: \"{}\" is named twice", names[k]));
        }
    }

    void apply_limit(ex::fast_report& r) const {
        if (max_groups_) r.limit_dimensions(*max_groups_);
    }

    // A report counts request rows or event lines, never both: the counts would mix.
    void rows_are(std::string_view kind) {
        const bool events = kind == "events";
        if (events_.has_value() != events && accepted_ + rejected_ > 0)
            throw py::value_error(fmt::format("the report holds {}; it cannot add {} too",
                                              events ? "request rows" : "timelines from events", kind));
        if (events && !events_) events_.emplace();
    }

    [[nodiscard]] ex::run_info run_info(const std::string& requests) const {
        return {contract_->name, requests, as_of_, true, !as_of_is_latest_, {accepted_, rejected_}, dimension_names_};
    }

    void apply_credit_bands() {
        if (!contract_->loaded.credit_bands.empty())
            report_.set_credit_bands(slakit::credit_bands{contract_->loaded.credit_bands});
    }

    std::shared_ptr<const contract_data> contract_;
    slakit::reporting_period by_;
    slakit::instant as_of_;
    bool as_of_is_latest_;
    std::vector<std::string> dimension_names_;  // the columns the report is broken down by
    std::optional<std::size_t> max_groups_;  // limit_dimensions, when set
    ex::fast_report report_;
    ex::fast_request request_{};
    ex::dimension_values values_;  // add_columns' buffer
    std::uint64_t accepted_ = 0;
    std::uint64_t rejected_ = 0;
    std::optional<ex::event_counts> events_;  // for timelines added from events
    std::vector<rejection> rejections_;
};

// The latest instant of the rows report_handle::add_columns would accept: the as_of
// that sla_report takes by default. None when no row is accepted.
py::object latest_instant(const contract_handle& contract, const request_columns& columns) {
    std::optional<slakit::instant> latest;
    ex::fast_request r{};
    for (std::size_t i = 0; i < columns.rows; ++i) {
        if (!check_row(contract.data->names, columns, i, std::nullopt, r).empty()) continue;
        for (const auto& t : {std::optional<slakit::instant>{r.submitted_at}, r.first_response, r.handoff_decided,
                              r.handoff_completed, r.human_contact})
            if (t && (!latest || *latest < *t)) latest = *t;
    }
    return latest ? to_datetime(*latest) : py::none();
}

// The latest instant of a CSV file's accepted rows, read as sla_report reads it.
py::object latest_instant_csv(const contract_handle& contract, const std::string& path, unsigned threads) {
    ex::report_reader reader{contract.data->names, slakit::reporting_period::month, std::nullopt};
    reader.show_progress(false);
    reader.on_rejected([](const std::string&) {});
    try {
        const py::gil_scoped_release unlocked;
        static_cast<void>(reader.read(path, default_columns(), std::max(threads, 1U)));
    } catch (const ex::fatal_error& e) {
        throw py::value_error(e.what());
    }
    return reader.has_as_of() ? to_datetime(reader.as_of()) : py::none();
}

}  // namespace

PYBIND11_MODULE(_slakit, m) {
    m.doc() = "slakit: customer-service SLA calendars, contracts and monthly reports (C++ core)";

    py::class_<calendar_handle>(m, "Calendar", R"(Business hours over an IANA time zone.

Calendar(zone, hours, closed=[], hours_on={}, holidays_ics=None) as in a calendar file:
  zone      "Asia/Shanghai"
  hours     weekly hours, "Mon-Fri 09:00-18:00"
  closed    dates or "YYYY-MM-DD..YYYY-MM-DD" ranges
  hours_on  {"2026-09-20": "09:00-18:00"}: special hours on single dates
  holidays_ics  path of an iCalendar file whose all-day events are closed days
            (hours_on wins over them); a relative path is from the working directory
Instants are timezone-aware datetimes (a naive one raises ValueError); answers
are datetimes in UTC and timedeltas.)")
        .def(py::init(&make_calendar), py::arg("zone"), py::arg("hours"), py::arg("closed") = std::vector<py::object>{},
             py::arg("hours_on") = std::map<std::string, std::string>{}, py::arg("holidays_ics") = py::none())
        .def_static(
            "from_toml",
            [](std::string text, std::string name) {
                try {
                    return calendar_handle{ex::parse_calendar(std::move(text), std::move(name))};
                } catch (const ex::config_error& e) {
                    throw py::value_error(e.what());
                }
            },
            py::arg("text"), py::arg("name") = "<calendar>",
            "A calendar from the text of a calendar (or contract) TOML file.")
        .def_static(
            "load",
            [](const std::string& path) {
                try {
                    return calendar_handle{ex::parse_calendar(read_file(path), path)};
                } catch (const ex::config_error& e) {
                    throw py::value_error(e.what());
                }
            },
            py::arg("path"), "A calendar from a calendar (or contract) TOML file.")
        .def_property_readonly("zone", [](const calendar_handle& c) { return c.calendar.zone()->name(); })
        .def(
            "is_open",
            [](const calendar_handle& c, py::handle t) { return c.calendar.is_open(to_instant(t, "is_open")); },
            py::arg("t"))
        .def(
            "elapsed",
            [](const calendar_handle& c, py::handle from, py::handle to) {
                return to_timedelta(
                    c.calendar.elapsed(to_instant(from, "elapsed(from)"), to_instant(to, "elapsed(to)")));
            },
            py::arg("start"), py::arg("end"), "Open time between two instants (negative when end < start).")
        .def(
            "deadline",
            [](const calendar_handle& c, py::handle from, py::handle d) {
                const auto t = to_instant(from, "deadline(start)");
                const auto open = to_duration(d, "deadline(open_time)");
                if (open < open.zero()) throw py::value_error("deadline: negative open time");
                try {
                    return to_datetime(c.calendar.deadline(t, open));
                } catch (const slakit::no_open_time& e) {
                    throw py::value_error(std::string{"deadline: "} + e.what());
                }
            },
            py::arg("start"), py::arg("open_time"),
            "The instant when open_time (timedelta or \"30min\") of open hours has passed.")
        .def(
            "next_open",
            [](const calendar_handle& c, py::handle t) {
                try {
                    return to_datetime(c.calendar.next_open(to_instant(t, "next_open")));
                } catch (const slakit::no_open_time& e) {
                    throw py::value_error(std::string{"next_open: "} + e.what());
                }
            },
            py::arg("t"))
        .def(
            "next_close",
            [](const calendar_handle& c, py::handle t) {
                try {
                    return to_datetime(c.calendar.next_close(to_instant(t, "next_close")));
                } catch (const std::domain_error& e) {  // no_open_time, or a calendar that never closes
                    throw py::value_error(std::string{"next_close: "} + e.what());
                }
            },
            py::arg("t"))
        .def(
            "_elapsed_ns",
            [](const calendar_handle& c, const columns::ns_array& from, const columns::ns_array& to) {
                return columns::elapsed(c.calendar, from, to);
            },
            py::arg("start"), py::arg("end"))
        .def(
            "_deadline_ns",
            [](const calendar_handle& c, const columns::ns_array& from, const columns::ns_array& open) {
                return columns::deadline(c.calendar, from, open);
            },
            py::arg("start"), py::arg("open_time"))
        .def(
            "_is_open_ns",
            [](const calendar_handle& c, const columns::ns_array& t) {
                return columns::each(c.calendar, t, "is_open",
                                     [](const slakit::calendar& cal, std::int64_t v, columns::column_error&,
                                        std::size_t) -> std::int64_t {
                                         return cal.is_open(columns::at(columns::split_ns(v).whole)) ? 1 : 0;
                                     });
            },
            py::arg("t"))
        .def(
            "_next_open_ns",
            [](const calendar_handle& c, const columns::ns_array& t) {
                return columns::each(c.calendar, t, "next_open",
                                     [](const slakit::calendar& cal, std::int64_t v, columns::column_error& error,
                                        std::size_t row) -> std::int64_t {
                                         const auto x = columns::at(columns::split_ns(v).whole);
                                         // Open or shut for whole seconds: the answer is t, or a whole second after it.
                                         if (cal.is_open(x)) return v;
                                         return columns::to_ns(cal.next_open(x), 0, error, row);
                                     });
            },
            py::arg("t"))
        .def(
            "_next_close_ns",
            [](const calendar_handle& c, const columns::ns_array& t) {
                return columns::each(c.calendar, t, "next_close",
                                     [](const slakit::calendar& cal, std::int64_t v, columns::column_error& error,
                                        std::size_t row) -> std::int64_t {
                                         const auto x = columns::at(columns::split_ns(v).whole);
                                         return columns::to_ns(cal.next_close(x), 0, error, row);
                                     });
            },
            py::arg("t"))
        .def("__repr__", [](const calendar_handle& c) {
            return fmt::format("<slakit.Calendar {} \"{}\">", c.calendar.zone()->name(), c.calendar.week().to_string());
        });

    py::class_<contract_handle>(m, "Contract", R"(A contract loaded from its TOML text (the CLI's contract files).

Contract.load(path) or Contract.from_toml(text, name). A bad file raises
ValueError("name:line:column: message").)")
        .def_static(
            "from_toml",
            [](std::string text, std::string name) {
                return contract_handle{load_contract_text(std::move(text), std::move(name))};
            },
            py::arg("text"), py::arg("name") = "<contract>")
        .def_static(
            "load", [](const std::string& path) { return contract_handle{load_contract_text(read_file(path), path)}; },
            py::arg("path"))
        .def_property_readonly("name", [](const contract_handle& c) { return c.data->name; })
        .def_property_readonly("text", [](const contract_handle& c) { return c.data->text; })
        .def_property_readonly("channels", [](const contract_handle& c) { return c.data->loaded.channels; })
        .def_property_readonly(
            "priorities", [](const contract_handle& c) { return c.data->loaded.priorities; }, "Least important first.")
        .def_property_readonly(
            "calendar", [](const contract_handle& c) { return calendar_handle{c.data->loaded.policy.calendar()}; })
        .def(
            "evaluate",
            [](const contract_handle& c, const std::string& channel, const std::string& priority,
               py::handle submitted_at, py::handle first_response_at, py::handle handoff_decided_at,
               py::handle handoff_completed_at, py::handle human_contact_at, std::optional<std::string> excluded_reason,
               py::handle as_of) {
                const auto& names = c.data->names;
                const std::array<std::optional<slakit::instant>, 5> t{
                    to_request_instant(submitted_at, "submitted_at"),
                    optional_instant(first_response_at, "first_response_at"),
                    optional_instant(handoff_decided_at, "handoff_decided_at"),
                    optional_instant(handoff_completed_at, "handoff_completed_at"),
                    optional_instant(human_contact_at, "human_contact_at")};
                const auto at = to_request_instant(as_of, "as_of");
                ex::fast_request r{};
                if (auto why =
                        ex::make_request(names, channel, priority, t, excluded_reason.value_or(""), std::nullopt, r);
                    !why.empty())
                    throw py::value_error("evaluate: " + why);
                const auto o = slakit::evaluate(names.policy, r, at);
                const auto& levels = names.policy.warning_levels();
                py::dict d;
                d["channel"] = channel;
                d["priority"] = priority;
                d["target"] = slakit::target_label(o.matched);
                d["scope"] = std::string{to_string(o.scope)};
                d["exclusion_reason"] = o.exclusion_reason ? py::object(py::str(*o.exclusion_reason)) : py::none();
                d["next_open"] = o.next_open ? to_datetime(*o.next_open) : py::none();
                d["wall_response"] = o.wall_response ? to_timedelta(*o.wall_response) : py::none();
                d["business_response"] = o.business_response ? to_timedelta(*o.business_response) : py::none();
                d["first_response"] = measurement_dict(o.first_response, levels);
                d["handoff"] = measurement_dict(o.handoff, levels);
                d["human_response"] = measurement_dict(o.human_response, levels);
                return d;
            },
            py::arg("channel"), py::arg("priority"), py::arg("submitted_at"), py::arg("first_response_at") = py::none(),
            py::arg("handoff_decided_at") = py::none(), py::arg("handoff_completed_at") = py::none(),
            py::arg("human_contact_at") = py::none(), py::arg("excluded_reason") = py::none(), py::kw_only(),
            py::arg("as_of"),
            "One request at as_of: a dict of its scope, target and measurements (status met/breached/pending).")
        .def(py::pickle([](const contract_handle& c) { return py::make_tuple(c.data->text, c.data->name); },
                        [](const py::tuple& t) {
                            if (t.size() != 2) throw py::value_error("Contract state: expected (text, name)");
                            return contract_handle{
                                load_contract_text(t[0].cast<std::string>(), t[1].cast<std::string>())};
                        }))
        .def("__repr__", [](const contract_handle& c) { return "<slakit.Contract " + c.data->name + '>'; });

    // slakit::dimension_limit (max_groups passed) as slakit.DimensionLimitError, a
    // ValueError with the library's message and its limit and values.
    static py::exception<slakit::dimension_limit> dimension_limit_error(m, "DimensionLimitError", PyExc_ValueError);
    dimension_limit_type = dimension_limit_error;
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const slakit::dimension_limit& e) {
            set_dimension_limit(e.what(), e.limit(), py::int_(e.values()));
        }
    });

    py::class_<report_handle>(m, "_Report")
        .def(py::init([](const contract_handle& c, const std::string& period, py::handle as_of, bool as_of_is_latest,
                         std::vector<std::string> by, std::optional<std::size_t> max_groups) {
                 return report_handle{c.data,          period_from(period), to_request_instant(as_of, "as_of"),
                                      as_of_is_latest, std::move(by),       max_groups};
             }),
             py::arg("contract"), py::arg("period") = "month", py::kw_only(), py::arg("as_of"),
             py::arg("as_of_is_latest") = false, py::arg("by") = std::vector<std::string>{},
             py::arg("max_groups") = py::none())
        .def(
            "add_columns",
            [](report_handle& r, py::handle a, py::handle b, py::handle c, py::handle d, py::handle e, py::handle f,
               py::handle g, py::handle h, const py::sequence& dimensions) {
                request_columns columns{a, b, c, d, e, f, g, h};
                columns.add_dimensions(dimensions, r.dimension_names());
                return r.add_columns(columns);
            },
            py::arg("channel"), py::arg("priority"), py::arg("submitted_at"), py::arg("first_response_at") = py::none(),
            py::arg("handoff_decided_at") = py::none(), py::arg("handoff_completed_at") = py::none(),
            py::arg("human_contact_at") = py::none(), py::arg("excluded_reason") = py::none(), py::kw_only(),
            py::arg("dimensions") = py::tuple(), "dimensions: one column per name of `by`, in its order.")
        .def("add_csv", &report_handle::add_csv, py::arg("path"), py::arg("threads") = 1)
        .def(
            "add_events",
            [](report_handle& r, py::handle request_id, py::handle at, py::handle event, py::handle channel,
               py::handle priority, py::handle status, py::handle author, py::handle reason, unsigned threads,
               const py::sequence& dimensions) {
                event_columns columns{request_id, at, event, channel, priority, status, author, reason};
                columns.dimension_names = r.dimension_names();
                for (const auto column : dimensions) columns.dimensions.push_back(column);
                return r.add_events(columns, threads);
            },
            py::arg("request_id"), py::arg("at"), py::arg("event"), py::arg("channel") = py::none(),
            py::arg("priority") = py::none(), py::arg("status") = py::none(), py::arg("author") = py::none(),
            py::arg("reason") = py::none(), py::kw_only(), py::arg("threads") = 1, py::arg("dimensions") = py::tuple(),
            "dimensions: one column per name of `by`, in its order; a request's values are its submitted row's.")
        .def_property_readonly("requests_read",
                               [](const report_handle& r) -> py::object {
                                   if (!r.events()) return py::none();
                                   return py::int_(r.events()->requests);
                               })
        .def_property_readonly("requests_rejected",
                               [](const report_handle& r) -> py::object {
                                   if (!r.events()) return py::none();
                                   return py::int_(r.events()->invalid);
                               })
        .def("add_outage", &report_handle::add_outage, py::arg("begin"), py::arg("end"))
        .def("merge", &report_handle::merge, py::arg("other"))
        .def("_json", &report_handle::json, py::arg("requests"))
        .def("to_csv", &report_handle::csv, "The report as sla_report --format csv prints it.")
        .def("to_table", &report_handle::table, py::arg("requests") = "<columns>",
             "The report as sla_report --format table prints it.")
        .def_property_readonly("rows_accepted", &report_handle::accepted)
        .def_property_readonly("rows_rejected", &report_handle::rejected)
        .def_property_readonly("rows_read", [](const report_handle& r) { return r.accepted() + r.rejected(); })
        .def_property_readonly(
            "rejections", &report_handle::rejections,
            "(row, reason) of each rejected row; rows count from 0 in the order this report was given them")
        .def_property_readonly("as_of", [](const report_handle& r) { return to_datetime(r.as_of()); })
        .def_property_readonly("as_of_is_latest", &report_handle::as_of_is_latest)
        .def_property_readonly("period", &report_handle::period)
        .def_property_readonly("contract", [](const report_handle& r) { return contract_handle{r.contract()}; })
        .def_property_readonly("by", &report_handle::dimension_names)
        .def_property_readonly("max_groups", &report_handle::max_groups)
        .def("folded", &report_handle::folded, py::arg("keep"), py::arg("other"))
        .def("_dimension_values", &report_handle::dimension_values)
        .def("_by_dimension", &report_handle::by_dimension)
        .def("_groups", &report_handle::groups)
        .def(py::pickle([](const report_handle& r) { return r.state(); },
                        [](const py::tuple& t) { return report_handle::from_state(t); }));

    bind_events(m);

    m.def("latest_instant_csv", &latest_instant_csv, py::arg("contract"), py::arg("path"), py::arg("threads") = 1,
          "The latest instant of a requests CSV's accepted rows (sla_report's reader).");
    m.def(
        "latest_instant",
        [](const contract_handle& contract, py::handle a, py::handle b, py::handle c, py::handle d, py::handle e,
           py::handle f, py::handle g, py::handle h) {
            return latest_instant(contract, request_columns{a, b, c, d, e, f, g, h});
        },
        py::arg("contract"), py::arg("channel"), py::arg("priority"), py::arg("submitted_at"),
        py::arg("first_response_at") = py::none(), py::arg("handoff_decided_at") = py::none(),
        py::arg("handoff_completed_at") = py::none(), py::arg("human_contact_at") = py::none(),
        py::arg("excluded_reason") = py::none(),
        "The latest instant among the rows a report would accept: sla_report's default as_of.");
}
