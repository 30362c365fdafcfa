// examples/support/config.cpp: reading calendars from TOML files (see config.hpp).
#include "config_file.hpp"
#include "ics.hpp"
#include "tzif.hpp"

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/schedule.hpp>
#include <slakit/time.hpp>
#include <slakit/utf8.hpp>

#include <date/date.h>
#include <date/tz.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

config_file::config_file(std::string path) : config_file(path, read_all(path), 0) {}

config_file config_file::from_text(std::string name, std::string text) {
    return config_file{std::move(name), std::move(text), 0};
}

config_file::config_file(std::string path, std::string text, int) : path_(std::move(path)), text_(std::move(text)) {
#if TOML_EXCEPTIONS
    try {
        root_ = toml::parse(text_, path_);
    } catch (const toml::parse_error& e) {
        fail(e.source(), e.description());
    }
#else
    auto result = toml::parse(text_, path_);
    if (!result) fail(result.error().source(), result.error().description());
    root_ = std::move(result).table();
#endif
}

void config_file::fail(const toml::source_region& where, std::string_view message) const {
    throw config_error(location(where) + ": " + std::string{message});
}

void config_file::fail_inside(const toml::source_region& where, std::string_view value, std::size_t position,
                              std::string_view message) const {
    const auto line = where.begin.line;
    auto column = where.begin.column;
    if (const auto offset = verbatim_offset(where, value)) {
        // toml++ counts columns in code points.
        const auto shift = *offset + slakit::code_points(value.substr(0, std::min(position, value.size())));
        column = static_cast<toml::source_index>(column + shift);
    }
    throw config_error(location(line, column) + ": " + std::string{message});
}

std::string config_file::read_all(const std::string& path) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::fopen(path.c_str(), "rb"), &std::fclose};
    if (!file) throw config_error(path + ": cannot open: " + std::strerror(errno));
    std::string text;
    char buffer[1 << 14];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
    if (std::ferror(file.get())) throw config_error(path + ": cannot read: " + std::strerror(errno));
    return text;
}

std::string config_file::location(toml::source_index line, toml::source_index column) const {
    if (line == 0 || column == 0) line = column = 1;
    return path_ + ':' + std::to_string(line) + ':' + std::to_string(column);
}

// Code points from where.begin to the string's first character, if the text
// there is the value itself, bare (a key) or between one pair of quotes.
std::optional<std::size_t> config_file::verbatim_offset(const toml::source_region& where,
                                                        std::string_view value) const {
    if (where.begin.line == 0 || where.begin.column == 0) return std::nullopt;
    std::size_t at = 0;
    for (toml::source_index l = 1; l < where.begin.line; ++l) {
        at = text_.find('\n', at);
        if (at == std::string::npos) return std::nullopt;
        ++at;
    }
    for (toml::source_index c = 1; c < where.begin.column; ++c) {  // walk code points
        if (at >= text_.size() || text_[at] == '\n') return std::nullopt;
        ++at;
        while (at < text_.size() && (static_cast<unsigned char>(text_[at]) & 0xC0U) == 0x80U) ++at;
    }
    const std::string_view rest = std::string_view{text_}.substr(at);
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
        const char quote = rest.front();
        if (rest.size() > value.size() + 1 && rest.substr(1, value.size()) == value &&
            rest[value.size() + 1] == quote && value.find('\n') == std::string_view::npos &&
            value.find(quote) == std::string_view::npos && value.find('\\') == std::string_view::npos)
            return 1;
        return std::nullopt;
    }
    if (rest.substr(0, value.size()) == value) return 0;  // a bare key
    return std::nullopt;
}

namespace {

constexpr std::string_view calendar_keys[] = {"zone", "hours", "closed", "hours_on", "holidays_ics"};

}  // namespace

