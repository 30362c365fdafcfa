// Random worlds (a zone, a week, holidays and make-up days), policies and timelines for
// the timeline tests, every instant on a whole minute so that timeline_oracle.hpp can
// step through them. Each case can print itself as C++ code, to reproduce a failure.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/policy.hpp>
#include <slakit/time.hpp>
#include <slakit/timeline.hpp>

#include "calendar_oracle.hpp"
#include "timeline_oracle.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace slakit::testing {

// The zones of tests/calendar.cpp's differential test: offset changes of an hour and of
// half an hour, at midnight (Sao Paulo), a skipped day (Apia 2011), and none at all.
inline constexpr std::array<const char*, 9> timeline_zones{
    "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo", "Pacific/Apia",
    "Asia/Shanghai",    "Asia/Kolkata",  "Australia/Adelaide",  "America/St_Johns"};

inline constexpr std::array<const char*, 6> timeline_statuses{"open",    "in_progress", "waiting_on_customer",
                                                              "on_hold", "solved",      "closed"};

// One calendar and the minute tables the oracle reads it through.
struct timeline_world {
    const date::time_zone* zone = nullptr;
    weekly_schedule week;
    date_exceptions exceptions;
    std::string exceptions_code;  // C++ that builds `exceptions` as `x`
    sys_minutes base{};  // submissions lie in [base, base + 6 days]
    sys_minutes begin{}, end{};  // the oracle's window
    std::chrono::minutes weekly_open{};  // nominal open time of the week
    std::unique_ptr<open_minutes> hours;  // the world's calendar
    std::unique_ptr<open_minutes> always;  // a 24/7 calendar, for web_chat when the policy has one

    [[nodiscard]] slakit::calendar calendar() const { return slakit::calendar{zone, week, exceptions}; }
};

struct timeline_case {
    policy agreement;
    timeline history;
    instant as_of;
    bool chat_always_open = false;
    std::string policy_code;  // C++ that builds `agreement` as `p` after the calendar
};

