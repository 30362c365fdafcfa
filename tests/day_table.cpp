#include <slakit/detail/day_table.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <utility>
#include <vector>

using slakit::detail::day_s;
using slakit::detail::day_table;
using slakit::detail::sec;

namespace {

// A model: open 09:00-12:00 and 13:00-17:00 on even days, closed on odd ones, F(0) = 1000.
std::vector<std::pair<sec, sec>> model_runs(sec lo, sec hi) {
    std::vector<std::pair<sec, sec>> runs;
    for (sec day = lo / day_s; day * day_s < hi; ++day) {
        if (day % 2 != 0) continue;
        for (const auto& [a, b] : {std::pair<sec, sec>{9 * 3600, 12 * 3600}, {13 * 3600, 17 * 3600}}) {
            const sec x = std::max(lo, day * day_s + a), y = std::min(hi, day * day_s + b);
            if (x < y) runs.emplace_back(x, y);
        }
    }
    return runs;
}

sec model_before(sec t) {
    sec f = 1000;
    for (const auto& [a, b] : model_runs(0, t)) f += b - a;
    return f;
}

}  // namespace

TEST_CASE("day_table: open time before, open or not, and its inverse, as the model") {
    day_table table;
    CHECK(table.empty());
    REQUIRE(table.build(0, 10, model_before, model_runs));
    CHECK_FALSE(table.empty());
    CHECK(table.end() == 10 * day_s);
    CHECK(table.bytes() >= 11 * sizeof(sec) + 10 * 4 * sizeof(std::int32_t));
    for (sec t = 0; t < 10 * day_s; t += 613) {
        REQUIRE(table.covers(t));
        REQUIRE(table.before(t) == model_before(t));
        const bool open = model_before(t + 1) == model_before(t) + 1;
        REQUIRE(table.contains(t) == open);
    }
    CHECK_FALSE(table.covers(-1));
    CHECK_FALSE(table.covers(10 * day_s));
    // reach(v): the earliest t with before(t) >= v, which ends a run exactly at a close.
    CHECK(table.reach(1001) == 9 * 3600 + 1);
    CHECK(table.reach(1000 + 3 * 3600) == 12 * 3600);
    CHECK(table.reach(1000 + 3 * 3600 + 1) == 13 * 3600 + 1);
    CHECK(table.reach(1000 + 7 * 3600 + 1) == 2 * day_s + 9 * 3600 + 1);  // over the closed day
    CHECK(table.holds_value(1000 + 5 * 7 * 3600));
    CHECK_FALSE(table.holds_value(1000 + 5 * 7 * 3600 + 1));
    CHECK_FALSE(table.holds_value(1000));
}

TEST_CASE("day_table: a build whose runs do not add up is refused") {
    day_table table;
    auto wrong = [](sec t) { return model_before(t) + (t > 3 * day_s ? 1 : 0); };
    CHECK_FALSE(table.build(0, 10, wrong, model_runs));
    CHECK(table.empty());
    CHECK(table.bytes() == 0);
}
