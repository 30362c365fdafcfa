// examples/support/ics.hpp: holidays from iCalendar (.ics, RFC 5545) files, through libical.
//
// Every all-day VEVENT (date-valued DTSTART, with VALUE=DATE) closes the days from DTSTART
// to DTEND, DTEND excluded; with neither DTEND nor DURATION it closes one day. Its yearly
// RRULE (COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY, ... as libical expands them) and its
// RDATEs repeat it; its EXDATEs and the instances that a RECURRENCE-ID event overrides are
// left out. Decisions (docs/calendar.md, "Holidays from iCalendar files"):
//   - an event with a time (DATE-TIME DTSTART, DTEND, EXDATE, ...) is refused, not rounded
//     to a day: which local day a 10:00Z event closes is a guess;
//   - TRANSP is ignored: holiday feeds (Google's among them) mark their days TRANSPARENT,
//     because a holiday does not make anyone busy; in a holidays file every event is a
//     closed day. STATUS:CANCELLED events close nothing;
//   - rules other than FREQ=YEARLY are refused: holiday files repeat yearly;
//   - days outside [first, last] (whole years) are dropped, so an endless rule ends.
// Errors are ics_errors, "file:line: message": parse errors that libical records as
// X-LIC-ERROR properties are mapped back to the line they come from.
#pragma once

#include <slakit/exceptions.hpp>

#include <date/date.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace slakit::examples {

// An iCalendar file that cannot be used; what() is "file:line: message".
class ics_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The days that the all-day events of `text` close, in the years first..last, sorted,
// each once. `name` stands for the file in messages.
[[nodiscard]] std::vector<date::year_month_day> parse_ics_closed_days(std::string_view text, const std::string& name,
                                                                      date::year first, date::year last);

// The same from a file.
[[nodiscard]] std::vector<date::year_month_day> load_ics_closed_days(const std::string& path, date::year first,
                                                                     date::year last);

// Closes each day in `exceptions`, except the days that already have hours (hours_on):
// those stay open, as make-up days. Returns how many days it closed.
std::size_t close_ics_days(slakit::date_exceptions& exceptions, const std::vector<date::year_month_day>& days);

}  // namespace slakit::examples
