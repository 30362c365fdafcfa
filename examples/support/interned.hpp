// examples/support/interned.hpp: the contract's names interned (small integers that
// print as their names), and the policy, requests and report keyed by them, for
// sla_report, sla_monitor's reader and the Python bindings. The report and evaluate()
// for these keys are compiled once, in report_reader.cpp.
#pragma once

#include "contract.hpp"

#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <chrono>
#include <cstdint>
#include <ratio>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace slakit::examples {

using std::chrono::milliseconds;
// The contract's names, interned: the loaded policy keys its targets by std::string;
// the report's policy by these, which compare and copy as small integers and print
// as their names. The same targets, matched the same way.
template <class Tag>
struct interned {
    std::uint16_t index = 0;  // position in the contract's list: channels as listed, priorities by rank
    const std::string* text = nullptr;

    friend bool operator==(const interned& a, const interned& b) noexcept { return a.index == b.index; }
    friend bool operator<(const interned& a, const interned& b) noexcept { return a.index < b.index; }
    friend std::string to_string(const interned& n) { return n.text != nullptr ? *n.text : std::string{"?"}; }
};
struct channel_tag {};
struct priority_tag {};
using channel_id = interned<channel_tag>;
using priority_id = interned<priority_tag>;
using fast_policy = slakit::basic_policy<channel_id, priority_id>;
using fast_request = slakit::basic_request<channel_id, priority_id>;
using fast_outcome = slakit::basic_outcome<channel_id, priority_id, milliseconds>;
// The values of the columns a report is broken down by (sla_report --by team,agent),
// in the order given; empty without --by.
using dimension_values = std::vector<std::string>;
using fast_report = slakit::basic_report<channel_id, priority_id, milliseconds, std::ratio<1, 100>, slakit::zone_handle,
                                         dimension_values>;

struct interned_contract {
    fast_policy policy;
    std::vector<channel_id> channels;  // as listed
    std::vector<priority_id> priorities;  // least important first
};

// The loaded policy, keyed by interned names: the same calendars, kinds, order,
// targets (in the same order, so that ties resolve alike) and warning levels.
[[nodiscard]] interned_contract intern(const slakit::examples::contract& c);

// Serialized reports name their channels and priorities (a state written under one
// contract reads back under another that lists them in another order); reading one
// back needs the contract whose names they are: the thread's innermost names_scope.
class names_scope {
public:
    explicit names_scope(const interned_contract& names) noexcept : previous_(current_) { current_ = &names; }
    names_scope(const names_scope&) = delete;
    names_scope& operator=(const names_scope&) = delete;
    ~names_scope() { current_ = previous_; }

    [[nodiscard]] static const interned_contract* current() noexcept { return current_; }

private:
    const interned_contract* previous_;
    static thread_local const interned_contract* current_;
};

// The name among the current names_scope's channels or priorities; throws
// std::logic_error outside a scope, std::invalid_argument for a name not listed.
[[nodiscard]] channel_id channel_named(std::string_view text);
[[nodiscard]] priority_id priority_named(std::string_view text);

template <class Names>
[[nodiscard]] const typename Names::value_type* known(const Names& ids, std::string_view name) noexcept {
    for (const auto& id : ids)
        if (*id.text == name) return &id;
    return nullptr;
}

}  // namespace slakit::examples

template <class Tag>
struct slakit::key_codec<slakit::examples::interned<Tag>> {
    static std::string encode(const slakit::examples::interned<Tag>& n) { return to_string(n); }
    static slakit::examples::interned<Tag> decode(std::string_view text) {
        if constexpr (std::is_same_v<Tag, slakit::examples::channel_tag>)
            return slakit::examples::channel_named(text);
        else
            return slakit::examples::priority_named(text);
    }
};

// Compiled once, in report_reader.cpp.
extern template class slakit::basic_policy<slakit::examples::channel_id, slakit::examples::priority_id>;
extern template class slakit::basic_report<slakit::examples::channel_id, slakit::examples::priority_id,
                                           std::chrono::milliseconds, std::ratio<1, 100>, slakit::zone_handle,
                                           slakit::examples::dimension_values>;
extern template slakit::examples::fast_outcome slakit::evaluate(const slakit::examples::fast_policy&,
                                                                const slakit::examples::fast_request&, slakit::instant);
