#include <slakit/cell.hpp>

#include <slakit/evaluate.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/time.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

using namespace std::chrono_literals;
using slakit::channel;
using slakit::clock_kind;
using slakit::instant;
using slakit::priority;

namespace {

// Tuesday 10:00 in Shanghai, inside the seed contract's working hours.
const instant tuesday = slakit::parse_instant("2026-03-03T10:00:00+08:00");

slakit::outcome email(const slakit::policy& p, std::optional<std::chrono::milliseconds> answer,
                      std::chrono::milliseconds evaluated_after, bool excluded = false) {
    // All fields at once: GCC 12 at -O1 with sanitizers warns falsely (maybe-uninitialized)
    // when an optional<string> member is assigned afterwards.
    const slakit::request r{
        channel::email, priority::normal,
        tuesday,        answer ? std::optional{tuesday + *answer} : std::nullopt,
        std::nullopt,   std::nullopt,
        std::nullopt,   excluded ? std::optional<std::string>{"the business's CRM was down"} : std::nullopt};
    return slakit::evaluate(p, r, tuesday + evaluated_after);
}

}  // namespace

TEST_CASE("a cell counts by status, keeps answered times, and adds up") {
    const auto p = slakit::presets::response_time_agreement();
    const auto& t = p.at(channel::email, priority::normal).target;
    slakit::report_cell<> cell{t};
    CHECK(cell.clock() == slakit::clock_of(t));
    cell.add(email(p, 10min, 1h));  // met
    cell.add(email(p, 31min, 1h));  // breached
    cell.add(email(p, std::nullopt, 1min));  // pending
    cell.add(email(p, 5min, 1h, true));  // excluded
    CHECK(cell.met() == 1);
    CHECK(cell.breached() == 1);
    CHECK(cell.pending() == 1);
    CHECK(cell.excluded() == 1);
    CHECK(cell.requests() == cell.in_scope() + cell.out_of_hours() + cell.excluded());
    CHECK(cell.in_scope() == cell.met() + cell.breached() + cell.pending() + cell.no_threshold());
    CHECK(cell.compliance() == 0.5);
    CHECK(cell.response_times().count() == 2);  // answered in scope: the pending one has no time
    CHECK(cell.response_times().max() == 31min);

    slakit::report_cell<> twice = cell;
    twice.merge(cell);
    CHECK(twice.met() == 2);
    CHECK(twice.response_times().count() == 4);
    CHECK(twice.memory_bytes() >= sizeof twice);
}

TEST_CASE("a cell reads back its bytes, and refuses another layout") {
    const auto p = slakit::presets::response_time_agreement();
    slakit::target business;
    business.first_response = slakit::within(30min, clock_kind::business);
    business.aggregates = {slakit::aggregate_target::mean_within(1min, clock_kind::wall)};
    slakit::report_cell<> cell{business};
    CHECK(cell.clock() == clock_kind::business);
    CHECK(cell.tracks(clock_kind::wall));
    CHECK(cell.tracks(clock_kind::business));
    cell.add(email(p, 10min, 1h));
    const auto back = slakit::report_cell<>::from_bytes(cell.to_bytes());
    CHECK(back == cell);
    CHECK(back.to_bytes() == cell.to_bytes());
    auto bytes = cell.to_bytes();
    bytes.pop_back();
    CHECK_THROWS_AS((void)slakit::report_cell<>::from_bytes(bytes), slakit::corrupt_state);

    slakit::report_cell<> wall_only;
    CHECK_FALSE(wall_only.same_layout(cell));
    CHECK_THROWS_AS(wall_only.merge(cell), std::invalid_argument);
}
