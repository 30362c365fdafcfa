// examples/python/events.cpp: request timelines from an events table (events.hpp),
// and slakit._slakit.sla_events: one row per SLA event, as columns.
#include "events.hpp"

#include <slakit/enums.hpp>
#include <slakit/error.hpp>
#include <slakit/sla_event.hpp>
#include <slakit/verdict.hpp>

#include <fmt/format.h>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace slakit::python {

namespace {

constexpr std::uint16_t none16 = std::numeric_limits<std::uint16_t>::max();
constexpr std::uint32_t none32 = std::numeric_limits<std::uint32_t>::max();

}  // namespace

struct event_table::row {
    slakit::instant at{};
    slakit::event_kind kind = slakit::event_kind::submitted;
    slakit::author by = slakit::author::human;
    std::uint16_t channel = none16;  // index among the contract's channels
    std::uint16_t priority = none16;  // among its priorities
    std::string_view status, reason;  // into the table's Python strings
    bool readable = false;
};

// The Python arrays the rows' text points into.
struct event_table::storage {
    storage(const event_columns& c, std::size_t rows)
            : at(c.at, "at", rows),
              event(c.event, "event", rows),
              channel(c.channel, "channel", rows),
              priority(c.priority, "priority", rows),
              status(c.status, "status", rows),
              author(c.author, "author", rows),
              reason(c.reason, "reason", rows),
              dimension_names(c.dimension_names) {
        if (c.dimensions.size() != dimension_names.size())
            throw py::value_error(
                fmt::format("dimensions: {} columns for {} names", c.dimensions.size(), dimension_names.size()));
        dimensions.reserve(dimension_names.size());
        for (std::size_t k = 0; k < dimension_names.size(); ++k) {
            if (c.dimensions[k].is_none())
                throw py::value_error(fmt::format("dimensions: no column {}", dimension_names[k]));
            dimensions.emplace_back(c.dimensions[k], dimension_names[k], rows);
        }
    }
    py::array numeric_ids;  // int64 ids, or none
    std::unique_ptr<text_column> text_ids;
    instant_column at;
    text_column event, channel, priority, status, author, reason;
    std::vector<std::string> dimension_names;  // the text_columns' names point into these
    std::vector<text_column> dimensions;
};

event_table::~event_table() = default;

namespace {

// Why row i cannot be an event, or empty when `out` holds it.
template <class Row, class Storage>
std::string read_row(const ex::interned_contract& names, const Storage& s, std::size_t i, Row& out) {
    if (s.text_ids && s.text_ids->at(i).empty()) return "no request_id";
    try {
        const auto at = s.at.at(i);
        if (!at) return "no at";
        out.at = *at;
    } catch (const slakit::parse_error& x) {
        return std::string{"at: "} + x.what();
    }
    const std::string_view kind = s.event.at(i);
    const auto k = slakit::try_parse<slakit::event_kind>(kind);
    if (!k) {
        if (kind.empty()) return "no event";
        return fmt::format(
            "unknown event \"{}\" (submitted, customer_message, reply, status, priority, handoff_decided, "
            "handoff_completed, human_contact or excluded)",
            kind);
    }
    out.kind = *k;
    const auto priority = [&]() -> std::string {
        const std::string_view p = s.priority.at(i);
        const auto* known = ex::known(names.priorities, p);
        if (known == nullptr)
            return p.empty() ? fmt::format("a {} event needs a priority", kind)
                             : fmt::format("unknown priority \"{}\"", p);
        out.priority = known->index;
        return {};
    };
    switch (*k) {
    case slakit::event_kind::submitted: {
        const std::string_view channel = s.channel.at(i);
        const auto* known = ex::known(names.channels, channel);
        if (known == nullptr)
            return channel.empty() ? std::string{"a submitted event needs a channel"}
                                   : fmt::format("unknown channel \"{}\"", channel);
        out.channel = known->index;
        return priority();
    }
    case slakit::event_kind::priority: return priority();
    case slakit::event_kind::status:
        out.status = s.status.at(i);  // a name the contract lacks makes the timeline invalid
        if (out.status.empty()) return "a status event needs a status";
        return {};
    case slakit::event_kind::reply: {
        const std::string_view by = s.author.at(i);
        if (by.empty() || by == "human") {
            out.by = slakit::author::human;  // as a record's first response
        } else if (by == "bot") {
            out.by = slakit::author::bot;
        } else {
            return fmt::format("unknown author \"{}\" (bot or human)", by);
        }
        return {};
    }
    case slakit::event_kind::excluded:
        out.reason = s.reason.at(i);
        if (out.reason.find_first_not_of(" \t") == std::string_view::npos)
            return "an excluded event needs a reason: an exclusion must carry its reason";
        return {};
    default: return {};
    }
}

}  // namespace

