// examples/support/config.hpp: reading slakit calendars from TOML files, for the example programs.
//
// A calendar is a TOML table:
//
//   zone = "Asia/Shanghai"                 # IANA time zone, required
//   hours = "Mon-Fri 09:00-18:00"          # weekly hours (slakit::weekly_schedule), required
//   closed = ["2026-10-01..2026-10-07",    # closed dates and inclusive date ranges,
//             "2026-05-01", 2026-06-19]    # as strings or TOML dates
//   [hours_on]                             # special hours on single dates
//   "2026-09-20" = "09:00-18:00"           # a make-up working Sunday
//   "2026-12-31" = "09:00-12:00"           # a half day
//
// A calendar file holds these keys at its top level, or under a [calendar] table so
// that a contract file, whose other top-level keys are not the calendar's business,
// can be passed as well. Unknown keys are errors: a typo must not quietly become a
// calendar without its holidays.
//
// Every error is a config_error whose message reads "file:line:column: message",
// pointing at the offending key or value, and inside a value string at the very
// character when the file spells the string without escapes. toml++ stays inside
// config.cpp; config_file.hpp gives the parsed file to those who need its nodes.
#pragma once

#include <slakit/calendar.hpp>

#include <stdexcept>
#include <string>

namespace slakit::examples {

// A configuration file that cannot be used; what() is "file:line:column: message"
// ("file: message" when the file cannot be read at all).
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class config_file;

// The calendar of a calendar file (keys at the top level) or of a contract file
// (keys under [calendar]; other top-level keys are left to the contract's reader).
[[nodiscard]] slakit::calendar read_calendar(const config_file& file);

[[nodiscard]] slakit::calendar load_calendar(const std::string& path);

// The same from the text of such a file; `name` stands for the file in messages.
[[nodiscard]] slakit::calendar parse_calendar(std::string text, std::string name = "<calendar>");

}  // namespace slakit::examples