// The calendar whose keys are those of `table`, a table of `file`.
slakit::calendar read_calendar(const config_file& file, const toml::table& table) {
    // toml++ iterates keys in sorted order: report the first unknown one of the file.
    const toml::key* unknown = nullptr;
    for (const auto& [key, value] : table) {
        if (std::find(std::begin(calendar_keys), std::end(calendar_keys), key.str()) == std::end(calendar_keys) &&
            (unknown == nullptr || detail::before(key.source(), unknown->source())))
            unknown = &key;
    }
    if (unknown != nullptr) {
        file.fail(unknown->source(), "unknown key \"" + std::string{unknown->str()} +
                                         "\" in a calendar (expected zone, hours, closed, hours_on or holidays_ics)");
    }
    const auto required_string = [&](std::string_view key,
                                     std::string_view example) -> const toml::value<std::string>& {
        const toml::node* node = table.get(key);
        if (node == nullptr)
            file.fail(table.source(), "the calendar has no " + std::string{key} + " (e.g. " + std::string{key} +
                                          " = \"" + std::string{example} + "\")");
        const auto* value = node->as_string();
        if (value == nullptr)
            file.fail(*node, std::string{key} + " must be a string such as \"" + std::string{example} + '"');
        return *value;
    };

    const auto& zone_value = required_string("zone", "Asia/Shanghai");
    // With its TZif footer, so that the zone's rule goes on after 2037 (support/tzif.hpp).
    const slakit::zone_handle zone = [&]() -> slakit::zone_handle {
        try {
            return os_zone(zone_value.get());
        } catch (const tzif_error& e) {
            file.fail(zone_value, e.what());
        } catch (const std::runtime_error&) {
            file.fail(zone_value, "unknown time zone \"" + zone_value.get() + '"');
        }
    }();

    const auto& hours_value = required_string("hours", "Mon-Fri 09:00-18:00");
    slakit::weekly_schedule week;
    try {
        week = slakit::weekly_schedule::parse(hours_value.get());
    } catch (const slakit::parse_error& e) {
        file.fail_inside(hours_value.source(), hours_value.get(), e.position(), "bad hours: " + e.problem());
    }

    slakit::date_exceptions exceptions;
    std::map<date::local_days, const toml::node*> closed_by;  // each closed date, and the entry that closed it

    if (const toml::node* closed = table.get("closed")) {
        const auto* list = closed->as_array();
        if (list == nullptr)
            file.fail(*closed, "closed must be an array of dates and date ranges, e.g. [\"2026-10-01..2026-10-07\"]");
        for (const toml::node& entry : *list) {
            slakit::date_range range{};
            if (const auto* text = entry.as_string()) {
                try {
                    range = slakit::parse_date_range(text->get());
                } catch (const slakit::parse_error& e) {
                    file.fail_inside(entry.source(), text->get(), e.position(),
                                     "bad closed date range: " + e.problem());
                }
            } else if (const auto* day = entry.as_date()) {
                const date::year_month_day ymd{date::year{day->get().year}, date::month{day->get().month},
                                               date::day{day->get().day}};
                if (!slakit::in_supported_range(date::sys_days{ymd}))
                    file.fail(entry, "closed date outside the supported range 1900-01-01..2199-12-31");
                range = {ymd, ymd};
            } else {
                file.fail(entry, "closed entries must be dates or date ranges such as \"2026-10-01..2026-10-07\"");
            }
            try {
                exceptions.close(range.first, range.last);
            } catch (const std::invalid_argument& e) {
                file.fail(entry, std::string{"bad closed date range: "} + e.what());
            }
            for (auto d = date::local_days{range.first}; d <= date::local_days{range.last}; d += date::days{1})
                closed_by.try_emplace(d, &entry);
        }
    }

    if (const toml::node* hours_on = table.get("hours_on")) {
        const auto* special = hours_on->as_table();
        if (special == nullptr)
            file.fail(*hours_on, "hours_on must be a table of dates, e.g. [hours_on] \"2026-12-31\" = \"09:00-12:00\"");
        // In file order, so that a date given twice is reported where it comes again.
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (const auto& [key, value] : *special) entries.emplace_back(&key, &value);
        std::sort(entries.begin(), entries.end(),
                  [](const auto& x, const auto& y) { return detail::before(x.first->source(), y.first->source()); });
        std::map<date::local_days, const toml::key*> seen;
        for (const auto& [key_pointer, value_pointer] : entries) {
            const toml::key& key = *key_pointer;
            const toml::node& value = *value_pointer;
            date::year_month_day day{};
            try {
                day = slakit::parse_date(key.str());
            } catch (const slakit::parse_error& e) {
                file.fail_inside(key.source(), key.str(), e.position(), "bad date in hours_on: " + e.problem());
            }
            const date::local_days local{day};
            if (const auto it = closed_by.find(local); it != closed_by.end()) {
                const toml::node& entry = *it->second;
                const std::string entry_text =
                    entry.is_string() ? '"' + entry.as_string()->get() + '"' : slakit::format_date(day);
                file.fail(key.source(), "hours_on " + slakit::format_date(day) +
                                            " falls on a closed date: closed entry " + entry_text + " at " +
                                            file.location(entry.source()));
            }
            if (const auto [it, inserted] = seen.try_emplace(local, &key); !inserted) {
                file.fail(key.source(), "hours_on " + slakit::format_date(day) + " is given twice (also at " +
                                            file.location(it->second->source()) + ')');
            }
            const auto* text = value.as_string();
            if (text == nullptr)
                file.fail(value, "hours_on values must be strings of intervals such as \"09:00-12:00\"");
            std::vector<slakit::time_interval> intervals;
            try {
                intervals = slakit::parse_intervals(text->get());
            } catch (const slakit::parse_error& e) {
                file.fail_inside(value.source(), text->get(), e.position(), "bad hours_on intervals: " + e.problem());
            }
            try {
                exceptions.open(day, std::move(intervals));
            } catch (const std::invalid_argument& e) {
                file.fail(value, std::string{"bad hours_on intervals: "} + e.what());
            }
        }
    }

    // After hours_on, which wins over a day the file closes: a make-up day (docs/calendar.md).
    if (const toml::node* ics = table.get("holidays_ics")) {
        const auto* ics_path = ics->as_string();
        if (ics_path == nullptr || ics_path->get().empty())
            file.fail(*ics, "holidays_ics must be the path of an iCalendar file, e.g. holidays_ics = \"holidays.ics\"");
        // Relative to the directory of the TOML file.
        const std::filesystem::path path =
            std::filesystem::path{file.path()}.parent_path() / std::filesystem::path{ics_path->get()};
        try {
            close_ics_days(exceptions, load_ics_closed_days(path.string(), date::year{1900}, date::year{2199}));
        } catch (const ics_error& e) {
            file.fail(*ics, std::string{"holidays_ics: "} + e.what());
        }
    }

    try {
        slakit::calendar calendar{zone, std::move(week), std::move(exceptions)};
        // The years exports hold: elapsed and deadline then cost a day's look-up (docs/
        // performance.md), 7 KB a year; outside them the same answers come untabulated.
        calendar.tabulate(2000, 2060);
        return calendar;
    } catch (const std::exception& e) {
        file.fail(table.source(), std::string{"cannot build the calendar: "} + e.what());
    }
}

// The calendar of a calendar file (keys at the top level) or of a contract file
// (keys under [calendar]; other top-level keys are left to the contract's reader).
slakit::calendar read_calendar(const config_file& file) {
    const toml::node* nested = file.root().get("calendar");
    if (nested == nullptr) return read_calendar(file, file.root());
    const auto* table = nested->as_table();
    if (table == nullptr) file.fail(*nested, "calendar must be a table ([calendar])");
    for (const auto& [key, value] : file.root()) {
        if (std::find(std::begin(calendar_keys), std::end(calendar_keys), key.str()) != std::end(calendar_keys)) {
            file.fail(key.source(), "\"" + std::string{key.str()} +
                                        "\" at the top level of a file that has a [calendar] table: "
                                        "put every calendar key in [calendar]");
        }
    }
    return read_calendar(file, *table);
}

slakit::calendar load_calendar(const std::string& path) { return read_calendar(config_file{path}); }

slakit::calendar parse_calendar(std::string text, std::string name) {
    return read_calendar(config_file::from_text(std::move(name), std::move(text)));
}

}  // namespace slakit::examples