class timeline_maker {
public:
    explicit timeline_maker(std::uint64_t seed) : rng_(seed) {}

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& xs) {
        return xs[static_cast<std::size_t>(uniform(0, static_cast<int>(N) - 1))];
    }
    std::mt19937_64& rng() { return rng_; }

    std::unique_ptr<timeline_world> world() {
        using namespace std::chrono;
        auto w = std::make_unique<timeline_world>();
        w->zone = date::locate_zone(pick(timeline_zones));
        sys_seconds base = date::sys_days{date::year{uniform(2010, 2030)} / 1 / 1} + minutes{uniform(0, 365 * 1440)};
        if (chance(0.6)) {  // near an offset change of the zone
            const auto info = w->zone->get_info(base);
            if (info.end < date::sys_days{date::year{2036} / 1 / 1}) base = info.end - minutes{uniform(0, 4 * 1440)};
        }
        if (w->zone->name() == "Pacific/Apia" && chance(0.5))
            base = date::sys_days{date::year{2011} / 12 / 26} + minutes{uniform(0, 4 * 1440)};
        w->base = floor<minutes>(base);
        make_week(*w);
        make_exceptions(*w);
        w->begin = w->base - days{1};
        w->end = w->base + days{50};
        const calendar_oracle cal{w->zone, w->week, w->exceptions, w->begin, w->end};
        w->hours = std::make_unique<open_minutes>(cal, w->begin, w->end, !w->week.empty());
        w->always = std::make_unique<open_minutes>(w->begin, w->end);
        return w;
    }

    timeline_case make(const timeline_world& w) {
        using namespace std::chrono;
        timeline_case c{policy{w.calendar()}, {}, {}, false, {}};
        make_policy(w, c);
        const instant sub = w.base + minutes{uniform(0, 6 * 1440)};
        const std::array spans{120, 600, 1440, 3 * 1440, 6 * 1440};
        const int span = pick(spans);
        std::vector<timeline::event> events;
        auto at = [&]() -> instant {
            if (!events.empty() && chance(0.2))
                return events[static_cast<std::size_t>(uniform(0, static_cast<int>(events.size()) - 1))].at;
            if (chance(0.05)) return sub;
            return sub + minutes{uniform(0, span)};
        };
        const int n = uniform(0, 30);
        for (int i = 0; i < n; ++i) {
            const int roll = uniform(0, 99);
            timeline::event e{at(), event_kind::customer_message};
            if (roll < 25) {
                e.kind = event_kind::customer_message;
            } else if (roll < 50) {
                e.kind = event_kind::reply;
                e.by = chance(0.4) ? author::bot : author::human;
            } else if (roll < 80) {
                e.kind = event_kind::status;
                e.status = pick(timeline_statuses);
            } else if (roll < 93) {
                e.kind = event_kind::priority;
                e.priority = static_cast<priority>(uniform(0, 2));
            } else {
                e.kind = event_kind::excluded;
                e.reason = chance(0.5) ? "outage" : "customer asked to wait";
            }
            events.push_back(std::move(e));
        }
        // Hand-off events, in an order validate accepts.
        if (chance(0.4)) {
            const instant decided = at();
            events.push_back(timeline::event{decided, event_kind::handoff_decided});
            if (chance(0.2))
                events.push_back(timeline::event{decided + minutes{uniform(0, 600)}, event_kind::handoff_decided});
            std::optional<instant> completed;
            if (chance(0.7)) {
                completed = decided + minutes{chance(0.1) ? 0 : uniform(0, span / 2 + 30)};
                events.push_back(timeline::event{*completed, event_kind::handoff_completed});
                if (chance(0.2))
                    events.push_back(
                        timeline::event{*completed + minutes{uniform(0, 300)}, event_kind::handoff_completed});
            }
            if (chance(0.7)) {
                const instant from = completed ? *completed : sub;
                events.push_back(timeline::event{from + minutes{chance(0.1) ? 0 : uniform(0, span / 2 + 30)},
                                                 event_kind::human_contact});
            }
        } else if (chance(0.1)) {
            events.push_back(timeline::event{at(), event_kind::human_contact});
        }
        timeline::event submission{sub, event_kind::submitted};
        submission.channel = static_cast<channel>(uniform(0, 3));
        submission.priority = static_cast<priority>(uniform(0, 2));
        events.push_back(std::move(submission));
        // Any order; the shuffle also decides the order of events that share an instant.
        if (chance(0.8)) {
            std::shuffle(events.begin(), events.end(), rng_);
        } else {
            std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
        }
        for (auto& e : events) c.history.add(std::move(e));

        if (!c.history.events().empty() && chance(0.15)) {
            c.as_of =
                c.history.events()[static_cast<std::size_t>(uniform(0, static_cast<int>(c.history.size()) - 1))].at;
        } else {
            c.as_of = sub + minutes{uniform(0, span + 1440)};
        }
        return c;
    }

    // The open-minute table for the case's channel.
    static const open_minutes& hours_for(const timeline_world& w, const timeline_case& c) {
        const auto& events = c.history.events();
        const auto it =
            std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == event_kind::submitted; });
        return c.chat_always_open && it->channel == channel::web_chat ? *w.always : *w.hours;
    }

    // The case as C++ code.
    static std::string code(const timeline_world& w, const timeline_case& c) {
        std::string s = "    // zone " + w.zone->name() + "\n    slakit::date_exceptions x;\n" + w.exceptions_code +
                        "    slakit::policy p{slakit::calendar{\"" + w.zone->name() +
                        "\", slakit::weekly_schedule::parse(\"" + w.week.to_string() + "\"), x}};\n" + c.policy_code +
                        "    slakit::timeline t;\n";
        for (const auto& e : c.history.events()) {
            const std::string at = "slakit::parse_instant(\"" + format_instant(e.at) + "\")";
            switch (e.kind) {
            case event_kind::submitted:
                s += "    t.submitted(" + at + ", slakit::channel::" + std::string{to_string(*e.channel)} +
                     ", slakit::priority::" + std::string{to_string(*e.priority)} + ");\n";
                break;
            case event_kind::customer_message: s += "    t.customer_message(" + at + ");\n"; break;
            case event_kind::reply:
                s += "    t.reply(" + at + ", slakit::author::" + std::string{to_string(e.by)} + ");\n";
                break;
            case event_kind::status: s += "    t.status(" + at + ", \"" + e.status + "\");\n"; break;
            case event_kind::priority:
                s += "    t.priority(" + at + ", slakit::priority::" + std::string{to_string(*e.priority)} + ");\n";
                break;
            case event_kind::handoff_decided: s += "    t.handoff_decided(" + at + ");\n"; break;
            case event_kind::handoff_completed: s += "    t.handoff_completed(" + at + ");\n"; break;
            case event_kind::human_contact: s += "    t.human_contact(" + at + ");\n"; break;
            case event_kind::excluded: s += "    t.excluded(" + at + ", \"" + e.reason + "\");\n"; break;
            }
        }
        s += "    const auto as_of = slakit::parse_instant(\"" + format_instant(c.as_of) + "\");\n";
        return s;
    }

