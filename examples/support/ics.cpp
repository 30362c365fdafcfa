// examples/support/ics.cpp: holidays from iCalendar files (see ics.hpp).
//
// libical parses the file and expands the rules; it keeps no line numbers. So a scan of
// the text first checks the BEGIN/END structure (libical returns nothing on a broken one,
// without saying why) and records each component's content lines, in file order. Walking
// libical's tree in the same order pairs each of its components with the scanned one, and
// a message about a component or one of its properties names that line.
#include "ics.hpp"

#include <slakit/time.hpp>

#include <date/date.h>
#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

namespace {

// One content line, unfolded (RFC 5545 §3.1), and the file line where it starts.
struct content_line {
    std::string text;
    std::size_t line = 0;
    [[nodiscard]] std::string name() const {
        std::string n = text.substr(0, text.find_first_of(";:"));
        for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return n;
    }
};

// A component as the text spells it: name, BEGIN line, its own lines (not its children's).
struct scanned_component {
    std::string name;
    std::size_t begin_line = 0;
    std::vector<content_line> lines;
};

class ics_reader {
public:
    ics_reader(std::string_view text, std::string name) : name_(std::move(name)) { scan(text); }

    [[noreturn]] void fail(std::size_t line, const std::string& message) const {
        throw ics_error(name_ + ':' + std::to_string(line == 0 ? 1 : line) + ": " + message);
    }

    [[nodiscard]] const std::vector<scanned_component>& components() const noexcept { return components_; }

    // The line of the component's first property called `property`, or its BEGIN line.
    [[nodiscard]] std::size_t line_of(std::size_t component, std::string_view property) const {
        for (const auto& l : components_[component].lines)
            if (l.name() == property) return l.line;
        return components_[component].begin_line;
    }

    // The line of property `p`, called `property`: the first such line that holds its value
    // (libical splits "EXDATE:20260101,20270101" into two properties).
    [[nodiscard]] std::size_t line_of(std::size_t component, std::string_view property, icalproperty* p) const {
        const char* value = icalproperty_get_value_as_string(p);
        if (value != nullptr && *value != '\0')
            for (const auto& l : components_[component].lines)
                if (l.name() == property && l.text.find(value) != std::string::npos) return l.line;
        return line_of(component, property);
    }

private:
    void scan(std::string_view text) {
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
        std::vector<content_line> logical;
        std::size_t number = 0;
        for (std::size_t at = 0; at < text.size();) {
            auto end = text.find('\n', at);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(at, end - at);
            at = end + 1;
            ++number;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.find('\0') != std::string_view::npos) fail(number, "NUL byte in the file");
            if (line.empty()) continue;
            if ((line.front() == ' ' || line.front() == '\t') && !logical.empty()) {
                logical.back().text.append(line.substr(1));  // a folded line goes on
                continue;
            }
            logical.push_back({std::string{line}, number});
        }
        std::vector<std::size_t> open;  // indexes into components_
        for (auto& l : logical) {
            const std::string key = l.name();
            const auto colon = l.text.find(':');
            std::string value = colon == std::string::npos ? std::string{} : l.text.substr(colon + 1);
            for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (key == "BEGIN") {
                if (open.empty() && value != "VCALENDAR")
                    fail(l.line, "BEGIN:" + value + " outside BEGIN:VCALENDAR..END:VCALENDAR");
                components_.push_back({value, l.line, {}});
                open.push_back(components_.size() - 1);
            } else if (key == "END") {
                if (open.empty()) fail(l.line, "END:" + value + " without a BEGIN:" + value);
                const auto& top = components_[open.back()];
                if (top.name != value)
                    fail(l.line, "END:" + value + " where END:" + top.name + " was expected (BEGIN:" + top.name +
                                     " at line " + std::to_string(top.begin_line) + ')');
                open.pop_back();
            } else {
                if (open.empty()) fail(l.line, "content outside BEGIN:VCALENDAR..END:VCALENDAR: " + l.text);
                components_[open.back()].lines.push_back(std::move(l));
            }
        }
        if (!open.empty()) {
            const auto& top = components_[open.back()];
            fail(top.begin_line, "BEGIN:" + top.name + " is never closed (no END:" + top.name + ')');
        }
        if (components_.empty()) fail(1, "no BEGIN:VCALENDAR: not an iCalendar file");
    }

