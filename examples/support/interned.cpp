// examples/support/interned.cpp: the contract's names interned.
#include "interned.hpp"

#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/report.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace slakit::examples {

interned_contract intern(const slakit::examples::contract& c) {
    interned_contract out{fast_policy{c.policy.calendar()}, {}, {}};
    for (std::size_t i = 0; i < c.channels.size(); ++i) {
        const channel_id id{static_cast<std::uint16_t>(i), &c.channels[i]};
        out.channels.push_back(id);
        if (const auto kind = c.policy.kind_of(c.channels[i])) out.policy.set_kind(id, *kind);
        if (const auto& own = c.policy.calendar_for(c.channels[i]); &own != &c.policy.calendar())
            out.policy.set_calendar(id, own);
    }
    for (std::size_t i = 0; i < c.priorities.size(); ++i)
        out.priorities.push_back(priority_id{static_cast<std::uint16_t>(i), &c.priorities[i]});
    out.policy.rank_priorities(out.priorities);
    out.policy.set_warning_levels(c.policy.warning_levels());
    const auto channel_of = [&](const std::string& name) {
        return out.channels[static_cast<std::size_t>(std::find(c.channels.begin(), c.channels.end(), name) - c.channels.begin())];
    };
    const auto priority_of = [&](const std::string& name) {
        return out.priorities[static_cast<std::size_t>(std::find(c.priorities.begin(), c.priorities.end(), name) -
                                                       c.priorities.begin())];
    };
    for (const auto& e : c.policy.targets()) {
        slakit::channel_selector<channel_id> channel{slakit::any};
        switch (e.key.channel.by()) {
        case slakit::match_by::exact: channel = slakit::channel_selector<channel_id>{channel_of(*e.key.channel.channel())}; break;
        case slakit::match_by::kind: channel = e.key.channel.kind(); break;
        default: break;
        }
        slakit::priority_selector<priority_id> priority{slakit::any};
        switch (e.key.priority.by()) {
        case slakit::match_by::exact: priority = slakit::priority_selector<priority_id>{priority_of(*e.key.priority.priority())}; break;
        case slakit::match_by::at_least: priority = slakit::at_least(priority_of(*e.key.priority.priority())); break;
        default: break;
        }
        out.policy.set_target(channel, priority, e.target);
    }
    return out;
}

thread_local const interned_contract* names_scope::current_ = nullptr;

namespace {

template <class Id>
Id named(const std::vector<Id>& list, std::string_view text, const char* what) {
    for (const auto& id : list)
        if (*id.text == text) return id;
    throw std::invalid_argument(std::string{what} + " \"" + std::string{text} + "\" is not in the contract");
}

const interned_contract& scope_names() {
    const auto* names = names_scope::current();
    if (names == nullptr) throw std::logic_error("reading a report of interned names outside a names_scope");
    return *names;
}

}  // namespace

channel_id channel_named(std::string_view text) { return named(scope_names().channels, text, "channel"); }

priority_id priority_named(std::string_view text) { return named(scope_names().priorities, text, "priority"); }

}  // namespace slakit::examples
