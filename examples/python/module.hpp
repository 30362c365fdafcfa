// examples/python/module.hpp: what the module's two halves share (slakit_python.cpp:
// calendars, contracts, reports of requests; events.cpp: request timelines):
// datetimes as instants, loaded contracts, and columns read from numpy arrays.
#pragma once

#include "support/contract.hpp"
#include "support/fast_instant.hpp"
#include "support/interned.hpp"

#include <slakit/time.hpp>

#include <date/date.h>
#include <fmt/format.h>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace slakit::python {

namespace py = pybind11;
namespace ex = slakit::examples;

using std::chrono::microseconds;
using std::chrono::milliseconds;
using utc_micros = std::chrono::sys_time<microseconds>;

// --- datetime <-> sys_time ---------------------------------------------------------

// Looked up once; deliberately never released (no Python calls at process exit).
inline const py::handle& datetime_module() {
    static const py::handle module = py::module_::import("datetime").release();
    return module;
}

[[nodiscard]] inline std::string python_repr(py::handle value) { return py::repr(value).cast<std::string>(); }

// A timezone-aware datetime as an instant; a naive one names no instant (which
// zone would it be in?) and is refused rather than guessed.
inline utc_micros to_instant(py::handle value, std::string_view what) {
    if (!py::isinstance(value, datetime_module().attr("datetime")))
        throw py::type_error(
            fmt::format("{}: expected a timezone-aware datetime.datetime, not {}", what, python_repr(value)));
    const py::object offset = value.attr("utcoffset")();
    if (offset.is_none())
        throw py::value_error(
            fmt::format("{}: {} is a naive datetime; pass a timezone-aware one "
                        "(e.g. tzinfo=datetime.timezone.utc or a zoneinfo.ZoneInfo)",
                        what, python_repr(value)));
    const auto field = [&](py::handle object, const char* name) { return object.attr(name).cast<long long>(); };
    const date::year_month_day day{date::year{static_cast<int>(field(value, "year"))},
                                   date::month{static_cast<unsigned>(field(value, "month"))},
                                   date::day{static_cast<unsigned>(field(value, "day"))}};
    const auto local = date::sys_days{day} + std::chrono::hours{field(value, "hour")} +
                       std::chrono::minutes{field(value, "minute")} + std::chrono::seconds{field(value, "second")} +
                       microseconds{field(value, "microsecond")};
    const auto shift = std::chrono::days{field(offset, "days")} + std::chrono::seconds{field(offset, "seconds")} +
                       microseconds{field(offset, "microseconds")};
    const utc_micros t = local - shift;
    if (t < slakit::earliest_instant || t >= slakit::latest_instant)
        throw py::value_error(fmt::format("{}: {} is outside the supported range [1900-01-01, 2200-01-01) UTC", what,
                                          python_repr(value)));
    return t;
}

// Requests keep milliseconds: finer digits are dropped, as sla_report drops them.
inline slakit::instant to_request_instant(py::handle value, std::string_view what) {
    return std::chrono::floor<milliseconds>(to_instant(value, what));
}

inline std::optional<slakit::instant> optional_instant(py::handle value, std::string_view what) {
    if (value.is_none()) return std::nullopt;
    return to_request_instant(value, what);
}

template <class Duration>
inline py::object to_datetime(std::chrono::sys_time<Duration> t) {
    const auto us = std::chrono::floor<microseconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(us);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<microseconds> time{us - day};
    const py::object utc = datetime_module().attr("timezone").attr("utc");
    return datetime_module().attr("datetime")(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                              static_cast<unsigned>(ymd.day()), time.hours().count(),
                                              time.minutes().count(), time.seconds().count(), time.subseconds().count(),
                                              py::arg("tzinfo") = utc);
}

template <class Rep, class Period>
inline py::object to_timedelta(std::chrono::duration<Rep, Period> d) {
    const auto us = std::chrono::duration_cast<microseconds>(d).count();
    return datetime_module().attr("timedelta")(py::arg("microseconds") = us);
}

// A timedelta, or a duration string as contracts write them ("30min", "1h30min").
inline microseconds to_duration(py::handle value, std::string_view what) {
    if (py::isinstance<py::str>(value)) {
        try {
            return slakit::parse_duration(value.cast<std::string>());
        } catch (const slakit::parse_error& e) {
            throw py::value_error(fmt::format("{}: {}", what, e.what()));
        }
    }
    if (!py::isinstance(value, datetime_module().attr("timedelta")))
        throw py::type_error(
            fmt::format("{}: expected a datetime.timedelta or a duration string such as \"30min\", not {}", what,
                        python_repr(value)));
    const auto field = [&](const char* name) { return value.attr(name).cast<long long>(); };
    return std::chrono::days{field("days")} + std::chrono::seconds{field("seconds")} +
           microseconds{field("microseconds")};
}

// --- contracts -----------------------------------------------------------------------

// A loaded contract with its interned names; shared by the reports made with it.
// Never moved: the interned names point into `loaded`.
struct contract_data {
    std::string text;
    std::string name;
    ex::contract loaded;
    ex::interned_contract names;