event_table::event_table(const contract_data& contract, const event_columns& c)
        : names_(&contract.names), rows_(static_cast<std::size_t>(py::len(c.request_id))) {
    if (rows_ >= std::numeric_limits<std::uint32_t>::max())
        throw py::value_error("events: too many rows for one table (split it)");
    if (c.at.is_none() || c.event.is_none()) throw py::value_error("events: the columns at and event are required");
    columns_ = std::make_unique<storage>(c, rows_);
    auto& s = *columns_;
    const auto& names = contract.names;

    // Group by id: each request's index in order of first appearance.
    std::vector<std::uint32_t> request_of(rows_);
    const auto add_to = [&](auto& index, auto key, std::size_t i) {
        const auto [it, fresh] = index.try_emplace(key, static_cast<std::uint32_t>(first_row_.size()));
        if (fresh) first_row_.push_back(static_cast<std::uint32_t>(i));
        request_of[i] = it->second;
    };
    const py::array ids = py::array::ensure(c.request_id);
    if (!ids || ids.ndim() != 1) throw py::type_error("request_id: expected a 1-dimensional column");
    if (ids.dtype().kind() == 'i' || ids.dtype().kind() == 'u') {
        s.numeric_ids = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(ids);
        const auto* values = static_cast<const std::int64_t*>(s.numeric_ids.data());
        std::unordered_map<std::int64_t, std::uint32_t> index;
        for (std::size_t i = 0; i < rows_; ++i) add_to(index, values[i], i);
    } else {
        s.text_ids = std::make_unique<text_column>(c.request_id, "request_id", rows_);
        std::unordered_map<std::string_view, std::uint32_t> index;
        for (std::size_t i = 0; i < rows_; ++i) add_to(index, s.text_ids->at(i), i);
    }
    // Rows by request, in the order given within each (a stable counting sort).
    start_.assign(first_row_.size() + 1, 0);
    for (const std::uint32_t r : request_of) ++start_[r + 1];
    for (std::size_t r = 0; r < first_row_.size(); ++r) start_[r + 1] += start_[r];
    order_.resize(rows_);
    {
        std::vector<std::uint32_t> next(start_.begin(), start_.end() - 1);
        for (std::size_t i = 0; i < rows_; ++i) order_[next[request_of[i]]++] = static_cast<std::uint32_t>(i);
    }
    first_unreadable_.assign(first_row_.size(), none32);

    // The rows, each checked as sla_report --events checks a line, in its words.
    events_.resize(rows_);
    for (std::size_t i = 0; i < rows_; ++i) {
        row& e = events_[i];
        const std::string why = read_row(names, s, i, e);
        if (!why.empty()) {
            if (first_unreadable_[request_of[i]] == none32)
                first_unreadable_[request_of[i]] = static_cast<std::uint32_t>(unreadable_.size());
            unreadable_.push_back({i, request_of[i], std::move(why)});
            continue;
        }
        e.readable = true;
        if (!latest_ || *latest_ < e.at) latest_ = e.at;
    }

    // Each request's dimension values, read now, with the GIL held.
    dimension_count_ = s.dimensions.size();
    if (dimension_count_ == 0) return;
    dimension_values_.resize(first_row_.size() * dimension_count_);
    for (std::size_t r = 0; r < first_row_.size(); ++r) {
        for (const std::uint32_t i : rows_of(r)) {
            if (!events_[i].readable || events_[i].kind != slakit::event_kind::submitted) continue;
            for (std::size_t k = 0; k < dimension_count_; ++k)
                dimension_values_[r * dimension_count_ + k] = s.dimensions[k].at(i);
            break;
        }
    }
}

