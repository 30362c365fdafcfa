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
#include <utility>
#include <vector>

namespace slakit::examples {

interned_contract intern(const slakit::examples::contract& c) {
    std::vector<channel_id> channels;
    for (std::size_t i = 0; i < c.channels.size(); ++i)
        channels.push_back(channel_id{static_cast<std::uint16_t>(i), &c.channels[i]});
    std::vector<priority_id> priorities;
    for (std::size_t i = 0; i < c.priorities.size(); ++i)
        priorities.push_back(priority_id{static_cast<std::uint16_t>(i), &c.priorities[i]});
    // The contract checked that its keys name listed channels and priorities.
    const auto channel_of = [&](const std::string& name) {
        return channels[static_cast<std::size_t>(std::find(c.channels.begin(), c.channels.end(), name) -
                                                 c.channels.begin())];
    };
    const auto priority_of = [&](const std::string& name) {
        return priorities[static_cast<std::size_t>(std::find(c.priorities.begin(), c.priorities.end(), name) -
                                                   c.priorities.begin())];
    };
    fast_policy policy = slakit::rekey<channel_id, priority_id>(c.policy, channel_of, priority_of);
    return interned_contract{std::move(policy), std::move(channels), std::move(priorities)};
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