    std::string name_;
    std::vector<scanned_component> components_;
};

struct component_deleter {
    void operator()(icalcomponent* c) const noexcept { icalcomponent_free(c); }
};
using component_ptr = std::unique_ptr<icalcomponent, component_deleter>;

// libical's components in file order (the XROOT that holds several calendars left out).
void walk(icalcomponent* c, std::vector<icalcomponent*>& out) {
    if (icalcomponent_isa(c) != ICAL_XROOT_COMPONENT) out.push_back(c);
    for (auto* child = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); child != nullptr;
         child = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        walk(child, out);
}

// libical's messages end with the text they could not use: the line, its value or a part.
std::size_t error_line(const scanned_component& where, std::string_view message) {
    const auto ends_with = [&](std::string_view tail) {
        return !tail.empty() && message.size() >= tail.size() && message.substr(message.size() - tail.size()) == tail;
    };
    for (const auto& l : where.lines)
        if (ends_with(l.text)) return l.line;
    for (const auto& l : where.lines) {
        const auto colon = l.text.find(':');
        if (colon != std::string::npos && ends_with(std::string_view{l.text}.substr(colon + 1))) return l.line;
    }
    if (const auto colon = message.rfind(": "); colon != std::string_view::npos) {
        const auto evidence = message.substr(colon + 2);
        for (const auto& l : where.lines)
            if (!evidence.empty() && l.text.find(evidence) != std::string::npos) return l.line;
    }
    return where.begin_line;
}

// A property as one line, without libical's folding and line end.
std::string unfolded(icalproperty* p) {
    std::string text;
    const std::string_view folded = icalproperty_as_ical_string(p);
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] == '\r' || folded[i] == '\n') {
            if (folded[i] == '\n' && i + 1 < folded.size() && folded[i + 1] == ' ') ++i;
            continue;
        }
        text += folded[i];
    }
    return text;
}

std::string quoted_summary(icalcomponent* event) {
    const char* summary = icalcomponent_get_summary(event);
    return summary == nullptr ? std::string{"(no SUMMARY)"} : '"' + std::string{summary} + '"';
}

date::year_month_day to_date(const icaltimetype& t) {
    return date::year{t.year} / date::month{static_cast<unsigned>(t.month)} / date::day{static_cast<unsigned>(t.day)};
}

constexpr std::size_t largest_file = std::size_t{16} << 20U;
constexpr long longest_event_days = 3660;  // as date_exceptions::close: ten years

class event_reader {
public:
    event_reader(const ics_reader& text, date::year first, date::year last)
            : text_(text),
              first_(date::local_days{first / date::January / 1}),
              last_(date::local_days{last / date::December / 31}) {}