void event_table::dimension_values(std::size_t r, std::vector<std::string>& out) const {
    out.resize(dimension_count_);
    for (std::size_t k = 0; k < dimension_count_; ++k) out[k].assign(dimension_values_[r * dimension_count_ + k]);
}

void event_table::timeline(std::size_t r, fast_timeline& out, std::vector<std::uint32_t>& rows) const {
    out.clear();
    rows.clear();
    const auto& names = *names_;
    for (const std::uint32_t i : rows_of(r)) {
        const row& e = events_[i];
        if (!e.readable) continue;
        fast_timeline::event ev{e.at, e.kind};
        if (e.channel != none16) ev.channel = names.channels[e.channel];
        if (e.priority != none16) ev.priority = names.priorities[e.priority];
        ev.by = e.by;
        ev.status.assign(e.status);
        ev.reason.assign(e.reason);
        out.add(std::move(ev));
        rows.push_back(i);
    }
}

std::string event_table::id_text(std::size_t r) const {
    const std::size_t i = first_row_[r];
    if (columns_->text_ids) return std::string{columns_->text_ids->at(i)};
    return std::to_string(static_cast<const std::int64_t*>(columns_->numeric_ids.data())[i]);
}

py::object event_table::id_column() const {
    if (columns_->text_ids) return py::none();
    return columns_->numeric_ids;
}

std::pair<evaluation_counts, std::vector<event_problem>> evaluate_table(const contract_data& contract,
                                                                        const event_table& table, slakit::instant as_of,
                                                                        unsigned threads,
                                                                        const outcome_visitor& visit) {
    const std::size_t workers = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(table.requests(), 1));
    std::vector<evaluation_counts> counts(workers);
    std::vector<std::vector<event_problem>> problems(workers);
    std::vector<std::exception_ptr> failures(workers);
    const auto& agreement = contract.names.policy;

    const auto work = [&](std::size_t w) {
        try {
            fast_timeline history;
            std::vector<std::uint32_t> rows;
            const std::size_t from = table.requests() * w / workers, to = table.requests() * (w + 1) / workers;
            for (std::size_t r = from; r < to; ++r) {
                table.timeline(r, history, rows);
                if (history.empty()) continue;  // every row unreadable: no request, as for sla_report
                const auto& events = history.events();
                const auto submission = std::find_if(events.begin(), events.end(), [](const auto& e) {
                    return e.kind == slakit::event_kind::submitted;
                });
                // Not yet submitted at as_of: nothing to evaluate (validate still names a
                // second submission or an event before it, below, when there is one).
                if (submission != events.end() && as_of < submission->at && !slakit::validate(agreement, history)) {
                    ++counts[w].not_yet_submitted;
                    problems[w].push_back({table.first_row(r), r, "submitted after as_of", true});
                    continue;
                }
                try {
                    const auto o = slakit::evaluate(agreement, history, as_of);
                    ++counts[w].evaluated;
                    visit(w, r, o);
                } catch (const slakit::invalid_timeline& e) {
                    const std::size_t row = e.index() < rows.size() ? rows[e.index()] : table.first_row(r);
                    problems[w].push_back({row, r, e.what()});
                } catch (const slakit::invalid_request& e) {
                    problems[w].push_back({table.first_row(r), r, e.what()});
                }
            }
        } catch (...) {
            failures[w] = std::current_exception();
        }
    };
    if (workers == 1) {
        work(0);
    } else {
        std::vector<std::thread> pool;
        for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
        work(0);
        for (auto& t : pool) t.join();
    }
    for (const auto& f : failures)
        if (f) std::rethrow_exception(f);
    evaluation_counts total;
    std::vector<event_problem> all;
    for (std::size_t w = 0; w < workers; ++w) {
        total.evaluated += counts[w].evaluated;
        total.not_yet_submitted += counts[w].not_yet_submitted;
        all.insert(all.end(), std::make_move_iterator(problems[w].begin()), std::make_move_iterator(problems[w].end()));
    }
    return {total, std::move(all)};
}

