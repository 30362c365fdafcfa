// slakit/error.hpp: every exception type slakit throws (docs/errors.md).
//
// Every error names what is wrong. Each type derives from the standard exception
// it was first thrown as, so a host may catch either. Text handed over by a host
// (a schedule, a duration, an instant) that does not parse raises parse_error,
// which also keeps the offending input and the 0-based position of the first bad
// character.
#pragma once

#include <slakit/version.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace slakit::inline v0 {

class parse_error : public std::invalid_argument {
public:
    parse_error(std::string_view problem, std::string_view input, std::size_t position)
            : std::invalid_argument(make_message(problem, input, position)),
              problem_(problem),
              input_(input),
              position_(position) {}

    // What is wrong, without the position and the input that what() appends.
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }
    [[nodiscard]] const std::string& input() const noexcept { return input_; }
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

private:
    static std::string make_message(std::string_view problem, std::string_view input, std::size_t position) {
        std::string m{problem};
        m += " at position ";
        m += std::to_string(position);
        m += " in \"";
        m += input;
        m += '"';
        return m;
    }

    std::string problem_;
    std::string input_;
    std::size_t position_;
};

// A calendar query that needs open time (deadline, next_open, next_close) on a
// calendar that has none left from the given instant on.
class no_open_time : public std::domain_error {
public:
    using std::domain_error::domain_error;
};

// next_close on a calendar that is open from some instant on for ever.
class never_closes : public std::domain_error {
public:
    using std::domain_error::domain_error;
};

// Serialized statistics handed back by a host that are truncated, of another
// format version or accuracy, or inconsistent: never trusted, never UB.
class corrupt_state : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

namespace detail {

// A readable name for a host value, or "" when it has none: string-like values,
// to_string(v) found by ADL (returning anything convertible to std::string), numbers.
template <class T>
std::string name_of(const T& v) {
    if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        return std::string{std::string_view{v}};
    } else if constexpr (requires { std::string{to_string(v)}; }) {
        return std::string{to_string(v)};
    } else if constexpr (std::is_arithmetic_v<T>) {
        return std::to_string(v);
    } else {
        return {};
    }
}

}  // namespace detail

// A request whose channel and priority match no target in the policy.
class no_target : public std::out_of_range {
public:
    using std::out_of_range::out_of_range;

    template <class Channel, class Priority>
    static no_target for_request(const Channel& c, const Priority& p) {
        const std::string cn = detail::name_of(c);
        const std::string pn = detail::name_of(p);
        if (cn.empty() || pn.empty()) return no_target{"no target for this channel and priority"};
        return no_target{"no target for channel \"" + cn + "\" and priority \"" + pn + '"'};
    }
};

// A request record that must not be counted: field() names the culprit.
class invalid_request : public std::invalid_argument {
public:
    invalid_request(std::string_view field, std::string_view problem)
            : std::invalid_argument("invalid request: " + std::string{field} + ' ' + std::string{problem}),
              field_(field) {}

    [[nodiscard]] const std::string& field() const noexcept { return field_; }

private:
    std::string field_;
};

// A request timeline that must not be counted: index() is the offending event's
// position in the order the host gave them (the count of events when the problem is
// a missing submission).
class invalid_timeline : public std::invalid_argument {
public:
    invalid_timeline(std::size_t index, const std::string& message)
            : std::invalid_argument("invalid timeline: " + message), index_(index) {}

    [[nodiscard]] std::size_t index() const noexcept { return index_; }

private:
    std::size_t index_;
};

// A report asked to hold more distinct dimension values than its limit
// (basic_report::limit_dimensions): limit() is the limit, values() how many there
// would have been.
class dimension_limit : public std::length_error {
public:
    dimension_limit(std::size_t limit, std::size_t values)
            : std::length_error("report: " + std::to_string(values) +
                                " distinct dimension values, more than the limit of " + std::to_string(limit)),
              limit_(limit),
              values_(values) {}

    [[nodiscard]] std::size_t limit() const noexcept { return limit_; }
    [[nodiscard]] std::size_t values() const noexcept { return values_; }

private:
    std::size_t limit_;
    std::size_t values_;
};

}  // namespace slakit::inline v0
