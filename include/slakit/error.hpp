// slakit/error.hpp: the exception types slakit throws.
//
// Every error names what is wrong. Text handed over by a host (a schedule, a
// duration, an instant) that does not parse raises parse_error, which also keeps
// the offending input and the 0-based position of the first bad character.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace slakit {

class parse_error : public std::invalid_argument {
public:
    parse_error(std::string_view what, std::string_view input, std::size_t position)
        : std::invalid_argument(make_message(what, input, position)),
          input_(input), position_(position) {}

    [[nodiscard]] const std::string& input() const noexcept { return input_; }
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

private:
    static std::string make_message(std::string_view what, std::string_view input,
                                    std::size_t position) {
        std::string m{what};
        m += " at position ";
        m += std::to_string(position);
        m += " in \"";
        m += input;
        m += '"';
        return m;
    }

    std::string input_;
    std::size_t position_;
};

// A calendar query that needs open time (deadline, next_open, next_close) on a
// calendar that has none left from the given instant on.
class no_open_time : public std::domain_error {
public:
    using std::domain_error::domain_error;
};

// Serialized statistics handed back by a host that are truncated, of another
// format version or accuracy, or inconsistent: never trusted, never UB.
class corrupt_state : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

} // namespace slakit
