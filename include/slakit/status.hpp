// slakit/status.hpp: the two words every outcome is reported in.
#pragma once

#include <slakit/enums.hpp>

#include <array>
#include <string_view>

namespace slakit::inline v0 {

// Whether a request counts toward the contract's standards (clause 2.3, 4.1(5)).
enum class scope : unsigned char {
    in_hours,  // submitted inside effective working hours: counts
    out_of_hours,  // recorded and reported apart, never counted toward 2.1
    excluded,  // a delay the business caused, with its reason
};

// Where a request stands against a per-request threshold at the evaluation time.
enum class status : unsigned char {
    met,  // answered within the threshold (inclusive)
    breached,  // answered late, or unanswered past the threshold
    pending,  // unanswered, threshold not yet passed
};

[[nodiscard]] constexpr std::string_view to_string(scope s) noexcept {
    switch (s) {
    case scope::in_hours: return "in_hours";
    case scope::out_of_hours: return "out_of_hours";
    case scope::excluded: return "excluded";
    }
    return "scope?";
}

[[nodiscard]] constexpr std::string_view to_string(status s) noexcept {
    switch (s) {
    case status::met: return "met";
    case status::breached: return "breached";
    case status::pending: return "pending";
    }
    return "status?";
}

template <>
struct enum_values<scope> {
    static constexpr std::string_view name = "scope";
    static constexpr std::array values{scope::in_hours, scope::out_of_hours, scope::excluded};
};

template <>
struct enum_values<status> {
    static constexpr std::string_view name = "status";
    static constexpr std::array values{status::met, status::breached, status::pending};
};

}  // namespace slakit::inline v0