namespace {

constexpr std::int64_t not_a_time = std::numeric_limits<std::int64_t>::min();  // numpy's NaT

std::int64_t nanoseconds(std::chrono::milliseconds d) { return d.count() * 1'000'000; }
std::int64_t nanoseconds(const std::optional<slakit::instant>& t) {
    return t ? nanoseconds(t->time_since_epoch()) : not_a_time;
}

// The SLA events of many requests, column by column.
struct sla_event_columns {
    std::vector<std::int64_t> request, cycle, limit, start, applied_from, end, due, breached_at, running, paused;
    std::vector<std::int32_t> target, priority, warning;
    std::vector<std::uint8_t> metric, clock, status, paused_now;

    void append(std::size_t r, const fast_timeline_outcome& o,
                const std::vector<slakit::target_key<ex::channel_id, ex::priority_id>>& keys) {
        for (const auto& e : o.events) {
            request.push_back(static_cast<std::int64_t>(r));
            metric.push_back(static_cast<std::uint8_t>(e.metric));
            cycle.push_back(static_cast<std::int64_t>(e.cycle));
            target.push_back(static_cast<std::int32_t>(std::find(keys.begin(), keys.end(), e.matched) - keys.begin()));
            priority.push_back(e.priority.index);
            limit.push_back(nanoseconds(std::chrono::duration_cast<std::chrono::milliseconds>(e.limit.limit)));
            clock.push_back(static_cast<std::uint8_t>(e.limit.clock));
            start.push_back(nanoseconds(e.start.time_since_epoch()));
            applied_from.push_back(nanoseconds(e.applied_from.time_since_epoch()));
            end.push_back(nanoseconds(e.end));
            due.push_back(nanoseconds(e.due));
            breached_at.push_back(nanoseconds(e.breached_at));
            running.push_back(nanoseconds(e.running));
            paused.push_back(nanoseconds(e.paused));
            status.push_back(static_cast<std::uint8_t>(e.status));
            paused_now.push_back(e.paused_now ? 1 : 0);
            warning.push_back(e.warning ? static_cast<std::int32_t>(*e.warning) : -1);
        }
    }