    // Overridden instances (RECURRENCE-ID) of each UID, gathered before the masters expand.
    void note_override(icalcomponent* event, std::size_t index) {
        auto* id = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY);
        if (id == nullptr) return;
        const auto t = icalproperty_get_recurrenceid(id);
        if (icaltime_is_null_time(t) || !t.is_date || !to_date(t).ok())
            text_.fail(text_.line_of(index, "RECURRENCE-ID"),
                       "event " + quoted_summary(event) + " has a RECURRENCE-ID with a time: only dates are read");
        const char* uid = icalcomponent_get_uid(event);
        overridden_[uid == nullptr ? std::string{} : std::string{uid}].insert(date::local_days{to_date(t)});
    }

    void read(icalcomponent* event, std::size_t index) {
        const std::string what = "event " + quoted_summary(event);
        const auto single = [&](icalproperty_kind kind, std::string_view name) -> icalproperty* {
            if (icalcomponent_count_properties(event, kind) > 1) {
                std::size_t seen = 0;
                for (const auto& l : text_.components()[index].lines)
                    if (l.name() == name && ++seen == 2) text_.fail(l.line, what + " has two " + std::string{name});
            }
            return icalcomponent_get_first_property(event, kind);
        };
        const auto date_of = [&](icalproperty* p, icaltimetype t, std::string_view name) {
            const auto line = text_.line_of(index, name, p);
            if (icaltime_is_null_time(t)) text_.fail(line, what + ": " + std::string{name} + " has no date");
            if (!t.is_date)
                text_.fail(line, what + " has a time (" + unfolded(p) +
                                     "): the dates of a holidays file are all-day (" + std::string{name} +
                                     ";VALUE=DATE:YYYYMMDD); which day a time closes is not guessed");
            const auto ymd = to_date(t);
            if (!ymd.ok()) text_.fail(line, what + ": " + std::string{name} + " is not a date");
            return date::local_days{ymd};
        };

        if (auto* status = icalcomponent_get_first_property(event, ICAL_STATUS_PROPERTY);
            status != nullptr && icalproperty_get_status(status) == ICAL_STATUS_CANCELLED)
            return;

        auto* start_property = single(ICAL_DTSTART_PROPERTY, "DTSTART");
        if (start_property == nullptr) text_.fail(text_.components()[index].begin_line, what + " has no DTSTART");
        const auto start = date_of(start_property, icalproperty_get_dtstart(start_property), "DTSTART");

        auto* end_property = single(ICAL_DTEND_PROPERTY, "DTEND");
        auto* duration_property = single(ICAL_DURATION_PROPERTY, "DURATION");
        long length = 1;  // days: RFC 5545 §3.6.1, an all-day event without an end lasts one day
        if (end_property != nullptr && duration_property != nullptr)
            text_.fail(text_.line_of(index, "DURATION"), what + " has both DTEND and DURATION");
        if (end_property != nullptr) {
            const auto end = date_of(end_property, icalproperty_get_dtend(end_property), "DTEND");
            if (end <= start)
                text_.fail(text_.line_of(index, "DTEND"), what + " ends (DTEND " +
                                                              format_date(date::year_month_day{end}) +
                                                              ", excluded) before the day after it starts (DTSTART " +
                                                              format_date(date::year_month_day{start}) + ')');
            length = (end - start).count();
        } else if (duration_property != nullptr) {
            const auto d = icalproperty_get_duration(duration_property);
            if (d.is_neg != 0 || d.hours != 0 || d.minutes != 0 || d.seconds != 0 || d.days + 7 * d.weeks == 0)
                text_.fail(text_.line_of(index, "DURATION"),
                           what + ": an all-day event's DURATION must be whole days or weeks, more than zero");
            length = static_cast<long>(d.days) + 7L * static_cast<long>(d.weeks);
        }
        if (length > longest_event_days)
            text_.fail(text_.line_of(index, end_property != nullptr ? "DTEND" : "DURATION"),
                       what + " lasts " + std::to_string(length) + " days, more than ten years");

        std::set<date::local_days> starts{start};
        if (icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) == nullptr) {
            if (auto* rule_property = single(ICAL_RRULE_PROPERTY, "RRULE"))
                expand(rule_property, icalproperty_get_dtstart(start_property), what, index, starts);
            for (auto* p = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); p != nullptr;
                 p = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
                const auto r = icalproperty_get_rdate(p);
                if (!icalperiodtype_is_null_period(r.period))
                    text_.fail(text_.line_of(index, "RDATE"), what + ": RDATE periods are not read, only dates");
                starts.insert(date_of(p, r.time, "RDATE"));
            }
            for (auto* p = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); p != nullptr;
                 p = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
                starts.erase(date_of(p, icalproperty_get_exdate(p), "EXDATE"));
            const char* uid = icalcomponent_get_uid(event);
            if (const auto it = overridden_.find(uid == nullptr ? std::string{} : std::string{uid});
                it != overridden_.end())
                for (const auto& d : it->second) starts.erase(d);
        }
        for (const auto& s : starts)
            for (auto d = std::max(s, first_); d < s + date::days{length} && d <= last_; d += date::days{1})
                days_.insert(d);
    }

    [[nodiscard]] std::vector<date::year_month_day> days() const { return {days_.begin(), days_.end()}; }

