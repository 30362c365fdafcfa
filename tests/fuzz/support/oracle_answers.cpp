#include "oracle_answers.hpp"

#include "support/calendar_oracle.hpp"

namespace slakit::fuzzing {

std::vector<answers> ask_oracle(const date::time_zone* zone, const weekly_schedule& week,
                                const date_exceptions& exceptions, std::chrono::sys_seconds window_begin,
                                std::chrono::sys_seconds window_end, std::span<const query> queries) {
    const testing::calendar_oracle oracle{zone, week, exceptions, window_begin, window_end};
    std::vector<answers> result;
    result.reserve(queries.size());
    for (const query& q : queries) {
        result.push_back({oracle.is_open(q.from), oracle.elapsed(q.from, q.to), oracle.deadline(q.from, q.open_time),
                          oracle.next_open(q.from), oracle.next_close(q.from)});
    }
    return result;
}

}  // namespace slakit::fuzzing
