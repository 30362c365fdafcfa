// slakit/reminders.hpp: per-request reminders as a live stream advances: a request
// crossed a warning level of its first-response threshold (50 %, 75 %), became due
// (100 %: the last instant that still meets), or breached (one tick later).
//
//   slakit::reminder_schedule<std::string> reminders{{}};
//   reminders.watch(id, evaluate(policy, request, submitted), *target.first_response, calendar);
//   reminders.resolve(id, answered);                     // answered: what had not happened is dropped
//   for (const auto& r : reminders.advance(now)) notify(r.id, to_string(r.kind), r.level);
//
// Working hours (on by default): a reminder that falls while the calendar is closed
// is delivered at its next opening, so nobody is reminded at 2 a.m. or on a holiday;
// `at` keeps the instant it fell. A request answered before a level is crossed drops
// that reminder; one crossed before the answer (a breach on Saturday, answered on
// Sunday) is still delivered at the opening: it happened.
//
// Levels on a business-clock threshold count the calendar's open time, as its due does.
// Memory: at most `capacity` watched requests; watch() refuses more and counts them.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/status.hpp>
#include <slakit/target.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

enum class reminder_kind : unsigned char { warning, due, breached };

[[nodiscard]] constexpr std::string_view to_string(reminder_kind k) noexcept {
    switch (k) {
    case reminder_kind::warning: return "warning";
    case reminder_kind::due: return "due";
    case reminder_kind::breached: return "breached";
    }
    return "?";
}

struct reminder_options {
    // Warning levels, fractions of the threshold in (0, 1), ascending. Due (1) and
    // breached always follow.
    std::vector<double> levels{0.5, 0.75};
    // Deliver a reminder that falls while the calendar is closed at its next opening.
    bool working_hours_only = true;
    std::size_t capacity = 100'000;
};

template <class Id, class Duration = std::chrono::milliseconds>
struct reminder {
    using time_point = std::chrono::sys_time<Duration>;

    Id id;
    reminder_kind kind = reminder_kind::warning;
    double level = 0.0;  // the warning level; 1 for due and breached
    time_point at{};  // the instant the level was crossed
    time_point deliver{};  // at, or the calendar's next opening after it
    time_point due{};  // the request's due: the last instant that still meets
};

// The reminders of watched requests, in delivery order. Not thread-safe: one writer.
template <class Id, class Duration = std::chrono::milliseconds>
class reminder_schedule {
public:
    using time_point = std::chrono::sys_time<Duration>;
    using reminder_type = reminder<Id, Duration>;

    // Throws std::invalid_argument for levels outside (0, 1) or not ascending.
    explicit reminder_schedule(reminder_options options) : options_(std::move(options)) {
        double previous = 0.0;
        for (const double l : options_.levels) {
            if (!(l > previous && l < 1.0))
                throw std::invalid_argument("reminder_options: levels must ascend within (0, 1)");
            previous = l;
        }
    }

    [[nodiscard]] const reminder_options& options() const noexcept { return options_; }

    // Schedules the reminders of a request evaluated while pending (o.first_response
    // pending, with a due instant) against its first-response threshold, on the
    // calendar of its channel. False when o is not such a request, id is already
    // watched, or the schedule is full (counted in overflow()).
    template <class Channel, class Priority, class D, class Calendar>
    bool watch(const Id& id, const basic_outcome<Channel, Priority, D>& o, const threshold& limit,
               const Calendar& open_hours) {
        if (!o.counts() || o.first_response.status != status::pending || !o.first_response.due) return false;
        if (by_id_.count(id) != 0) return false;
        if (by_id_.size() >= options_.capacity) {
            ++overflow_;
            return false;
        }
        const time_point submitted{std::chrono::duration_cast<Duration>(o.submitted_at.time_since_epoch())};
        const time_point due{std::chrono::duration_cast<Duration>(o.first_response.due->time_since_epoch())};
        auto& keys = by_id_[id];
        const auto whole = std::chrono::duration_cast<Duration>(limit.limit);
        for (const double l : options_.levels) {
            const Duration part{
                static_cast<typename Duration::rep>(std::llround(l * static_cast<double>(whole.count())))};
            std::optional<time_point> crossed = submitted + part;
            if (limit.clock == clock_kind::business) {
                try {
                    crossed = time_point{
                        std::chrono::duration_cast<Duration>(open_hours.deadline(submitted, part).time_since_epoch())};
                } catch (const no_open_time&) {
                    crossed.reset();
                }
            }
            if (crossed && *crossed < due)
                keys.push_back(add(id, reminder_kind::warning, l, *crossed, due, open_hours));
        }
        keys.push_back(add(id, reminder_kind::due, 1.0, due, due, open_hours));
        keys.push_back(add(id, reminder_kind::breached, 1.0, due + Duration{1}, due, open_hours));
        return true;
    }

    // The request was answered at `answered`: its reminders not yet crossed by then
    // are dropped. Returns how many; 0 when id is not watched.
    std::size_t resolve(const Id& id, time_point answered) {
        const auto it = by_id_.find(id);
        if (it == by_id_.end()) return 0;
        std::size_t dropped = 0;
        for (const auto& k : it->second) {
            const auto found = queue_.find(k);
            if (found != queue_.end() && found->second.at > answered) {
                queue_.erase(found);
                ++dropped;
            }
        }
        by_id_.erase(it);
        return dropped;
    }

    // The reminders delivered at or before now, in delivery order (ties: the order
    // they were crossed in, then watched in). Each comes once.
    std::vector<reminder_type> advance(time_point now) {
        std::vector<reminder_type> out;
        while (!queue_.empty() && std::get<0>(queue_.begin()->first) <= now) {
            auto r = std::move(queue_.begin()->second);
            queue_.erase(queue_.begin());
            if (r.kind == reminder_kind::breached) {
                if (const auto it = by_id_.find(r.id); it != by_id_.end()) by_id_.erase(it);
            }
            out.push_back(std::move(r));
        }
        return out;
    }

    // Reminders still to deliver, and watched requests.
    [[nodiscard]] std::size_t queued() const noexcept { return queue_.size(); }
    [[nodiscard]] std::size_t watched() const noexcept { return by_id_.size(); }
    [[nodiscard]] std::uint64_t overflow() const noexcept { return overflow_; }

private:
    using key = std::tuple<time_point, time_point, std::uint64_t>;  // deliver, at, sequence

    template <class Calendar>
    key add(const Id& id, reminder_kind kind, double level, time_point at, time_point due, const Calendar& open_hours) {
        time_point deliver = at;
        if (options_.working_hours_only && !open_hours.is_open(at)) {
            try {
                deliver = time_point{std::chrono::duration_cast<Duration>(open_hours.next_open(at).time_since_epoch())};
            } catch (const no_open_time&) {
                // a calendar that never opens again: deliver when it falls
            }
        }
        const key k{deliver, at, next_++};
        queue_.emplace(k, reminder_type{id, kind, level, at, deliver, due});
        return k;
    }

    reminder_options options_;
    std::map<key, reminder_type> queue_;
    std::map<Id, std::vector<key>> by_id_;
    std::uint64_t next_ = 0;
    std::uint64_t overflow_ = 0;
};

}  // namespace slakit::inline v0