    contract_data(std::string t, std::string n)
            : text(std::move(t)),
              name(std::move(n)),
              loaded(ex::parse_contract(text, name)),
              names(ex::intern(loaded)) {}
    contract_data(const contract_data&) = delete;
    contract_data& operator=(const contract_data&) = delete;
};

struct contract_handle {
    std::shared_ptr<const contract_data> data;
};

inline std::shared_ptr<const contract_data> load_contract_text(std::string text, std::string name) {
    try {
        return std::make_shared<const contract_data>(std::move(text), std::move(name));
    } catch (const ex::config_error& e) {
        throw py::value_error(e.what());
    }
}

// --- columns -----------------------------------------------------------------------

// One column of text (channels, priorities, ids, reasons): element i as a
// string_view, empty for None, NaN or a missing value. Holds the object array.
class text_column {
public:
    text_column(py::handle source, std::string_view name, std::size_t rows) : name_(name) {
        if (source.is_none()) return;
        array_ = py::array::ensure(source, py::array::forcecast);
        if (!array_ || array_.ndim() != 1)
            throw py::type_error(fmt::format("{}: expected a 1-dimensional column", name));
        if (array_.dtype().kind() != 'O')
            array_ = py::module_::import("numpy").attr("asarray")(source, py::arg("dtype") = "object");
        if (static_cast<std::size_t>(array_.shape(0)) != rows)
            throw py::value_error(fmt::format("{}: {} rows, but the first column has {}", name, array_.shape(0), rows));
        items_ = static_cast<PyObject* const*>(array_.data());
        stride_ = static_cast<std::size_t>(array_.strides(0)) / sizeof(PyObject*);
    }

    [[nodiscard]] std::string_view at(std::size_t i) const {
        if (items_ == nullptr) return {};
        PyObject* item = items_[i * stride_];
        if (PyUnicode_Check(item)) {
            Py_ssize_t size = 0;
            const char* data = PyUnicode_AsUTF8AndSize(item, &size);
            if (data == nullptr) throw py::error_already_set();
            return {data, static_cast<std::size_t>(size)};
        }
        if (item == Py_None || (PyFloat_Check(item) && std::isnan(PyFloat_AS_DOUBLE(item)))) return {};
        throw py::type_error(fmt::format("{}[{}]: expected a string or None, not {}", name_, i, python_repr(item)));
    }

private:
    std::string_view name_;
    py::array array_;
    PyObject* const* items_ = nullptr;
    std::size_t stride_ = 0;
};

// One column of instants: int64 nanoseconds since 1970-01-01 UTC (the minimum,
// NaT, for a missing one), or text as sla_report reads it.
class instant_column {
public:
    instant_column(py::handle source, std::string_view name, std::size_t rows)
            : name_(name), text_(py::none(), name, rows) {
        if (source.is_none()) return;
        const py::array any = py::array::ensure(source);
        if (!any) throw py::type_error(fmt::format("{}: expected a column (array, list or Series)", name));
        const char kind = any.dtype().kind();
        if (kind == 'M')
            throw py::value_error(
                fmt::format("{}: a datetime64 column carries no time zone; pass int64 nanoseconds since "
                            "1970-01-01 UTC (column.view(\"int64\")) or timezone-aware values",
                            name));
        if (kind == 'i' || kind == 'u') {
            numbers_ = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(any);
            if (static_cast<std::size_t>(numbers_.shape(0)) != rows || numbers_.ndim() != 1)
                throw py::value_error(
                    fmt::format("{}: {} rows, but the first column has {}", name, numbers_.shape(0), rows));
            has_numbers_ = true;
            numbers_data_ = numbers_.data();
            return;
        }
        text_ = text_column(any, name, rows);
        has_text_ = true;
    }

    // The instant of row i, nullopt when absent; throws slakit::parse_error for bad text.
    [[nodiscard]] std::optional<slakit::instant> at(std::size_t i) const {
        if (has_numbers_) {
            const std::int64_t ns = numbers_data_[i];
            if (ns == std::numeric_limits<std::int64_t>::min()) return std::nullopt;  // NaT
            const auto t = std::chrono::floor<milliseconds>(
                std::chrono::sys_time<std::chrono::nanoseconds>{std::chrono::nanoseconds{ns}});
            if (t < slakit::earliest_instant || t >= slakit::latest_instant)
                throw slakit::parse_error("instant outside the supported range", std::to_string(ns), 0);
            return t;
        }
        if (!has_text_) return std::nullopt;
        const std::string_view text = text_.at(i);
        if (text.empty()) return std::nullopt;
        return ex::read_instant(text);
    }

    [[nodiscard]] std::string_view name() const noexcept { return name_; }

private:
    std::string_view name_;
    py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> numbers_;
    const std::int64_t* numbers_data_ = nullptr;  // contiguous: forcecast made it so
    bool has_numbers_ = false;
    text_column text_;
    bool has_text_ = false;
};

}  // namespace slakit::python
