// slakit/open_spans.hpp: a calendar's open time as a list of spans in UTC.
//
//   for (const auto& [begin, end] : slakit::open_spans(calendar, from, to)) ...
//
// The spans are what a data team joins in SQL to sum business time: their lengths
// within [from, to) add up to calendar.elapsed(from, to), exactly.
#pragma once

#include <slakit/calendar.hpp>
#include <slakit/error.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::inline v0 {

// The open spans of cal within [from, to), in order, each [begin, end) clipped to
// [from, to); spans that touch are one. Throws std::invalid_argument when to < from.
template <class ZonePtr, class D1, class D2>
[[nodiscard]] auto open_spans(const basic_calendar<ZonePtr>& cal, std::chrono::sys_time<D1> from,
                              std::chrono::sys_time<D2> to) {
    using D = std::common_type_t<D1, D2, std::chrono::seconds>;
    using T = std::chrono::sys_time<D>;
    if (to < from) throw std::invalid_argument("open_spans: the range ends before it begins");
    std::vector<std::pair<T, T>> spans;
    T t{from};
    const T end{to};
    while (t < end) {
        try {
            t = T{cal.next_open(t)};
        } catch (const no_open_time&) {
            break;
        }
        if (t >= end) break;
        T close = end;
        try {
            close = std::min(end, T{cal.next_close(t)});
        } catch (const never_closes&) {
            // open from t on for ever
        }
        spans.emplace_back(t, close);
        t = close;
    }
    return spans;
}

}  // namespace slakit::inline v0
