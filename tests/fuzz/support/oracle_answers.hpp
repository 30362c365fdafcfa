// The oracle's answers for the calendar_oracle fuzz target, computed in a
// translation unit of their own: built without libFuzzer's coverage
// instrumentation (still with ASan and UBSan), so that the oracle's minute
// stepping neither steers the fuzzer nor costs it most of its time.
#pragma once

#include <slakit/calendar.hpp>

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <span>
#include <vector>

namespace slakit::fuzzing {

struct query {
    std::chrono::sys_seconds from;
    std::chrono::sys_seconds to;  // for elapsed(from, to)
    std::chrono::minutes open_time;  // for deadline(from, open_time)
};

// nullopt: past the end of the oracle's window.
struct answers {
    bool is_open = false;
    std::chrono::seconds elapsed{0};
    std::optional<std::chrono::sys_seconds> deadline;
    std::optional<std::chrono::sys_seconds> next_open;
    std::optional<std::chrono::sys_seconds> next_close;
};

std::vector<answers> ask_oracle(const date::time_zone* zone, const weekly_schedule& week,
                                const date_exceptions& exceptions, std::chrono::sys_seconds window_begin,
                                std::chrono::sys_seconds window_end, std::span<const query> queries);

}  // namespace slakit::fuzzing
