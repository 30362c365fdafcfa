// bench/workload.hpp: the calendar workload the issues quote and every benchmark
// shares: Mon-Fri 09:00-18:00 in America/New_York, with 10 US holidays of 2024.
#pragma once

#include <slakit/exceptions.hpp>

#include <date/date.h>

namespace slakit_bench {

inline slakit::date_exceptions us_holidays_2024() {
    using namespace date;
    slakit::date_exceptions x;
    for (const auto d : {2024_y / January / 1, 2024_y / January / 15, 2024_y / February / 19, 2024_y / May / 27,
                         2024_y / June / 19, 2024_y / July / 4, 2024_y / September / 2, 2024_y / November / 28,
                         2024_y / November / 29, 2024_y / December / 25})
        x.close(d);
    return x;
}

}  // namespace slakit_bench
