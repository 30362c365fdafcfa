// examples/support/instant_text.hpp: instants as the example programs print them.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/time.hpp>

#include <string>

namespace slakit::examples {

// "2026-03-02T01:30:00.250Z": UTC, always with milliseconds (years 0000..9999).
[[nodiscard]] std::string utc_text(slakit::instant t);

// "2026-03-09T09:00:00+08:00": the calendar's local time with its UTC offset, with
// milliseconds only when there are some.
[[nodiscard]] std::string local_text(const slakit::calendar& calendar, slakit::instant t);

}  // namespace slakit::examples
