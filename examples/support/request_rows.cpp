// examples/support/request_rows.cpp: a requests CSV row to a request, in one place.
#include "request_rows.hpp"

#include "csv.hpp"
#include "fast_instant.hpp"
#include "fatal_error.hpp"

#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

std::string make_request(const interned_contract& names, std::string_view channel, std::string_view priority,
                         const std::array<std::optional<instant>, 5>& times, std::string_view excluded,
                         std::optional<instant> as_of, fast_request& out) {
    const channel_id* c = known(names.channels, channel);
    if (c == nullptr) return channel.empty() ? "no channel" : "unknown channel \"" + std::string{channel} + '"';
    const priority_id* p = known(names.priorities, priority);
    if (p == nullptr) return priority.empty() ? "no priority" : "unknown priority \"" + std::string{priority} + '"';
    if (!times[0]) return "no submitted_at";
    fast_request r{*c, *p, *times[0], times[1], times[2], times[3], times[4], std::nullopt};
    if (!excluded.empty()) r.exclusion_reason = std::string{excluded};
    if (const auto problem = slakit::validate(r))
        return std::string{problem->field} + ' ' + std::string{problem->problem};
    if (as_of && r.submitted_at > *as_of) return "submitted after --as-of";
    out = std::move(r);
    return {};
}

std::string make_request(const interned_contract& names, const std::array<std::string_view, column_count>& fields,
                         std::optional<instant> as_of, fast_request& out) {
    const std::string_view channel = fields[channel_column], priority = fields[priority_column];
    if (known(names.channels, channel) == nullptr || known(names.priorities, priority) == nullptr)
        return make_request(names, channel, priority, {}, {}, as_of, out);  // the same words
    std::array<std::optional<instant>, 5> times;
    for (std::size_t k = 0; k < 5; ++k) {
        const auto col = static_cast<column>(submitted_column + k);
        const std::string_view value = fields[col];
        if (value.empty()) continue;
        try {
            times[k] = read_instant(value);
        } catch (const slakit::parse_error& e) {
            return std::string{column_names[col]} + ": " + e.what();
        }
    }
    return make_request(names, channel, priority, times, fields[excluded_column], as_of, out);
}

std::vector<std::string> header_fields(std::string header) {
    // As csv_layout reads a header: a byte-order mark at the start, a '\r' at the end.
    if (header.compare(0, 3, "\xEF\xBB\xBF") == 0) header.erase(0, 3);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    std::vector<std::string> out;
    char* line = header.data();
    while (line != nullptr) {
        char *begin = nullptr, *end = nullptr;
        io::detail::chop_next_column<csv_quote>(line, begin, end);
        csv_trim::trim(begin, end);
        csv_quote::unescape(begin, end);
        out.emplace_back(begin, end);
    }
    return out;
}

std::string dimension_list(const std::vector<std::string>& dimensions) {
    std::string out;
    for (const auto& d : dimensions) out += (out.empty() ? "" : ",") + d;
    return out;
}

void add_dimension_columns(const std::string& shown, const std::string& header,
                           const std::vector<std::string>& dimensions, std::size_t base, std::vector<int>& order) {
    const auto fields = header_fields(header);
    for (std::size_t k = 0; k < dimensions.size(); ++k) {
        std::size_t found = 0;
        for (std::size_t i = 0; i < fields.size() && i < order.size(); ++i) {
            if (fields[i] != dimensions[k]) continue;
            if (++found > 1) throw fatal_error(shown + ":1: the header names column \"" + dimensions[k] + "\" twice");
            if (order[i] != -1)
                throw fatal_error(shown + ":1: --by " + dimensions[k] +
                                  ": the column is read as a field of the request already, not a dimension");
            order[i] = static_cast<int>(base + k);
        }
        if (found == 0)
            throw fatal_error(shown + ":1: the header has no column \"" + dimensions[k] + "\" (named by --by " +
                              dimension_list(dimensions) + ')');
    }
}

request_rows::request_rows(const interned_contract& names, std::optional<instant> as_of, std::size_t id_window)
        : names_(names), as_of_(as_of), ids_(id_window) {}

request_rows::~request_rows() = default;

void request_rows::start(line_runs& source, const std::array<std::string, column_count>& columns) {
    const auto header = source.header();
    if (!header) throw fatal_error(source.path() + ":1: the file is empty: expected a header line naming the columns");
    header_bytes_ = header->size() + 1;
    const std::string& shown = source.path();
    std::optional<csv_layout> layout;
    try {
        layout.emplace(shown, *header, columns);
    } catch (const io::error::duplicated_column_in_header& e) {
        throw fatal_error(shown + ":1: the header names column \"" + e.column_name + "\" twice");
    } catch (const io::error::base& e) {
        throw fatal_error(shown + ":1: bad header: " + e.what());
    }
    for (const column c : {channel_column, priority_column, submitted_column}) {
        if (!layout->has(c)) {
            const std::string hint =
                columns[c] != column_names[c] ? " (mapped from " + std::string{column_names[c]} + ")"
                : suggest_map_ ? " (use --map " + std::string{column_names[c]} + "=COLUMN for a column named otherwise)"
                               : std::string{};
            throw fatal_error(shown + ":1: the header has no column \"" + columns[c] + '"' + hint);
        }
    }
    layout_ = std::make_unique<csv_layout>(std::move(*layout));
    order_.clear();
    if (dimensions_.empty()) return;
    // The same field order as the layout's, plus the dimension columns.
    std::string text = *header;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    io::detail::parse_header_line<column_count, csv_trim, csv_quote>(
        text.data(), order_, columns.data(), io::ignore_missing_column | io::ignore_extra_column);
    add_dimension_columns(shown, *header, dimensions_, column_count, order_);
}