private:
    void make_week(timeline_world& w) {
        using namespace std::chrono;
        static constexpr std::array<const char*, 7> shapes{
            "Mon-Fri 09:00-18:00",
            "Mon-Fri 08:30-12:00,13:00-17:30; Sat 10:00-14:00",
            "Mon-Sun 00:00-06:00",
            "Sun 01:00-03:30; Mon-Fri 09:00-17:00",
            "Mon-Fri 22:00-06:00",
            "Mon-Sun 00:00-24:00",
            "Sat-Sun 00:30-02:30,23:00-24:00; Tue-Thu 02:00-04:00",
        };
        const int roll = uniform(0, 99);
        if (roll < 4) {
            w.week = weekly_schedule{};  // open only on exception dates
        } else if (roll < 65) {
            w.week = weekly_schedule::parse(pick(shapes));
        } else {
            do {
                w.week = weekly_schedule{};
                const int n = uniform(1, 9);
                for (int i = 0; i < n; ++i) {
                    const int open = uniform(0, 24 * 4 - 1) * 15;
                    int close = chance(0.1) ? 24 * 60 : uniform(0, 24 * 4) * 15;
                    if (close == open) continue;
                    try {
                        w.week.add(date::weekday{static_cast<unsigned>(uniform(0, 6))},
                                   time_interval{minutes{open}, minutes{close}});
                    } catch (const std::invalid_argument&) {
                        // overlaps another interval: skip it
                    }
                }
            } while (nominal_week(w.week) < hours{4});
        }
        w.weekly_open = nominal_week(w.week);
    }

    static std::chrono::minutes nominal_week(const weekly_schedule& week) {
        std::chrono::minutes total{0};
        for (unsigned d = 0; d < 7; ++d)
            for (const auto& iv : week.on(date::weekday{d}))
                total += std::chrono::duration_cast<std::chrono::minutes>(iv.length());
        return total;
    }

    void make_exceptions(timeline_world& w) {
        using namespace std::chrono;
        const auto first = date::floor<date::days>(date::local_seconds{w.base.time_since_epoch()});
        auto ymd_code = [](date::year_month_day d) {
            return "date::year{" + std::to_string(static_cast<int>(d.year())) + "} / " +
                   std::to_string(static_cast<unsigned>(d.month())) + " / " +
                   std::to_string(static_cast<unsigned>(d.day()));
        };
        const int n = w.week.empty() ? uniform(1, 6) : uniform(0, 5);
        for (int i = 0; i < n; ++i) {
            const date::year_month_day d{first + date::days{uniform(-1, 12)}};
            try {
                const int roll = w.week.empty() ? 99 : uniform(0, 99);
                if (roll < 35) {  // a holiday
                    w.exceptions.close(d);
                    w.exceptions_code += "    x.close(" + ymd_code(d) + ");\n";
                } else if (roll < 50) {  // a few days off
                    const date::year_month_day e{date::local_days{d} + date::days{uniform(1, 4)}};
                    w.exceptions.close(d, e);
                    w.exceptions_code += "    x.close(" + ymd_code(d) + ", " + ymd_code(e) + ");\n";
                } else {  // a make-up working day, a half day, or a night shift
                    static constexpr std::array<const char*, 4> hours{"09:00-18:00", "09:00-13:00",
                                                                      "08:00-12:00,13:00-17:00", "22:00-02:00"};
                    const char* h = pick(hours);
                    w.exceptions.open(d, h);
                    w.exceptions_code += "    x.open(" + ymd_code(d) + ", \"" + h + "\");\n";
                }
            } catch (const std::invalid_argument&) {
                // conflicts with an exception already set: skip it
            }
        }
    }

    void make_policy(const timeline_world& w, timeline_case& c) {
        using namespace std::chrono;
        auto& p = c.agreement;
        std::string& code = c.policy_code;
        if (chance(0.3)) {
            c.chat_always_open = true;
            p.set_calendar(channel::web_chat, slakit::calendar{w.zone, weekly_schedule::always_open()});
            code += "    p.set_calendar(slakit::channel::web_chat, slakit::calendar{\"" + w.zone->name() +
                    "\", slakit::weekly_schedule::always_open()});\n";
        }
        if (chance(0.3)) {
            p.set_warning_levels({0.25, 0.9, 1.0, 2.0});
            code += "    p.set_warning_levels({0.25, 0.9, 1.0, 2.0});\n";
        }
        for (const char* s : timeline_statuses) {
            const std::string name = s;
            const auto effect = name == "open" || name == "in_progress" ? status_effect::run
                                : name == "solved" || name == "closed"  ? status_effect::resolve
                                                                        : status_effect::pause;
            p.set_status(name, effect);
            code +=
                "    p.set_status(\"" + name + "\", slakit::status_effect::" + std::string{to_string(effect)} + ");\n";
        }
        const auto mode = static_cast<priority_change>(uniform(0, 2));
        p.set_priority_change(mode);
        code += "    p.set_priority_change(slakit::priority_change::" + std::string{to_string(mode)} + ");\n";

        // Business limits stay within two weeks of open time, so that every due instant
        // falls inside the oracle's window.
        const int business_most = static_cast<int>(std::min(minutes{3 * 1440}, 2 * w.weekly_open).count());
        auto one = [&](std::optional<threshold>& th, const char* field, std::string& tc) {
            if (!chance(0.75)) return;
            const bool business = chance(0.5);
            const int most = business && !w.week.empty() ? business_most : business ? 600 : 3 * 1440;
            const int limit = chance(0.5) ? uniform(1, std::min(most, 240)) : uniform(1, most);
            th = within(minutes{limit}, business ? clock_kind::business : clock_kind::wall);
            tc += std::string{"    t."} + field + " = slakit::within(std::chrono::minutes{" + std::to_string(limit) +
                  "}, slakit::clock_kind::" + (business ? "business" : "wall") + ");\n";
        };
        auto make_target = [&](const std::string& channel_code, const std::string& priority_code, auto ch, auto pr) {
            target t;
            std::string tc = "    {\n    slakit::target t;\n";
            one(t.first_response, "first_response", tc);
            one(t.next_reply, "next_reply", tc);
            one(t.periodic_update, "periodic_update", tc);
            one(t.resolution, "resolution", tc);
            one(t.handoff, "handoff", tc);
            one(t.human_response, "human_response", tc);
            if (chance(0.4)) {
                t.next_reply_by = reply_authors::human;
                tc += "    t.next_reply_by = slakit::reply_authors::human;\n";
            }
            p.set_target(ch, pr, t);
            code += tc + "    p.set_target(" + channel_code + ", " + priority_code + ", t);\n    }\n";
        };
        make_target("slakit::any", "slakit::any", channel_selector<channel>{any}, priority_selector<priority>{any});
        if (chance(0.6))
            make_target("slakit::any", "slakit::priority::high", channel_selector<channel>{any},
                        priority_selector<priority>{priority::high});
        if (chance(0.5))
            make_target("slakit::any", "slakit::priority::urgent", channel_selector<channel>{any},
                        priority_selector<priority>{priority::urgent});
        if (chance(0.2))
            make_target("slakit::channel::email", "slakit::any", channel_selector<channel>{channel::email},
                        priority_selector<priority>{any});
    }

    std::mt19937_64 rng_;
};

}  // namespace slakit::testing