private:
    void expand(icalproperty* rule_property, icaltimetype dtstart, const std::string& what, std::size_t index,
                std::set<date::local_days>& starts) {
        const auto line = text_.line_of(index, "RRULE");
        const auto rule = icalproperty_get_rrule(rule_property);
        if (rule.freq != ICAL_YEARLY_RECURRENCE)
            text_.fail(line, what + ": only yearly rules (RRULE:FREQ=YEARLY;...) are read, not " +
                                 icalrecurrencetype_as_string(const_cast<icalrecurrencetype*>(&rule)));
        if (!icaltime_is_null_time(rule.until) && !rule.until.is_date)
            text_.fail(line, what + ": the RRULE's UNTIL has a time; an all-day event's UNTIL is a date");
        icalerror_clear_errno();
        const std::unique_ptr<icalrecur_iterator, void (*)(icalrecur_iterator*)> it{
            icalrecur_iterator_new(rule, dtstart), &icalrecur_iterator_free};
        if (!it)
            text_.fail(line, what + ": libical cannot expand RRULE:" +
                                 icalrecurrencetype_as_string(const_cast<icalrecurrencetype*>(&rule)) +
                                 " (a malformed rule, or one that gives no dates)");
        for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t);
             t = icalrecur_iterator_next(it.get())) {
            const auto d = date::local_days{to_date(t)};
            if (d > last_) break;
            starts.insert(d);
        }
    }

    const ics_reader& text_;
    date::local_days first_, last_;
    std::map<std::string, std::set<date::local_days>> overridden_;
    std::set<date::local_days> days_;
};

}  // namespace

std::vector<date::year_month_day> parse_ics_closed_days(std::string_view text, const std::string& name,
                                                        date::year first, date::year last) {
    const ics_reader scanned{text, name};
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const std::string copy{text};  // NUL-terminated for libical
    const component_ptr root{icalparser_parse_string(copy.c_str())};
    if (!root) scanned.fail(1, "libical cannot parse the file");

    std::vector<icalcomponent*> parsed;
    walk(root.get(), parsed);
    const auto& components = scanned.components();
    bool paired = parsed.size() == components.size();
    for (std::size_t i = 0; paired && i < parsed.size(); ++i) {
        const auto kind = icalcomponent_isa(parsed[i]);
        paired = kind == ICAL_X_COMPONENT || kind == ICAL_NO_COMPONENT ||
                 components[i].name == icalcomponent_kind_to_string(kind);
    }
    // Parse errors, the first in the file first.
    std::optional<std::pair<std::size_t, std::string>> first_error;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        for (auto* p = icalcomponent_get_first_property(parsed[i], ICAL_XLICERROR_PROPERTY); p != nullptr;
             p = icalcomponent_get_next_property(parsed[i], ICAL_XLICERROR_PROPERTY)) {
            const std::string message = icalproperty_get_xlicerror(p);
            const std::size_t line = paired ? error_line(components[i], message) : 1;
            if (!first_error || line < first_error->first) first_error.emplace(line, message);
        }
    }
    if (first_error) scanned.fail(first_error->first, "cannot parse: " + first_error->second);
    if (!paired) scanned.fail(1, "libical reads this file's components differently from its BEGIN/END lines");

    event_reader events{scanned, first, last};
    for (std::size_t i = 0; i < parsed.size(); ++i)
        if (icalcomponent_isa(parsed[i]) == ICAL_VEVENT_COMPONENT) events.note_override(parsed[i], i);
    for (std::size_t i = 0; i < parsed.size(); ++i)
        if (icalcomponent_isa(parsed[i]) == ICAL_VEVENT_COMPONENT) events.read(parsed[i], i);
    return events.days();
}

std::vector<date::year_month_day> load_ics_closed_days(const std::string& path, date::year first, date::year last) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::fopen(path.c_str(), "rb"), &std::fclose};
    if (!file) throw ics_error(path + ": cannot open: " + std::strerror(errno));
    std::string text;
    char buffer[1 << 14];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
        text.append(buffer, n);
        // A national holidays file is kilobytes; this also ends a read of /dev/zero.
        if (text.size() > largest_file) throw ics_error(path + ": larger than 16 MiB: not a holidays file");
    }
    if (std::ferror(file.get())) throw ics_error(path + ": cannot read: " + std::strerror(errno));
    return parse_ics_closed_days(text, path, first, last);
}

std::size_t close_ics_days(slakit::date_exceptions& exceptions, const std::vector<date::year_month_day>& days) {
    std::size_t closed = 0;
    for (const auto& d : days) {
        const auto* hours = exceptions.find(date::local_days{d});
        if (hours != nullptr && !hours->empty()) continue;  // hours_on: a make-up day
        exceptions.close(d);
        ++closed;
    }
    return closed;
}

}  // namespace slakit::examples