void request_rows::split_with_dimensions(char* line, std::array<char*, column_count>& f,
                                         std::vector<char*>& all) const {
    std::fill(all.begin(), all.end(), nullptr);
    io::detail::parse_line<csv_trim, csv_quote>(line, all.data(), order_);
    std::copy_n(all.begin(), column_count, f.begin());
}

void request_rows::parse_run(const std::string& shown, std::string& text, const line_runs::run& r,
                             std::vector<parsed_row>& rows, std::vector<rejection>& rejected) const {
    const csv_layout& layout = *layout_;
    const std::size_t header_bytes = header_bytes_;
    rows.clear();
    rejected.clear();
    for (const auto line : r.overlong) rejected.push_back({line, "the line is longer than 256 KiB"});
    line_faults faults{text.data() + header_bytes, text.data() + text.size(), r.first_line};
    char* next = text.data() + header_bytes;
    char* const end = text.data() + text.size();
    std::array<char*, column_count> f{};
    std::vector<char*> all(dimensions_.empty() ? 0 : column_count + dimensions_.size());
    for (std::uint64_t line = r.first_line; next < end; ++line) {
        // As the reader's line reader: a line ends at '\n' or at the end, less one '\r'.
        char* const begin = next;
        auto* stop = static_cast<char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
        if (stop == nullptr)
            stop = end;  // the string's own terminating NUL
        else
            *stop = '\0';
        if (stop != begin && stop[-1] == '\r') stop[-1] = '\0';
        next = stop + 1;
        if (csv_blank::is_comment(begin)) continue;
        try {
            if (all.empty())
                layout.split(begin, f, shown, line);
            else
                split_with_dimensions(begin, f, all);
        } catch (const io::error::base& e) {
            rejected.push_back({line, faults.reason_for(line, split_problem(e))});
            continue;
        }
        std::string why = faults.reason_for(line, {});
        if (why.empty()) why = parse_row(f, line, rows);
        if (!why.empty()) {
            rejected.push_back({line, std::move(why)});
        } else if (!all.empty()) {
            auto& values = rows.back().dimensions;
            for (std::size_t k = column_count; k < all.size(); ++k)
                values.emplace_back(all[k] == nullptr ? "" : all[k]);
        }
    }
    std::sort(rejected.begin(), rejected.end(), [](const rejection& a, const rejection& b) { return a.line < b.line; });
}

std::string request_rows::parse_row(const std::array<char*, column_count>& f, std::uint64_t line,
                                    std::vector<parsed_row>& rows) const {
    std::array<std::string_view, column_count> fields;
    for (std::size_t i = 0; i < column_count; ++i)
        fields[i] = f[i] == nullptr ? std::string_view{} : std::string_view{f[i]};
    fast_request r{};
    if (auto why = make_request(names_, fields, as_of_, r); !why.empty()) return why;
    const std::string_view id = fields[id_column];
    rows.push_back(
        parsed_row{line, id.empty() ? 0 : recent_ids::fingerprint(id), !id.empty(), std::string{id}, std::move(r), {}});
    return {};
}

std::optional<instant> request_rows::check_in_order(const std::string& shown, std::vector<parsed_row>& rows,
                                                    std::vector<rejection>& rejected) {
    constexpr std::size_t ahead = 8;
    std::vector<rejection> duplicates;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i + ahead < rows.size() && rows[i + ahead].has_id) ids_.prefetch(rows[i + ahead].id, ahead);
        auto& row = rows[i];
        if (row.has_id) {
            if (const auto first = ids_.find(row.id)) {
                duplicates.push_back(
                    {row.line, "duplicate id \"" + row.id_text + "\" (first at line " + std::to_string(*first) + ')'});
                row.line = 0;
                continue;
            }
            ids_.insert(row.id, row.line);
        }
        const auto& q = row.request;
        for (const auto& t : {std::optional<instant>{q.submitted_at}, q.first_response, q.handoff_decided,
                              q.handoff_completed, q.human_contact})
            if (t && (!latest_ || *latest_ < *t)) latest_ = *t;
        ++counts_.accepted;
    }
    if (!duplicates.empty()) {
        std::vector<rejection> all;
        std::merge(std::make_move_iterator(rejected.begin()), std::make_move_iterator(rejected.end()),
                   std::make_move_iterator(duplicates.begin()), std::make_move_iterator(duplicates.end()),
                   std::back_inserter(all), [](const rejection& a, const rejection& b) { return a.line < b.line; });
        rejected.swap(all);
    }
    if (!rejected.empty()) {
        std::string messages;
        for (const auto& x : rejected) messages += fmt::format("{}:{}: {}\n", shown, x.line, x.reason);
        if (sink_)
            sink_(messages);
        else
            std::fputs(messages.c_str(), stderr);
        counts_.rejected += rejected.size();
    }
    return as_of_ ? as_of_ : latest_;
}

void request_rows::read_all(line_runs& source, const std::array<std::string, column_count>& columns,
                            const std::function<void(parsed_row&)>& accepted) {
    start(source, columns);
    std::string text;
    line_runs::run r;
    std::vector<parsed_row> rows;
    std::vector<rejection> rejected;
    while (source.next(text, r)) {
        parse_run(source.path(), text, r, rows, rejected);
        check_in_order(source.path(), rows, rejected);
        for (auto& row : rows)
            if (row.line != 0) accepted(row);
    }
}

}  // namespace slakit::examples
