// examples/support/event_rows.cpp: an events CSV to requests' timelines.
#include "event_rows.hpp"

#include "csv.hpp"
#include "fast_instant.hpp"
#include "fatal_error.hpp"

#include <slakit/enums.hpp>
#include <slakit/error.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slakit::examples {

event_names::event_names(const interned_contract& names, const std::vector<std::string>& statuses)
        : names_(&names), statuses_(&statuses) {
    for (const auto& s : statuses) effects_.push_back(names.policy.lifecycle().find(s).value_or(status_effect::run));
}

void event_names::timeline_of(const request_events& r, fast_timeline& out) const {
    out.clear();
    out.reserve(r.events.size());
    const auto& c = *names_;
    for (const auto& e : r.events) {
        fast_timeline::event x{e.at, e.kind};
        switch (e.kind) {
        case event_kind::submitted:
            x.channel = c.channels[e.value >> 8];
            x.priority = c.priorities[e.value & 0xff];
            break;
        case event_kind::priority: x.priority = c.priorities[e.value]; break;
        case event_kind::reply: x.by = e.by; break;
        case event_kind::status:
            x.status = (e.value & text_bit) != 0 ? r.texts[e.value & 0x7fffU] : (*statuses_)[e.value];
            break;
        case event_kind::excluded: x.reason = r.texts[e.value]; break;
        default: break;
        }
        out.add(std::move(x));
    }
}

void event_rows::start(line_runs& source) {
    const auto header = source.header();
    const std::string& shown = source.path();
    if (!header) throw fatal_error(shown + ":1: the file is empty: expected a header line naming the columns");
    header_bytes_ = header->size() + 1;
    std::string text = *header;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    std::array<std::string, event_column_count> columns;
    for (std::size_t i = 0; i < event_column_count; ++i) columns[i] = std::string{event_column_names[i]};
    try {
        if (csv_blank::is_comment(text.c_str())) throw io::error::header_missing();
        io::detail::parse_header_line<event_column_count, csv_trim, csv_quote>(
            text.data(), order_, columns.data(), io::ignore_missing_column | io::ignore_extra_column);
    } catch (const io::error::duplicated_column_in_header& e) {
        throw fatal_error(shown + ":1: the header names column \"" + e.column_name + "\" twice");
    } catch (const io::error::base& e) {
        throw fatal_error(shown + ":1: bad header: " + e.what());
    }
    for (const auto c : {request_id_column, at_column, event_column_kind}) {
        if (std::find(order_.begin(), order_.end(), static_cast<int>(c)) == order_.end())
            throw fatal_error(shown + ":1: the header has no column \"" + std::string{event_column_names[c]} +
                              "\" (an events file needs request_id, at and event)");
    }
    if (!dimensions_.empty()) add_dimension_columns(shown, *header, dimensions_, event_column_count, order_);
}

void event_rows::parse_run(const std::string& /*shown*/, std::string& text, const line_runs::run& r,
                           std::vector<event_line>& lines, std::vector<rejection>& rejected,
                           std::vector<std::pair<std::uint64_t, std::string>>* ids) const {
    lines.clear();
    rejected.clear();
    for (const auto line : r.overlong) rejected.push_back({line, "the line is longer than 256 KiB"});
    line_faults faults{text.data() + header_bytes_, text.data() + text.size(), r.first_line};
    char* next = text.data() + header_bytes_;
    char* const end = text.data() + text.size();
    std::vector<char*> f(event_column_count + dimensions_.size());
    std::array<std::string_view, event_column_count> fields;
    for (std::uint64_t line = r.first_line; next < end; ++line) {
        char* const begin = next;
        auto* stop = static_cast<char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
        if (stop == nullptr)
            stop = end;
        else
            *stop = '\0';
        if (stop != begin && stop[-1] == '\r') stop[-1] = '\0';
        next = stop + 1;
        if (csv_blank::is_comment(begin)) continue;
        std::fill(f.begin(), f.end(), nullptr);
        try {
            io::detail::parse_line<csv_trim, csv_quote>(begin, f.data(), order_);
        } catch (const io::error::base& e) {
            rejected.push_back({line, faults.reason_for(line, split_problem(e))});
            continue;
        }
        std::string why = faults.reason_for(line, {});
        if (why.empty()) {
            for (std::size_t i = 0; i < event_column_count; ++i)
                fields[i] = f[i] == nullptr ? std::string_view{} : std::string_view{f[i]};
            event_line l;
            why = parse_fields(fields, l);
            if (!why.empty() && ids != nullptr && !fields[request_id_column].empty())
                ids->emplace_back(line, std::string{fields[request_id_column]});
            if (why.empty()) {
                l.line = line;
                if (l.kind == event_kind::submitted)
                    for (std::size_t k = event_column_count; k < f.size(); ++k)
                        l.dimensions.emplace_back(f[k] == nullptr ? "" : f[k]);
                lines.push_back(std::move(l));
            }
        }
        if (!why.empty()) rejected.push_back({line, std::move(why)});
    }
    std::sort(rejected.begin(), rejected.end(), [](const rejection& a, const rejection& b) { return a.line < b.line; });
}

