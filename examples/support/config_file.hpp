// examples/support/config_file.hpp: a parsed TOML configuration file that points its
// errors at lines and columns, for the readers of calendars and contracts (and a
// fuzzer). Includes toml++: the programs include config.hpp or contract.hpp instead.
#pragma once

#include "config.hpp"

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>

#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace slakit::examples {

namespace detail {

[[nodiscard]] inline bool before(const toml::source_region& x, const toml::source_region& y) noexcept {
    return x.begin.line != y.begin.line ? x.begin.line < y.begin.line : x.begin.column < y.begin.column;
}

}  // namespace detail

// A parsed TOML file that keeps its text, to point errors at characters inside strings.
class config_file {
public:
    explicit config_file(std::string path);

    // A configuration handed over as text (by a host, a test, a fuzzer); `name`
    // stands for the file in messages.
    [[nodiscard]] static config_file from_text(std::string name, std::string text);

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const toml::table& root() const noexcept { return root_; }

    // "file:line:column" of a key or value (the file's start when toml++ gives none).
    [[nodiscard]] std::string location(const toml::source_region& where) const {
        return location(where.begin.line, where.begin.column);
    }

    [[noreturn]] void fail(const toml::source_region& where, std::string_view message) const;

    [[noreturn]] void fail(const toml::node& node, std::string_view message) const { fail(node.source(), message); }

    // An error at character `position` of a string value or key whose source is `where`
    // and whose value is `value`. Points at that character when the file spells the
    // string verbatim on one line (no escapes); otherwise at the string's start.
    [[noreturn]] void fail_inside(const toml::source_region& where, std::string_view value, std::size_t position,
                                  std::string_view message) const;

private:
    config_file(std::string path, std::string text, int);

    static std::string read_all(const std::string& path);

    [[nodiscard]] std::string location(toml::source_index line, toml::source_index column) const;

    // Code points from where.begin to the string's first character, if the text
    // there is the value itself, bare (a key) or between one pair of quotes.
    [[nodiscard]] std::optional<std::size_t> verbatim_offset(const toml::source_region& where,
                                                             std::string_view value) const;

    std::string path_;
    std::string text_;
    toml::table root_;
};

// The calendar whose keys are those of `table`, a table of `file`.
[[nodiscard]] slakit::calendar read_calendar(const config_file& file, const toml::table& table);

}  // namespace slakit::examples