    void append(sla_event_columns&& more) {
        const auto join = [](auto& a, auto& b) { a.insert(a.end(), b.begin(), b.end()); };
        join(request, more.request), join(cycle, more.cycle), join(limit, more.limit), join(start, more.start);
        join(applied_from, more.applied_from), join(end, more.end), join(due, more.due);
        join(breached_at, more.breached_at), join(running, more.running), join(paused, more.paused);
        join(target, more.target), join(priority, more.priority), join(warning, more.warning);
        join(metric, more.metric), join(clock, more.clock), join(status, more.status);
        join(paused_now, more.paused_now);
    }
};

template <class T>
py::array_t<T> to_array(const std::vector<T>& values) {
    return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

template <class Enum>
py::list names_of() {
    py::list names;
    for (const Enum e : slakit::enum_values<Enum>::values) names.append(std::string{to_string(e)});
    return names;
}

std::string problem_text(const event_table& table, const event_problem& p) {
    return fmt::format("request {} (row {}): {}", table.id_text(p.request), p.row, p.reason);
}

// The module's sla_events: a dict of numpy columns and the names their codes stand
// for; slakit/__init__.py makes the DataFrame.
py::dict sla_events(const contract_handle& contract, const event_columns& columns, py::handle as_of_value,
                    unsigned threads) {
    const contract_data& data = *contract.data;
    const event_table table{data, columns};
    if (!table.unreadable().empty()) throw py::value_error(problem_text(table, table.unreadable().front()));
    std::optional<slakit::instant> as_of = table.latest();
    if (!as_of_value.is_none()) as_of = to_request_instant(as_of_value, "as_of");

    std::vector<slakit::target_key<ex::channel_id, ex::priority_id>> keys;
    py::list labels;
    for (const auto& entry : data.names.policy.targets()) {
        keys.push_back(entry.key);
        labels.append(slakit::target_label(entry.key));
    }
    const std::size_t workers = std::max(threads, 1U);
    std::vector<sla_event_columns> parts(workers);
    evaluation_counts counts;
    std::vector<event_problem> problems;
    if (as_of) {
        const py::gil_scoped_release unlocked;
        std::tie(counts, problems) = evaluate_table(
            data, table, *as_of, threads,
            [&](std::size_t w, std::size_t r, const fast_timeline_outcome& o) { parts[w].append(r, o, keys); });
    }
    for (const auto& p : problems)
        if (!p.after_as_of) throw py::value_error(problem_text(table, p));
    sla_event_columns& all = parts.front();
    for (std::size_t w = 1; w < workers; ++w) all.append(std::move(parts[w]));

    std::vector<std::int64_t> first_rows;
    first_rows.reserve(all.request.size());
    for (const std::int64_t r : all.request)
        first_rows.push_back(static_cast<std::int64_t>(table.first_row(static_cast<std::size_t>(r))));
    py::list priorities;
    for (const auto& p : data.loaded.priorities) priorities.append(p);

    py::dict d;
    d["row"] = to_array(first_rows);
    d["metric"] = to_array(all.metric);
    d["cycle"] = to_array(all.cycle);
    d["target"] = to_array(all.target);
    d["priority"] = to_array(all.priority);
    d["limit"] = to_array(all.limit);
    d["clock"] = to_array(all.clock);
    d["start"] = to_array(all.start);
    d["applied_from"] = to_array(all.applied_from);
    d["end"] = to_array(all.end);
    d["due"] = to_array(all.due);
    d["breached_at"] = to_array(all.breached_at);
    d["running"] = to_array(all.running);
    d["paused"] = to_array(all.paused);
    d["status"] = to_array(all.status);
    d["paused_now"] = to_array(all.paused_now);
    d["warning"] = to_array(all.warning);
    d["metric_names"] = names_of<slakit::metric>();
    d["clock_names"] = names_of<slakit::clock_kind>();
    d["status_names"] = names_of<slakit::status>();
    d["target_names"] = labels;
    d["priority_names"] = priorities;
    d["warning_levels"] = data.names.policy.warning_levels();
    d["as_of"] = as_of ? to_datetime(*as_of) : py::none();
    d["requests"] = counts.evaluated;
    d["not_yet_submitted"] = counts.not_yet_submitted;
    return d;
}

event_columns columns_of(py::handle request_id, py::handle at, py::handle event, py::handle channel,
                         py::handle priority, py::handle status, py::handle author, py::handle reason) {
    return {request_id, at, event, channel, priority, status, author, reason};
}

}  // namespace

void bind_events(py::module_& m) {
    m.def(
        "sla_events",
        [](const contract_handle& contract, py::handle request_id, py::handle at, py::handle event, py::handle channel,
           py::handle priority, py::handle status, py::handle author, py::handle reason, py::handle as_of,
           unsigned threads) {
            return sla_events(contract, columns_of(request_id, at, event, channel, priority, status, author, reason),
                              as_of, threads);
        },
        py::arg("contract"), py::arg("request_id"), py::arg("at"), py::arg("event"), py::arg("channel") = py::none(),
        py::arg("priority") = py::none(), py::arg("status") = py::none(), py::arg("author") = py::none(),
        py::arg("reason") = py::none(), py::kw_only(), py::arg("as_of") = py::none(), py::arg("threads") = 1,
        "The SLA events of an events table's requests at as_of, as columns (see slakit.sla_events).");
    m.def(
        "latest_event_instant",
        [](const contract_handle& contract, py::handle request_id, py::handle at, py::handle event, py::handle channel,
           py::handle priority, py::handle status, py::handle author, py::handle reason) -> py::object {
            const event_table table{*contract.data,
                                    columns_of(request_id, at, event, channel, priority, status, author, reason)};
            return table.latest() ? to_datetime(*table.latest()) : py::none();
        },
        py::arg("contract"), py::arg("request_id"), py::arg("at"), py::arg("event"), py::arg("channel") = py::none(),
        py::arg("priority") = py::none(), py::arg("status") = py::none(), py::arg("author") = py::none(),
        py::arg("reason") = py::none(), "The latest instant among the readable rows of an events table.");
}

}  // namespace slakit::python