std::string event_rows::parse_fields(const std::array<std::string_view, event_column_count>& fields,
                                     event_line& out) const {
    const std::string_view id = fields[request_id_column];
    if (id.empty()) return "no request_id";
    out.id = id;
    out.id_hash = recent_ids::fingerprint(id);
    const std::string_view at = fields[at_column];
    if (at.empty()) return "no at";
    try {
        out.at = read_instant(at);
    } catch (const slakit::parse_error& e) {
        return std::string{"at: "} + e.what();
    }
    const std::string_view kind = fields[event_column_kind];
    const auto k = slakit::try_parse<slakit::event_kind>(kind);
    if (!k) {
        if (kind.empty()) return "no event";
        return "unknown event \"" + std::string{kind} +
               "\" (submitted, customer_message, reply, status, priority, handoff_decided, handoff_completed, "
               "human_contact or excluded)";
    }
    out.kind = *k;
    const auto& c = names_.contract();
    const auto priority = [&]() -> std::string {
        const std::string_view p = fields[event_priority_column];
        const priority_id* known_priority = known(c.priorities, p);
        if (known_priority == nullptr)
            return p.empty() ? "a " + std::string{kind} + " event needs a priority"
                             : "unknown priority \"" + std::string{p} + '"';
        out.priority = known_priority->index;
        return {};
    };
    switch (*k) {
    case event_kind::submitted: {
        const std::string_view ch = fields[event_channel_column];
        const channel_id* known_channel = known(c.channels, ch);
        if (known_channel == nullptr)
            return ch.empty() ? "a submitted event needs a channel" : "unknown channel \"" + std::string{ch} + '"';
        out.channel = known_channel->index;
        return priority();
    }
    case event_kind::priority: return priority();
    case event_kind::status: {
        const std::string_view s = fields[status_column];
        if (s.empty()) return "a status event needs a status";
        const auto& statuses = names_.statuses();
        const auto it = std::find(statuses.begin(), statuses.end(), s);
        // A status the contract does not know goes on: the library rejects its request.
        if (it != statuses.end())
            out.status = static_cast<std::int32_t>(it - statuses.begin());
        else
            out.text = s;
        return {};
    }
    case event_kind::reply: {
        const std::string_view a = fields[author_column];
        if (a.empty() || a == "human")
            out.by = author::human;
        else if (a == "bot")
            out.by = author::bot;
        else
            return "unknown author \"" + std::string{a} + "\" (bot or human)";
        return {};
    }
    case event_kind::excluded: {
        const std::string_view reason = fields[reason_column];
        if (reason.find_first_not_of(" \t") == std::string_view::npos)
            return "an excluded event needs a reason: an exclusion must carry its reason";
        out.text = reason;
        return {};
    }
    default: return {};
    }
}

event_table::event_table(const event_names& names, std::chrono::milliseconds settle, std::size_t finished_window)
        : names_(names), settle_(settle), slots_(1024), shift_(64 - 10), finished_(finished_window) {}

void event_table::take(std::vector<event_line>& lines, std::vector<rejection>& rejected,
                       std::vector<request_events>& done) {
    std::vector<rejection> late;
    constexpr std::size_t ahead = 8;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        // The slot of a line a little ahead, and its entry: a miss in cache costs more
        // than the rest of the line's work.
        if (k + ahead < lines.size()) {
            const slot& s = slots_[home(lines[k + ahead].id_hash)];
            __builtin_prefetch(&s);
            if (s.entry != 0 && s.hash == lines[k + ahead].id_hash) __builtin_prefetch(&entries_[s.entry - 1]);
        }
        const event_line& l = lines[k];
        if (auto why = add(l); !why.empty()) {
            late.push_back({l.line, std::move(why)});
            continue;
        }
        // Finish what the clock has now moved past by the settle window.
        while (!due_.empty() && due_.top().at <= *clock_) {
            const due_entry d = due_.top();
            due_.pop();
            if (entries_[d.request].ticket == d.ticket) finish(d.request, done);
        }
    }
    if (!late.empty()) {
        std::vector<rejection> all;
        all.reserve(rejected.size() + late.size());
        std::merge(std::make_move_iterator(rejected.begin()), std::make_move_iterator(rejected.end()),
                   std::make_move_iterator(late.begin()), std::make_move_iterator(late.end()), std::back_inserter(all),
                   [](const rejection& a, const rejection& b) { return a.line < b.line; });
        rejected.swap(all);
    }
}

void event_table::grow() {
    std::vector<slot> old(slots_.size() * 2);
    old.swap(slots_);
    --shift_;
    const std::size_t mask = slots_.size() - 1;
    for (const slot& s : old) {
        if (s.entry == 0) continue;
        std::size_t i = home(s.hash);
        while (slots_[i].entry != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

std::string event_table::add(const event_line& l) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(l.id_hash);
    while (slots_[i].entry != 0 && slots_[i].hash != l.id_hash) i = (i + 1) & mask;
    std::uint32_t index = 0;
    if (slots_[i].entry != 0) {
        index = slots_[i].entry - 1;
        if (entries_[index].events.id != l.id)
            return "request_id \"" + std::string{l.id} + "\" has the same 64-bit hash as the open request \"" +
                   entries_[index].events.id + "\": rename one";
    } else {
        if (const auto first = finished_.find(l.id_hash)) {
            // A finished request was resolved: another resolve status (solved, then
            // closed) changes nothing, so it is read, not rejected.
            if (l.kind == slakit::event_kind::status && l.status >= 0 &&
                names_.effect(static_cast<std::size_t>(l.status)) == slakit::status_effect::resolve)
                return {};
            return "late line: request \"" + std::string{l.id} + "\" (first line " + std::to_string(*first) +
                   ") was finished, resolved and settled, before it (see --settle)";
        }
        if (free_.empty()) {
            index = static_cast<std::uint32_t>(entries_.size());
            entries_.emplace_back();
        } else {
            index = free_.back();
            free_.pop_back();
        }
        entry& fresh = entries_[index];
        fresh.events.id.assign(l.id);
        fresh.events.first_line = l.line;
        fresh.id_hash = l.id_hash;
        fresh.latest = l.at;
        fresh.has_status = fresh.resolved = false;
        fresh.ticket = 0;
        slots_[i] = slot{l.id_hash, index + 1};
        ++open_;
        peak_open_ = std::max(peak_open_, open_);
        if (open_ * 2 > slots_.size()) grow();
    }
    entry& e = entries_[index];
    if (!clock_ || *clock_ < l.at) clock_ = l.at;
    stored_event s{l.at,
                   static_cast<std::uint32_t>(std::min<std::uint64_t>(l.line - e.events.first_line,
                                                                      std::numeric_limits<std::uint32_t>::max())),
                   l.kind, l.by, 0};
    switch (l.kind) {
    case event_kind::submitted:
        s.value = static_cast<std::uint16_t>(l.channel << 8 | l.priority);
        if (e.events.dimensions.empty()) e.events.dimensions.assign(l.dimensions.begin(), l.dimensions.end());
        break;
    case event_kind::priority: s.value = l.priority; break;
    case event_kind::status:
        if (l.status >= 0) {
            s.value = static_cast<std::uint16_t>(l.status);
        } else {
            s.value = static_cast<std::uint16_t>(text_bit | e.events.texts.size());
            e.events.texts.emplace_back(l.text);
        }
        if (!e.has_status || !(l.at < e.last_status)) {
            e.has_status = true;
            e.last_status = l.at;
            e.resolved = l.status >= 0 && names_.effect(static_cast<std::size_t>(l.status)) == status_effect::resolve;
        }
        break;
    case event_kind::excluded:
        s.value = static_cast<std::uint16_t>(e.events.texts.size());
        e.events.texts.emplace_back(l.text);
        break;
    default: break;
    }
    e.events.events.push_back(s);
    if (e.latest < l.at) e.latest = l.at;
    e.read_at = *clock_;
    if (e.resolved) {
        e.ticket = ++tickets_;
        due_.push({std::max(e.latest, e.read_at) + settle_, e.ticket, index});
    } else {
        e.ticket = 0;
    }
    return {};
}

void event_table::finish(std::uint32_t index, std::vector<request_events>& done) {
    entry& e = entries_[index];
    // Out of the table: find its slot, then shift the run after it back.
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(e.id_hash);
    while (slots_[i].entry != index + 1) i = (i + 1) & mask;
    for (std::size_t j = (i + 1) & mask; slots_[j].entry != 0; j = (j + 1) & mask) {
        const std::size_t h = home(slots_[j].hash);
        // j's element may move to i when its home is not in (i, j] (cyclically).
        if (((j - h) & mask) >= ((j - i) & mask)) {
            slots_[i] = slots_[j];
            i = j;
        }
    }
    slots_[i] = slot{};
    finished_.insert(e.id_hash, e.events.first_line);
    done.push_back(std::move(e.events));
    e.events = request_events{};
    e.ticket = 0;
    free_.push_back(index);
    --open_;
}

void event_table::finish_all(std::vector<request_events>& done) {
    std::vector<request_events> rest;
    rest.reserve(open_);
    for (const slot& s : slots_)
        if (s.entry != 0) rest.push_back(std::move(entries_[s.entry - 1].events));
    std::sort(rest.begin(), rest.end(),
              [](const request_events& a, const request_events& b) { return a.first_line < b.first_line; });
    for (auto& r : rest) done.push_back(std::move(r));
    slots_.assign(slots_.size(), slot{});
    entries_.clear();
    free_.clear();
    open_ = 0;
    due_ = {};
}

}  // namespace slakit::examples
